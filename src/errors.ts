/**
 * Error classes. The names and the `httpRequest` / `httpResponse` fields match `@huggingface/inference`,
 * so `instanceof` checks written for it keep working; the extra fields (`status`, `provider`, `model`,
 * `requestId`, `retryable`, `providerMessage`) are what a caller needs to act on a failure.
 *
 * Secrecy: errors never hold the access token. Request headers are stored redacted (every credential
 * header, whatever its scheme), request bodies never carry credentials, and messages are built from
 * provider, model, status and the provider's own message only. Nothing foreign is kept as it is: a
 * `cause` that is not one of these errors, and the request and response bodies, are stored as snapshots
 * (see lib/secrets.ts: fresh null-prototype objects, bounded, without getters, Maps, symbols or cycles),
 * scrubbed of the call's secrets by the code that builds the error.
 */
import { snapshot } from "./lib/secrets.js";

/** A JSON-like value as stored on an error. */
export type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };

/** What was sent, with every credential redacted. */
export interface HttpRequest {
  /** The URL sent to, scrubbed of secrets. */
  url: string;
  /** The HTTP method ("POST", "GET"). */
  method: string;
  /** The request headers, every credential header redacted (its scheme word kept: "Bearer [redacted]"). */
  headers?: Record<string, string>;
  /** The request body: parsed JSON (scrubbed), or a placeholder for binary and multipart bodies. */
  body?: JsonLike;
}

/** What came back. `body` is parsed JSON when it was JSON, else text (trimmed to a safe length). */
export interface HttpResponse {
  /** The request id the service returned (`x-request-id` or its equivalent), or "". */
  requestId: string;
  /** The HTTP status. */
  status: number;
  /** The answer's body: parsed JSON when it was JSON, else text (cut to a safe length); scrubbed. */
  body: JsonLike;
}

/**
 * The key of each error class's brand: a static string naming the class ("RateLimitError"), the same in
 * every copy of this library (its ESM and CJS builds loaded side by side, two installed versions), so that
 * `instanceof` and `isInstance` recognise an error thrown by another copy.
 *
 * A string key, not `Symbol.for("unified-inference.error")`: a class field whose computed key is a variable
 * (`static [BRAND] = ...`) may have side effects as far as bundlers can tell, so they keep every error class
 * in every bundle, used or not (the bundle-size test measures that); a string key keeps the classes
 * tree-shakeable and is just as global as a registered symbol.
 */
const BRAND = "unified-inference.error";

/**
 * Whether `x` is an instance of `cls`, or of a class of another copy of this library with the same brand:
 * some object on `x`'s prototype chain has a constructor with that brand (own or inherited, which is then
 * the brand of an ancestor on the same chain). A class without a brand of its own (a caller's subclass)
 * gets the ordinary prototype check.
 */
function branded(x: unknown, cls: object): boolean {
  if (!Object.hasOwn(cls, BRAND)) return Function.prototype[Symbol.hasInstance].call(cls, x);
  const want = (cls as Record<string, unknown>)[BRAND];
  for (let p: any = x; p != null; p = Object.getPrototypeOf(p)) if (p.constructor?.[BRAND] === want) return true;
  return false;
}

/**
 * Base class of every error this library throws. `instanceof` on it and on each subclass also recognises
 * errors of another copy of this library (the ESM and CJS builds, two installed versions): see `isInstance`.
 */
export abstract class InferenceClientError extends Error {
  /**
   * Set when a failure that could have been retried was not because the client's retry budget was spent
   * (`retryBudget`: an outage seen across many calls), so the call failed at once: "budget-spent".
   */
  declare notRetried?: "budget-spent";

  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static readonly "unified-inference.error": string = "Error";

  /** `instanceof`: true for an instance of this class, from this copy of the library or another. */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, this);
  }

  /**
   * Whether `x` is an error of this class (or a subclass), thrown by this copy of the library or another
   * (the ESM and CJS builds, two installed versions). The same as `instanceof`, as a type guard.
   */
  static isInstance<T extends abstract new (...args: any) => any>(this: T, x: unknown): x is InstanceType<T> {
    return branded(x, this);
  }

  constructor(message: string, options?: { cause?: unknown }) {
    // A cause of this library is clean by construction; anything else is kept as a snapshot.
    const cause = options?.cause;
    super(
      message,
      options && "cause" in options
        ? { cause: cause instanceof InferenceClientError ? cause : snapshot(cause) }
        : undefined,
    );
    this.name = "InferenceClientError";
  }
}

/** Bad or missing arguments, found before any request is sent. */
export class InferenceClientInputError extends InferenceClientError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "InputError";
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** No route can serve the call as asked (for example "auto" routing without a Hugging Face token). */
export class InferenceClientRoutingError extends InferenceClientError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "RoutingError";
  /** Every attempt made when `provider` was a list or `fallback` was on. */
  attempts?: unknown[];
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RoutingError";
  }
}

/** Details shared by the HTTP errors. */
export interface HttpErrorDetails {
  /** The provider that answered. */
  provider?: string;
  /** The model asked for. */
  model?: string;
  /** Whether trying again later may succeed; default: by the status (408, 409, 429, 5xx). */
  retryable?: boolean;
  /** The provider's own error text. */
  providerMessage?: string;
  /** The provider that served the call, from the router's `x-inference-provider` answer header. */
  servedBy?: string;
  /** The failure behind this one (kept as a snapshot unless it is one of these errors). */
  cause?: unknown;
}

abstract class InferenceClientHttpRequestError extends InferenceClientError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "HttpRequestError";
  /** What was sent, every credential redacted (the same field as `@huggingface/inference` errors have). */
  declare httpRequest: HttpRequest;
  /** What came back (the same field as `@huggingface/inference` errors have). */
  declare httpResponse: HttpResponse;
  /** HTTP status of the failed response. */
  declare status: number;
  /** The request id the service returned (`x-request-id` or its equivalent), or "". */
  declare requestId: string;
  /** Provider that answered ("hf-inference" for Inference Endpoints and local servers). */
  declare provider?: string;
  /** Model asked for. */
  declare model?: string;
  /** Whether trying again later may succeed (408, 409, 429, 5xx). */
  declare retryable: boolean;
  /** The provider's own error text, when it gave one. */
  declare providerMessage?: string;
  /**
   * The provider that actually served the call, as the router's `x-inference-provider` answer header says
   * (the only way to know it for "auto" and policy calls); undefined when the answer did not say.
   */
  declare servedBy?: string;

  constructor(message: string, httpRequest: HttpRequest, httpResponse: HttpResponse, details: HttpErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    const { body, ...rest } = httpRequest;
    this.httpRequest = { ...rest, headers: redactHeaders(httpRequest.headers) };
    if (body !== undefined) this.httpRequest.body = snapshot(body) as JsonLike;
    this.httpResponse = { ...httpResponse, body: snapshot(httpResponse.body) as JsonLike };
    this.status = httpResponse.status;
    this.requestId = httpResponse.requestId;
    this.provider = details.provider;
    this.model = details.model;
    this.retryable = details.retryable ?? isRetryableStatus(httpResponse.status);
    this.providerMessage = details.providerMessage;
    this.servedBy = details.servedBy;
  }
}

/**
 * The provider answered with an error status, or an error inside a stream. Errors of the common statuses
 * are of a subclass (`InferenceClientBadRequestError`, `InferenceClientAuthenticationError`,
 * `InferenceClientPermissionDeniedError`, `InferenceClientNotFoundError`, `InferenceClientRateLimitError`,
 * `InferenceClientServerError`), all with the `name` "ProviderApiError" of this class.
 */
export class InferenceClientProviderApiError extends InferenceClientHttpRequestError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "ProviderApiError";
  constructor(message: string, httpRequest: HttpRequest, httpResponse: HttpResponse, details?: HttpErrorDetails) {
    super(message, httpRequest, httpResponse, details);
    this.name = "ProviderApiError";
  }

  /** The class a provider's API error with this HTTP status gets: its subclass, or this class for other statuses. */
  static classFor(status: number): typeof InferenceClientProviderApiError {
    return status === 400 || status === 422
      ? InferenceClientBadRequestError
      : status === 401
        ? InferenceClientAuthenticationError
        : status === 403
          ? InferenceClientPermissionDeniedError
          : status === 404
            ? InferenceClientNotFoundError
            : status === 429
              ? InferenceClientRateLimitError
              : status >= 500 && status < 600
                ? InferenceClientServerError
                : InferenceClientProviderApiError;
  }
}

/**
 * The provider refused the request as malformed (HTTP 400) or as well-formed but invalid (422): a wrong
 * parameter, a prompt too long for the model, an unknown model id on the provider's side. Sending the same
 * request again will fail the same way.
 */
export class InferenceClientBadRequestError extends InferenceClientProviderApiError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "BadRequestError";
}

/** The provider refused the credential (HTTP 401): a missing, wrong, expired or revoked token or key. */
export class InferenceClientAuthenticationError extends InferenceClientProviderApiError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "AuthenticationError";
}

/**
 * The credential is valid but may not do this (HTTP 403): a token without the inference permission, a
 * gated model not accepted, an organisation that may not be billed.
 */
export class InferenceClientPermissionDeniedError extends InferenceClientProviderApiError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "PermissionDeniedError";
}

/** The provider does not know the model or route asked for (HTTP 404). */
export class InferenceClientNotFoundError extends InferenceClientProviderApiError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "NotFoundError";
}

/**
 * The provider is rate limiting the caller (HTTP 429). Retried (see `maxRetries`), waiting as long as the
 * provider's `Retry-After` asks when it says; this error means the retries did not get through.
 */
export class InferenceClientRateLimitError extends InferenceClientProviderApiError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "RateLimitError";
}

/**
 * The provider failed (HTTP 5xx: an internal error, a bad gateway, unavailable, a gateway timeout). Retried
 * for 500, 502, 503 and 504; this error means the retries did not get through (or the status is not one
 * worth retrying, such as 501).
 */
export class InferenceClientServerError extends InferenceClientProviderApiError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "ServerError";
}

/** The Hugging Face Hub (model mappings, default models) answered with an error. */
export class InferenceClientHubApiError extends InferenceClientHttpRequestError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "HubApiError";
  constructor(message: string, httpRequest: HttpRequest, httpResponse: HttpResponse, details?: HttpErrorDetails) {
    super(message, httpRequest, httpResponse, details);
    this.name = "HubApiError";
  }
}

/** The provider answered 2xx with something that is not the expected shape (or a job failed). */
export class InferenceClientProviderOutputError extends InferenceClientError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "ProviderOutputError";
  /** The provider that answered. */
  declare provider?: string;
  /** The model asked for. */
  declare model?: string;
  /** The provider that served the call, from the router's `x-inference-provider` answer header. */
  declare servedBy?: string;
  constructor(
    message: string,
    details: { provider?: string; model?: string; servedBy?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ProviderOutputError";
    this.provider = details.provider;
    this.model = details.model;
    this.servedBy = details.servedBy || undefined;
  }
}

/** The call ran past `timeout`, or a live connection was silent past `idleTimeout`. */
export class InferenceClientTimeoutError extends InferenceClientError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "TimeoutError";
  /** "total" for `timeout`, "idle" for `idleTimeout`. */
  declare kind: "total" | "idle";
  /** The limit that was reached, in milliseconds. */
  declare timeoutMs: number;
  /** The provider the call was at when the limit was reached. */
  declare provider?: string;
  /** The model asked for. */
  declare model?: string;
  constructor(kind: "total" | "idle", timeoutMs: number, details: { provider?: string; model?: string } = {}) {
    const what = kind === "total" ? "timeout" : "idleTimeout";
    super(
      `${kind === "total" ? "Call" : "Connection"} exceeded ${what} of ${timeoutMs} ms` +
        (details.provider ? ` (provider ${details.provider}${details.model ? `, model ${details.model}` : ""})` : ""),
    );
    this.name = "TimeoutError";
    this.kind = kind;
    this.timeoutMs = timeoutMs;
    this.provider = details.provider;
    this.model = details.model;
  }
}

/** The connection failed (DNS, refused, reset, cut mid-body). The original failure is `cause`. */
export class InferenceClientConnectionError extends InferenceClientError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "ConnectionError";
  /** The provider the connection was for. */
  declare provider?: string;
  /** The model asked for. */
  declare model?: string;
  /** The URL that could not be reached (scrubbed of secrets). */
  declare url: string;
  /** Always true: a connection failure may pass on another try. */
  declare retryable: boolean;
  constructor(message: string, details: { url: string; provider?: string; model?: string; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = "ConnectionError";
    // In the order the fields were declared before (own-property order shows in inspection output).
    this.provider = details.provider;
    this.model = details.model;
    this.url = details.url;
    this.retryable = true;
  }
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);
/** Statuses worth retrying: timeouts, conflicts, rate limits and server failures. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status);
}

/**
 * Header names that carry a credential, whatever the provider calls it: `Authorization` (Bearer, fal
 * `Key`, `X-Key`...), black-forest-labs `X-Key`, `x-api-key`, `api-key`, cookies, and any name that
 * speaks of a key, token, secret, password, signature or session.
 */
const SECRET_HEADER = /key|token|secret|passw|auth|cookie|credential|signature|session/i;

/** A call refused before sending anything: the meter's estimated spend reached its `budgetUsd`. */
export class InferenceClientBudgetError extends InferenceClientError {
  /** The brand that `instanceof` and `isInstance` check, so errors are recognised across copies of the library. */
  static override readonly "unified-inference.error": string = "BudgetError";
  /** The meter's estimated spend so far, in US dollars. */
  declare spentUsd: number;
  /** The meter's `budgetUsd`. */
  declare budgetUsd: number;
  constructor(spentUsd: number, budgetUsd: number) {
    super(`Budget reached: an estimated $${spentUsd} spent of $${budgetUsd} (budgetUsd); no request was sent`);
    this.name = "BudgetError";
    this.spentUsd = spentUsd;
    this.budgetUsd = budgetUsd;
  }
}

/** Whether a header of this name carries a credential (its value is never stored or shown). */
export function isCredentialHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/** Scheme words kept in a redacted header: they say how the credential was sent, not what it is. */
const AUTH_SCHEME = /^(Bearer|Basic|Digest|Key|X-Key|Token|Api-?Key|OAuth|Negotiate)\s+\S/i;

/** Copy of `headers` with every credential masked; the auth scheme word (Bearer, Key, X-Key) is kept. */
export function redactHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return headers;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (SECRET_HEADER.test(k)) {
      const scheme = AUTH_SCHEME.exec(String(v));
      out[k] = scheme ? `${scheme[1]} [redacted]` : "[redacted]";
    } else out[k] = v;
  }
  return out;
}
