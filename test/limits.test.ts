// Client-wide limits (src/limits): concurrency caps, smooth rate pacing, the provider-wide pause after a
// 429, waits that end with the call's signal or timeout, and the circuit breaker seen through fallback.
// Every check counts what a loopback server saw (in flight at once, requests per window): no timing asserts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientRoutingError,
  InferenceClientTimeoutError,
  type CircuitEvent,
} from "../src/index.js";
import { durationMs, pauseOf } from "../src/limits/limiter.js";
import { memoryStore } from "../src/limits/store.js";
import { useMockProvider } from "./support/loopback.js";
import { chatText } from "./support/collect.js";

const mock = useMockProvider();
const messages = [{ role: "user" as const, content: "Hi" }];

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server;
let base = "";
let handler: Handler;
const seen: number[] = [];
let inFlight = 0;
let maxInFlight = 0;

function answer(res: ServerResponse, delayMs = 0) {
  const body = JSON.stringify({
    id: "x",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
  });
  setTimeout(() => {
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  }, delayMs);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    seen.push(performance.now());
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    handler(req, res, seen.length);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function fresh(h: Handler) {
  handler = h;
  seen.length = 0;
  inFlight = maxInFlight = 0;
}

/** The most requests the server saw within any window of `ms` starting at a request. */
function maxPerWindow(ms: number): number {
  let most = 0;
  for (let i = 0; i < seen.length; i++) {
    let n = 0;
    for (let j = i; j < seen.length && seen[j]! - seen[i]! < ms; j++) n++;
    most = Math.max(most, n);
  }
  return most;
}

describe("client-wide limits", () => {
  it("caps the calls in flight at `concurrency` (the server never sees more at once)", async () => {
    fresh((_req, res) => answer(res, 30));
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": { concurrency: 3 } } });
    const outs = await Promise.all(Array.from({ length: 15 }, () => client.chatCompletion({ messages })));
    expect(outs.every((o) => o.choices[0]?.message.content === "ok")).toBe(true);
    expect(seen.length).toBe(15);
    expect(maxInFlight).toBe(3);
  });

  it("a stream holds its place until it ends (concurrency 1: the second stream's request waits)", async () => {
    fresh((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (content: string) =>
        `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      res.write(chunk("a"));
      setTimeout(() => res.end(`${chunk("b")}data: [DONE]\n\n`), 40);
    });
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": { concurrency: 1 } } });
    const read = () => chatText(client.chatCompletionStream({ messages }));
    expect(await Promise.all([read(), read(), read()])).toEqual(["ab", "ab", "ab"]);
    expect(seen.length).toBe(3);
    expect(maxInFlight).toBe(1);
  });

  it("a provider's own entry wins over '*' (an endpoint is named by its origin)", async () => {
    fresh((_req, res) => answer(res, 30));
    const client = new InferenceClient("", {
      endpointUrl: base,
      limits: { "*": { concurrency: 5 }, [base]: { concurrency: 1 } },
    });
    await Promise.all(Array.from({ length: 6 }, () => client.chatCompletion({ messages })));
    expect(maxInFlight).toBe(1);
  });

  it("without limits, the same calls all go at once", async () => {
    fresh((_req, res) => answer(res, 50));
    const client = new InferenceClient("", { endpointUrl: base });
    await Promise.all(Array.from({ length: 8 }, () => client.chatCompletion({ messages })));
    expect(maxInFlight).toBe(8);
  });

  it("paces requestsPerSecond: no one-second window holds more than the rate plus its burst", async () => {
    fresh((_req, res) => answer(res));
    const rate = 20;
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": { requestsPerSecond: rate } } });
    await Promise.all(Array.from({ length: 45 }, () => client.chatCompletion({ messages })));
    expect(seen.length).toBe(45);
    // Paced one at a time: one second holds at most the rate, plus the request at its very start.
    expect(maxPerWindow(1000)).toBeLessThanOrEqual(rate + 1);
    // Smooth, not in bursts: no quarter of a second holds half a second's share.
    expect(maxPerWindow(250)).toBeLessThanOrEqual(rate / 2);
  });

  it("a provider enforcing the same rate as a token bucket (same burst) answers no 429", async () => {
    // The provider's own bucket: `rate` tokens a second, a tenth of a second's worth at most, measured with the server's
    // high-resolution clock; a request without a whole token is answered 429.
    const rate = 20;
    const burst = Math.max(1, Math.floor(rate / 10));
    let tokens = burst;
    let last = performance.now();
    let rejected = 0;
    fresh((_req, res) => {
      const now = performance.now();
      tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
      last = now;
      if (tokens < 1) {
        rejected++;
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ error: "rate limited" }));
        return;
      }
      tokens -= 1;
      answer(res);
    });
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": { requestsPerSecond: rate } } });
    await Promise.all(Array.from({ length: 40 }, () => client.chatCompletion({ messages })));
    expect(rejected).toBe(0);
    expect(seen.length).toBe(40);
  });

  it("paces requestsPerMinute the same way", async () => {
    fresh((_req, res) => answer(res));
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": { requestsPerMinute: 600 } } });
    await Promise.all(Array.from({ length: 15 }, () => client.chatCompletion({ messages })));
    expect(maxPerWindow(1000)).toBeLessThanOrEqual(10 + 1);
  });

  it("a 429 with Retry-After pauses the provider for every call of the client, not only the one that got it", async () => {
    let pausedAt = 0;
    fresh((_req, res, n) => {
      if (n === 1) {
        pausedAt = performance.now();
        res.writeHead(429, { "content-type": "application/json", "retry-after-ms": "600" });
        res.end(JSON.stringify({ error: "slow down" }));
      } else answer(res);
    });
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": {} } });
    let retrying = false;
    const first = client.chatCompletion({ messages }, { onRetry: () => (retrying = true) });
    // The second call starts once the first has its 429 (and is about to retry), while the provider is paused.
    while (!retrying) await new Promise((r) => setTimeout(r, 5));
    const second = client.chatCompletion({ messages });
    await Promise.all([first, second]);
    expect(seen.length).toBe(3);
    // No request reached the server in the half second after the 429: both calls waited for the pause.
    expect(seen.filter((t) => t > pausedAt && t < pausedAt + 500)).toEqual([]);
  });

  it("without limits, the second call does not wait for another call's 429", async () => {
    let pausedAt = 0;
    fresh((_req, res, n) => {
      if (n === 1) {
        pausedAt = performance.now();
        res.writeHead(429, { "retry-after-ms": "600" }).end("{}");
      } else answer(res);
    });
    const client = new InferenceClient("", { endpointUrl: base });
    const first = client.chatCompletion({ messages });
    while (!pausedAt) await new Promise((r) => setTimeout(r, 5));
    await client.chatCompletion({ messages });
    expect(seen.filter((t) => t > pausedAt && t < pausedAt + 500).length).toBeGreaterThan(0);
    await first;
  });

  it("a call waiting for its turn ends with its signal's reason, and sends nothing", async () => {
    let release!: () => void;
    fresh((_req, res) => {
      release = () => answer(res);
    });
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": { concurrency: 1 } } });
    const first = client.chatCompletion({ messages });
    while (!seen.length) await new Promise((r) => setTimeout(r, 5));
    const ctrl = new AbortController();
    const second = client.chatCompletion({ messages }, { signal: ctrl.signal });
    const why = new Error("caller gave up");
    ctrl.abort(why);
    await expect(second).rejects.toBe(why);
    release();
    await first;
    expect(seen.length).toBe(1);
    // The aborted waiter gave its place back: the next call goes.
    fresh((_req, res) => answer(res));
    await client.chatCompletion({ messages });
    expect(seen.length).toBe(1);
  });

  it("a wait past the call's timeout is the usual timeout error", async () => {
    let release!: () => void;
    fresh((_req, res) => {
      release = () => answer(res);
    });
    const client = new InferenceClient("", { endpointUrl: base, limits: { "*": { concurrency: 1 } } });
    const first = client.chatCompletion({ messages });
    while (!seen.length) await new Promise((r) => setTimeout(r, 5));
    const err = await client.chatCompletion({ messages }, { timeout: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect((err as InferenceClientTimeoutError).kind).toBe("total");
    release();
    await first;
    expect(seen.length).toBe(1);
  });

  it("bad limits are input errors naming the field, before any call", () => {
    expect(() => new InferenceClient("", { limits: { groq: { concurrency: 0 } } })).toThrow(
      /options\.limits\["groq"\]\.concurrency must be a positive integer/,
    );
    expect(() => new InferenceClient("", { limits: { groq: { rps: 3 } as never } })).toThrow(
      /options\.limits\["groq"\]\.rps/,
    );
    expect(() => new InferenceClient("", { circuit: { cooldownMs: -1 } })).toThrow(/options\.circuit\.cooldownMs/);
  });
});

describe("pause headers", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it("reads Retry-After, retry-after-ms, IETF RateLimit / RateLimit-Policy and x-ratelimit-reset-*", () => {
    expect(pauseOf(h({ "retry-after": "3" }))).toBe(3000);
    expect(pauseOf(h({ "retry-after-ms": "250" }))).toBe(250);
    expect(pauseOf(h({ ratelimit: '"default";r=0;t=7', "ratelimit-policy": '"default";q=100;w=60' }))).toBe(7000);
    expect(pauseOf(h({ ratelimit: "limit=100, remaining=0, reset=5" }))).toBe(5000);
    expect(pauseOf(h({ "ratelimit-reset": "4" }))).toBe(4000);
    expect(pauseOf(h({ ratelimit: '"default";r=0', "ratelimit-policy": '"default";q=100;w=20' }))).toBe(20000);
    expect(
      pauseOf(
        h({
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": "1m2s",
          "x-ratelimit-remaining-tokens": "900",
          "x-ratelimit-reset-tokens": "20ms",
        }),
      ),
    ).toBe(60_000);
    expect(pauseOf(h({ "x-ratelimit-reset-requests": "2.5s", "x-ratelimit-reset-tokens": "800ms" }))).toBe(800);
    expect(pauseOf(h({ "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 10) }), Date.now())).toBeGreaterThan(
      8000,
    );
    expect(pauseOf(h({}))).toBeUndefined();
    expect(durationMs("6m0s")).toBe(360_000);
    expect(durationMs("soon")).toBeUndefined();
  });
});

describe("circuit breaker through fallback", () => {
  const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
  const map = () =>
    mock.mapModel(MODEL, [
      { provider: "together", providerId: "together-id", task: "conversational" },
      { provider: "deepinfra", providerId: "deepinfra-id", task: "conversational" },
    ]);

  it("skips a provider that keeps failing, probes it once after the cooldown, and reports each transition", async () => {
    map();
    let clock = 1_000_000;
    const events: CircuitEvent[] = [];
    const client = new InferenceClient("hf_test", {
      fetch: mock.fetch,
      maxRetries: 0,
      circuit: { failures: 3, windowMs: 30_000, cooldownMs: 30_000 },
      limitStore: memoryStore(() => clock),
      onCircuit: (e) => events.push(e),
    });
    const call = () => client.chatCompletion({ model: MODEL, messages, provider: ["together", "deepinfra"] });
    const hits = (p: string) => mock.find(`/${p}/`).length;

    mock.on("/together/", { status: 503, json: { error: "overloaded" } }, { times: 3 });
    for (let i = 0; i < 3; i++) await call();
    expect(hits("together")).toBe(3);
    expect(events).toEqual([expect.objectContaining({ provider: "together", state: "open" })]);

    // Open: together is not even tried.
    await call();
    await call();
    expect(hits("together")).toBe(3);
    expect(hits("deepinfra")).toBe(5);

    // Cooldown over: one call probes together (which now answers), and the circuit closes.
    clock += 30_001;
    await call();
    expect(hits("together")).toBe(4);
    expect(hits("deepinfra")).toBe(5);
    await new Promise((r) => setTimeout(r, 10));
    expect(events.map((e) => e.state)).toEqual(["open", "half-open", "closed"]);
    await call();
    expect(hits("together")).toBe(5);
  });

  it("a failed probe opens the circuit again; with every provider open the call still tries them", async () => {
    map();
    let clock = 5_000_000;
    const events: CircuitEvent[] = [];
    const client = new InferenceClient("hf_test", {
      fetch: mock.fetch,
      maxRetries: 0,
      circuit: { failures: 1, cooldownMs: 1000 },
      limitStore: memoryStore(() => clock),
      onCircuit: (e) => events.push(e),
    });
    const call = () => client.chatCompletion({ model: MODEL, messages, provider: ["together", "deepinfra"] });
    mock.on("/together/", { status: 500, json: { error: "down" } }, { times: 2 });
    await call();
    clock += 1001;
    await call(); // the probe fails
    await new Promise((r) => setTimeout(r, 10));
    expect(events.map((e) => `${e.provider}:${e.state}`)).toEqual([
      "together:open",
      "together:half-open",
      "together:open",
    ]);

    mock.on("/deepinfra/", { status: 500, json: { error: "down" } }, { times: 1 });
    mock.on("/together/", { status: 500, json: { error: "down" } }, { times: 1 });
    const err = await call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientRoutingError);
    await new Promise((r) => setTimeout(r, 10));
    // Both open now: the next call tries both rather than failing without a request.
    const before = mock.find("/chat/completions").length;
    await call();
    expect(mock.find("/chat/completions").length).toBeGreaterThan(before);
  });
});
