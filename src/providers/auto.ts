import { HF_ROUTER_URL } from "../config.js";
import { openaiChat } from "./openai-compatible.js";

/**
 * The router's own OpenAI-compatible route: it picks the provider ("auto" is its `:fastest` policy; a
 * `:fastest`, `:cheapest`, `:preferred` or `:<provider>` suffix on the model id chooses another), so the model
 * id is sent as given.
 */
export const autoChat = /* @__PURE__ */ openaiChat({ id: "hf-inference", baseUrl: HF_ROUTER_URL });
