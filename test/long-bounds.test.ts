/**
 * Long bounds on one shared clock (src/transport/clock.ts): a call's deadline or idle watch of COARSE_MS (30 s)
 * or more is checked once a second by one interval timer shared by every call, instead of a timer per bound;
 * shorter bounds keep a timer of their own, exact to the millisecond. Virtual time (vitest's fake timers, with
 * `performance` faked too: the clock reads `performance.now()`) drives both. The fetch here never answers but
 * honours its signal, as the runtime's does for a server that stays silent.
 *
 * Each test file runs in a module instance of its own, so this file's first call creates the clock under fake
 * timers.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { chatCompletion, chatCompletionStream, InferenceClientTimeoutError } from "../src/index.js";
import { COARSE_MS, TICK_MS } from "../src/transport/clock.js";

const messages = [{ role: "user" as const, content: "Hi" }];
const args = { endpointUrl: "http://127.0.0.1:9/v1", messages };

/** A fetch that never answers; it rejects with the signal's reason when its signal aborts. */
const silent: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

/** Settles `p` into what it rejected with (or the value), never throwing. */
function outcome(p: Promise<unknown>): { error?: unknown; done: boolean } {
  const out: { error?: unknown; done: boolean } = { done: false };
  p.then(
    () => (out.done = true),
    (e) => {
      out.error = e;
      out.done = true;
    },
  );
  return out;
}

/** A fetch that fails at once. */
const failing: typeof fetch = async () => {
  throw new TypeError("fetch failed");
};

// One call in real time first: the Node entry (vitest.node-entry.config.ts) loads its engine with the first call,
// which virtual time does not wait for.
beforeAll(async () => {
  await chatCompletion(args, { fetch: failing, maxRetries: 0 }).catch(() => {});
});

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance", "Date"],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("long bounds share one clock; short ones keep their own timer", () => {
  it("the defaults are long bounds: 30 s and more, checked every second", () => {
    expect(COARSE_MS).toBe(30_000);
    expect(TICK_MS).toBe(1_000);
  });

  it("a deadline of 60 s acts within a second after it, never before", async () => {
    const call = outcome(chatCompletion(args, { fetch: silent, timeout: 60_000, maxRetries: 0 }));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(call.done).toBe(false);
    await vi.advanceTimersByTimeAsync(TICK_MS + 1);
    expect(call.done).toBe(true);
    expect(call.error).toBeInstanceOf(InferenceClientTimeoutError);
    expect((call.error as InferenceClientTimeoutError).kind).toBe("total");
  });

  it("an idle bound of 45 s acts within a second after 45 s of silence", async () => {
    const call = outcome(chatCompletion(args, { fetch: silent, idleTimeout: 45_000, timeout: 0, maxRetries: 0 }));
    await vi.advanceTimersByTimeAsync(44_999);
    expect(call.done).toBe(false);
    await vi.advanceTimersByTimeAsync(TICK_MS + 1);
    expect(call.done).toBe(true);
    expect(call.error).toBeInstanceOf(InferenceClientTimeoutError);
    expect((call.error as InferenceClientTimeoutError).kind).toBe("idle");
  });

  it("a bound under 30 s is exact: a deadline of 29 999 ms acts at 29 999 ms", async () => {
    const call = outcome(chatCompletion(args, { fetch: silent, timeout: 29_999, maxRetries: 0 }));
    await vi.advanceTimersByTimeAsync(29_998);
    expect(call.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.done).toBe(true);
    expect((call.error as InferenceClientTimeoutError).kind).toBe("total");
  });

  it("50 calls in flight with the default bounds hold one timer between them, and none once they end", async () => {
    const user = new AbortController();
    const before = vi.getTimerCount();
    const calls = Array.from({ length: 50 }, () =>
      outcome(chatCompletion(args, { fetch: silent, signal: user.signal, maxRetries: 0 })),
    );
    await vi.advanceTimersByTimeAsync(10);
    // Two bounds a call (the deadline and the idle watch) would be 100 timers.
    expect(vi.getTimerCount() - before).toBe(1);
    user.abort(new Error("enough"));
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.every((c) => c.done && (c.error as Error).message === "enough")).toBe(true);
    // The clock stops at its next tick that finds nothing to watch.
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(vi.getTimerCount()).toBe(before);
  });

  it("a stream's deadline and idle watch are on the clock too, and pause while the caller holds a chunk", async () => {
    // One chunk at once, then silence: the idle watch (40 s) runs again once the caller asks for the next.
    const encoder = new TextEncoder();
    const streaming: typeof fetch = async (_input, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(
            encoder.encode(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "a" } }] })}\n\n`),
          );
          init?.signal?.addEventListener("abort", () => c.error(init.signal!.reason), { once: true });
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    };
    const it = chatCompletionStream(args, { fetch: streaming, idleTimeout: 40_000, timeout: 0, maxRetries: 0 });
    const first = await it.next();
    expect(first.done).toBe(false);
    // Held for 2 minutes: a slow consumer is not a silent server.
    await vi.advanceTimersByTimeAsync(120_000);
    const next = outcome(it.next());
    await vi.advanceTimersByTimeAsync(39_000);
    expect(next.done).toBe(false);
    await vi.advanceTimersByTimeAsync(2_001);
    expect(next.done).toBe(true);
    expect((next.error as InferenceClientTimeoutError).kind).toBe("idle");
  });
});

describe("a clock made with timers that were then replaced", () => {
  it("is cleared with its own clearInterval when fake timers take over (no real timer left behind)", async () => {
    vi.useRealTimers();
    // The real setInterval, watched: the clock made next is this one's.
    const realSetInterval = globalThis.setInterval;
    const made: { _destroyed?: boolean }[] = [];
    globalThis.setInterval = ((fn: () => void, ms: number) => {
      const h = realSetInterval(fn, ms);
      made.push(h as unknown as { _destroyed?: boolean });
      return h;
    }) as unknown as typeof setInterval;
    const user = new AbortController();
    try {
      const first = outcome(chatCompletion(args, { fetch: silent, signal: user.signal, maxRetries: 0 }));
      await new Promise((r) => setImmediate(r));
      // The call waits on a clock made with the real timers.
      expect(made).toHaveLength(1);
      expect(made[0]!._destroyed).toBe(false);
      // Fake timers whose clearInterval does not clear a real timer (as with `shouldClearNativeTimers: false`).
      vi.useFakeTimers({
        toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"],
        shouldClearNativeTimers: false,
      });
      const second = outcome(chatCompletion(args, { fetch: silent, signal: user.signal, maxRetries: 0 }));
      await vi.advanceTimersByTimeAsync(10);
      // The clock was made again with the fake timers, and the real one cleared, not left ticking (and holding the
      // process) next to it.
      expect(made[0]!._destroyed).toBe(true);
      user.abort(new Error("enough"));
      await vi.advanceTimersByTimeAsync(10);
      expect(first.done && second.done).toBe(true);
    } finally {
      user.abort(new Error("enough"));
      vi.useRealTimers();
      globalThis.setInterval = realSetInterval;
    }
  });
});

describe("where timers cannot be unref'd, every bound keeps its own timer", () => {
  it("a runtime whose setInterval answers a number (a browser's) gets exact long bounds", async () => {
    vi.resetModules();
    const realSetInterval = globalThis.setInterval;
    const realClearInterval = globalThis.clearInterval;
    const ids = new Set<number>();
    // A browser's timer: a number, nothing to unref.
    globalThis.setInterval = ((fn: () => void, ms: number) => {
      const h = realSetInterval(fn, ms);
      const id = ids.size + 1;
      ids.add(id);
      realClearInterval(h);
      return id;
    }) as unknown as typeof setInterval;
    try {
      const fresh = await import("../src/index.js");
      await fresh.chatCompletion(args, { fetch: failing, maxRetries: 0 }).catch(() => {});
      const call = outcome(fresh.chatCompletion(args, { fetch: silent, timeout: 60_000, maxRetries: 0 }));
      await vi.advanceTimersByTimeAsync(59_999);
      expect(call.done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      // Exactly at 60 s: its own timer, not the clock's next tick.
      expect(call.done).toBe(true);
      expect((call.error as InferenceClientTimeoutError).kind).toBe("total");
      expect(ids.size).toBe(1);
    } finally {
      globalThis.setInterval = realSetInterval;
      globalThis.clearInterval = realClearInterval;
    }
  });
});
