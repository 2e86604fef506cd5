/**
 * Black Forest Labs: `POST v1/{model}` returns a polling URL. A direct key is sent as the `X-Key` header,
 * as BFL's API documents (the reference client sends `Authorization: X-Key <key>`, which BFL does not read).
 */
import type { ProviderInfo } from "./adapter.js";

export const blackForestLabs: ProviderInfo = {
  id: "black-forest-labs",
  baseUrl: "https://api.us1.bfl.ai",
  auth: (key) => ({ "X-Key": key }),
};
