export { request, streamingRequest } from "./custom/request.js";
export {
  chatCompletion,
  chatCompletionStream,
  type ChatCompletionArgs,
  type ChatCompletionInput,
  type ChatCompletionOutput,
  type ChatCompletionStreamOutput,
  type ChatStreamOptions,
} from "./nlp/chat-completion.js";
export {
  textGeneration,
  textGenerationStream,
  type TextGenerationArgs,
  type TextGenerationInput,
  type TextGenerationOutput,
  type TextGenerationStreamOutput,
  type TextGenerationStreamToken,
  type TextGenerationStreamDetails,
  type TextGenerationStreamPrefillToken,
  type TextGenerationStreamBestOfSequence,
  type TextGenerationStreamFinishReason,
} from "./nlp/text-generation.js";
export {
  featureExtraction,
  sentenceSimilarity,
  type FeatureExtractionArgs,
  type FeatureExtractionOutput,
  type SentenceSimilarityArgs,
  type SentenceSimilarityOutput,
} from "./nlp/feature-extraction.js";
