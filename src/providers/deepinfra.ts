import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";
import { openaiSpeech, openaiTranscription } from "./openai-audio.js";
import * as media from "./media-output.js";

export const deepinfra: ProviderInfo = { id: "deepinfra", baseUrl: "https://api.deepinfra.com" };

export const chat = /* @__PURE__ */ openaiChat(deepinfra, "v1/openai/chat/completions");
export const textGeneration = /* @__PURE__ */ openaiCompletions(deepinfra, "v1/openai/completions");
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(deepinfra, "v1/openai/embeddings");
export const textToSpeech = /* @__PURE__ */ openaiSpeech(deepinfra, "v1/openai/audio/speech");
export const automaticSpeechRecognition = /* @__PURE__ */ openaiTranscription(
  deepinfra,
  "v1/openai/audio/transcriptions",
);

/** Text-to-image on `v1/openai/images/generations`: base64, or a URL when one is asked. */
export const textToImage = /* @__PURE__ */ media.openaiImageGeneration(deepinfra, "v1/openai/images/generations");
