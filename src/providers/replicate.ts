/** Replicate: predictions API (`v1/models/{owner}/{name}/predictions`, or `v1/predictions` with a version). */
import type { ProviderInfo } from "./adapter.js";

export const replicate: ProviderInfo = {
  id: "replicate",
  baseUrl: "https://api.replicate.com",
  headers: { Prefer: "wait" },
};
