/**
 * Where the shared state of client-wide limits lives: the pause of a provider after a 429, the rate buckets
 * and the circuit of each provider. In memory by default (one process); `unified-inference/redis` holds it
 * in Redis, where atomic scripts let several processes respect one provider limit together.
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

interface Entry {
  pause: number;
  tokens: number[];
  at: number;
  fails: number;
  since: number;
  open: number;
  probing: boolean;
}

/** The in-memory store: the state of one process. */
export function memoryStore(clock: () => number = Date.now): LimitStore {
  const entries = new Map<string, Entry>();
  const get = (key: string): Entry => {
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { pause: 0, tokens: [], at: clock(), fails: 0, since: 0, open: 0, probing: false }));
    return e;
  };
  return {
    async take(key, rates) {
      const e = get(key);
      const t = clock();
      if (e.pause > t) return e.pause - t;
      const elapsed = Math.max(0, t - e.at) / 1000;
      e.at = t;
      let wait = 0;
      rates.forEach((r, i) => {
        const have = Math.min(r.burst, (e.tokens[i] ?? r.burst) + elapsed * r.perSec);
        e.tokens[i] = have;
        if (have < 1) wait = Math.max(wait, Math.ceil(((1 - have) * 1000) / r.perSec));
      });
      if (wait) return wait;
      rates.forEach((_, i) => (e.tokens[i]! -= 1));
      return 0;
    },
    async pause(key, ms) {
      const e = get(key);
      e.pause = Math.max(e.pause, clock() + ms);
    },
    async fail(key, failures, windowMs, cooldownMs) {
      const e = get(key);
      const t = clock();
      if (e.open) {
        if (!e.probing) return false;
        e.probing = false;
        e.open = t + cooldownMs;
        return true;
      }
      if (t - e.since > windowMs) {
        e.fails = 0;
        e.since = t;
      }
      if (++e.fails < failures) return false;
      e.open = t + cooldownMs;
      return true;
    },
    async succeed(key) {
      const e = get(key);
      const was = e.open > 0;
      e.open = e.fails = 0;
      e.probing = false;
      return was;
    },
    async turn(key, cooldownMs) {
      const e = get(key);
      const t = clock();
      if (!e.open) return "closed";
      if (t < e.open) return "open";
      e.open = t + cooldownMs;
      e.probing = true;
      return "probe";
    },
  };
}
