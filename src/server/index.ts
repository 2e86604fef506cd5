/**
 * `unified-inference/server`: a proxy that keeps the access token on the server, for browser apps.
 *
 * @example
 * import { createServer } from "node:http";
 * import { createInferenceHandler, toNodeListener } from "unified-inference/server";
 * const handler = createInferenceHandler({
 *   accessToken: process.env.HF_TOKEN,
 *   allow: { tasks: ["conversational"], models: ["Qwen/*"] },
 * });
 * createServer(toNodeListener(handler)).listen(8787);
 * // In the browser: new InferenceClient(undefined, { proxyUrl: "http://localhost:8787/api/inference" })
 */
export {
  createInferenceHandler,
  type InferenceHandler,
  type InferenceHandlerConfig,
  type Authorization,
  type AuthorizeResult,
  type RateLimit,
} from "./handler.js";
export { toNodeListener, type NodeRequestLike, type NodeResponseLike } from "./node.js";
export { SERVER_TASKS, type ServerTask } from "./tasks.js";
export type { ProxyErrorBody } from "../lib/proxy-wire.js";
