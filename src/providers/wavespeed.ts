/** WaveSpeed: async task API (`api/v3/{model}`), polled until the task completes. */
import type { ProviderInfo } from "./adapter.js";

export const wavespeed: ProviderInfo = { id: "wavespeed", baseUrl: "https://api.wavespeed.ai" };
