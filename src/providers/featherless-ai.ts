import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions } from "./openai-compatible.js";

export const featherless: ProviderInfo = { id: "featherless-ai", baseUrl: "https://api.featherless.ai" };

export const chat = /* @__PURE__ */ openaiChat(featherless);
export const textGeneration = /* @__PURE__ */ openaiCompletions(featherless);
