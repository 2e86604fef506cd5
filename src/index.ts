export { InferenceClient, HfInference, InferenceClientEndpoint, type ClientOptions } from "./client.js";
export * from "./errors.js";
export * from "./types.js";
export * from "./tasks/index.js";
export { registerModelMapping, clearModelMappings, clearMappingCache } from "./routing/hub.js";
export { withOpenAIRoute } from "./providers/hf-inference.js";
export type { ChatCompletions, ChatCompletionStream, ChatCompletionCreateParams } from "./openai-alias.js";
export type { FallbackAttempt } from "./tasks/run.js";
