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
import { InferenceClientInputError, InferenceClientProviderOutputError } from "../errors.js";
import { scrub } from "../lib/secrets.js";
import { readErrorBody } from "./body.js";
import { connectionError, httpError, isCutOrStall, type ErrorBody } from "./http-error.js";
import { redirectOf, refused, urlRefusal } from "./redirect.js";
import { describeRequest, requestIdOf, safely, secretsOf } from "./request-info.js";
import { computeRetryDelay, isLoading, loadingDelay, MAX_LOADING_WAITS } from "./retry.js";
import { IdleWatch, now, untilAborted } from "./scope.js";
import type { Answer, Transport, WireRequest } from "./types.js";
import { refusedUrl } from "./url-policy.js";
import { backOff as wait } from "./wait.js";

// The transport's surface for the layers above, from the parts it is made of.
export { scrub };
export type { Answer, Transport, TransportLimiter, WireRequest } from "./types.js";
export { requestIdOf, safely, secretsOf } from "./request-info.js";
export { cleanError, extractMessage, isCutOrStall, streamApiError } from "./http-error.js";
export {
  BODY_READERS,
  BodyReader,
  MAX_ERROR_BODY,
  MAX_FILE_BYTES,
  MAX_TEXT_BYTES,
  readAnswerBytes,
  readAuto,
  readBlob,
  readFailure,
  readJson,
} from "./body.js";
export { retryWait } from "./wait.js";

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
  const backOff = (error: unknown, status: number | undefined, delayMs: number, attempt: number) =>
    wait(t, error, status, delayMs, attempt);
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
    if (
      t.maxRetries > 0 &&
      isLoading(response.status, info.estimatedTime, info.message) &&
      loadingWaits < MAX_LOADING_WAITS
    ) {
      // A model being loaded, or an endpoint scaled to zero: wait for it within the deadline, without
      // spending the retry budget meant for real failures.
      if (await backOff(err, response.status, loadingDelay(response.headers, info.estimatedTime), loadingWaits + 1)) {
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
