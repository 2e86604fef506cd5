/**
 * The one place that touches the network. Every request of every task (inference, Hub look-ups, job
 * polls, media downloads) goes through `send`, which owns retries, timeouts, abort and the HTTP error
 * factory; the readers below own body reading with idle detection and typed failures.
 *
 * Secrecy: every error built here passes through `scrub` (messages, URLs, bodies) and `cleanError`
 * (causes, whole chains), with the access token and the value of every credential header of the
 * request as the secrets; request headers are stored redacted.
 */
import {
  InferenceClientConnectionError,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  isCredentialHeader,
  isRetryableStatus,
  redactHeaders,
  type HttpRequest,
  type JsonLike,
} from "../errors.js";
import { scrub, snapshot } from "../lib/secrets.js";
import type { RetryInfo } from "../types.js";
import { computeRetryDelay, retryAfterMs } from "./retry.js";
import { IdleWatch, now, providerName, sleep, untilAborted, type CallScope } from "./scope.js";
import { refusedUrl } from "./url-policy.js";

export { scrub };

export interface WireRequest {
  url: string;
  method?: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Blob | ArrayBuffer | Uint8Array | FormData;
  credentials?: RequestCredentials;
  /**
   * A URL the client did not build (a poll, result or media URL from an answer): checked against the URL
   * policy before anything is sent. "media": a file download, whose error answers are never read or quoted.
   */
  external?: "api" | "media";
  /** Let the runtime follow redirects (a browser, which hides them from the client). */
  follow?: boolean;
}

export interface Transport {
  fetch: typeof fetch;
  scope: CallScope;
  /** Retries left to spend on retryable failures (0 when `retry_on_error: false`). */
  maxRetries: number;
  idleTimeout: number;
  onRetry?: (info: RetryInfo) => void;
  /** Before each attempt of the inference request, with the request scrubbed. */
  onRequest?: (info: import("../types.js").RequestInfo) => void;
  /** Progress of a long-running job (status, queue position, new log lines). */
  onProgress?: (progress: import("../types.js").JobProgress) => void;
  /** Values that must never appear in an error (the access token). */
  secrets: string[];
  /** Which error class a failed answer gets. */
  hub?: boolean;
  /** The runtime's own fetch, which honours its signal (a caller's fetch may not, and is raced with it). */
  nativeFetch?: boolean;
  /** Cap on the decoded bytes of one answer; undefined: {@link MAX_TEXT_BYTES} or {@link MAX_FILE_BYTES}. */
  maxResponseBytes?: number;
  /** Cap on one server-sent event or line of a stream (read by the SSE reader). */
  maxEventBytes?: number;
  /** Fetch URLs from answers and redirects even when they name a loopback or private host. */
  allowPrivateUrls?: boolean;
  /** The call itself targets a loopback or private host (an endpoint on this machine): set by `send`. */
  localTarget?: boolean;
  /** Client-wide limits (src/limits), when the client has any. */
  limiter?: TransportLimiter;
}

/** What the transport and the fallback ask of client-wide limits (src/limits/limiter.ts). */
export interface TransportLimiter {
  /**
   * Waits for the request's turn (within the call's signal and deadline); resolves with the function that
   * ends the attempt, given its answer (status and headers) or none (a connection failure).
   */
  acquire(t: Transport, req: WireRequest): Promise<((res?: Response) => void) | undefined>;
  /** The calls a fallback should try: those to a provider whose circuit is not open (all of them if none is). */
  usable<C extends { provider?: unknown }>(calls: C[]): Promise<C[]>;
}

/** An OK response plus what is needed to read its body safely. */
export interface Answer {
  response: Response;
  watch: IdleWatch;
  /** Stops the idle watch and detaches from the call's signal. Idempotent. */
  done(): void;
  request: WireRequest;
  /** The attempt's signal: aborted by the call's signal, its deadline or the idle watch. */
  signal: AbortSignal;
}

/** Calls a caller's hook; what it throws never breaks the call. */
export function safely<A extends unknown[]>(hook: (...a: A) => unknown, ...a: A): void {
  try {
    hook(...a);
  } catch {
    // A hook's failure is the caller's, not the call's.
  }
}

/** Test hook: replaces the wait between retries (tests record delays instead of sleeping). */
export const retryWait: { fn: (ms: number, signal: AbortSignal) => Promise<void> } = { fn: sleep };

/** Bodies up to this size with a known length (and no content encoding) are read in one go. */
const SMALL_BODY = 262_144;
/**
 * Default cap on the decoded bytes of a JSON or text answer (64 MiB): far above any real answer (a long
 * chat answer is kilobytes, a batch of embeddings or a base64 image a few megabytes), far below what hurts
 * a server process. Past it the answer is an `InferenceClientProviderOutputError`, its body cancelled.
 */
export const MAX_TEXT_BYTES = 67_108_864;
/** Default cap on the decoded bytes of a file answer or download (512 MiB: a long generated video). */
export const MAX_FILE_BYTES = 536_870_912;
/** Redirects followed by hand within one attempt. */
const MAX_REDIRECTS = 5;
/** At most this much of an error body is read; the rest is cancelled. */
export const MAX_ERROR_BODY = 65_536;
/** Error bodies that are not JSON are stored up to this many characters. */
const MAX_STORED_TEXT = 4096;
/** The provider's message is cut to this many characters. */
const MAX_MESSAGE = 1000;
/** Loading waits (model loading, endpoint scaled to zero) allowed in one call, on top of the retries. */
const MAX_LOADING_WAITS = 120;
const LOADING_MIN_WAIT = 1_000;
const LOADING_MAX_WAIT = 10_000;
const LOADING_DEFAULT_WAIT = 2_000;

/** Response headers carrying a request id, by provider family; the first present wins. */
const REQUEST_ID_HEADERS = [
  "x-request-id",
  "request-id",
  "x-amzn-requestid",
  "x-amz-request-id",
  "x-fal-request-id",
  "x-replicate-request-id",
  "x-trace-id",
  "x-correlation-id",
  "x-amzn-trace-id",
  "cf-ray",
];

export function requestIdOf(headers: Headers | undefined): string {
  if (!headers) return "";
  for (const h of REQUEST_ID_HEADERS) {
    const v = headers.get(h);
    if (v) return v;
  }
  return "";
}

/** A connection that failed or went silent (not an HTTP answer): worth another attempt or provider. */
export function isCutOrStall(e: unknown): boolean {
  return e instanceof InferenceClientConnectionError || (e instanceof InferenceClientTimeoutError && e.kind === "idle");
}

/** Sends `req`, retrying what may pass, and resolves with an OK response or rejects with a typed error. */
export const send = exchange as (req: WireRequest, t: Transport) => Promise<Answer>;

/**
 * Sends `req` and reads the OK answer with `read`, retrying as `send` does. A connection cut or an idle
 * stall while the body is read is retried as well: nothing of that body has reached the caller yet.
 */
export const sendAndRead = exchange as <T>(
  req: WireRequest,
  t: Transport,
  read: (answer: Answer, t: Transport) => Promise<T>,
) => Promise<T>;

/** `send` without `read`, `sendAndRead` with it (one function: the two names only type it). */
async function exchange<T>(
  req: WireRequest,
  t: Transport,
  read?: (answer: Answer, t: Transport) => Promise<T>,
): Promise<Answer | T> {
  let retries = 0;
  let loadingWaits = 0;
  if (req.external) {
    // A URL from an answer: refused before anything is sent when the policy forbids it.
    const why = urlRefusal(req.url, t);
    if (why) throw refused(req.url, why, t);
  } else if (refusedUrl(req.url)) {
    // A URL the client built that the policy would refuse: the caller aimed the call at this machine or a
    // private network (an endpoint URL), where URLs of that network are expected.
    t.localTarget = true;
  }
  const scope = t.scope;
  /** Waits before the next attempt; false when the wait would pass the deadline. */
  const backOff = async (error: unknown, status: number | undefined, delayMs: number, attempt: number) => {
    if (delayMs >= scope.remaining()) return false;
    const info = { attempt, delayMs, status, error };
    (scope.meta.waits ??= []).push(info);
    t.onRetry?.(info);
    await retryWait.fn(delayMs, scope.signal);
    return true;
  };
  for (;;) {
    // An aborted call sends nothing more.
    if (scope.aborted) throw scope.reason;
    const free = await t.limiter?.acquire(t, req);
    // One controller per attempt, aborted by the call (caller's signal, deadline) or by the idle watch.
    const ctrl = new AbortController();
    const release = scope.attach(ctrl);
    const watch = new IdleWatch(t.idleTimeout, ctrl, t.scope.meta, t.scope);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      watch.stop();
      release();
      // The attempt's place is given back with its outcome: the answer, or none (a connection failure).
      free?.(response);
    };
    let response!: Response;
    let pending: Promise<Response> | undefined;
    // The inference request itself (not a Hub look-up, a poll or a download): shown to `onRequest`, scrubbed.
    const own = !t.hub && !req.external;
    if (own && t.onRequest) {
      const { provider, model } = scope.meta;
      safely(t.onRequest, {
        ...describeRequest(req, secretsOf(req, t)),
        provider,
        model,
        attempt: retries + loadingWaits + 1,
      });
    }
    try {
      // Redirects are followed here, not by fetch, so that no credential follows one to another host.
      for (let cur: WireRequest | undefined = req, hops = 0; cur; hops++) {
        const init: RequestInit = {
          method: cur.method ?? "POST",
          headers: cur.headers,
          redirect: cur.follow ? "follow" : "manual",
          signal: ctrl.signal,
        };
        if (cur.body !== undefined) init.body = cur.body as BodyInit;
        if (cur.credentials) init.credentials = cur.credentials;
        pending = Promise.resolve(t.fetch(cur.url, init));
        // A fetch that does not listen to its signal is not waited for after an abort or a timeout.
        response = t.nativeFetch ? await pending : await untilAborted(pending, ctrl.signal);
        const r = response as Partial<Response> | undefined;
        if (typeof r?.ok !== "boolean" || typeof r.status !== "number" || typeof r.headers?.get !== "function") {
          // The caller's fetch is at fault, not the network: not retried.
          throw new InferenceClientInputError("options.fetch must return a Response (or a promise of one)");
        }
        cur = redirectOf(response, cur, hops, t);
        if (cur) {
          watch.touch();
          response.body?.cancel().catch(() => {});
        }
      }
    } catch (e) {
      done();
      // Whatever such a fetch answers later is discarded, its body cancelled.
      pending?.then((r) => r?.body?.cancel().catch(() => {})).catch(() => {});
      if (scope.aborted) throw scope.reason;
      // A refused redirect is the provider's answer, and a caller's fetch that answers no Response is the
      // caller's fault: neither is a failure worth another attempt.
      if (e instanceof InferenceClientProviderOutputError || e instanceof InferenceClientInputError) throw e;
      const err = watch.fired ? (ctrl.signal.reason as Error) : connectionError(e, req, t);
      if (retries < t.maxRetries && (await backOff(err, undefined, computeRetryDelay(retries + 1), retries + 1))) {
        retries++;
        continue;
      }
      throw err;
    }
    // Headers are a sign of life too.
    watch.touch();

    if (response.ok) {
      // Who served a routed call: kept for the output errors of this attempt.
      const served = response.headers.get("x-inference-provider");
      if (served) scope.meta.servedBy = scrub(served, secretsOf(req, t));
      if (own) {
        scope.meta.t1 ??= now();
        scope.meta.requestId = scrub(requestIdOf(response.headers), secretsOf(req, t));
      }
      const answer: Answer = { response, watch, done, request: req, signal: ctrl.signal };
      if (!read) return answer;
      try {
        return await read(answer, t);
      } catch (e) {
        answer.done();
        if (scope.aborted) throw scope.reason;
        if (
          isCutOrStall(e) &&
          retries < t.maxRetries &&
          (await backOff(e, response.status, computeRetryDelay(retries + 1), retries + 1))
        ) {
          retries++;
          continue;
        }
        throw e;
      }
    }

    let info: ErrorBody = { body: "" };
    try {
      // A failed file download is reported by its status alone: what such a host says is not quoted.
      if (req.external === "media") await response.body?.cancel().catch(() => {});
      else info = await readErrorBody(response, watch, ctrl.signal, t, secretsOf(req, t));
    } finally {
      done();
    }
    const err = httpError(req, response, info, t);
    if (t.maxRetries > 0 && isLoading(response.status, info) && loadingWaits < MAX_LOADING_WAITS) {
      // A model being loaded, or an endpoint scaled to zero: wait for it within the deadline, without
      // spending the retry budget meant for real failures.
      if (await backOff(err, response.status, loadingDelay(response.headers, info), loadingWaits + 1)) {
        loadingWaits++;
        continue;
      }
      throw err;
    }
    if (
      err.retryable &&
      retries < t.maxRetries &&
      (await backOff(err, response.status, computeRetryDelay(retries + 1, response.headers), retries + 1))
    ) {
      retries++;
      continue;
    }
    throw err;
  }
}

/** The wait before asking a loading model again: what the server asked for, else its estimate (1 to 10 s). */
function loadingDelay(headers: Headers, info: ErrorBody): number {
  const asked = retryAfterMs(headers);
  if (asked !== undefined) return asked;
  const est = info.estimatedTime !== undefined ? info.estimatedTime * 1000 : LOADING_DEFAULT_WAIT;
  return Math.min(LOADING_MAX_WAIT, Math.max(LOADING_MIN_WAIT, est));
}

/** The host of `url` ("" when it is not a URL). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/** Why the client will not fetch `url` (a URL from an answer or a redirect), or undefined. */
function urlRefusal(url: string, t: Transport): string | undefined {
  return refusedUrl(url, t.allowPrivateUrls || t.localTarget);
}

/** The output error for a URL the client will not fetch: names its host, quotes nothing fetched. */
function refused(url: string, why: string, t: Transport): InferenceClientProviderOutputError {
  return outputError(
    t,
    `sent a URL the client will not fetch (${hostOf(url) || "?"}): ${why}${/add/.test(why) ? " (allowPrivateUrls)" : ""}`,
  );
}

/** An output error of the provider (or the Hub) for the call's model: "Provider x {what} for model m". */
function outputError(t: Transport, what: string): InferenceClientProviderOutputError {
  const { provider, model } = t.scope.meta;
  const servedBy = t.hub ? undefined : t.scope.meta.servedBy;
  const who = t.hub ? "Hugging Face Hub" : providerName(t.scope.meta);
  return new InferenceClientProviderOutputError(scrub(`${who} ${what} for model ${model || "(none)"}`, t.secrets), {
    provider,
    model,
    servedBy,
  });
}

/**
 * The next request when `res` is a redirect to follow, else undefined. On the same origin the request
 * goes on unchanged (301, 302 and 303 turn it into a GET without body, as fetch does). To another origin
 * only a GET goes (a 301, 302 or 303 turns a POST into one), carrying no header but Accept and User-Agent
 * (no credential, no caller's header, no bill-to), only to a URL the policy allows and never from https
 * to http; a 307 or 308 that would carry a request body to another origin is refused. A browser hides
 * redirects (an "opaqueredirect" answer): a GET is then sent again for the browser to follow by its own
 * rules (no Authorization to another origin, CORS for the rest); a request with a body is not sent twice.
 */
function redirectOf(res: Response, cur: WireRequest, hops: number, t: Transport): WireRequest | undefined {
  const method = cur.method ?? "POST";
  const location = res.headers.get("location");
  if (res.type === "opaqueredirect") {
    if (method === "GET" && !cur.follow) return { ...cur, follow: true };
  } else if (location === null || ![301, 302, 303, 307, 308].includes(res.status)) return undefined;
  let to: URL;
  try {
    to = new URL(location ?? "", cur.url);
  } catch {
    throw refused(cur.url, "invalid redirect", t);
  }
  const keep = res.status > 303;
  const same = to.origin === new URL(cur.url).origin;
  const why =
    hops >= MAX_REDIRECTS || location === null
      ? "too many redirects, or a hidden one"
      : same
        ? undefined
        : keep && method !== "GET"
          ? "redirect of the body to another origin"
          : cur.url.startsWith("https:") && to.protocol === "http:"
            ? "redirect from https to http"
            : urlRefusal(to.href, t);
  if (why) throw refused(to.href, why, t);
  const next: WireRequest = { url: to.href, method: keep ? method : "GET", headers: {} };
  if (keep && cur.body !== undefined) next.body = cur.body;
  if (same && cur.credentials) next.credentials = cur.credentials;
  for (const [k, v] of Object.entries(cur.headers)) {
    if (same ? keep || !/^content-/i.test(k) : /^(accept|user-agent)$/i.test(k)) next.headers[k] = v;
  }
  return next;
}

interface ErrorBody {
  body: JsonLike;
  message?: string;
  estimatedTime?: number;
}

function isLoading(status: number, info: ErrorBody): boolean {
  if (status !== 503) return false;
  if (info.estimatedTime !== undefined) return true;
  return /currently loading|is loading|scaled to zero|initiali[sz]ing|cold start/i.test(info.message ?? "");
}

/** Reads at most MAX_ERROR_BODY bytes of an error answer (cancelling the rest) and finds its message. */
async function readErrorBody(
  response: Response,
  watch: IdleWatch,
  signal: AbortSignal,
  t: Transport,
  secrets: string[],
): Promise<ErrorBody> {
  let text = "";
  try {
    const bytes = await readBytes(response, watch, signal, MAX_ERROR_BODY);
    // Secrets go before anything is parsed or cut, so no part of one can survive.
    text = scrub(new TextDecoder().decode(bytes), secrets);
  } catch {
    if (t.scope.aborted) throw t.scope.reason;
    // An unreadable error body still gives a useful error from the status alone.
  }
  const type = response.headers.get("content-type") ?? "";
  let body: JsonLike = text;
  if (/json/i.test(type) || /^\s*[[{]/.test(text)) {
    try {
      body = JSON.parse(text) as JsonLike;
    } catch {
      body = text;
    }
  }
  const message = extractMessage(body, type);
  const est =
    body && typeof body === "object" && !Array.isArray(body) && typeof body.estimated_time === "number"
      ? body.estimated_time
      : undefined;
  return {
    body: typeof body === "string" ? cut(body, MAX_STORED_TEXT) : body,
    message,
    estimatedTime: est !== undefined && Number.isFinite(est) && est >= 0 ? est : undefined,
  };
}

/** `s` cut to `n` characters, with an ellipsis when cut. */
export function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Text of an HTML page as one line: its title, else its first heading, else its text. */
function htmlText(html: string): string | undefined {
  const one = (s: string | undefined) =>
    s
      ?.replace(/<[^>]*>|&nbsp;/g, " ")
      .replace(/\s+/g, " ")
      .trim() || undefined;
  const found =
    one(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]) ??
    one(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1]) ??
    one(html.replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, " "));
  return found && cut(found, 200);
}

/** The provider's own error text from the many shapes providers use. */
export function extractMessage(body: JsonLike | undefined, contentType = ""): string | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") {
    const s = body.trim();
    if (!s) return undefined;
    if (/html/i.test(contentType) || /^<(!doctype|html|head|body)\b/i.test(s)) return htmlText(s);
    return cut(s, MAX_MESSAGE);
  }
  if (typeof body !== "object" || Array.isArray(body)) return undefined;
  const pick = (v: JsonLike | undefined, depth = 0): string | undefined => {
    if (depth > 4) return undefined;
    if (typeof v === "string" && v.trim()) return cut(v.trim(), MAX_MESSAGE);
    if (Array.isArray(v)) {
      const parts = v.map((x) => pick(x, depth + 1)).filter(Boolean);
      return parts.length ? cut(parts.join("; "), MAX_MESSAGE) : undefined;
    }
    if (v && typeof v === "object") {
      return (
        pick(v.message, depth + 1) ?? pick(v.msg, depth + 1) ?? pick(v.detail, depth + 1) ?? pick(v.error, depth + 1)
      );
    }
    return undefined;
  };
  return pick(body.error) ?? pick(body.message) ?? pick(body.detail) ?? pick(body.errors) ?? pick(body.title);
}

/** Summary of a request body as stored on errors: parsed JSON, or a placeholder for binary bodies. */
export function bodySummary(body: WireRequest["body"]): JsonLike | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") {
    let parsed: JsonLike;
    try {
      parsed = JSON.parse(body) as JsonLike;
    } catch {
      return cut(body, MAX_STORED_TEXT);
    }
    // Credentials never belong in a body; a stray one is masked whatever the secrets list says.
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && "accessToken" in parsed) {
      return { ...parsed, accessToken: "[redacted]" };
    }
    return parsed;
  }
  if (typeof FormData !== "undefined" && body instanceof FormData) return "[FormData]";
  return "[Blob or ArrayBuffer]";
}

/** The access token plus the value of every credential header of `req` (without its scheme word). */
export function secretsOf(req: WireRequest | undefined, t: Pick<Transport, "secrets">): string[] {
  const out = t.secrets.filter((s) => typeof s === "string" && s.length >= 4);
  if (!req) return out;
  for (const [k, v] of Object.entries(req.headers)) {
    if (!isCredentialHeader(k) || typeof v !== "string") continue;
    const value = v.trim();
    const m = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value);
    for (const s of m ? [m[1]!, value] : [value]) if (s.length >= 8 && !out.includes(s)) out.push(s);
  }
  return out;
}

function describeRequest(req: WireRequest, secrets: string[]): HttpRequest {
  const summary = bodySummary(req.body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(redactHeaders(req.headers) ?? {})) headers[k] = scrub(v, secrets);
  const out: HttpRequest = { url: scrub(req.url, secrets), method: req.method ?? "POST", headers };
  if (summary !== undefined) out.body = snapshot(summary, secrets) as JsonLike;
  return out;
}

function httpError(
  req: WireRequest,
  response: Response,
  info: ErrorBody,
  t: Transport,
): InferenceClientProviderApiError | InferenceClientHubApiError {
  const status = response.status;
  const what = t.hub ? "Hugging Face Hub" : `Provider ${t.scope.meta.provider}`;
  const reason = info.message ?? (response.statusText || "no error message");
  return apiError(req, response, t, status, info.body, info.message, `${what} returned HTTP ${status}`, reason);
}

/** An error event inside a stream: the provider's failure, reported after a 200. */
export function streamApiError(payload: JsonLike, answer: Answer, t: Transport): InferenceClientProviderApiError {
  const msg = extractMessage(payload) ?? "error event in stream";
  let status = 0;
  if (payload && typeof payload === "object" && !Array.isArray(payload)) {
    const inner =
      payload.error && typeof payload.error === "object" && !Array.isArray(payload.error) ? payload.error : {};
    for (const v of [inner.status, inner.code, payload.status, payload.status_code, payload.code]) {
      const n = Number(v);
      if (Number.isInteger(n) && n >= 400 && n < 600) {
        status = n;
        break;
      }
    }
  }
  const what = `Provider ${t.scope.meta.provider} sent an error while streaming`;
  return apiError(
    answer.request,
    answer.response,
    t,
    status || answer.response.status,
    payload,
    msg,
    what,
    msg,
    !!status,
  );
}

/** The API error of a failed answer (or stream event), every part of it scrubbed. */
function apiError(
  req: WireRequest,
  response: Response,
  t: Transport,
  status: number,
  body: JsonLike,
  providerMessage: string | undefined,
  what: string,
  reason: string,
  retryable = true,
): InferenceClientProviderApiError | InferenceClientHubApiError {
  const secrets = secretsOf(req, t);
  const { provider, model } = t.scope.meta;
  const requestId = scrub(requestIdOf(response.headers), secrets);
  const servedBy = scrub(response.headers.get("x-inference-provider") ?? "", secrets);
  const message = `${what} for model ${model || "(none)"}${servedBy ? ` (served by ${servedBy})` : ""}: ${reason}${requestId ? ` (request id ${requestId})` : ""}`;
  const Cls = t.hub ? InferenceClientHubApiError : InferenceClientProviderApiError;
  return new Cls(
    scrub(message, secrets),
    describeRequest(req, secrets),
    { requestId, status, body: snapshot(body, secrets) as JsonLike },
    {
      provider,
      model,
      retryable: retryable && isRetryableStatus(status),
      providerMessage: providerMessage && scrub(providerMessage, secrets),
      servedBy: servedBy || undefined,
    },
  );
}

function connectionError(e: unknown, req: WireRequest, t: Transport, midBody = false): InferenceClientConnectionError {
  const secrets = secretsOf(req, t);
  const { provider, model } = t.scope.meta;
  const cause = cleanError(e, secrets);
  // A snapshot of a thrown non-Error may be a null-prototype object: String() of it would throw.
  const detail = cause instanceof Error ? causeText(cause) : typeof cause === "string" ? cause : "non-Error thrown";
  const url = scrub(req.url, secrets);
  return new InferenceClientConnectionError(
    scrub(
      `${midBody ? "Connection closed before the response was complete" : "Could not reach"} ${url} (provider ${provider}, model ${model || "(none)"}): ${detail}`,
      secrets,
    ),
    { url, provider, model, cause },
  );
}

/** "fetch failed (ECONNRESET)": the error's message and its cause's code or message. */
function causeText(e: Error): string {
  const c = (e as { cause?: unknown }).cause;
  if (c instanceof Error) return `${e.message} (${(c as { code?: string }).code ?? c.message})`;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
}

/** Maps a failure while reading a body to the error the caller should see. */
export function readFailure(e: unknown, answer: Answer, t: Transport): unknown {
  if (t.scope.aborted) return t.scope.reason;
  if (answer.watch.fired) return new InferenceClientTimeoutError("idle", t.idleTimeout, t.scope.meta);
  if (e instanceof InferenceClientProviderOutputError) return e;
  return connectionError(e, answer.request, t, true);
}

/**
 * A body reader that fails as soon as the attempt's signal aborts. A fetch aborted after its body was
 * fully received can leave a pending `read()` unsettled forever (Node's fetch), so on abort the reader
 * is cancelled (which settles any pending read) and the signal is checked after every read.
 */
export class BodyReader {
  /** The stream's own reader (the SSE reader drains it after a stream's last event: `drain` in sse.ts). */
  readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private closed = false;
  private readonly onAbort = () => {
    this.reader.cancel(this.signal.reason).catch(() => {});
  };
  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly signal: AbortSignal,
  ) {
    this.reader = body.getReader();
    signal.addEventListener("abort", this.onAbort, { once: true });
  }
  async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    if (this.signal.aborted) throw this.signal.reason;
    const r = await this.reader.read();
    if (this.signal.aborted) throw this.signal.reason;
    return r;
  }
  /**
   * Detaches from the signal, and cancels what is left unless the body was read to its end. (A body read
   * to its end needs nothing more: releasing its lock would only build an error for the closed promise.)
   * Returns false when the reader was already closed.
   */
  close(cancel: boolean): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.signal.removeEventListener("abort", this.onAbort);
    if (cancel) this.reader.cancel().catch(() => {});
    return true;
  }
}

/**
 * Reads a whole body (resetting the idle watch on every chunk), up to `limit` decoded bytes: past it the
 * body is cut, or with `tooBig` that error is thrown. Whatever is not read (past the limit, after a
 * failure) is cancelled so the socket is freed.
 */
async function readBytes(
  response: Response,
  watch: IdleWatch,
  signal: AbortSignal,
  limit = Infinity,
  tooBig?: () => Error,
): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return new Uint8Array(0);
  const reader = new BodyReader(body, signal);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        complete = true;
        break;
      }
      watch.touch();
      chunks.push(r.value);
      size += r.value.byteLength;
      if (size > limit && tooBig) throw tooBig();
      if (size >= limit && !tooBig) break;
    }
  } finally {
    reader.close(!complete);
  }
  if (chunks.length === 1 && size <= limit) return chunks[0]!;
  const out = new Uint8Array(Math.min(size, limit));
  let off = 0;
  for (const c of chunks) {
    if (off >= out.byteLength) break;
    const part = c.byteLength > out.byteLength - off ? c.subarray(0, out.byteLength - off) : c;
    out.set(part, off);
    off += part.byteLength;
  }
  return out;
}

/**
 * Reads the whole body of an answer, or its first `limit` bytes (cancelling the rest). Without `limit`,
 * more than `maxResponseBytes` decoded bytes (default: `cap`, {@link MAX_TEXT_BYTES}; a file is read with
 * {@link MAX_FILE_BYTES}) is an output error, the body cancelled. Decoded bytes are counted as they arrive: fetch
 * inflates a gzip or brotli body on its own, whose Content-Length (the compressed size) says nothing.
 */
export async function readAnswerBytes(
  answer: Answer,
  t: Transport,
  limit?: number,
  byDefault = MAX_TEXT_BYTES,
): Promise<Uint8Array> {
  const cap = limit ?? t.maxResponseBytes ?? byDefault;
  const tooBig = () => outputError(t, `sent more than ${cap} bytes (maxResponseBytes)`);
  try {
    const headers = answer.response.headers;
    const length = headers.has("content-encoding") ? NaN : Number(headers.get("content-length") ?? NaN);
    if (limit === undefined && length > cap) throw tooBig();
    if (t.nativeFetch && limit === undefined && length >= 0 && length <= SMALL_BODY) {
      // A small body of known length: read in one go (the runtime's fast path, fewer promise hops). The
      // idle watch keeps running from the headers, the attempt's signal still aborts the read. Only with
      // the runtime's fetch: a caller's fetch may ignore the signal, and nothing else would end this read.
      return new Uint8Array(await answer.response.arrayBuffer());
    }
    return await readBytes(answer.response, answer.watch, answer.signal, cap, limit === undefined ? tooBig : undefined);
  } catch (e) {
    answer.response.body?.cancel().catch(() => {});
    throw readFailure(e, answer, t);
  } finally {
    answer.done();
  }
}

/** Reads and parses a JSON body; a body that is not JSON is an output error. */
export async function readJson(answer: Answer, t: Transport): Promise<unknown> {
  const bytes = await readAnswerBytes(answer, t);
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    const secrets = secretsOf(answer.request, t);
    const { provider, model } = t.scope.meta;
    throw new InferenceClientProviderOutputError(
      `Provider ${provider} returned a body that is not valid JSON for model ${model || "(none)"}: ${JSON.stringify(cut(scrub(text, secrets), 200))}`,
      { provider, model, cause: cleanError(e, secrets) },
    );
  }
}

/** Reads a body as a Blob, keeping the served content type. */
export async function readBlob(answer: Answer, t: Transport): Promise<Blob> {
  const type = answer.response.headers.get("content-type") ?? "";
  const bytes = await readAnswerBytes(answer, t, undefined, MAX_FILE_BYTES);
  return new Blob([bytes as BlobPart], { type });
}

/** JSON if the response says it is JSON, else a Blob (the generic `request` contract). */
export async function readAuto(answer: Answer, t: Transport): Promise<unknown> {
  const type = answer.response.headers.get("content-type") ?? "";
  if (/^application\/(.+\+)?json/i.test(type)) return readJson(answer, t);
  return readBlob(answer, t);
}

/**
 * The readers of answers that are not JSON, by an adapter's `response`: the `readers` of the task
 * definitions (tasks/run.ts) whose adapters have such answers.
 */
export const BODY_READERS = { blob: readBlob, auto: readAuto } as const;

/**
 * A copy of a foreign error (or any value) with every secret scrubbed: a snapshot (lib/secrets.ts), so
 * nothing it hides in a Map, a getter, a symbol or hidden field, a cycle or a long cause chain is kept.
 */
export const cleanError: (e: unknown, secrets: string[]) => unknown = snapshot;
