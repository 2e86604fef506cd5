import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const nvidia: ProviderInfo = { id: "nvidia", baseUrl: "https://integrate.api.nvidia.com" };

export const chat = /* @__PURE__ */ openaiChat(nvidia, "v1/chat/completions");
