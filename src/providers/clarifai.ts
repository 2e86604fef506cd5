import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";

export const clarifai: ProviderInfo = {
  id: "clarifai",
  baseUrl: "https://api.clarifai.com",
  auth: (key) => ({ Authorization: `Key ${key}` }),
};

export const chat = /* @__PURE__ */ openaiChat(clarifai, "v2/ext/openai/v1/chat/completions");
