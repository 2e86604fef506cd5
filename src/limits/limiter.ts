/**
 * Client-wide limits per provider (`limits`, `onCircuit`, `limitStore` of `InferenceClient`): a cap on the
 * calls in flight, smooth rate pacing, a provider-wide pause after a 429 that says how long to wait, and a
 * circuit breaker that lets `fallback` skip a provider that keeps failing. The transport calls `acquire`
 * before each attempt and `report` after it; the fallback of tasks/run.ts calls `usable`. Only clients
 * given such options load this module.
 */
import { InferenceClientInputError } from "../errors.js";
import type { CircuitEvent, LimitOptions, ProviderLimits } from "../types.js";
import { MAX_RETRY_AFTER_MS, retryAfterMs } from "../transport/retry.js";
import { sleep, untilAborted } from "../transport/scope.js";
import type { Transport, TransportLimiter, WireRequest } from "../transport/http.js";
import { memoryStore, type LimitStore, type Rate } from "./store.js";

/** Circuit defaults: this many failures (5xx, connection failures) within the window open it for the cooldown. */
export const CIRCUIT_FAILURES = 5;
export const CIRCUIT_WINDOW_MS = 30_000;
export const CIRCUIT_COOLDOWN_MS = 30_000;

/** Requests are paced at this share of a configured rate (see `ratesOf`). */
export const PACE = 0.98;

const noop = () => {};

/** A duration header value: "1s", "6m0s", "2m59.5s", "20ms", "1h", or plain seconds; undefined otherwise. */
export function durationMs(v: string | null): number | undefined {
  const s = v?.trim();
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(s);
  if (!m || !(m[1] || m[2] || m[3] || m[4])) return undefined;
  const [h = 0, min = 0, sec = 0, ms = 0] = m.slice(1).map((x) => Number(x ?? 0));
  return ((h * 60 + min) * 60 + sec) * 1000 + ms;
}

/**
 * How long a 429 asks every caller of the provider to wait, from `Retry-After`/`retry-after-ms`, the IETF
 * `RateLimit` header (`"default";r=0;t=30`, or the older `reset=30`/`RateLimit-Reset`) with `RateLimit-Policy`
 * (its window `w` when only that is known), or `x-ratelimit-reset-requests`/`-tokens`/`x-ratelimit-reset`
 * (the longest of those whose `remaining` is 0, else the shortest). At most 60 s; undefined without any.
 */
export function pauseOf(headers: Headers, nowMs: number = Date.now()): number | undefined {
  const found = ((): number | undefined => {
    const asked = retryAfterMs(headers, nowMs);
    if (asked !== undefined) return asked;
    const rl = headers.get("ratelimit");
    const reset = /(?:^|[;,\s])(?:t|reset)=(\d+(?:\.\d+)?)/.exec(rl ?? "")?.[1] ?? headers.get("ratelimit-reset");
    if (reset != null && durationMs(reset) !== undefined) return durationMs(reset);
    const window = /(?:^|;)\s*w=(\d+)/.exec(headers.get("ratelimit-policy") ?? "")?.[1];
    if (window && /(?:^|[;,\s])(?:r|remaining)=0(?!\d)/.test(rl ?? "")) return Number(window) * 1000;
    const exhausted: number[] = [];
    const all: number[] = [];
    for (const kind of ["requests", "tokens"]) {
      const ms = durationMs(headers.get(`x-ratelimit-reset-${kind}`));
      if (ms === undefined) continue;
      all.push(ms);
      if (headers.get(`x-ratelimit-remaining-${kind}`)?.trim() === "0") exhausted.push(ms);
    }
    if (exhausted.length) return Math.max(...exhausted);
    if (all.length) return Math.min(...all);
    const plain = Number(headers.get("x-ratelimit-reset")?.trim() || NaN);
    // A Unix time in seconds (GitHub's style) or seconds to wait.
    if (plain >= 0) return plain > 1e9 ? plain * 1000 - nowMs : plain * 1000;
    return undefined;
  })();
  return found === undefined || !(found >= 0) ? undefined : Math.min(found, MAX_RETRY_AFTER_MS);
}

function checkLimits(limits: unknown): Record<string, ProviderLimits> {
  if (limits === undefined) return {};
  if (!limits || typeof limits !== "object" || Array.isArray(limits)) {
    throw new InferenceClientInputError(`options.limits must be an object of provider names to limits`);
  }
  for (const [name, spec] of Object.entries(limits)) {
    const where = `options.limits[${JSON.stringify(name)}]`;
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) {
      throw new InferenceClientInputError(
        `${where} must be an object ({ concurrency, requestsPerMinute, requestsPerSecond })`,
      );
    }
    for (const [k, v] of Object.entries(spec)) {
      if (!["concurrency", "requestsPerMinute", "requestsPerSecond"].includes(k)) {
        throw new InferenceClientInputError(
          `${where}.${k} is not a limit (concurrency, requestsPerMinute, requestsPerSecond)`,
        );
      }
      if (v !== undefined && (typeof v !== "number" || !(v > 0) || (k === "concurrency" && !Number.isInteger(v)))) {
        throw new InferenceClientInputError(
          `${where}.${k} must be a positive ${k === "concurrency" ? "integer" : "number"}, got ${String(v)}`,
        );
      }
    }
  }
  return limits as Record<string, ProviderLimits>;
}

function positive(v: unknown, field: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
    throw new InferenceClientInputError(`options.circuit.${field} must be a positive number, got ${String(v)}`);
  }
  return v;
}

/** A counting semaphore whose waiters leave the queue when their signal aborts. */
class Slots {
  used = 0;
  readonly queue: (() => void)[] = [];
  constructor(readonly size: number) {}
  async take(signal: AbortSignal): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    let go!: () => void;
    const turn = new Promise<void>((resolve) => (go = resolve));
    this.queue.push(go);
    try {
      await untilAborted(turn, signal);
    } catch (e) {
      const i = this.queue.indexOf(go);
      if (i >= 0) this.queue.splice(i, 1);
      // Given a slot just as the wait was aborted: hand it on.
      else this.give();
      throw e;
    }
  }
  give(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.used--;
  }
}

/** The limiter of one client (see `LimitOptions`). */
export function createLimiter(options: LimitOptions): TransportLimiter {
  const limits = checkLimits(options.limits);
  const store: LimitStore = options.limitStore ?? memoryStore();
  const c = options.circuit;
  if (c !== undefined && c !== false && (typeof c !== "object" || c === null)) {
    throw new InferenceClientInputError(`options.circuit must be an object or false`);
  }
  const onCircuit = options.onCircuit;
  if (onCircuit !== undefined && typeof onCircuit !== "function") {
    throw new InferenceClientInputError(`options.onCircuit must be a function`);
  }
  const failures = c ? positive(c.failures, "failures", CIRCUIT_FAILURES) : CIRCUIT_FAILURES;
  const windowMs = c ? positive(c.windowMs, "windowMs", CIRCUIT_WINDOW_MS) : CIRCUIT_WINDOW_MS;
  const cooldownMs = c ? positive(c.cooldownMs, "cooldownMs", CIRCUIT_COOLDOWN_MS) : CIRCUIT_COOLDOWN_MS;
  const slots = new Map<string, Slots>();
  /** The last turn of each key waiting for its rate: waiters of one process ask the store one at a time. */
  const tails = new Map<string, Promise<unknown>>();

  const emit = (event: CircuitEvent) => {
    try {
      onCircuit?.(event);
    } catch {
      // A hook that throws does not fail calls.
    }
  };
  /** The key of a request: its provider, or an endpoint's origin; none for Hub look-ups and file downloads. */
  const keyOf = (t: Transport, req: WireRequest): string | undefined => {
    if (t.hub || req.external === "media") return undefined;
    const p = t.scope.meta.provider;
    if (p !== "endpoint") return p;
    try {
      return new URL(req.url).origin;
    } catch {
      return p;
    }
  };
  const specOf = (key: string): ProviderLimits => limits[key] ?? limits["*"] ?? {};
  // Paced one request at a time (a bucket of one) at PACE of the limit: bucket clocks tick in whole
  // milliseconds (Date.now(), Redis TIME), a new connection delays the first requests and the network squeezes
  // spacing, so requests paced exactly at the limit, or sent in a burst as large as the provider's, reach a
  // provider enforcing the same limit early and meet a 429, which then pauses every call (bench/limits.mjs
  // measured 12.6% 429s at exactly 50/s with a burst of 5 against a 50/s provider with a burst of 5). The
  // provider's own burst is left as headroom for that jitter.
  const ratesOf = (spec: ProviderLimits): Rate[] => {
    const rates: Rate[] = [];
    if (spec.requestsPerSecond) {
      rates.push({ perSec: spec.requestsPerSecond * PACE, burst: 1 });
    }
    if (spec.requestsPerMinute) {
      const perSec = spec.requestsPerMinute / 60;
      rates.push({ perSec: perSec * PACE, burst: 1 });
    }
    return rates;
  };
  const paced = async (key: string, rates: Rate[], signal: AbortSignal) => {
    for (;;) {
      const wait = await store.take(key, rates);
      if (!wait) return;
      await sleep(wait, signal);
    }
  };
  const circuitFailure = (key: string) =>
    store.fail(key, failures, windowMs, cooldownMs).then((opened) => {
      if (opened)
        emit({
          provider: key,
          state: "open",
          reason: `failed ${failures} times within ${windowMs} ms, or its probe failed`,
        });
    }, noop);

  /** The outcome of an attempt: a failure for the circuit, a pause after a 429, or a success. */
  const report = (t: Transport, key: string, res?: Response) => {
    if (t.scope.aborted) return;
    const status = typeof res?.status === "number" ? res.status : 0;
    if (!status || status >= 500) {
      if (c !== false) void circuitFailure(key);
    } else if (status === 429) {
      const ms = pauseOf(res!.headers);
      if (ms) void store.pause(key, ms).catch(noop);
    } else {
      void store.succeed(key).then((closed) => {
        if (closed) emit({ provider: key, state: "closed", reason: "a call succeeded" });
      }, noop);
    }
  };

  return {
    async acquire(t, req) {
      const key = keyOf(t, req);
      if (key === undefined) return undefined;
      const spec = specOf(key);
      const signal = t.scope.signal;
      let slot: Slots | undefined;
      if (spec.concurrency) {
        slot = slots.get(key);
        if (!slot) slots.set(key, (slot = new Slots(spec.concurrency)));
        await slot.take(signal);
      }
      try {
        const rates = ratesOf(spec);
        const turn = (tails.get(key) ?? Promise.resolve()).then(() =>
          signal.aborted ? undefined : paced(key, rates, signal),
        );
        const tail = turn.catch(noop);
        tails.set(key, tail);
        void tail.then(() => tails.get(key) === tail && tails.delete(key));
        await untilAborted(turn, signal);
      } catch (e) {
        slot?.give();
        throw e;
      }
      let held = true;
      return (res) => {
        if (!held) return;
        held = false;
        slot?.give();
        report(t, key, res);
      };
    },
    async usable(calls) {
      if (c === false) return calls;
      const names = calls.map((call) => String(call.provider));
      const turns = await Promise.all(names.map((p) => store.turn(p, cooldownMs)));
      turns.forEach((turn, i) => {
        if (turn === "probe")
          emit({
            provider: names[i]!,
            state: "half-open",
            reason: `cooldown of ${cooldownMs} ms over: one probe call`,
          });
      });
      const open = calls.filter((_, i) => turns[i] !== "open");
      // Every candidate cooling down: try them all rather than fail without trying.
      return open.length ? open : calls;
    },
  };
}
