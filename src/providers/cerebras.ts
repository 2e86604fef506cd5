import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const cerebras: ProviderInfo = { id: "cerebras", baseUrl: "https://api.cerebras.ai" };

// Cerebras validates bodies strictly and rejects OpenAI's `store` field.
export const chat = /* @__PURE__ */ openaiChat(cerebras, "v1/chat/completions", ({ store: _store, ...body }) => body);
