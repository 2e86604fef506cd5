import type { ProviderInfo } from "./adapter.js";
import { chatAsCompletions, openaiChat } from "./openai-compatible.js";

export const novita: ProviderInfo = { id: "novita", baseUrl: "https://api.novita.ai" };

export const chat = /* @__PURE__ */ openaiChat(novita, "v3/openai/chat/completions");
// The Hub maps novita's text-generation models to its chat route: send the prompt as one user message.
export const textGeneration = /* @__PURE__ */ chatAsCompletions(novita, "v3/openai/chat/completions");
