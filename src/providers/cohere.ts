import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const cohere: ProviderInfo = { id: "cohere", baseUrl: "https://api.cohere.com" };

export const chat = /* @__PURE__ */ openaiChat(cohere, "compatibility/v1/chat/completions");
