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
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  isCredentialHeader,
  isRetryableStatus,
  redactHeaders,
  type HttpRequest,
  type JsonLike,
} from "../errors.js";
import type { RetryInfo } from "../types.js";
import { computeRetryDelay, retryAfterMs } from "./retry.js";
import { IdleWatch, sleep, untilAborted, type CallScope } from "./scope.js";

export interface WireRequest {
  url: string;
  method?: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Blob | ArrayBuffer | Uint8Array | FormData;
  credentials?: RequestCredentials;
}

export interface Transport {
  fetch: typeof fetch;
  scope: CallScope;
  /** Retries left to spend on retryable failures (0 when `retry_on_error: false`). */
  maxRetries: number;
  idleTimeout: number;
  onRetry?: (info: RetryInfo) => void;
  /** Progress of a long-running job (status, queue position, new log lines). */
  onProgress?: (progress: import("../types.js").JobProgress) => void;
  /** Values that must never appear in an error (the access token). */
  secrets: string[];
  /** Which error class a failed answer gets. */
  hub?: boolean;
  /** The runtime's own fetch, which honours its signal (a caller's fetch may not, and is raced with it). */
  nativeFetch?: boolean;
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

/** Test hook: replaces the wait between retries (tests record delays instead of sleeping). */
export const retryWait: { fn: (ms: number, signal: AbortSignal) => Promise<void> } = { fn: sleep };

/** Bodies up to this size with a known length are read in one go. */
const SMALL_BODY = 262_144;
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
export function send(req: WireRequest, t: Transport): Promise<Answer> {
  return exchange(req, t, undefined) as Promise<Answer>;
}

/**
 * Sends `req` and reads the OK answer with `read`, retrying as `send` does. A connection cut or an idle
 * stall while the body is read is retried as well: nothing of that body has reached the caller yet.
 */
export function sendAndRead<T>(
  req: WireRequest,
  t: Transport,
  read: (answer: Answer, t: Transport) => Promise<T>,
): Promise<T> {
  return exchange(req, t, read) as Promise<T>;
}

async function exchange<T>(
  req: WireRequest,
  t: Transport,
  read: ((answer: Answer, t: Transport) => Promise<T>) | undefined,
): Promise<Answer | T> {
  let retries = 0;
  let loadingWaits = 0;
  const init: RequestInit = { method: req.method ?? "POST", headers: req.headers };
  if (req.body !== undefined) init.body = req.body as BodyInit;
  if (req.credentials) init.credentials = req.credentials;
  const scope = t.scope;
  /** Waits before the next attempt; false when the wait would pass the deadline. */
  const backOff = async (error: unknown, status: number | undefined, delayMs: number, attempt: number) => {
    if (delayMs >= scope.remaining()) return false;
    t.onRetry?.({ attempt, delayMs, status, error });
    await retryWait.fn(delayMs, scope.signal);
    return true;
  };
  for (;;) {
    // An aborted call sends nothing more.
    if (scope.aborted) throw scope.reason;
    // One controller per attempt, aborted by the call (caller's signal, deadline) or by the idle watch.
    const ctrl = new AbortController();
    const release = scope.attach(ctrl);
    const watch = new IdleWatch(t.idleTimeout, ctrl, t.scope.meta);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      watch.stop();
      release();
    };
    let response: Response;
    let pending: Promise<Response> | undefined;
    try {
      pending = Promise.resolve(t.fetch(req.url, { ...init, signal: ctrl.signal }));
      // A fetch that does not listen to its signal is not waited for after an abort or a timeout.
      response = t.nativeFetch ? await pending : await untilAborted(pending, ctrl.signal);
      if (!response || typeof response.ok !== "boolean") throw new TypeError("fetch did not return a Response");
    } catch (e) {
      done();
      // Whatever such a fetch answers later is discarded, its body cancelled.
      pending?.then((r) => r?.body?.cancel().catch(() => {})).catch(() => {});
      if (scope.aborted) throw scope.reason;
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

    let info: ErrorBody;
    try {
      info = await readErrorBody(response, watch, ctrl.signal, t, secretsOf(req, t));
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
  if (summary !== undefined) out.body = scrubJson(summary, secrets);
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
    { requestId, status, body: scrubJson(body, secrets) },
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
  const detail = cause instanceof Error ? causeText(cause) : String(cause);
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
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
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
   */
  close(cancel: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.signal.removeEventListener("abort", this.onAbort);
    if (cancel) this.reader.cancel().catch(() => {});
  }

  /**
   * After a stream's last event: reads what is left (usually only the end of the response) in the
   * background, so the connection goes back to the pool instead of being closed, which would cost a new
   * TLS handshake on the next stream. Gives up, cancelling, after `ms` or `maxBytes` (a server that keeps
   * the response open after its last event holds a process at most `ms` longer); the timer does not
   * keep the process alive.
   */
  drain(ms = 250, maxBytes = 65_536): void {
    if (this.closed) return;
    this.closed = true;
    this.signal.removeEventListener("abort", this.onAbort);
    const reader = this.reader;
    let left = maxBytes;
    const timer = setTimeout(() => reader.cancel().catch(() => {}), ms);
    (timer as { unref?: () => void }).unref?.();
    const pump = (): Promise<void> =>
      reader.read().then((r) => {
        if (r.done) return;
        left -= r.value.byteLength;
        if (left < 0) return reader.cancel();
        return pump();
      });
    pump()
      .catch(() => {})
      .finally(() => clearTimeout(timer));
  }
}

/**
 * Reads a whole body (resetting the idle watch on every chunk), up to `limit` bytes. Whatever is not
 * read (an error body past the limit, a failure) is cancelled so the socket is freed.
 */
async function readBytes(
  response: Response,
  watch: IdleWatch,
  signal: AbortSignal,
  limit = Infinity,
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
      if (size >= limit) break;
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

/** Reads the whole body of an answer (or its first `limit` bytes, cancelling the rest). */
export async function readAnswerBytes(answer: Answer, t: Transport, limit?: number): Promise<Uint8Array> {
  try {
    const length = Number(answer.response.headers.get("content-length") ?? NaN);
    if (t.nativeFetch && limit === undefined && length >= 0 && length <= SMALL_BODY) {
      // A small body of known length: read in one go (the runtime's fast path, fewer promise hops). The
      // idle watch keeps running from the headers, the attempt's signal still aborts the read. Only with
      // the runtime's fetch: a caller's fetch may ignore the signal, and nothing else would end this read.
      return new Uint8Array(await answer.response.arrayBuffer());
    }
    return await readBytes(answer.response, answer.watch, answer.signal, limit);
  } catch (e) {
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
  const bytes = await readAnswerBytes(answer, t);
  return new Blob([bytes as BlobPart], { type });
}

/** JSON if the response says it is JSON, else a Blob (the generic `request` contract). */
export async function readAuto(answer: Answer, t: Transport): Promise<unknown> {
  const type = answer.response.headers.get("content-type") ?? "";
  if (/^application\/(.+\+)?json/i.test(type)) return readJson(answer, t);
  return readBlob(answer, t);
}

/** The shortest start of a secret that is redacted when a text ends with it. */
const MIN_CUT_SECRET = 6;

/**
 * Replaces every secret in `text` (as is, or URL-encoded) with "[redacted]". A text that ends with the
 * start of a secret (a sample cut to a length, with or without an ellipsis) has that start redacted too.
 */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    if (out.includes(s)) out = out.split(s).join("[redacted]");
    const enc = encodeURIComponent(s);
    if (enc !== s && out.includes(enc)) out = out.split(enc).join("[redacted]");
    const tail = /(…|\.\.\.|"|\s)*$/.exec(out)![0];
    const body = out.slice(0, out.length - tail.length);
    for (let k = s.length - 1; k >= MIN_CUT_SECRET; k--) {
      if (body.endsWith(s.slice(0, k))) {
        out = `${body.slice(0, body.length - k)}[redacted]${tail}`;
        break;
      }
    }
  }
  return out;
}

/** `v` with every string (keys too) scrubbed; the same object when nothing needed it. */
export function scrubJson(v: JsonLike, secrets: string[], depth = 0): JsonLike {
  if (!secrets.length) return v;
  if (typeof v === "string") return scrub(v, secrets);
  if (v === null || typeof v !== "object" || depth > 64) return v;
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => {
      const y = scrubJson(x, secrets, depth + 1);
      if (y !== x) changed = true;
      return y;
    });
    return changed ? out : v;
  }
  let changed = false;
  const out: { [key: string]: JsonLike } = {};
  for (const [k, x] of Object.entries(v)) {
    const key = scrub(k, secrets);
    const y = scrubJson(x, secrets, depth + 1);
    if (y !== x || key !== k) changed = true;
    out[key] = y;
  }
  return changed ? out : v;
}

/** Every string an error shows (message, stack, own fields), for checking it against the secrets. */
function errorText(e: Error): string {
  let text = `${e.name}\n${e.message}\n${e.stack ?? ""}`;
  for (const k of Object.keys(e)) {
    const v = (e as unknown as Record<string, unknown>)[k];
    try {
      text += `\n${k}=${typeof v === "string" ? v : JSON.stringify(v)}`;
    } catch {
      text += `\n${k}=${String(v)}`;
    }
  }
  return text;
}

/**
 * `e` if neither it nor anything in its `cause` chain mentions a secret; else a copy of the chain with
 * every secret replaced (name, message, stack, code and plain fields kept, so it stays useful).
 */
export function cleanError(e: unknown, secrets: string[], depth = 0): unknown {
  if (!secrets.length || depth > 8) return e;
  if (typeof e === "string") return scrub(e, secrets);
  if (!(e instanceof Error)) {
    if (e === null || typeof e !== "object") return e;
    let text: string;
    try {
      text = JSON.stringify(e) ?? "";
    } catch {
      text = String(e);
    }
    return secrets.some((s) => text.includes(s)) ? scrub(text, secrets) : e;
  }
  const cause = (e as { cause?: unknown }).cause;
  const cleanCause = cause === undefined ? undefined : cleanError(cause, secrets, depth + 1);
  const errors = (e as { errors?: unknown }).errors;
  const list: unknown[] | undefined = Array.isArray(errors) ? errors : undefined;
  const cleanErrors = list?.map((x) => cleanError(x, secrets, depth + 1));
  const text = errorText(e);
  const mentions = secrets.some((s) => text.includes(s) || text.includes(encodeURIComponent(s)));
  if (!mentions && cleanCause === cause && (!cleanErrors || cleanErrors.every((x, i) => x === list![i]))) return e;
  const copy = new Error(scrub(e.message, secrets), cleanCause === undefined ? undefined : { cause: cleanCause });
  copy.name = e.name;
  copy.stack = scrub(e.stack ?? "", secrets);
  for (const k of Object.keys(e)) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (typeof v === "string") (copy as unknown as Record<string, unknown>)[k] = scrub(v, secrets);
    else if (typeof v === "number" || typeof v === "boolean") (copy as unknown as Record<string, unknown>)[k] = v;
  }
  if (cleanErrors) (copy as { errors?: unknown }).errors = cleanErrors;
  return copy;
}
