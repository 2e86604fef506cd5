import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const baseten: ProviderInfo = { id: "baseten", baseUrl: "https://inference.baseten.co" };

export const chat = /* @__PURE__ */ openaiChat(baseten, "v1/chat/completions");
