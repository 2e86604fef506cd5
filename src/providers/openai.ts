import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const openai: ProviderInfo = { id: "openai", baseUrl: "https://api.openai.com" };

export const chat = /* @__PURE__ */ openaiChat(openai, "v1/chat/completions");
