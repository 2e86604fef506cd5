import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const zai: ProviderInfo = {
  id: "zai-org",
  baseUrl: "https://api.z.ai",
  headers: { "x-source-channel": "hugging_face", "accept-language": "en-US,en" },
};

export const chat = /* @__PURE__ */ openaiChat(zai, "api/paas/v4/chat/completions");
