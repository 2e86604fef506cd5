import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const nscale: ProviderInfo = { id: "nscale", baseUrl: "https://inference.api.nscale.com" };

export const chat = /* @__PURE__ */ openaiChat(nscale, "v1/chat/completions");
