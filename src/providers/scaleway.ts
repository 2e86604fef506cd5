import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";

export const scaleway: ProviderInfo = { id: "scaleway", baseUrl: "https://api.scaleway.ai" };

export const chat = /* @__PURE__ */ openaiChat(scaleway);
export const textGeneration = /* @__PURE__ */ openaiCompletions(scaleway);
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(scaleway);
