/**
 * The retry budget of a client: a token bucket shared by every call of one `InferenceClient` (and of the
 * clients its `endpoint()` makes), so that an outage does not multiply the traffic sent to it. A retry
 * spends tokens (more for a connection failure or a timeout, what an outage looks like); a success earns
 * some back. While the bucket is short, failures are not retried and the final error says why
 * (`notRetried: "budget-spent"`). Standalone task functions have no budget: each call has only its own
 * `maxRetries`.
 */

/** The client option `retryBudget`: tokens and costs (all optional), or `false` for no budget. */
export interface RetryBudgetOptions {
  /** Tokens in a full bucket, and at the start. @default 500 */
  capacity?: number;
  /** Tokens a retry after an HTTP answer (429, 5xx...) spends. @default 5 */
  retryCost?: number;
  /** Tokens a retry after a connection failure or an idle timeout spends. @default 10 */
  timeoutCost?: number;
  /** Tokens a success without a retry earns (a success after a retry gives back what that retry cost). @default 1 */
  refill?: number;
}

/** The bucket itself, as the send loop and the retry policy (`decide`'s `budget`) read it. */
export class RetryBudget {
  readonly capacity: number;
  readonly retryCost: number;
  readonly timeoutCost: number;
  readonly refill: number;
  /** Tokens left. */
  left: number;
  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 500;
    this.retryCost = options.retryCost ?? 5;
    this.timeoutCost = options.timeoutCost ?? 10;
    this.refill = options.refill ?? 1;
    this.left = this.capacity;
  }
  /** Takes what a retry costs. */
  spend(cost: number): void {
    this.left = Math.max(0, this.left - cost);
  }
  /** A request succeeded: gives back the cost of its last retry, or earns `refill` when it needed none. */
  earn(lastCost: number | undefined): void {
    this.left = Math.min(this.capacity, this.left + (lastCost ?? this.refill));
  }
}
