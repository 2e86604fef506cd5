/**
 * What the transport says about a request: its description as stored on errors and shown to `onRequest`
 * (scrubbed, credential headers redacted), the secrets to scrub for it, and the request id of an answer.
 */
import { isCredentialHeader, redactHeaders, type HttpRequest, type JsonLike } from "../errors.js";
import { scrub, snapshot } from "../lib/secrets.js";
import type { Transport, WireRequest } from "./types.js";

/** Error bodies that are not JSON are stored up to this many characters. */
export const MAX_STORED_TEXT = 4096;

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

/** Calls a caller's hook; what it throws never breaks the call. */
export function safely<A extends unknown[]>(hook: (...a: A) => unknown, ...a: A): void {
  try {
    hook(...a);
  } catch {
    // A hook's failure is the caller's, not the call's.
  }
}

/** `s` cut to `n` characters, with an ellipsis when cut. */
export function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
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

/** The request as stored on an error and shown to `onRequest`: scrubbed, credential headers redacted. */
export function describeRequest(req: WireRequest, secrets: string[]): HttpRequest {
  const summary = bodySummary(req.body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(redactHeaders(req.headers) ?? {})) headers[k] = scrub(v, secrets);
  const out: HttpRequest = { url: scrub(req.url, secrets), method: req.method ?? "POST", headers };
  if (summary !== undefined) out.body = snapshot(summary, secrets) as JsonLike;
  return out;
}
