/**
 * The one place that touches the network. Every request of every task (inference, Hub look-ups, job
 * polls, media downloads) goes through `send`, which owns the attempts, timeouts and abort; its parts
 * live beside it: the retry policy (retry.ts), the wait between attempts (wait.ts), redirects and the URL
 * policy (redirect.ts), body reading with its caps (body.ts) and the errors built from answers
 * (http-error.ts).
 *
 * Secrecy: every error built here passes through `scrub` (messages, URLs, bodies) and `cleanError`
 * (causes, whole chains), with the access token and the value of every credential header of the
 * request as the secrets; request headers are stored redacted.
 */
import {
  InferenceClientConnectionError,
  type InferenceClientError,
  InferenceClientInputError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
} from "../errors.js";
import { scrub } from "../lib/secrets.js";
import { readErrorBody } from "./body.js";
import { connectionError, httpError, type ErrorBody } from "./http-error.js";
import { fetchFollowing, refused, urlRefusal } from "./redirect.js";
import { describeRequest, requestIdOf, safely, secretsOf } from "./request-info.js";
import { decide, isLoading, type FailureKind, type RetryInput } from "./retry.js";
import { IdleWatch, now } from "./scope.js";
import type { Answer, Transport, WireRequest } from "./types.js";
import { refusedUrl } from "./url-policy.js";
import { waitToRetry } from "./wait.js";

// The transport's surface for the layers above, from the parts it is made of.
export { scrub };
export type { Transport, TransportLimiter, WireRequest } from "./types.js";
export { safely, secretsOf } from "./request-info.js";
export { isCutOrStall } from "./http-error.js";
export { BODY_READERS, MAX_FILE_BYTES, readAnswerBytes, readJson } from "./body.js";

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

type Reader<T> = (answer: Answer, t: Transport) => Promise<T>;

/**
 * How one attempt ended: with its value (the answer, or what `read` made of it), or with an error and what
 * the retry policy needs to know of it.
 */
type Outcome<T> =
  | { ok: true; value: Answer | T }
  | ({ ok: false; error: unknown; status?: number } & Pick<RetryInput, "failure" | "headers" | "loading">);

/**
 * `send` without `read`, `sendAndRead` with it (one function: the two names only type it). Every attempt
 * that fails goes to the retry policy (retry.ts), whose decision is acted on as it is.
 */
async function exchange<T>(req: WireRequest, t: Transport, read?: Reader<T>): Promise<Answer | T> {
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
  const budget = t.retryBudget;
  let retries = 0;
  let loadingWaits = 0;
  let cost: number | undefined;
  for (;;) {
    // An aborted call sends nothing more.
    if (scope.aborted) throw scope.reason;
    const out = await attempt(req, t, read, retries + loadingWaits + 1);
    if (out.ok) {
      // Only the call's own request earns: Hub look-ups, polls and downloads succeed many times per call, and
      // would refill the bucket during a provider's outage. (Their retries still spend.)
      if (!t.hub && !req.external) budget?.earn(cost);
      return out.value;
    }
    const decision = decide({
      failure: out.failure,
      status: out.status,
      headers: out.headers,
      loading: out.loading && { ...out.loading, waits: loadingWaits },
      retries,
      maxRetries: t.maxRetries,
      remainingMs: scope.remaining(),
      budget,
    });
    if (!decision.retry) {
      // The client's budget refused: the error says so (other refusals are told by the error itself).
      if (decision.reason === "budget-spent") (out.error as InferenceClientError).notRetried = decision.reason;
      throw out.error;
    }
    // A cost of 0 (`retryCost: 0`) is a cost too: the success after it gives back 0, not `refill`.
    if (decision.cost !== undefined) budget?.spend((cost = decision.cost));
    const n = decision.loading ? ++loadingWaits : ++retries;
    await waitToRetry(t, { attempt: n, delayMs: decision.waitMs!, status: out.status, error: out.error });
  }
}

/**
 * The kind of failure of what fetch threw (`fetching`: anything but a typed error is a connection failure;
 * `fired`: the idle watch fired) or of what `read` threw (typed errors only).
 */
function failureOf(
  e: unknown,
  scope: Transport["scope"],
  fired?: boolean,
  fetching = fired !== undefined,
): FailureKind {
  return scope.aborted
    ? "aborted"
    : e instanceof InferenceClientInputError
      ? "input"
      : e instanceof InferenceClientProviderOutputError
        ? "output"
        : fired
          ? "idle"
          : fetching || e instanceof InferenceClientConnectionError
            ? "connection"
            : e instanceof InferenceClientTimeoutError && e.kind === "idle"
              ? "idle"
              : "output";
}

/**
 * The request id of an answer, found when asked for. Made outside `attempt`, so that the function keeps the
 * answer's headers, the request's headers and the secrets list, and nothing else of the attempt (a closure made
 * inside it would keep all of the attempt's variables, its response and controller included, for as long as
 * the result lives).
 */
function requestIdLater(headers: Headers, sent: WireRequest["headers"], secrets: Transport["secrets"]): () => string {
  return () => scrub(requestIdOf(headers), secretsOf({ headers: sent } as WireRequest, { secrets }));
}

/** One attempt: the request sent (redirects followed by hand), the answer read or its failure described. */
async function attempt<T>(req: WireRequest, t: Transport, read: Reader<T> | undefined, n: number): Promise<Outcome<T>> {
  const scope = t.scope;
  // Without client-wide limits, no wait at all (not even a microtask).
  const free = t.limiter && (await t.limiter.acquire(t, req));
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
    safely(t.onRequest, { ...describeRequest(req, secretsOf(req, t)), provider, model, attempt: n });
  }
  try {
    response = await fetchFollowing(req, t, ctrl, watch, (p) => (pending = p));
  } catch (e) {
    done();
    // Whatever such a fetch answers later is discarded, its body cancelled.
    pending?.then((r) => r?.body?.cancel().catch(() => {})).catch(() => {});
    // A refused redirect is the provider's answer, and a caller's fetch that answers no Response is the
    // caller's fault: the policy retries neither. Anything else thrown by fetch is a connection failure.
    const failure = failureOf(e, scope, watch.fired);
    const error =
      failure === "aborted"
        ? scope.reason
        : failure === "idle"
          ? ctrl.signal.reason
          : failure === "connection"
            ? connectionError(e, req, t)
            : e;
    return { ok: false, error, failure };
  }
  // Headers are a sign of life too.
  watch.touch();

  if (response.ok) {
    // Who served a routed call: kept for the output errors of this attempt.
    const served = response.headers.get("x-inference-provider");
    if (served) scope.meta.servedBy = scrub(served, secretsOf(req, t));
    if (own) {
      scope.meta.t1 ??= now();
      // Found when asked for (`metaOf`, the hooks): ten header look-ups and a scrub on every call otherwise.
      scope.meta.requestId = requestIdLater(response.headers, req.headers, t.secrets);
    }
    const answer: Answer = { response, watch, done, request: req, signal: ctrl.signal };
    if (!read) return { ok: true, value: answer };
    try {
      return { ok: true, value: await read(answer, t) };
    } catch (e) {
      answer.done();
      const failure = failureOf(e, scope);
      return { ok: false, error: failure === "aborted" ? scope.reason : e, failure, status: response.status };
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
  const { status, headers } = response;
  const loading = isLoading(req.errors?.loading, status, info.estimatedTime, info.message);
  return {
    ok: false,
    error: httpError(req, response, info, t),
    failure: "status",
    status,
    headers,
    loading: loading ? { waits: 0, estimatedTime: info.estimatedTime } : undefined,
  };
}
