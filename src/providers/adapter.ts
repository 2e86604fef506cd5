/**
 * What a provider is, as data: a base URL, how a direct key is sent, extra headers, and for each task
 * it serves a small adapter of pure functions (path, body, output). Adapters never touch the network;
 * the task runner hands their request description to the transport layer.
 */
import type { Payload, ProviderInfo, RequestCtx } from "../contracts/provider.js";
import type { JobCall as WireJobCall, JobSpec as WireJobSpec } from "../contracts/wire.js";
import { InferenceClientRoutingError } from "../errors.js";

export type { Payload, ProviderInfo, RequestCtx } from "../contracts/provider.js";

/** A long-running job of a provider (contracts/wire.ts), its functions given the adapter's request context. */
export type JobSpec = WireJobSpec<RequestCtx>;
/** Where a job's call was sent, with the adapter's request context. */
export type JobCall = WireJobCall<RequestCtx>;
export type { JobOutcome, JobState, MediaKind } from "../contracts/wire.js";

export interface Adapter<A = any, O = unknown> {
  provider: ProviderInfo;
  /** Path appended to `ctx.base`. */
  path: (ctx: RequestCtx) => string;
  /** Full URL, overriding base + path (used for endpoint URLs and special routes). */
  url?: (ctx: RequestCtx) => string;
  body: (args: A, ctx: RequestCtx) => Payload | Promise<Payload>;
  /** Reshapes the provider's answer (JSON, or a Blob for binary answers) into the task's output. */
  output?: (raw: any, ctx: RequestCtx) => O | Promise<O>;
  /** Reshapes one stream chunk. */
  chunk?: (raw: any, ctx: RequestCtx) => unknown;
  /** Extra headers for this task. */
  headers?: (ctx: RequestCtx) => Record<string, string>;
  /** How to read a successful answer. Default "json". */
  response?: "json" | "blob" | "auto";
  /** A long-running job: how to find its status and its result. */
  job?: JobSpec;
  /**
   * The context this call's request is built with, when the arguments change it (a new object, the routed
   * one left as is): e.g. fal serves the image-less variant of some apps one path segment higher. Runs once,
   * before `validate`, `body`, `url` and the job.
   */
  refine?: (args: A, ctx: RequestCtx) => RequestCtx;
  /** Input checks specific to this provider, run before any request. */
  validate?: (args: A, ctx: RequestCtx) => void;
}

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
