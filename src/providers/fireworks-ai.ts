import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const fireworks: ProviderInfo = { id: "fireworks-ai", baseUrl: "https://api.fireworks.ai" };

export const chat = /* @__PURE__ */ openaiChat(fireworks, "inference/v1/chat/completions");
