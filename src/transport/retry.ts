/**
 * The retry policy, pure: `decide` takes what ended an attempt (an answer's status and headers, a failed or
 * silent connection, the caller's abort...), the retries spent, the call's deadline and the client's retry
 * budget, and returns whether to send again, after how long, and why. The send loop (http.ts) only acts on
 * the decision, so every rule is here and the table in test/retry-policy.test.ts checks them without sleeping.
 */
import { isRetryableStatus } from "../errors.js";

export const BASE_DELAY_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Delay the server asked for, from `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an
 * HTTP date). Values outside 0..60 s are ignored (a server asking for an hour is not waited for blindly).
 */
export function retryAfterMs(headers: Headers | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0 && v <= MAX_RETRY_AFTER_MS) return v;
  }
  const ra = headers.get("retry-after");
  if (ra !== null && ra.trim() !== "") {
    const s = ra.trim();
    let v: number;
    if (/^\d+(\.\d+)?$/.test(s)) v = Number(s) * 1000;
    else {
      // An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"); anything else (a negative number...) is ignored.
      if (!/[a-z]/i.test(s)) return undefined;
      const t = Date.parse(s);
      if (Number.isNaN(t)) return undefined;
      v = Math.max(0, t - nowMs);
    }
    if (v >= 0 && v <= MAX_RETRY_AFTER_MS) return v;
  }
  return undefined;
}

/**
 * Exponential backoff with jitter: 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s... each reduced by up to 25 % at
 * random so that many clients failing together do not retry in lock-step.
 * @param retry 1 for the first retry.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * What ended an attempt: an HTTP answer with an error status ("status"), a connection that failed or was
 * cut ("connection"), a connection silent past `idleTimeout` ("idle"), the caller's signal or the call's
 * deadline ("aborted"), an answer that is wrong whatever is tried (a refused redirect, a body that is not
 * JSON or too big: "output"), or the caller's own fault (a `fetch` that answers no Response: "input").
 */
export type FailureKind = "status" | "connection" | "idle" | "aborted" | "output" | "input";

/** What the policy decides on. */
export interface RetryInput {
  failure: FailureKind;
  /** The answer's status ("status" failures). */
  status?: number;
  /** The answer's headers (`Retry-After`, `retry-after-ms`). */
  headers?: Headers;
  /** Retries spent so far in this call (loading waits not counted). */
  retries: number;
  /** Retries allowed (0: `retry_on_error: false`). */
  maxRetries: number;
  /** Time left before the call's deadline, in ms (default: no deadline). */
  remainingMs?: number;
  /** Part of the answer already reached the caller (a stream's events): never sent again. */
  started?: boolean;
  /**
   * The answer matched the provider's loading rule (a model being loaded, an endpoint scaled to zero):
   * loading waits made so far in this call and the server's estimate (seconds).
   */
  loading?: { waits: number; estimatedTime?: number };
  /** The client's retry budget (budget.ts): tokens left, and what a retry costs. Absent: no budget. */
  budget?: { left: number; retryCost: number; timeoutCost: number };
  /** Now, for `Retry-After` dates (default `Date.now()`). */
  nowMs?: number;
  /** Jitter source for backoff (default `Math.random`). */
  random?: () => number;
}

/**
 * Why the policy decided as it did: a retry after the wait the server asked for ("retry-after"), after
 * backoff ("backoff") or for a loading model ("loading"); no retry because the call was aborted
 * ("aborted"), the caller's fetch is at fault ("caller-fault"), the answer is wrong whatever is tried
 * ("bad-answer"), the stream already started ("stream-started"), retries are off ("retries-off"), the
 * status will not pass ("not-retryable"), the retries are spent ("retries-exhausted"), the wait would pass
 * the call's deadline ("past-deadline") or the client's retry budget is spent ("budget-spent").
 */
export type RetryReason =
  | "retry-after"
  | "backoff"
  | "loading"
  | "aborted"
  | "caller-fault"
  | "bad-answer"
  | "stream-started"
  | "retries-off"
  | "not-retryable"
  | "retries-exhausted"
  | "past-deadline"
  | "budget-spent";

/** What the policy decided, and why. */
export interface RetryDecision {
  retry: boolean;
  reason: RetryReason;
  /** How long to wait before sending again (when `retry`). */
  waitMs?: number;
  /** Budget tokens the retry spends (when `retry` and the client has a budget). */
  cost?: number;
  /** A loading wait: counted against {@link MAX_LOADING_WAITS}, not against the retries or the budget. */
  loading?: boolean;
}

const no = (reason: RetryReason): RetryDecision => ({ retry: false, reason });

/** Whether and when to send again after a failed attempt. Pure: same input, same decision. */
export function decide(input: RetryInput): RetryDecision {
  const { failure, retries, maxRetries, loading, headers, nowMs, budget } = input;
  const remaining = input.remainingMs ?? Infinity;
  const answered = failure === "status";
  if (failure === "aborted") return no("aborted");
  if (failure === "input") return no("caller-fault");
  if (failure === "output") return no("bad-answer");
  if (input.started) return no("stream-started");
  if (maxRetries <= 0) return no("retries-off");
  if (answered && loading && loading.waits < MAX_LOADING_WAITS) {
    // A model being loaded, or an endpoint scaled to zero: waited for within the deadline, without
    // spending the retries (or the budget) meant for real failures.
    const waitMs = loadingDelay(headers, loading.estimatedTime, nowMs);
    return waitMs < remaining ? { retry: true, reason: "loading", waitMs, loading: true } : no("past-deadline");
  }
  if (answered && !isRetryableStatus(input.status ?? 0)) return no("not-retryable");
  if (retries >= maxRetries) return no("retries-exhausted");
  const asked = answered ? retryAfterMs(headers, nowMs) : undefined;
  const waitMs = asked ?? backoffMs(retries + 1, input.random);
  if (waitMs >= remaining) return no("past-deadline");
  const reason = asked === undefined ? "backoff" : "retry-after";
  if (!budget) return { retry: true, reason, waitMs };
  // Connection failures and timeouts cost more: they are what an outage looks like.
  const cost = answered ? budget.retryCost : budget.timeoutCost;
  return budget.left < cost ? no("budget-spent") : { retry: true, reason, waitMs, cost };
}

/** Loading waits (model loading, endpoint scaled to zero) allowed in one call, on top of the retries. */
export const MAX_LOADING_WAITS = 120;
const LOADING_MIN_WAIT = 1_000;
const LOADING_MAX_WAIT = 10_000;
const LOADING_DEFAULT_WAIT = 2_000;

/**
 * Whether an answer matches a provider's loading rule (`ProviderErrors.loading`): its status, and a loading
 * estimate in the body or a message that says so. No rule, no loading wait.
 */
export function isLoading(
  rule: { status: number; message: RegExp } | undefined,
  status: number,
  estimatedTime: number | undefined,
  message: string | undefined,
): boolean {
  return !!rule && status === rule.status && (estimatedTime !== undefined || rule.message.test(message ?? ""));
}

/** The wait before asking a loading model again: what the server asked for, else its estimate (1 to 10 s). */
export function loadingDelay(headers: Headers | undefined, estimatedTime: number | undefined, nowMs?: number): number {
  const asked = retryAfterMs(headers, nowMs);
  if (asked !== undefined) return asked;
  const est = estimatedTime !== undefined ? estimatedTime * 1000 : LOADING_DEFAULT_WAIT;
  return Math.min(LOADING_MAX_WAIT, Math.max(LOADING_MIN_WAIT, est));
}
