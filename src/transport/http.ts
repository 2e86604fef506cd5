/**
 * The one place that touches the network. Every request of every task (inference, Hub look-ups, job
 * polls, media downloads) goes through `send`, which owns retries, timeouts, abort and the HTTP error
 * factory; the readers below own body reading with idle detection and typed failures.
 */
import {
  InferenceClientConnectionError,
  InferenceClientHubApiError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  isRetryableStatus,
  redactHeaders,
  type HttpRequest,
  type JsonLike,
} from "../errors.js";
import type { RetryInfo } from "../types.js";
import { computeRetryDelay } from "./retry.js";
import { childController, IdleWatch, sleep, type CallScope } from "./scope.js";

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
}

/** An OK response plus what is needed to read its body safely. */
export interface Answer {
  response: Response;
  watch: IdleWatch;
  /** Stops the idle watch and detaches from the call's signal. Idempotent. */
  done(): void;
  request: WireRequest;
}

/** Test hook: replaces the wait between retries (tests record delays instead of sleeping). */
export const retryWait: { fn: (ms: number, signal: AbortSignal) => Promise<void> } = { fn: sleep };

const MAX_ERROR_BODY = 64 * 1024;
const MAX_LOADING_WAITS = 120;
const REQUEST_ID_HEADERS = [
  "x-request-id",
  "request-id",
  "x-amzn-requestid",
  "x-amz-request-id",
  "x-fal-request-id",
  "x-trace-id",
  "x-correlation-id",
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

/** Sends `req`, retrying what may pass, and resolves with an OK response or rejects with a typed error. */
export async function send(req: WireRequest, t: Transport): Promise<Answer> {
  let retries = 0;
  let loadingWaits = 0;
  const init: RequestInit = { method: req.method ?? "POST", headers: req.headers };
  if (req.body !== undefined) init.body = req.body as BodyInit;
  if (req.credentials) init.credentials = req.credentials;
  for (;;) {
    if (t.scope.signal.aborted) throw t.scope.signal.reason;
    const { ctrl, release } = childController(t.scope.signal);
    const watch = new IdleWatch(t.idleTimeout, ctrl, t.scope.meta);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      watch.stop();
      release();
    };
    let response: Response;
    try {
      init.signal = ctrl.signal;
      response = await t.fetch(req.url, init);
    } catch (e) {
      done();
      if (t.scope.signal.aborted) throw t.scope.signal.reason;
      const err = watch.fired ? (ctrl.signal.reason as Error) : connectionError(e, req, t);
      if (retries < t.maxRetries) {
        retries++;
        await waitBeforeRetry(retries, err, undefined, computeRetryDelay(retries), t);
        continue;
      }
      throw err;
    }
    if (response.ok) return { response, watch, done, request: req };

    let info: ErrorBody;
    try {
      info = await readErrorBody(response, watch, t);
    } finally {
      done();
    }
    const err = httpError(req, response, info, t);
    const loading = isLoading(response.status, info);
    if (t.maxRetries > 0 && loading && loadingWaits < MAX_LOADING_WAITS) {
      // A model being loaded, or an endpoint scaled to zero: wait for it within the deadline, without
      // spending the retry budget meant for real failures.
      loadingWaits++;
      const est = typeof info.estimatedTime === "number" ? info.estimatedTime * 1000 : 2_000;
      const delay = retryAfterOr(response.headers, Math.min(10_000, Math.max(1_000, est)));
      if (await waitBeforeRetry(loadingWaits, err, response.status, delay, t, true)) continue;
      throw err;
    }
    if (err.retryable && retries < t.maxRetries) {
      retries++;
      if (await waitBeforeRetry(retries, err, response.status, computeRetryDelay(retries, response.headers), t, true))
        continue;
    }
    throw err;
  }
}

function retryAfterOr(headers: Headers, fallback: number): number {
  const d = computeRetryDelay(1, headers, () => 0);
  return headers.has("retry-after") || headers.has("retry-after-ms") ? d : fallback;
}

/** Waits before a retry; returns false (do not retry) when the wait would run past the deadline. */
async function waitBeforeRetry(
  attempt: number,
  error: unknown,
  status: number | undefined,
  delayMs: number,
  t: Transport,
  soft = false,
): Promise<boolean> {
  if (delayMs >= t.scope.remaining()) {
    if (soft) return false;
    throw error;
  }
  t.onRetry?.({ attempt, delayMs, status, error });
  await retryWait.fn(delayMs, t.scope.signal);
  return true;
}

interface ErrorBody {
  body: JsonLike;
  message?: string;
  estimatedTime?: number;
}

function isLoading(status: number, info: ErrorBody): boolean {
  if (status !== 503) return false;
  if (typeof info.estimatedTime === "number") return true;
  return /currently loading|is loading|scaled to zero|initiali[sz]ing|cold start/i.test(info.message ?? "");
}

async function readErrorBody(response: Response, watch: IdleWatch, t: Transport): Promise<ErrorBody> {
  let text = "";
  try {
    text = new TextDecoder().decode(await readBytes(response, watch, t, MAX_ERROR_BODY));
  } catch {
    if (t.scope.signal.aborted) throw t.scope.signal.reason;
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
  return { body: typeof body === "string" ? body.slice(0, 4096) : body, message, estimatedTime: est };
}

/** The provider's own error text from the many shapes providers use. */
export function extractMessage(body: JsonLike | undefined, contentType = ""): string | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") {
    const s = body.trim();
    if (!s) return undefined;
    if (/html/i.test(contentType) || /^<(!doctype|html)/i.test(s)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(s) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(s);
      return title?.[1]?.trim().replace(/\s+/g, " ") || undefined;
    }
    return s.length > 500 ? `${s.slice(0, 500)}…` : s;
  }
  if (typeof body !== "object" || Array.isArray(body)) return undefined;
  const pick = (v: JsonLike | undefined): string | undefined => {
    if (typeof v === "string" && v.trim()) return v.trim();
    if (Array.isArray(v)) {
      const parts = v.map((x) => pick(x)).filter(Boolean);
      return parts.length ? parts.join("; ") : undefined;
    }
    if (v && typeof v === "object") return pick(v.message) ?? pick(v.msg) ?? pick(v.detail) ?? pick(v.error);
    return undefined;
  };
  return (
    pick(body.error) ?? pick(body.message) ?? pick(body.detail) ?? pick(body.errors) ?? pick(body.title) ?? undefined
  );
}

/** Summary of a request body as stored on errors: parsed JSON, or a placeholder for binary bodies. */
export function bodySummary(body: WireRequest["body"]): JsonLike | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as JsonLike;
    } catch {
      return body.length > 4096 ? `${body.slice(0, 4096)}…` : body;
    }
  }
  if (typeof FormData !== "undefined" && body instanceof FormData) return "[FormData]";
  return "[Blob or ArrayBuffer]";
}

function describeRequest(req: WireRequest, t: Transport): HttpRequest {
  const summary = bodySummary(req.body);
  const out: HttpRequest = {
    url: scrub(req.url, t.secrets),
    method: req.method ?? "POST",
    headers: redactHeaders(req.headers),
  };
  if (summary !== undefined) out.body = summary;
  return out;
}

function httpError(
  req: WireRequest,
  response: Response,
  info: ErrorBody,
  t: Transport,
): InferenceClientProviderApiError | InferenceClientHubApiError {
  const { provider, model } = t.scope.meta;
  const requestId = requestIdOf(response.headers);
  const status = response.status;
  const what = t.hub ? "Hugging Face Hub" : `Provider ${provider}`;
  const reason = info.message ?? (response.statusText || "no error message");
  const message = scrub(
    `${what} returned HTTP ${status} for model ${model || "(none)"}: ${reason}` +
      (requestId ? ` (request id ${requestId})` : ""),
    t.secrets,
  );
  const Cls = t.hub ? InferenceClientHubApiError : InferenceClientProviderApiError;
  return new Cls(
    message,
    describeRequest(req, t),
    { requestId, status, body: scrubJson(info.body, t.secrets) },
    {
      provider,
      model,
      retryable: isRetryableStatus(status),
      providerMessage: info.message ? scrub(info.message, t.secrets) : undefined,
    },
  );
}

/** An error event inside a stream: the provider's failure, reported after a 200. */
export function streamApiError(payload: JsonLike, answer: Answer, t: Transport): InferenceClientProviderApiError {
  const { provider, model } = t.scope.meta;
  const msg = extractMessage(payload) ?? "error event in stream";
  const status =
    payload && typeof payload === "object" && !Array.isArray(payload)
      ? Number((payload.error as { code?: unknown } | undefined)?.code ?? payload.status ?? payload.code) || 0
      : 0;
  return new InferenceClientProviderApiError(
    scrub(`Provider ${provider} sent an error while streaming model ${model}: ${msg}`, t.secrets),
    describeRequest(answer.request, t),
    {
      requestId: requestIdOf(answer.response.headers),
      status: status >= 400 && status < 600 ? status : answer.response.status,
      body: scrubJson(payload, t.secrets),
    },
    {
      provider,
      model,
      retryable: status >= 400 ? isRetryableStatus(status) : false,
      providerMessage: scrub(msg, t.secrets),
    },
  );
}

function connectionError(e: unknown, req: WireRequest, t: Transport, midBody = false): InferenceClientConnectionError {
  const { provider, model } = t.scope.meta;
  const cause = scrubCause(e, t.secrets);
  const detail = cause instanceof Error ? (causeText(cause) ?? cause.message) : String(cause);
  const url = scrub(req.url, t.secrets);
  return new InferenceClientConnectionError(
    `${midBody ? "Connection closed before the response was complete" : "Could not reach"} ${url} (provider ${provider}, model ${model || "(none)"}): ${detail}`,
    { url, provider, model, cause },
  );
}

function causeText(e: Error): string | undefined {
  const c = (e as { cause?: unknown }).cause;
  if (c instanceof Error) return `${e.message} (${(c as { code?: string }).code ?? c.message})`;
  return undefined;
}

/** Maps a failure while reading a body to the error the caller should see. */
export function readFailure(e: unknown, answer: Answer, t: Transport): unknown {
  if (t.scope.signal.aborted) return t.scope.signal.reason;
  if (answer.watch.fired) return new InferenceClientTimeoutError("idle", t.idleTimeout, t.scope.meta);
  if (e instanceof InferenceClientProviderOutputError) return e;
  return connectionError(e, answer.request, t, true);
}

/** Reads a whole body (resetting the idle watch on every chunk), up to `limit` bytes. */
async function readBytes(response: Response, watch: IdleWatch, t: Transport, limit = Infinity): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      watch.touch();
      chunks.push(r.value);
      size += r.value.byteLength;
      if (size >= limit) break;
    }
    complete = true;
  } finally {
    // Cancel whatever was not read (a cut-short error body, an abort) so the socket is freed.
    if (!complete || size >= limit) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/** Reads the whole body of an answer. */
export async function readAnswerBytes(answer: Answer, t: Transport): Promise<Uint8Array> {
  try {
    return await readBytes(answer.response, answer.watch, t);
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
    const { provider, model } = t.scope.meta;
    throw new InferenceClientProviderOutputError(
      `Provider ${provider} returned a body that is not valid JSON for model ${model}: ${JSON.stringify(text.slice(0, 200))}`,
      { provider, model, cause: e },
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

/** Replaces every secret in `text` with "[redacted]". */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join("[redacted]");
  return out;
}

function scrubJson(v: JsonLike, secrets: string[]): JsonLike {
  if (!secrets.length) return v;
  const s = JSON.stringify(v);
  if (!secrets.some((x) => x && s.includes(x))) return v;
  return JSON.parse(scrub(s, secrets)) as JsonLike;
}

/** A cause that mentions a secret (a fetch error quoting a header value) is replaced by a scrubbed copy. */
function scrubCause(e: unknown, secrets: string[]): unknown {
  if (!(e instanceof Error)) return e;
  const text = `${e.message}\n${e.stack ?? ""}`;
  if (!secrets.some((s) => s && text.includes(s))) return e;
  const copy = new Error(scrub(e.message, secrets));
  copy.name = e.name;
  copy.stack = scrub(e.stack ?? "", secrets);
  return copy;
}
