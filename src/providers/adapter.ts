/**
 * The helpers every provider's adapters use: the routing fields left out of a body, URL path segments from
 * the provider's model id. What a provider and an adapter are (types) is in contracts/provider.ts, re-exported
 * here for the provider files.
 */
import type { RequestCtx } from "../contracts/provider.js";
import { InferenceClientRoutingError } from "../errors.js";

export type { Payload, ProviderInfo, RequestCtx } from "../contracts/provider.js";

export type { Adapter, JobCall, JobSpec } from "../contracts/provider.js";
export type { JobOutcome, JobState, MediaKind } from "../contracts/wire.js";

/** Fields of the task arguments that are routing, never body. */
export const BASE_KEYS = ["accessToken", "model", "provider", "endpointUrl"] as const;

export function omit<T extends Record<string, unknown>>(obj: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in obj) if (!keys.includes(k) && obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** A plain object (not null, not an array): the shape check of every provider's answer readers. */
export const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);

/** Task arguments without the routing fields. */
export function bodyArgs(args: Record<string, unknown>): Record<string, unknown> {
  return omit(args, BASE_KEYS);
}

/**
 * Whether an id could leave its place in a URL path: not a string, or with an empty, `.` or `..` segment,
 * `?`, `#`, `%`, `\`, whitespace or a control character.
 */
export function unsafeId(id: unknown): boolean {
  return typeof id !== "string" || /(^|\/)\.{0,2}(\/|$)|[\s?#%\\]|[^!-~\u00a0-\uffff]/.test(id);
}

/**
 * A provider's model id (from the Hub mapping) as URL path segments, each percent-encoded. An id that could
 * change the path, query or host ({@link unsafeId}) is refused with a routing error, before any request: the
 * mapping is the Hub's answer, not the caller's input (model ids are checked when routing starts, local
 * registrations when they are made).
 */
export function idPath(id: string): string {
  if (unsafeId(id)) {
    throw new InferenceClientRoutingError(
      `The Hub mapping's providerId ${JSON.stringify(id)} cannot go into a URL path`,
    );
  }
  return id.split("/").map(encodeURIComponent).join("/");
}

/** A path made of the provider's model id between a fixed prefix and suffix, e.g. `v1/{providerId}`. */
/* @__NO_SIDE_EFFECTS__ */
export function modelPath(prefix: string, suffix = ""): (ctx: RequestCtx) => string {
  return (ctx) => `${prefix}${idPath(ctx.providerId)}${suffix}`;
}
