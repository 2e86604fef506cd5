import type { ProviderInfo } from "./adapter.js";
import { chatAsCompletions, openaiChat } from "./openai-compatible.js";

export const hyperbolic: ProviderInfo = { id: "hyperbolic", baseUrl: "https://api.hyperbolic.xyz" };

export const chat = /* @__PURE__ */ openaiChat(hyperbolic);
export const textGeneration = /* @__PURE__ */ chatAsCompletions(hyperbolic);
