/**
 * The task runner: validate, route, let the adapter describe the request, send it through the one
 * transport function, and shape the answer. Every task function is a declaration over `runTask`
 * (tasks/define.ts) or a thin call into it or `runStream` (stream.ts) with its adapter table.
 */
import { HF_HEADER_X_BILL_TO, HF_ROUTER_URL, PACKAGE_NAME, PACKAGE_VERSION } from "../config.js";
import { InferenceClientInputError, InferenceClientProviderOutputError } from "../errors.js";
import { checkCall, unencodable } from "../options-check.js";
import { hasMapping, localMapping } from "../routing/hub.js";
import type { Adapter, Payload, RequestCtx } from "../providers/adapter.js";
import { resolveRoute } from "../routing/route.js";
import type { RouteDef } from "../contracts/task.js";
import {
  readJson,
  scrub,
  secretsOf as requestSecrets,
  sendAndRead,
  type BODY_READERS,
  type Transport,
  type TransportLimiter,
  type WireRequest,
} from "../transport/http.js";
import type { JobOutcome, JobSpec } from "../providers/adapter.js";
import type { PreparedCall } from "../contracts/wire.js";
import { LLM_TIMEOUT, MEDIA_TIMEOUT, QUICK_TIMEOUT } from "./timeouts.js";
import { createScope, now, providerName, records, type CallMeta, type CallScope } from "../transport/scope.js";
import type { BaseArgs, InferenceProvider, Options, OutputType } from "../types.js";
import { fallbackCandidates, inTurn } from "./fallback.js";

/**
 * A task's definition: what routing reads of it (contracts/task.ts) and what the runner needs besides. Task
 * tables are data: one per task, named by its declaration (tasks/define.ts).
 */
export interface TaskDef extends RouteDef<InferenceProvider> {
  /** Default bound on the whole call, in ms. */
  timeout: number;
  /**
   * The job runner (`runJob` from transport/poll.ts), set by tasks whose adapters describe long-running
   * jobs. Passed in rather than imported here so that tasks without jobs (chat, embeddings...) do not
   * carry the polling code in their bundles.
   */
  runJob?: (spec: JobSpec, submit: unknown, p: Prepared, t: Transport) => Promise<JobOutcome>;
  /**
   * The readers of answers that are not JSON (`BODY_READERS` of transport/http.ts), set by tasks with an
   * adapter whose `response` is "blob" or "auto". Passed in, as `runJob` is, so that tasks whose answers
   * are all JSON (chat, embeddings...) do not carry them in their bundles.
   */
  readers?: typeof BODY_READERS;
  /** Generic requests: the provider's answer (or events) as it comes, without the adapter's shaping. */
  raw?: boolean;
}

/** Default `timeout` per kind of task (ms); task tables use the plain constants of ./timeouts.ts. */
export const TIMEOUTS = { llm: LLM_TIMEOUT, quick: QUICK_TIMEOUT, media: MEDIA_TIMEOUT } as const;

/** Default `idleTimeout`: no byte for this long on a live connection fails the attempt (5 minutes). */
export const IDLE_TIMEOUT = 300_000;

/** A prepared call (contracts/wire.ts `PreparedCall`), with the adapter that shaped it and its transport. */
export interface Prepared extends PreparedCall<RequestCtx> {
  adapter: Adapter;
  t: Transport;
}

const IS_BROWSER = typeof window !== "undefined" && typeof document !== "undefined";

/** The runtime's fetch, looked up at call time (tests and polyfills may replace the global). */
const runtimeFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/**
 * How a call with `proxyUrl` runs: `InferenceClient` puts it in the options (tasks/proxy.ts), so that the
 * standalone task functions do not carry the proxy code.
 */
export type ViaProxy = (def: TaskDef, args: Record<string, unknown>, options: Options, stream: boolean) => any;

/** The transport of a call; `options` were checked by `checkCall`. */
export function transportFor(options: Options, scope: CallScope, secrets: string[]): Transport {
  const retries = options.retry_on_error === false ? 0 : (options.maxRetries ?? 2);
  const idle = options.idleTimeout ?? IDLE_TIMEOUT;
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== "function") {
    throw new InferenceClientInputError("No fetch available: pass options.fetch (this runtime has no global fetch)");
  }
  return {
    fetch: options.fetch ? f : runtimeFetch,
    nativeFetch: !options.fetch,
    scope,
    maxRetries: retries,
    idleTimeout: idle,
    onRetry: options.onRetry,
    onRequest: options.onRequest,
    onProgress: options.onProgress,
    secrets,
    maxResponseBytes: options.maxResponseBytes,
    maxEventBytes: options.maxEventBytes,
    allowPrivateUrls: options.allowPrivateUrls === true,
    limiter: (options as { limiter?: TransportLimiter }).limiter,
    retryBudget: (options as { retryBucket?: Transport["retryBudget"] }).retryBucket,
  };
}

export function scopeFor(options: Options, def: TaskDef, args: BaseArgs, meta = {} as CallMeta): CallScope {
  return createScope(
    options.signal ?? undefined,
    options.timeout ?? def.timeout,
    Object.assign(meta, {
      provider: typeof args.provider === "string" ? args.provider : "auto",
      model: typeof args.model === "string" ? args.model : "",
      t0: now(),
    }),
  );
}

/** Options passed through `observe()`: they carry what tells hooks and meter that a call ended. */
export type Observed = Options & { observe?: (opts: Options, meta: CallMeta) => void };

/**
 * The end of a call: its record completed and tied to the result (or the error), the caller's hooks and
 * meter told. Returns the error when the call failed, else the result.
 */
export function ended<T>(opts: Options, meta: CallMeta, value?: T, failed?: unknown): T {
  meta.t3 = now();
  meta.failed = failed;
  const key = failed ?? value;
  if (key && typeof key === "object") records.set(key, meta);
  // Hooks and meter: through `observe()` (src/meta.ts), so that calls without them do not carry that code.
  (opts as Observed).observe?.(opts, meta);
  return key as T;
}

/**
 * Checks the call once, before anything is sent: arguments and options (see options-check.ts) and, when
 * routing may first send a Hub look-up (no endpoint URL, a model whose mapping is neither registered nor
 * cached), that the arguments can be encoded as JSON. Otherwise the body's own encoding is that check.
 */
export function checkFirst(def: TaskDef, args: BaseArgs & Record<string, unknown>, options: Options | undefined): void {
  checkCall(args, options);
  const model = args.model;
  const lookUp =
    !args.endpointUrl &&
    (typeof model !== "string" ||
      (!(def.autoChat && (args.provider ?? "auto") === "auto" && !options?.fallback) &&
        !localMapping(model) &&
        !hasMapping(model, args.accessToken)));
  const bad = lookUp && unencodable(args);
  if (bad) throw bad;
}

async function encode(
  payload: Payload,
  stream: boolean,
  args: object,
): Promise<{ body: WireRequest["body"]; type?: string }> {
  if ("json" in payload) {
    let body: string;
    try {
      body = JSON.stringify(stream ? { ...payload.json, stream: true } : payload.json);
    } catch {
      // A BigInt, a cycle or nesting too deep: name the caller's field (else the body's).
      throw (
        unencodable(args) ??
        unencodable(payload.json) ??
        new InferenceClientInputError("The body cannot be sent as JSON")
      );
    }
    return { body, type: "application/json" };
  }
  if ("form" in payload) return { body: payload.form };
  const data = payload.data;
  const type = payload.contentType ?? (data instanceof Blob && data.type ? data.type : undefined);
  return { body: data, type };
}

export async function prepare(
  def: TaskDef,
  args: Record<string, unknown> & BaseArgs,
  options: Options & { outputType?: OutputType },
  t: Transport,
  stream: boolean,
): Promise<Prepared> {
  const route = await resolveRoute(def, args, stream, options.outputType, t);
  const adapter = route.adapter;
  const ctx = adapter.refine?.(args, route.ctx) ?? route.ctx;
  // What routing decided goes into the call's record, which errors and hooks read.
  const meta = t.scope.meta;
  meta.provider = route.provider;
  if (ctx.model !== undefined) meta.model = ctx.model;
  meta.servedBy = undefined;
  (meta.tried ??= []).push([route.provider, ctx]);
  adapter.validate?.(args, ctx);
  const payload = await adapter.body(args, ctx);
  const url = adapter.url ? adapter.url(ctx) : joinUrl(ctx.base, adapter.path(ctx));
  const { body, type } = await encode(payload, stream, args);
  const headers: Record<string, string> = { ...adapter.provider.headers, ...adapter.headers?.(ctx), ...route.auth };
  if (type) headers["Content-Type"] = type;
  if (stream) headers.Accept = "text/event-stream";
  if (!IS_BROWSER) headers["User-Agent"] = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;
  // Bill-to is a router feature: never forwarded to a third-party host.
  if (options.billTo && url.startsWith(`${HF_ROUTER_URL}/`)) headers[HF_HEADER_X_BILL_TO] = options.billTo;
  if (options.headers) Object.assign(headers, options.headers);
  const request: WireRequest = { url, method: "POST", headers, body, errors: adapter.provider.errors };
  const cred = options.includeCredentials;
  if (cred === true) request.credentials = "include";
  else if (typeof cred === "string" && cred) request.credentials = cred as RequestCredentials;
  return { request, ctx, adapter, t };
}

export function joinUrl(base: string, path: string): string {
  if (!path) return base;
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** The call's secrets: the token, and the credential headers the caller sends itself (scrubbed from every error). */
export function secretsOf(args: BaseArgs, options: Options): string[] {
  const token = typeof args.accessToken === "string" && args.accessToken ? [args.accessToken] : [];
  return options.headers ? requestSecrets({ url: "", headers: options.headers }, { secrets: token }) : token;
}

/** Runs a non-streaming task and returns its checked output (trying fallback providers when asked). */
export async function runTask<O>(
  def: TaskDef,
  args: BaseArgs & Record<string, any>,
  options: (Options & { outputType?: OutputType }) | undefined,
  check: (value: any, ctx: RequestCtx, fail: (expected: string) => never) => O,
): Promise<O> {
  checkFirst(def, args, options);
  const opts = options ?? {};
  const proxy = (opts as { viaProxy?: ViaProxy }).viaProxy;
  if (proxy) return proxy(def, args, opts, false);
  opts.meter?.check(opts);
  const scope = scopeFor(opts, def, args);
  const meta = scope.meta;
  try {
    const t = transportFor(opts, scope, secretsOf(args, opts));
    const candidates = await fallbackCandidates(def, args, opts, t);
    const value = candidates
      ? await inTurn(def, t, candidates, (call) => attemptTask(def, call, opts, t, check))
      : await attemptTask(def, args, opts, t, check);
    return ended(opts, meta, value);
  } catch (e) {
    throw ended(opts, meta, undefined, e);
  } finally {
    scope.dispose();
  }
}

async function attemptTask<O>(
  def: TaskDef,
  args: BaseArgs & Record<string, any>,
  opts: Options & { outputType?: OutputType },
  t: Transport,
  check: (value: any, ctx: RequestCtx, fail: (expected: string) => never) => O,
): Promise<O> {
  const p = await prepare(def, args, opts, t, false);
  const kind = p.adapter.response;
  const read = kind && kind !== "json" ? def.readers![kind] : readJson;
  // The body is read inside the retry loop: a connection cut while reading it is retried.
  let raw: unknown = await sendAndRead(p.request, t, read);
  if (p.adapter.job) {
    if (!def.runJob) throw new Error(`Task ${def.task} has a job adapter but no job runner`);
    raw = await def.runJob(p.adapter.job, raw, p, t);
  }
  t.scope.meta.raw = raw;
  const shaped = p.adapter.output && !def.raw ? await p.adapter.output(raw, p.ctx) : raw;
  return check(shaped, p.ctx, (expected) => {
    throw outputError(t, expected, shaped);
  });
}

export function outputError(t: Transport, expected: string, got: unknown): InferenceClientProviderOutputError {
  const { provider, model, servedBy } = t.scope.meta;
  let sample: string;
  try {
    sample = JSON.stringify(got) ?? String(got);
  } catch {
    sample = String(got);
  }
  // The token goes before the sample is cut, so no part of it can survive.
  sample = scrub(sample, t.secrets).slice(0, 200);
  return new InferenceClientProviderOutputError(
    `${providerName(t.scope.meta)} returned an unexpected answer for model ${model}: expected ${expected}, got ${sample}`,
    { provider, model, servedBy },
  );
}

/** `v` is missing (undefined or null), or of the `typeof` name given, or passes the check given. */
export function optional(v: unknown, type: string | ((v: unknown) => boolean)): boolean {
  return v === undefined || v === null || (typeof type === "string" ? typeof v === type : type(v));
}

/**
 * The answer of an "answer or list of answers" output: the first element of a non-empty list whose
 * elements all pass `is`, or the value itself when it passes; anything else fails with `expected`.
 */
export function firstAnswer<T>(
  v: unknown,
  is: (x: unknown) => boolean,
  expected: string,
  fail: (e: string) => never,
): T {
  const ok = Array.isArray(v) ? v.length > 0 && v.every(is) : is(v);
  if (!ok) fail(expected);
  return (Array.isArray(v) ? v[0] : v) as T;
}

export type { FallbackAttempt } from "./fallback.js";

/** A plain object (not null, not an array). */
export { isObj as isObject } from "../providers/adapter.js";
