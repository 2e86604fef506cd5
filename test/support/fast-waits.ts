/**
 * The client's waits made fast in tests, with no hook in the library: while installed, the global
 * `setTimeout` shortens the timers that the client's retry waits (`waitToRetry`, src/transport/wait.ts) and
 * job poll waits (`waitWithin`, src/transport/poll.ts) start, recognised by that function on the stack of the
 * `setTimeout` call, and records the delays they asked for. Every other timer (the call's deadline, the idle
 * watch, client-wide limits, the tests' own) runs as asked, so timeouts keep their meaning. No vitest here:
 * plain scripts run by tests use it too (test/fixtures/media/job-script.ts); test files use waits.ts.
 */
/** How much of each kind of wait is kept: 0 ends it at once (the next turn of the event loop). */
export interface WaitScale {
  retry?: number;
  poll?: number;
}

/** The delays the client asked for since the waits were made fast (or last cleared), by kind. */
export interface AskedWaits {
  retry: number[];
  poll: number[];
}

const KINDS: [keyof AskedWaits, RegExp][] = [
  ["retry", /\bwaitToRetry\b/],
  ["poll", /\bwaitWithin\b/],
];

/** Makes the client's waits fast until `restore()`; returns the delays asked (cleared with `clear()`). */
export function fastWaits(scale: WaitScale = {}): AskedWaits & { restore(): void; clear(): void } {
  const real = globalThis.setTimeout;
  const asked: AskedWaits = { retry: [], poll: [] };
  const fast = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (typeof ms === "number" && ms > 0) {
      const stack = new Error().stack ?? "";
      const kind = KINDS.find(([, at]) => at.test(stack))?.[0];
      if (kind) {
        asked[kind].push(ms);
        ms *= scale[kind] ?? 0;
      }
    }
    return real(fn, ms, ...args);
  };
  globalThis.setTimeout = Object.assign(fast, real) as typeof setTimeout;
  return Object.assign(asked, {
    restore: () => void (globalThis.setTimeout = real),
    clear: () => {
      asked.retry.length = 0;
      asked.poll.length = 0;
    },
  });
}
