/**
 * The store behind client-wide limits, as a type: `Options.limitStore` names it, limits/store.ts holds the
 * in-memory one and `unified-inference/redis` the shared one.
 */

/** One rate: `perSec` tokens a second into a bucket of `burst` tokens (the bucket starts full). */
export interface Rate {
  /** Requests per second. */
  perSec: number;
  /** Requests that may start at once before the pacing applies. */
  burst: number;
}

/** What the circuit of a provider says about the next call: go, go as the one probe, or skip. */
export type CircuitTurn = "closed" | "probe" | "open";

/** The store behind `limits` (every method may be called by many calls at once, from many processes). */
export interface LimitStore {
  /**
   * One request to `key`: 0 when it may go now (a token of every rate taken, all or none), else how many
   * milliseconds to wait before asking again (the provider is paused, or a bucket is empty).
   */
  take(key: string, rates: Rate[]): Promise<number>;
  /** Pauses `key` for `ms` from now (a longer pause already set stays). */
  pause(key: string, ms: number): Promise<void>;
  /**
   * A failure (5xx, connection failure) of `key`: true when it opens the circuit (the `failures`-th in a
   * window of `windowMs`, or a failed probe), which stays open for `cooldownMs`.
   */
  fail(key: string, failures: number, windowMs: number, cooldownMs: number): Promise<boolean>;
  /** A success of `key`: true when it closes an open circuit. */
  succeed(key: string): Promise<boolean>;
  /** The circuit's word on the next call; "probe" is answered to one caller per cooldown once it has passed. */
  turn(key: string, cooldownMs: number): Promise<CircuitTurn>;
}
