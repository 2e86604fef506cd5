export { InferenceClient, HfInference, InferenceClientEndpoint, type ClientOptions } from "./client.js";
export * from "./errors.js";
export {
  InferenceClientAuthenticationError,
  InferenceClientBadRequestError,
  InferenceClientNotFoundError,
  InferenceClientPermissionDeniedError,
  InferenceClientRateLimitError,
  InferenceClientServerError,
} from "./errors.js";
export * from "./types.js";
export * from "./tasks/index.js";
export { registerModelMapping, clearModelMappings, clearMappingCache } from "./routing/hub.js";
export {
  listModels,
  getModel,
  priceOf,
  catalogPrices,
  clearCatalogCache,
  type RouterModel,
  type RouterModelProvider,
  type CatalogOptions,
  type PriceLookup,
} from "./catalog.js";
export { ROUTER_DROPPED_PROVIDERS, ROUTER_POLICIES } from "./config.js";
export { withOpenAIRoute } from "./providers/hf-inference.js";
export { setLogger } from "./lib/logger.js";
export { metaOf, observe, createMeter, usageOf } from "./meta.js";
export type { ChatCompletions, ChatCompletionStream, ChatCompletionCreateParams } from "./openai-alias.js";
export type { FallbackAttempt } from "./tasks/run.js";
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
