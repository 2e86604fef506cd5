import type { ProviderInfo } from "./adapter.js";
import { chatAsCompletions, openaiChat } from "./openai-compatible.js";

export const groq: ProviderInfo = { id: "groq", baseUrl: "https://api.groq.com" };

export const chat = /* @__PURE__ */ openaiChat(groq, "openai/v1/chat/completions");
// Groq serves no completions endpoint: text generation is one user message on the chat route.
export const textGeneration = /* @__PURE__ */ chatAsCompletions(groq, "openai/v1/chat/completions");
