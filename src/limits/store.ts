/**
 * Where the shared state of client-wide limits lives: the pause of a provider after a 429, the rate buckets
 * and the circuit of each provider. In memory by default (one process); `unified-inference/redis` holds it
 * in Redis, where atomic scripts let several processes respect one provider limit together.
 */

import type { CircuitTurn, LimitStore, Rate } from "../contracts/limits.js";

export type { CircuitTurn, LimitStore, Rate };

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
