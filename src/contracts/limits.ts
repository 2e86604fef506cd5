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

/** Limits of one provider (or of every other provider and endpoint, under `"*"`) for one client. */
export interface ProviderLimits {
  /** Calls in flight at once (per process). */
  concurrency?: number;
  /** Requests started per minute, paced smoothly (a token bucket; burst: a tenth of a second's share, at least 1). */
  requestsPerMinute?: number;
  /** Requests started per second, paced smoothly (a token bucket; burst: max(1, rate / 10)). */
  requestsPerSecond?: number;
}

/** A change of a provider's circuit: `open` (skipped by fallback), `half-open` (one probe call), `closed`. */
export interface CircuitEvent {
  /** The provider name, or an endpoint's origin. */
  provider: string;
  /** The circuit's new state. */
  state: "open" | "half-open" | "closed";
  /** Why it changed (the failures counted, the cooldown's end, the probe's outcome). */
  reason: string;
}

/**
 * Client-wide limits (`InferenceClient` options; see the README, "Many calls at once"): calls of the client
 * wait their turn, within their own `signal` and `timeout`.
 */
export interface LimitOptions {
  /** Limits per provider name; `"*"` applies to every provider and endpoint URL without its own entry. */
  limits?: Record<string, ProviderLimits>;
  /** The circuit breaker: `failures` 5xx or connection failures within `windowMs` skip a provider for `cooldownMs`. */
  circuit?:
    | {
        /** Failures that open the circuit. @default 5 */
        failures?: number;
        /** The window they are counted in, in milliseconds. @default 30000 */
        windowMs?: number;
        /** How long an open circuit skips the provider, in milliseconds. @default 30000 */
        cooldownMs?: number;
      }
    | false;
  /** Called when a provider's circuit changes state. */
  onCircuit?: (event: CircuitEvent) => void;
  /**
   * Where the pauses, rate buckets and circuits live: in memory by default; `redisLimitStore` of
   * `unified-inference/redis` shares them between processes.
   */
  limitStore?: LimitStore;
}
