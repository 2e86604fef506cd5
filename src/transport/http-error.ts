/**
 * The errors the transport builds: API errors from failed answers (and error events inside streams),
 * connection errors, and output errors. Every part of each is scrubbed of the call's secrets (the access
 * token and the value of every credential header of the request); causes are kept as scrubbed snapshots.
 */
import {
  InferenceClientConnectionError,
  InferenceClientHubApiError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  isRetryableStatus,
  type JsonLike,
} from "../errors.js";
import { scrub, snapshot } from "../lib/secrets.js";
import { cut, describeRequest, MAX_STORED_TEXT, requestIdOf, secretsOf } from "./request-info.js";
import { providerName } from "./scope.js";
import type { Answer, Transport, WireRequest } from "./types.js";

/** The provider's message is cut to this many characters. */
const MAX_MESSAGE = 1000;

/**
 * A copy of a foreign error (or any value) with every secret scrubbed: a snapshot (lib/secrets.ts), so
 * nothing it hides in a Map, a getter, a symbol or hidden field, a cycle or a long cause chain is kept.
 */
export const cleanError: (e: unknown, secrets: string[]) => unknown = snapshot;

/** What an error answer said: its body (parsed JSON, else text), the message found in it, a loading estimate. */
export interface ErrorBody {
  body: JsonLike;
  message?: string;
  /** `estimated_time` (seconds) of a model being loaded, when the body gives one. */
  estimatedTime?: number;
}

/** A connection that failed or went silent (not an HTTP answer): worth another attempt or provider. */
export function isCutOrStall(e: unknown): boolean {
  return e instanceof InferenceClientConnectionError || (e instanceof InferenceClientTimeoutError && e.kind === "idle");
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

/** An error answer's text (already scrubbed) read as an {@link ErrorBody}. */
export function errorBodyOf(text: string, type: string): ErrorBody {
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

/** The API error of a failed answer: "Provider x returned HTTP s for model m: reason". */
export function httpError(
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
  const Cls = t.hub ? InferenceClientHubApiError : InferenceClientProviderApiError.classFor(status);
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

/** A failed connection (or one cut mid-body), its cause kept as a scrubbed snapshot. */
export function connectionError(
  e: unknown,
  req: WireRequest,
  t: Transport,
  midBody = false,
): InferenceClientConnectionError {
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

/** An output error of the provider (or the Hub) for the call's model: "Provider x {what} for model m". */
export function outputError(t: Transport, what: string): InferenceClientProviderOutputError {
  const { provider, model } = t.scope.meta;
  const servedBy = t.hub ? undefined : t.scope.meta.servedBy;
  const who = t.hub ? "Hugging Face Hub" : providerName(t.scope.meta);
  return new InferenceClientProviderOutputError(scrub(`${who} ${what} for model ${model || "(none)"}`, t.secrets), {
    provider,
    model,
    servedBy,
  });
}
