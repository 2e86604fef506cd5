/**
 * The public names that both entries give as they are (src/index.ts for bundlers and the published types,
 * src/index.node.ts for Node): the client, the errors, the public types and lists, and the functions that do no
 * work of a call. Each entry adds the task functions and the rest its own way.
 */
export { InferenceClient, HfInference, InferenceClientEndpoint, type ClientOptions } from "./client.js";
// The public surface, named one by one: a helper a module exports for the library's own use does not
// become API by accident (test/public-api.test.ts pins the list).
export {
  InferenceClientError,
  InferenceClientInputError,
  InferenceClientRoutingError,
  InferenceClientProviderApiError,
  InferenceClientBadRequestError,
  InferenceClientAuthenticationError,
  InferenceClientPermissionDeniedError,
  InferenceClientNotFoundError,
  InferenceClientRateLimitError,
  InferenceClientServerError,
  InferenceClientHubApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  InferenceClientConnectionError,
  InferenceClientBudgetError,
  type HttpErrorDetails,
  type HttpRequest,
  type HttpResponse,
  type JsonLike,
} from "./errors.js";
export {
  INFERENCE_PROVIDERS,
  PROVIDERS_OR_POLICIES,
  PROVIDERS_HUB_ORGS,
  type ModelId,
  type InferenceProvider,
  type InferenceProviderOrPolicy,
  type InferenceTask,
  type InferenceProviderMappingEntry,
  type JobProgress,
  type RetryInfo,
  type RequestInfo,
  type CallUsage,
  type CallCost,
  type CallInfo,
  type ErrorSummary,
  type TokenPrices,
  type MeterTotals,
  type Meter,
  type Options,
  type BaseArgs,
  type RequestArgs,
  type AuthMethod,
  type OutputType,
  type Logger,
  type HeaderParams,
  type UrlParams,
  type BodyParams,
  type ProviderLimits,
  type CircuitEvent,
  type LimitOptions,
} from "./types.js";
export { ROUTER_DROPPED_PROVIDERS, ROUTER_POLICIES } from "./config.js";
export { setLogger } from "./lib/logger.js";
export { metaOf, observe, createMeter, usageOf } from "./meta.js";
export type { ChatCompletions, ChatCompletionStream, ChatCompletionCreateParams } from "./openai-alias.js";
export type { FallbackAttempt } from "./tasks/run.js";
export type { RetryBudgetOptions } from "./transport/budget.js";
export type { TaskMethods } from "./tasks/methods.js";
// Input building blocks referenced by the task argument types.
export type { BinaryInput } from "./lib/media.js";
export type { MediaArgs, LegacyImageInput } from "./tasks/cv/image-classification.js";
export type { LegacyAudioInput } from "./tasks/audio/audio-classification.js";
export type { AudioArgs, AudioInput, LegacyAudioData } from "./tasks/audio/shared.js";
export type { FeatureExtractionOAICompatInput } from "./tasks/nlp/feature-extraction.js";
export type { ImageTaskArgs, ImageInput } from "./tasks/cv/image-to-image.js";
export type { LegacyZeroShotImageClassificationInput } from "./tasks/cv/zero-shot-image-classification.js";
export type {
  BulkArgs,
  BulkCallOptions,
  BulkItem,
  BulkIterOptions,
  BulkOptions,
  BulkProgress,
  BulkResult,
  BulkTaskName,
  BulkValue,
  AnyCall as BulkMethod,
  Last as BulkSignature,
  Candidates as BulkCandidates,
} from "./bulk.js";
export type { LimitStore, Rate, CircuitTurn } from "./limits/store.js";
