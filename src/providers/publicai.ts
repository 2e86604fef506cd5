import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const publicai: ProviderInfo = { id: "publicai", baseUrl: "https://api.publicai.co" };

export const chat = /* @__PURE__ */ openaiChat(publicai, "v1/chat/completions");
