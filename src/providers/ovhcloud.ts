import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions } from "./openai-compatible.js";

export const ovhcloud: ProviderInfo = { id: "ovhcloud", baseUrl: "https://oai.endpoints.kepler.ai.cloud.ovh.net" };

export const chat = /* @__PURE__ */ openaiChat(ovhcloud);
export const textGeneration = /* @__PURE__ */ openaiCompletions(ovhcloud);
