/**
 * Resource hygiene on the newer paths (provider fallback, job polling, shared Hub look-ups, the SSE drain
 * after [DONE], the `chat.completions.create` alias): no unhandled rejection, no listener left on the
 * caller's signal, no timer alive once a call has settled, and an abort that ends the call whatever it
 * waits on. Against the mock provider on loopback; nothing asserts on elapsed time.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  chatCompletion,
  chatCompletionStream,
  InferenceClient,
  InferenceClientRoutingError,
  InferenceClientTimeoutError,
  textToImage,
  textToVideo,
} from "../src/index.js";
import { LIBRARY, runScript } from "./support/child.js";
import { settle } from "./support/collect.js";
import { notHub, useMockProvider } from "./support/loopback.js";
import { watchUnhandledRejections } from "./support/unhandled.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const FLUX = "black-forest-labs/FLUX.1-dev";
const WAN = "Wan-AI/Wan2.2-T2V-A14B";
const messages = [{ role: "user" as const, content: "Hi" }];

const mock = useMockProvider({ pollScale: 0.005 });
const unhandled = watchUnhandledRejections();

beforeEach(() => {
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    { provider: "deepinfra", providerId: "meta-llama/Llama-3.3-70B-Instruct-fast", task: "conversational" },
  ]);
  mock.mapModel(FLUX, [{ provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" }]);
  mock.mapModel(WAN, [{ provider: "together", providerId: "Wan-AI/Wan2.2-T2V-A14B", task: "text-to-video" }]);
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});

/** Ref'd timers of this thread (an unref'd one cannot keep the process alive and is not listed). */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
const listeners = (s: AbortSignal) => getEventListeners(s, "abort").length;
async function drainStream(it: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const c of it) void c;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("provider fallback", () => {
  it("every candidate failing leaves no listener on the caller's signal and no timer", async () => {
    const user = new AbortController();
    const before = timers();
    mock.on("/together/", { status: 503, json: { error: "down" } });
    mock.on("/deepinfra/", { destroy: "before-headers" });
    const err = await settle(
      chatCompletion(
        { accessToken: TOKEN, model: MODEL, messages },
        { fetch: mock.fetch, fallback: true, signal: user.signal },
      ),
    );
    expect(err).toBeInstanceOf(InferenceClientRoutingError);
    const streamErr = await drainStream(
      chatCompletionStream(
        { accessToken: TOKEN, model: MODEL, provider: ["together", "deepinfra"], messages },
        { fetch: mock.fetch, signal: user.signal },
      ),
    );
    expect(streamErr).toBeInstanceOf(InferenceClientRoutingError);
    expect(listeners(user.signal)).toBe(0);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("an abort while the next candidate hangs ends the call with the caller's reason", async () => {
    const user = new AbortController();
    const reason = new Error("stop");
    const before = timers();
    mock.on("/together/", { status: 503, json: { error: "down" } });
    mock.on("/deepinfra/", () => {
      queueMicrotask(() => user.abort(reason));
      return { hang: true };
    });
    const err = await drainStream(
      chatCompletionStream(
        { accessToken: TOKEN, model: MODEL, messages },
        { fetch: mock.fetch, fallback: true, signal: user.signal },
      ),
    );
    expect(err).toBe(reason);
    expect(listeners(user.signal)).toBe(0);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe("job polling", () => {
  it("leaves no listener and no timer after a job succeeds, fails or times out", async () => {
    const user = new AbortController();
    const before = timers();
    for (const job of ["outcome=done", "outcome=fail", "outcome=never"]) {
      await settle(
        textToVideo(
          { accessToken: TOKEN, model: WAN, provider: "together", inputs: "waves" },
          { fetch: mock.fetch, signal: user.signal, headers: { "x-mock-job": job }, timeout: 300 },
        ),
      );
      expect(listeners(user.signal), job).toBe(0);
      expect(timers(), job).toBeLessThanOrEqual(before);
    }
  });

  it("an abort during a media download that stalls ends the call", async () => {
    const user = new AbortController();
    const reason = new Error("stop");
    mock.on("v3.fal.media", () => {
      queueMicrotask(() => user.abort(reason));
      return { chunks: ["\x89PNG"], stall: true, headers: { "content-type": "image/png" } };
    });
    const err = await settle(
      textToImage(
        { accessToken: TOKEN, model: FLUX, provider: "fal-ai", inputs: "a fox" },
        { fetch: mock.fetch, signal: user.signal },
      ),
    );
    expect(err).toBe(reason);
    expect(listeners(user.signal)).toBe(0);
  });

  it("with a caller's fetch that ignores its signal, an abort ends a poll whose small body stalls", async () => {
    // A poll answer of known length (well under the one-go read size) that never completes.
    mock.on((r) => notHub(r) && r.path.endsWith("/status"), {
      chunks: ['{"status":'],
      headers: { "content-type": "application/json", "content-length": "200" },
      stall: true,
    });
    const user = new AbortController();
    const reason = new Error("stop");
    const before = timers();
    // Such a fetch (a wrapper rebuilding the request) is supported: only the signal is not passed on.
    const deaf: typeof fetch = async (input, init) => {
      const res = await mock.fetch(input, { ...init, signal: undefined });
      if (String(input).includes("/status")) setImmediate(() => user.abort(reason));
      return res;
    };
    const err = await settle(
      textToImage(
        { accessToken: TOKEN, model: FLUX, provider: "fal-ai", inputs: "a fox" },
        { fetch: deaf, signal: user.signal, maxRetries: 0 },
      ),
    );
    expect(err).toBe(reason);
    expect(listeners(user.signal)).toBe(0);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("with such a fetch, the idle timeout ends a stalled small body as well", async () => {
    mock.on((r) => notHub(r) && r.path.endsWith("/status"), {
      chunks: ['{"status":'],
      headers: { "content-type": "application/json", "content-length": "200" },
      stall: true,
    });
    const deaf: typeof fetch = (input, init) => mock.fetch(input, { ...init, signal: undefined });
    const err = await settle(
      textToImage(
        { accessToken: TOKEN, model: FLUX, provider: "fal-ai", inputs: "a fox" },
        { fetch: deaf, idleTimeout: 50, maxRetries: 0 },
      ),
    );
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect((err as InferenceClientTimeoutError).kind).toBe("idle");
  });
});

describe("shared Hub look-ups", () => {
  it("a caller aborting while another shares its look-up leaves the other's call and no listener", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    mock.on(
      (r) => r.host === "huggingface.co",
      async () => {
        await gate;
        return undefined; // then the mock's own mapping answer
      },
    );
    const a = new AbortController();
    const b = new AbortController();
    const pa = settle(
      chatCompletion(
        { accessToken: TOKEN, model: MODEL, messages },
        { fetch: mock.fetch, fallback: true, signal: a.signal },
      ),
    );
    while (!mock.requests.some((r) => r.host === "huggingface.co")) await new Promise((r) => setImmediate(r));
    const pb = settle(
      chatCompletion(
        { accessToken: TOKEN, model: MODEL, messages },
        { fetch: mock.fetch, fallback: true, signal: b.signal },
      ),
    );
    const reason = new Error("b stop");
    b.abort(reason);
    expect(await pb).toBe(reason);
    open();
    expect(((await pa) as { choices: unknown[] }).choices).toHaveLength(1);
    expect(mock.requests.filter((r) => r.host === "huggingface.co")).toHaveLength(1);
    expect(listeners(a.signal) + listeners(b.signal)).toBe(0);
  });
});

describe("the SSE drain after [DONE]", () => {
  it("a server resetting the connection during the drain is no unhandled rejection", async () => {
    mock.on("/chat/completions", {
      events: [{ choices: [{ index: 0, delta: { content: "a" }, finish_reason: "stop" }] }],
      chunkDelayMs: 5,
      destroy: "mid-body",
    });
    for (let i = 0; i < 3; i++) {
      const err = await drainStream(
        chatCompletionStream(
          { accessToken: TOKEN, model: MODEL, provider: "together", messages },
          { fetch: mock.fetch },
        ),
      );
      expect(err).toBeUndefined();
    }
    // The resets land after the calls ended: give them the time to be reported (if they were unhandled).
    await new Promise((r) => setTimeout(r, 50));
  });
});

describe("chat.completions.create streams", () => {
  it("toReadableStream() cancelled while a chunk is awaited ends the request", async () => {
    mock.once("/v1/chat/completions", {
      events: [{ choices: [{ index: 0, delta: { content: "a" } }] }],
      stall: true,
      done: false,
    });
    const user = new AbortController();
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const stream = await client.chat.completions.create({ messages, stream: true }, { signal: user.signal });
    const reader = stream.toReadableStream().getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The stream asks for the next chunk at once; the server sends none.
    await new Promise((r) => setImmediate(r));
    await reader.cancel();
    expect(stream.controller.signal.aborted).toBe(true);
    expect(listeners(stream.controller.signal)).toBe(0);
    expect(listeners(user.signal)).toBe(0);
  });

  it("controller.abort() ends the iteration and unlinks the caller's signal", async () => {
    mock.once("/v1/chat/completions", {
      events: [{ choices: [{ index: 0, delta: { content: "a" } }] }],
      stall: true,
      done: false,
    });
    const user = new AbortController();
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const stream = await client.chat.completions.create({ messages, stream: true }, { signal: user.signal });
    const err = await (async () => {
      for await (const c of stream) {
        void c;
        stream.controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AbortError" });
    expect(listeners(user.signal)).toBe(0);
  });
});

describe("job polls and credentials", () => {
  it("a caller's credential header (x-goog-api-key) is not sent to a poll host other than the submit's", async () => {
    const { pollHeaders } = await import("../src/transport/poll.js");
    const submit = {
      url: "https://router.huggingface.co/wavespeed/api/v3/m",
      method: "POST" as const,
      headers: { Authorization: "Bearer hf_x", "X-Goog-Api-Key": "secret-value", "X-HF-Bill-To": "org", Accept: "*/*" },
    };
    const call = { submitUrl: submit.url, ctx: {} as never };
    const foreign = pollHeaders(submit, "https://cdn.example.org/status/1", {}, call);
    expect(
      Object.keys(foreign)
        .map((k) => k.toLowerCase())
        .sort(),
    ).toEqual(["accept"]);
    const same = pollHeaders(submit, "https://router.huggingface.co/wavespeed/api/v3/predictions/1", {}, call);
    expect(same["X-Goog-Api-Key"]).toBe("secret-value");
  });
});

describe("process hygiene on a hostile or careless path", () => {
  it("a stream read once and then dropped lets the process exit on its own (child process)", async () => {
    // The whole answer is sent at once: nothing on the network side is left to keep the process up.
    mock.on("/v1/chat/completions", {
      events: [
        { choices: [{ index: 0, delta: { content: "a" } }] },
        { choices: [{ index: 0, delta: { content: "b" }, finish_reason: "stop" }] },
      ],
    });
    const run = await runScript(
      `
import { chatCompletionStream } from ${LIBRARY};
const it = chatCompletionStream({ endpointUrl: process.argv[2], messages: [{ role: "user", content: "Hi" }] });
const first = await it.next();
console.log(JSON.stringify({ first: first.value?.choices?.[0]?.delta?.content }));
// The iterator is dropped here, neither drained nor returned: the call's deadline (10 min) and idle watch
// (5 min) must not hold the process.
`,
      [mock.url],
    );
    // A process held by a timer is killed by the guard, and fails here.
    expect(run.stderr).toBe("");
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ first: "a" });
  });

  it("50 concurrent calls on one signal: one listener at most, no MaxListenersExceededWarning, none left", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      const user = new AbortController();
      let peak = 0;
      mock.on("/v1/chat/completions", () => {
        peak = Math.max(peak, listeners(user.signal));
        return undefined; // the mock's own answer
      });
      const calls = Array.from({ length: 50 }, (_, i) =>
        i % 2
          ? chatCompletion({ endpointUrl: mock.url, messages }, { signal: user.signal })
          : drainStream(chatCompletionStream({ endpointUrl: mock.url, messages }, { signal: user.signal })),
      );
      const results = await Promise.all(calls);
      expect(results.filter((r) => r instanceof Error)).toEqual([]);
      expect(peak).toBe(1);
      expect(listeners(user.signal)).toBe(0);

      // The same with every call hanging, then one abort: each call ends with the caller's reason.
      mock.reset();
      mock.on("/v1/chat/completions", { hang: true });
      const reason = new Error("stop all");
      const hanging = Array.from({ length: 50 }, () =>
        settle(chatCompletion({ endpointUrl: mock.url, messages }, { signal: user.signal })),
      );
      while (mock.requests.length < 50) await new Promise((r) => setImmediate(r));
      expect(listeners(user.signal)).toBe(1);
      user.abort(reason);
      expect(await Promise.all(hanging)).toEqual(Array(50).fill(reason));
      expect(listeners(user.signal)).toBe(0);
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
