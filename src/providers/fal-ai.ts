/**
 * fal: synchronous tasks on `https://fal.run/{model}`, queued tasks on `https://queue.fal.run/{model}`
 * (routed: `router.huggingface.co/fal-ai/{model}?_subdomain=queue`). Direct keys are sent as `Key <key>`.
 */
import type { ProviderInfo } from "./adapter.js";

export const falAi: ProviderInfo = {
  id: "fal-ai",
  baseUrl: "https://fal.run",
  auth: (key) => ({ Authorization: `Key ${key}` }),
};

/** Base of fal's queue API for direct calls. */
export const FAL_QUEUE_BASE = "https://queue.fal.run";
