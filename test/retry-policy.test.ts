/**
 * The retry policy (src/transport/retry.ts) as a table: what ended an attempt, the retries spent, the
 * deadline and the budget in; whether to send again, after how long, and why out. `decide` is pure, so
 * every row is checked without a server or a clock (backoff jitter is fixed at none, dates at NOW).
 */
import { describe, expect, it } from "vitest";
import { decide, MAX_LOADING_WAITS, type RetryDecision, type RetryInput } from "../src/transport/retry.js";

const NOW = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
const h = (init: Record<string, string>) => new Headers(init);
const BUDGET = { left: 500, retryCost: 5, timeoutCost: 10 };

/** A first failure of a call with the default 2 retries and no deadline. */
const base: RetryInput = { failure: "status", status: 503, retries: 0, maxRetries: 2, nowMs: NOW, random: () => 0 };

type Row = [what: string, input: Partial<RetryInput>, expected: Partial<RetryDecision>];

const ROWS: Row[] = [
  // Statuses that may pass: 408, 409, 429 and 500, 502, 503, 504, with exponential backoff.
  ["408 request timeout", { status: 408 }, { retry: true, waitMs: 500, reason: "backoff" }],
  ["409 conflict", { status: 409 }, { retry: true, waitMs: 500 }],
  ["429 rate limited", { status: 429 }, { retry: true, waitMs: 500, reason: "backoff" }],
  ["500", { status: 500 }, { retry: true, waitMs: 500 }],
  ["502", { status: 502 }, { retry: true, waitMs: 500 }],
  ["503, second retry", { status: 503, retries: 1 }, { retry: true, waitMs: 1000 }],
  ["504, third retry of five", { status: 504, retries: 2, maxRetries: 5 }, { retry: true, waitMs: 2000 }],
  ["backoff caps at 8 s", { retries: 9, maxRetries: 20 }, { retry: true, waitMs: 8000 }],
  ["backoff with full jitter", { retries: 1, random: () => 1 }, { retry: true, waitMs: 750 }],
  // Statuses that will not pass.
  ["400", { status: 400 }, { retry: false, reason: "not-retryable" }],
  ["401", { status: 401 }, { retry: false, reason: "not-retryable" }],
  ["403", { status: 403 }, { retry: false }],
  ["404", { status: 404 }, { retry: false }],
  ["422", { status: 422 }, { retry: false }],
  ["425 too early", { status: 425 }, { retry: false, reason: "not-retryable" }],
  ["501 not implemented", { status: 501 }, { retry: false }],
  // Retry-After and retry-after-ms.
  [
    "Retry-After in seconds",
    { status: 429, headers: h({ "retry-after": "3" }) },
    { retry: true, waitMs: 3000, reason: "retry-after" },
  ],
  ["Retry-After with a fraction", { headers: h({ "retry-after": "1.5" }) }, { retry: true, waitMs: 1500 }],
  [
    "Retry-After as a date",
    { headers: h({ "retry-after": "Wed, 21 Oct 2015 07:28:07 GMT" }) },
    { retry: true, waitMs: 7000 },
  ],
  [
    "Retry-After as a past date: at once",
    { headers: h({ "retry-after": "Wed, 21 Oct 2015 07:27:00 GMT" }) },
    { retry: true, waitMs: 0 },
  ],
  [
    "retry-after-ms wins over Retry-After",
    { headers: h({ "retry-after-ms": "250", "retry-after": "9" }) },
    { retry: true, waitMs: 250 },
  ],
  [
    "a huge Retry-After is not waited for blindly: backoff",
    { headers: h({ "retry-after": "3600" }) },
    { retry: true, waitMs: 500, reason: "backoff" },
  ],
  ["a negative Retry-After is ignored", { headers: h({ "retry-after": "-1" }) }, { retry: true, waitMs: 500 }],
  ["an unreadable Retry-After is ignored", { headers: h({ "retry-after": "soon" }) }, { retry: true, waitMs: 500 }],
  ["Retry-After on a status that will not pass", { status: 400, headers: h({ "retry-after": "1" }) }, { retry: false }],
  // Failures without an answer.
  ["connection reset", { failure: "connection", status: undefined }, { retry: true, waitMs: 500, reason: "backoff" }],
  ["idle timeout", { failure: "idle", status: undefined }, { retry: true, waitMs: 500, reason: "backoff" }],
  [
    "a connection failure ignores Retry-After",
    { failure: "connection", headers: h({ "retry-after": "5" }) },
    { retry: true, waitMs: 500 },
  ],
  ["aborted by the caller", { failure: "aborted" }, { retry: false, reason: "aborted" }],
  ["the caller's fetch answered no Response", { failure: "input" }, { retry: false, reason: "caller-fault" }],
  ["a refused redirect or a body that is not JSON", { failure: "output" }, { retry: false, reason: "bad-answer" }],
  ["stream-started", { failure: "connection", started: true }, { retry: false, reason: "stream-started" }],
  // Limits: retries, the deadline, the budget.
  ["retries exhausted", { retries: 2 }, { retry: false, reason: "retries-exhausted" }],
  ["connection failure, retries exhausted", { failure: "connection", retries: 3, maxRetries: 3 }, { retry: false }],
  ["retry_on_error: false", { maxRetries: 0 }, { retry: false, reason: "retries-off" }],
  ["the wait would pass the deadline", { remainingMs: 400 }, { retry: false, reason: "past-deadline" }],
  ["Retry-After past the deadline", { headers: h({ "retry-after": "30" }), remainingMs: 10_000 }, { retry: false }],
  ["a budget with room: the retry costs 5", { budget: BUDGET }, { retry: true, cost: 5 }],
  ["a timeout costs 10", { failure: "idle", budget: BUDGET }, { retry: true, cost: 10 }],
  [
    "a connection failure costs 10",
    { failure: "connection", budget: { ...BUDGET, left: 10 } },
    { retry: true, cost: 10 },
  ],
  ["budget empty", { budget: { ...BUDGET, left: 4 } }, { retry: false, reason: "budget-spent" }],
  [
    "budget too low for a connection failure",
    { failure: "connection", budget: { ...BUDGET, left: 9 } },
    { retry: false },
  ],
  // Loading waits (a provider's loading rule matched the answer).
  [
    "model loading, with an estimate",
    { loading: { waits: 0, estimatedTime: 2.5 } },
    { retry: true, waitMs: 2500, loading: true, reason: "loading" },
  ],
  [
    "model loading, estimate capped at 10 s",
    { loading: { waits: 0, estimatedTime: 40 } },
    { retry: true, waitMs: 10_000, loading: true },
  ],
  [
    "model loading, estimate raised to 1 s",
    { loading: { waits: 0, estimatedTime: 0.1 } },
    { retry: true, waitMs: 1000 },
  ],
  ["model loading, no estimate: 2 s", { loading: { waits: 0 } }, { retry: true, waitMs: 2000 }],
  [
    "model loading, Retry-After wins",
    { loading: { waits: 0, estimatedTime: 5 }, headers: h({ "retry-after": "1" }) },
    { retry: true, waitMs: 1000 },
  ],
  ["model loading does not spend retries", { loading: { waits: 3 }, retries: 2 }, { retry: true, loading: true }],
  [
    "model loading does not spend the budget",
    { loading: { waits: 0 }, budget: { ...BUDGET, left: 0 } },
    { retry: true, loading: true },
  ],
  [
    "model loading past the deadline",
    { loading: { waits: 0, estimatedTime: 20 }, remainingMs: 5000 },
    { retry: false, reason: "past-deadline" },
  ],
  ["model loading with retries off", { loading: { waits: 0 }, maxRetries: 0 }, { retry: false, reason: "retries-off" }],
  [
    "loading waits used up: an ordinary retry",
    { loading: { waits: MAX_LOADING_WAITS } },
    { retry: true, waitMs: 500, reason: "backoff" },
  ],
];

describe("the retry policy (decide)", () => {
  it("has a row for every rule (at least 30)", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
  });

  for (const [what, input, expected] of ROWS) {
    it(what, () => {
      const decision = decide({ ...base, ...input });
      expect(decision).toMatchObject(expected);
      // A refusal carries no wait and no cost; a retry always says how long it waits.
      if (decision.retry) expect(decision.waitMs).toBeTypeOf("number");
      else expect(decision).toEqual({ retry: false, reason: decision.reason });
    });
  }
});
