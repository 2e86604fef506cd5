import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";

export const deepinfra: ProviderInfo = { id: "deepinfra", baseUrl: "https://api.deepinfra.com" };

export const chat = /* @__PURE__ */ openaiChat(deepinfra, "v1/openai/chat/completions");
export const textGeneration = /* @__PURE__ */ openaiCompletions(deepinfra, "v1/openai/completions");
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(deepinfra, "v1/openai/embeddings");
