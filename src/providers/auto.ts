import { HF_ROUTER_URL } from "../config.js";
import { openaiChat } from "./openai-compatible.js";

/**
 * The router's own OpenAI-compatible route: it picks the provider (honouring the caller's preferences and
 * a `:provider` or `:fastest` suffix on the model id), so the model id is sent as given.
 */
export const autoChat = /* @__PURE__ */ openaiChat({ id: "hf-inference", baseUrl: HF_ROUTER_URL });
