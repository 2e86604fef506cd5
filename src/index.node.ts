/**
 * The package's entry for Node (package.json's `node` condition; Deno and Bun take it too): the same exports as
 * src/index.ts, whose types the build publishes, but the functions that do the work of a call stand for the
 * engine's (src/engine.ts) until the first call loads it (src/lazy.ts; the client's through
 * client-deps.lazy.ts). Importing the package compiles the errors, the checks and the client's shell only.
 * Bundlers get src/index.ts, whose modules they prune one by one. The two give the same names with the same
 * types (a type error at the end of this file otherwise).
 */
import type * as Eager from "./index.js";
import { listModels, taskRunner } from "./client-deps.lazy.js";
import { loadedEngine } from "./lazy.js";
import { pricesFrom } from "./prices.js";

export * from "./surface.js";
export { registerModelMapping, clearModelMappings, clearMappingCache } from "./routing/mappings.js";
export { priceOf, type RouterModel, type RouterModelProvider } from "./prices.js";
export type { CatalogOptions, PriceLookup } from "./catalog.js";
export { listModels, getModel } from "./client-deps.lazy.js";
export { withOpenAIRoute } from "./providers/openai-route.js";

// The types of the tasks (the functions' argument and output types) come from src/index.ts (the published
// declarations); here only the functions.
export type * from "./tasks/index.js";

/** The task functions, each standing for the engine's until it is loaded (one per name, shared with the client). */
export const chatCompletion = taskRunner("chatCompletion") as typeof Eager.chatCompletion;
export const chatCompletionStream = taskRunner("chatCompletionStream") as typeof Eager.chatCompletionStream;
export const textGeneration = taskRunner("textGeneration") as typeof Eager.textGeneration;
export const textGenerationStream = taskRunner("textGenerationStream") as typeof Eager.textGenerationStream;
export const featureExtraction = taskRunner("featureExtraction") as typeof Eager.featureExtraction;
export const sentenceSimilarity = taskRunner("sentenceSimilarity") as typeof Eager.sentenceSimilarity;
export const fillMask = taskRunner("fillMask") as typeof Eager.fillMask;
export const summarization = taskRunner("summarization") as typeof Eager.summarization;
export const questionAnswering = taskRunner("questionAnswering") as typeof Eager.questionAnswering;
export const tableQuestionAnswering = taskRunner("tableQuestionAnswering") as typeof Eager.tableQuestionAnswering;
export const textClassification = taskRunner("textClassification") as typeof Eager.textClassification;
export const tokenClassification = taskRunner("tokenClassification") as typeof Eager.tokenClassification;
export const translation = taskRunner("translation") as typeof Eager.translation;
export const zeroShotClassification = taskRunner("zeroShotClassification") as typeof Eager.zeroShotClassification;
export const audioClassification = taskRunner("audioClassification") as typeof Eager.audioClassification;
export const automaticSpeechRecognition = taskRunner(
  "automaticSpeechRecognition",
) as typeof Eager.automaticSpeechRecognition;
export const textToSpeech = taskRunner("textToSpeech") as typeof Eager.textToSpeech;
export const textToAudio = taskRunner("textToAudio") as typeof Eager.textToAudio;
export const audioToAudio = taskRunner("audioToAudio") as typeof Eager.audioToAudio;
export const imageClassification = taskRunner("imageClassification") as typeof Eager.imageClassification;
export const objectDetection = taskRunner("objectDetection") as typeof Eager.objectDetection;
export const zeroShotImageClassification = taskRunner(
  "zeroShotImageClassification",
) as typeof Eager.zeroShotImageClassification;
export const imageToText = taskRunner("imageToText") as typeof Eager.imageToText;
export const visualQuestionAnswering = taskRunner("visualQuestionAnswering") as typeof Eager.visualQuestionAnswering;
export const documentQuestionAnswering = taskRunner(
  "documentQuestionAnswering",
) as typeof Eager.documentQuestionAnswering;
export const tabularRegression = taskRunner("tabularRegression") as typeof Eager.tabularRegression;
export const tabularClassification = taskRunner("tabularClassification") as typeof Eager.tabularClassification;
export const textToImage = taskRunner("textToImage") as typeof Eager.textToImage;
export const imageToImage = taskRunner("imageToImage") as typeof Eager.imageToImage;
export const imageTextToImage = taskRunner("imageTextToImage") as typeof Eager.imageTextToImage;
export const textToVideo = taskRunner("textToVideo") as typeof Eager.textToVideo;
export const imageToVideo = taskRunner("imageToVideo") as typeof Eager.imageToVideo;
export const imageTextToVideo = taskRunner("imageTextToVideo") as typeof Eager.imageTextToVideo;
export const imageSegmentation = taskRunner("imageSegmentation") as typeof Eager.imageSegmentation;
export { request, streamingRequest } from "./client-deps.lazy.js";

/** Drops every cached catalog answer: none before the engine is loaded. */
export const clearCatalogCache: typeof Eager.clearCatalogCache = () => loadedEngine()?.clearCatalogCache();

/** The catalog's price lookup, over the `listModels` that loads the engine first (the same code as the eager one). */
export const catalogPrices: typeof Eager.catalogPrices = (options = {}) => pricesFrom(listModels, options);

// Both entries export the same names with the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type MatchesIndex = Assert<Same<typeof import("./index.node.js"), typeof Eager>>;
