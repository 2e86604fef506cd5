/**
 * One test per network fault, against a real loopback server (the mock provider's fault replies, or a
 * small node:http server where the test must see the server side of the socket). Backoff is checked by
 * recording the waits.retry the client asked for (test/support/waits.ts), never by sleeping; nothing asserts on elapsed time.
 */
import { getEventListeners } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  chatCompletion,
  chatCompletionStream,
  clearMappingCache,
  InferenceClient,
  InferenceClientConnectionError,
  InferenceClientError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  type Options,
  type RetryInfo,
} from "../src/index.js";
import { extractMessage } from "../src/transport/http-error.js";
import { MAX_ERROR_BODY } from "../src/transport/body.js";
import { backoffMs, decide, MAX_BACKOFF_MS, retryAfterMs } from "../src/transport/retry.js";
import { startMockProvider, type MockProvider, type MockReply } from "../src/testing/index.js";
import { LIBRARY, runScript } from "./support/child.js";
import { collectUntilError, failure } from "./support/collect.js";
import { watchUnhandledRejections } from "./support/unhandled.js";
import { useFastWaits } from "./support/waits.js";

const CHAT_PATH = "/v1/chat/completions";
const MESSAGES = [{ role: "user", content: "Hi" }];
const MODEL = "meta-llama/Llama-3.3-70B-Instruct";

// Nothing any fault did may be left as an unhandled rejection.
watchUnhandledRejections();
let mock: MockProvider;

beforeAll(async () => {
  mock = await startMockProvider();
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  ]);
});

afterAll(async () => {
  await mock.close();
});

/** Retry waits end at once; `waits.retry` holds the waits.retry the retry loop asked for. */
const waits = useFastWaits();
beforeEach(() => {
  mock.reset();
});

/** A chat call to the mock as an endpoint URL (no Hub look-up). */
function chat(options: Options = {}, endpointUrl = mock.url) {
  return chatCompletion({ endpointUrl, messages: MESSAGES }, { fetch: mock.fetch, ...options });
}

/** A chat call routed through the (mocked) router to together, with a Hugging Face token. */
function routedChat(options: Options = {}) {
  return chatCompletion(
    { accessToken: "hf_test", model: MODEL, provider: "together", messages: MESSAGES },
    { fetch: mock.fetch, ...options },
  );
}

const chatRequests = () => mock.find(CHAT_PATH).length;

/**
 * A fetch that tracks every response body it hands out: how many bytes the client pulled, and whether
 * the body ended read to the end, cancelled, or errored. A body left "open" would hold its socket.
 */
function trackingFetch(base: typeof fetch) {
  const bodies: { bytes: number; state: "open" | "read" | "cancelled" | "errored" }[] = [];
  const f: typeof fetch = async (input, init) => {
    const res = await base(input, init);
    if (!res.body) return res;
    const entry = { bytes: 0, state: "open" as "open" | "read" | "cancelled" | "errored" };
    bodies.push(entry);
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(c) {
          let r: ReadableStreamReadResult<Uint8Array>;
          try {
            r = await reader.read();
          } catch (e) {
            entry.state = "errored";
            c.error(e);
            return;
          }
          if (r.done) {
            entry.state = "read";
            c.close();
          } else {
            entry.bytes += r.value.byteLength;
            c.enqueue(r.value);
          }
        },
        cancel(reason) {
          entry.state = "cancelled";
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { fetch: f, bodies };
}

describe("retry policy (pure)", () => {
  it("backs off 0.5 s doubling to 8 s, with at most 25 % jitter off", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect([1, 2, 5].map((n) => backoffMs(n, () => 1))).toEqual([375, 750, 6000]);
    for (let i = 0; i < 200; i++) {
      const d = backoffMs(3);
      expect(d).toBeGreaterThanOrEqual(1500);
      expect(d).toBeLessThanOrEqual(2000);
    }
    expect(backoffMs(50, () => 0)).toBe(MAX_BACKOFF_MS);
  });

  it("reads Retry-After as seconds or an HTTP date, and retry-after-ms, up to 60 s", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(retryAfterMs(h({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(h({ "retry-after": "1.5" }), now)).toBe(1500);
    expect(retryAfterMs(h({ "retry-after": "Wed, 21 Oct 2015 07:28:07 GMT" }), now)).toBe(7000);
    expect(retryAfterMs(h({ "retry-after": "Wed, 21 Oct 2015 07:27:00 GMT" }), now)).toBe(0);
    expect(retryAfterMs(h({ "retry-after-ms": "1234" }), now)).toBe(1234);
    // retry-after-ms wins over Retry-After.
    expect(retryAfterMs(h({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    // Out of range or unreadable: ignored.
    expect(retryAfterMs(h({ "retry-after": "3600" }), now)).toBeUndefined();
    expect(retryAfterMs(h({ "retry-after": "-1" }), now)).toBeUndefined();
    expect(retryAfterMs(h({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(h({ "retry-after-ms": "abc" }), now)).toBeUndefined();
    expect(retryAfterMs(h({}), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it("the wait before a retry: what the server asked for, else backoff (decide)", () => {
    const wait = (retries: number, headers?: Headers) =>
      decide({ failure: "status", status: 503, headers, retries, maxRetries: 5, random: () => 0 }).waitMs;
    expect(wait(0, new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(wait(1, new Headers())).toBe(1000);
    expect(wait(2)).toBe(2000);
    // Past the cap on what a server may ask: backoff instead.
    expect(wait(0, new Headers({ "retry-after": "7200" }))).toBe(500);
  });
});

describe("429 and Retry-After", () => {
  it("waits Retry-After seconds", async () => {
    mock.once(CHAT_PATH, { status: 429, headers: { "retry-after": "3" }, json: { error: "slow down" } });
    const retries: RetryInfo[] = [];
    const out = await chat({ onRetry: (i) => retries.push(i) });
    expect(out.choices.length).toBe(1);
    expect(waits.retry).toEqual([3000]);
    expect(chatRequests()).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delayMs: 3000, status: 429 });
    expect(retries[0]!.error).toBeInstanceOf(InferenceClientProviderApiError);
  });

  it("waits until a Retry-After HTTP date", async () => {
    // 30 s ahead (the wait is recorded, not slept): a slow machine between writing the date and reading it
    // cannot push the delay out of the bounds below.
    const date = new Date(Date.now() + 30_000).toUTCString();
    mock.once(CHAT_PATH, { status: 429, headers: { "retry-after": date }, json: { error: "slow down" } });
    await chat();
    expect(waits.retry).toHaveLength(1);
    // HTTP dates have a one-second resolution.
    expect(waits.retry[0]).toBeGreaterThan(20_000);
    expect(waits.retry[0]).toBeLessThanOrEqual(30_000);
  });

  it("waits retry-after-ms milliseconds", async () => {
    mock.once(CHAT_PATH, { status: 429, headers: { "retry-after-ms": "1234" }, json: { error: "slow down" } });
    await chat();
    expect(waits.retry).toEqual([1234]);
  });

  it("backs off exponentially with jitter when the server gives no delay", async () => {
    mock.on(CHAT_PATH, { status: 429, json: { error: "slow down" } }, { times: 2 });
    await chat();
    expect(waits.retry).toHaveLength(2);
    expect(waits.retry[0]).toBeGreaterThanOrEqual(375);
    expect(waits.retry[0]).toBeLessThanOrEqual(500);
    expect(waits.retry[1]).toBeGreaterThanOrEqual(750);
    expect(waits.retry[1]).toBeLessThanOrEqual(1000);
  });

  it("does not wait an hour when asked to: backoff instead", async () => {
    mock.once(CHAT_PATH, { status: 429, headers: { "retry-after": "3600" }, json: { error: "slow down" } });
    await chat();
    expect(waits.retry).toHaveLength(1);
    expect(waits.retry[0]).toBeLessThanOrEqual(500);
  });

  it("gives up at once when the asked wait would pass the call's deadline", async () => {
    mock.on(CHAT_PATH, { status: 429, headers: { "retry-after": "30" }, json: { error: "slow down" } });
    const err = await failure(chat({ timeout: 5_000 }));
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err.status).toBe(429);
    expect(waits.retry).toEqual([]);
    expect(chatRequests()).toBe(1);
  });
});

describe("status classes", () => {
  it("retries 500, 502 and 504 then succeeds", async () => {
    mock.once(CHAT_PATH, { status: 500, json: { error: "boom" } });
    mock.once(CHAT_PATH, { status: 502, json: { error: "bad gateway" } });
    mock.once(CHAT_PATH, { status: 504, json: { error: "gateway timeout" } });
    const out = await chat({ maxRetries: 3 });
    expect(out.choices[0]?.message.content).toContain("Hi");
    expect(chatRequests()).toBe(4);
    expect(waits.retry).toHaveLength(3);
  });

  it("retries 408 and 409", async () => {
    mock.once(CHAT_PATH, { status: 408, json: { error: "request timeout" } });
    mock.once(CHAT_PATH, { status: 409, json: { error: "conflict" } });
    await chat();
    expect(chatRequests()).toBe(3);
  });

  it("503 forever: exactly maxRetries + 1 attempts", async () => {
    mock.on(CHAT_PATH, { status: 503, json: { error: "overloaded" } });
    for (const [maxRetries, attempts] of [
      [undefined, 3],
      [0, 1],
      [4, 5],
    ] as const) {
      mock.reset();
      mock.on(CHAT_PATH, { status: 503, json: { error: "overloaded" } });
      const err = await failure(chat(maxRetries === undefined ? {} : { maxRetries }));
      expect(err).toBeInstanceOf(InferenceClientProviderApiError);
      expect(err.status).toBe(503);
      expect(err.retryable).toBe(true);
      expect(chatRequests()).toBe(attempts);
    }
  });

  it("retry_on_error: false makes one attempt", async () => {
    mock.on(CHAT_PATH, { status: 503, json: { error: "overloaded" } });
    const err = await failure(chat({ retry_on_error: false, maxRetries: 5 }));
    expect(err.status).toBe(503);
    expect(chatRequests()).toBe(1);
    expect(waits.retry).toEqual([]);
  });

  it("takes maxRetries from the client's defaults, and a call's option wins", async () => {
    mock.on(CHAT_PATH, { status: 500, json: { error: "boom" } });
    const client = new InferenceClient("", { fetch: mock.fetch, maxRetries: 4 });
    await failure(client.chatCompletion({ endpointUrl: mock.url, messages: MESSAGES }));
    expect(chatRequests()).toBe(5);
    mock.reset();
    mock.on(CHAT_PATH, { status: 500, json: { error: "boom" } });
    await failure(client.chatCompletion({ endpointUrl: mock.url, messages: MESSAGES }, { maxRetries: 1 }));
    expect(chatRequests()).toBe(2);
  });

  it.each([400, 401, 403, 404, 413, 422])("never retries %i", async (status) => {
    mock.on(CHAT_PATH, { status, json: { error: { message: `nope ${status}` } } });
    const err = await failure(chat());
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err.status).toBe(status);
    expect(err.retryable).toBe(false);
    expect(err.providerMessage).toBe(`nope ${status}`);
    expect(chatRequests()).toBe(1);
    expect(waits.retry).toEqual([]);
  });

  it("rejects a bad maxRetries before sending", async () => {
    await expect(chat({ maxRetries: -1 })).rejects.toThrow(/maxRetries/);
    expect(chatRequests()).toBe(0);
  });
});

describe("what a provider error carries", () => {
  it("status, provider, model, request id, retryable, message, redacted request", async () => {
    mock.on(CHAT_PATH, {
      status: 429,
      headers: { "x-request-id": "req-123" },
      json: { error: { message: "Rate limit reached", type: "rate_limit" } },
    });
    const err = await failure(routedChat({ retry_on_error: false }));
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err).toBeInstanceOf(InferenceClientError);
    expect(err.name).toBe("ProviderApiError");
    expect(err.status).toBe(429);
    expect(err.provider).toBe("together");
    expect(err.model).toBe(MODEL);
    expect(err.requestId).toBe("req-123");
    expect(err.retryable).toBe(true);
    expect(err.providerMessage).toBe("Rate limit reached");
    expect(err.message).toContain("Rate limit reached");
    expect(err.message).toContain("req-123");
    expect(err.httpResponse).toMatchObject({ status: 429, requestId: "req-123" });
    expect(err.httpRequest.url).toBe("https://router.huggingface.co/together/v1/chat/completions");
    expect(err.httpRequest.headers.Authorization).toBe("Bearer [redacted]");
    expect(err.httpRequest.body).toMatchObject({ model: "meta-llama/Llama-3.3-70B-Instruct-Turbo" });
  });

  it.each([
    ["x-fal-request-id", "fal-1"],
    ["request-id", "anth-1"],
    ["x-amzn-requestid", "aws-1"],
  ])("reads the request id from %s", async (header, id) => {
    mock.on(CHAT_PATH, { status: 400, headers: { [header]: id }, json: { error: "bad" } });
    const err = await failure(chat());
    expect(err.requestId).toBe(id);
  });

  it.each<[string, MockReply, string]>([
    ["error string", { json: { error: "plain error" } }, "plain error"],
    ["error.message", { json: { error: { message: "openai style" } } }, "openai style"],
    ["message", { json: { message: "top-level message" } }, "top-level message"],
    ["detail", { json: { detail: "fastapi detail" } }, "fastapi detail"],
    ["detail list", { json: { detail: [{ msg: "field required" }, { msg: "too long" }] } }, "field required; too long"],
    ["text body", { text: "upstream said no" }, "upstream said no"],
    [
      "HTML page",
      {
        headers: { "content-type": "text/html" },
        text: "<html><head><title>400 Bad Request</title></head><body><h1>Bad</h1></body></html>",
      },
      "400 Bad Request",
    ],
  ])("finds the provider's message in a %s", async (_, reply, expected) => {
    mock.on(CHAT_PATH, { status: 400, ...reply });
    const err = await failure(chat());
    expect(err.providerMessage).toBe(expected);
    expect(err.message).toContain(expected);
  });

  it("extractMessage reduces an HTML page without a title to its heading or text", () => {
    expect(extractMessage("<html><body><h1>502 Bad Gateway</h1><p>x</p></body></html>")).toBe("502 Bad Gateway");
    expect(extractMessage("<!DOCTYPE html><html><body><p>Service  down</p></body></html>")).toBe("Service down");
    expect(extractMessage({ errors: ["a", "b"] })).toBe("a; b");
    expect(extractMessage({})).toBeUndefined();
  });

  it("an HTML 502 page becomes its status line, and is retried", async () => {
    const page =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    mock.on(CHAT_PATH, { status: 502, headers: { "content-type": "text/html" }, text: page });
    const err = await failure(chat());
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err.status).toBe(502);
    expect(err.providerMessage).toBe("502 Bad Gateway");
    expect(err.message).not.toContain("<");
    expect(chatRequests()).toBe(3);
  });
});

describe("connection faults", () => {
  it("a reset before headers is retried, then succeeds", async () => {
    mock.once(CHAT_PATH, { destroy: "before-headers" });
    const retries: RetryInfo[] = [];
    const out = await chat({ onRetry: (i) => retries.push(i) });
    expect(out.choices.length).toBe(1);
    expect(chatRequests()).toBe(2);
    expect(retries[0]!.error).toBeInstanceOf(InferenceClientConnectionError);
    expect(retries[0]!.status).toBeUndefined();
  });

  it("resets every time: a typed connection error with its cause, after maxRetries + 1 attempts", async () => {
    mock.on(CHAT_PATH, { destroy: "before-headers" });
    const err = await failure(chat());
    expect(err).toBeInstanceOf(InferenceClientConnectionError);
    expect(err).toBeInstanceOf(InferenceClientError);
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.url).toBe(`${mock.url}/v1/chat/completions`);
    expect(err.provider).toBe("endpoint");
    expect(chatRequests()).toBe(3);
  });

  it("a refused connection is a typed connection error", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(
      chatCompletion({ endpointUrl: `http://127.0.0.1:${port}`, messages: MESSAGES }, { retry_on_error: false }),
    );
    expect(err).toBeInstanceOf(InferenceClientConnectionError);
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.message).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it("a body cut mid-way is retried (nothing reached the caller), then succeeds", async () => {
    mock.once(CHAT_PATH, {
      headers: { "content-type": "application/json" },
      chunks: ['{"choices": ['],
      destroy: "mid-body",
    });
    const out = await chat();
    expect(out.choices.length).toBe(1);
    expect(chatRequests()).toBe(2);
  });

  it("a body cut every time is a connection error, never a truncated answer", async () => {
    mock.on(CHAT_PATH, {
      headers: { "content-type": "application/json" },
      chunks: ['{"choices": ['],
      destroy: "mid-body",
    });
    const err = await failure(chat({ maxRetries: 1 }));
    expect(err).toBeInstanceOf(InferenceClientConnectionError);
    expect(err.message).toMatch(/before the response was complete/);
    expect(chatRequests()).toBe(2);
  });
});

describe("timeouts", () => {
  it("a body trickling past `timeout` fails with a total TimeoutError", async () => {
    const chunks = Array.from({ length: 50 }, () => " ");
    mock.on(CHAT_PATH, { headers: { "content-type": "application/json" }, chunks, chunkDelayMs: 10 });
    const err = await failure(chat({ timeout: 80, idleTimeout: 10_000 }));
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect(err).toBeInstanceOf(InferenceClientError);
    expect(err.kind).toBe("total");
    expect(err.timeoutMs).toBe(80);
    expect(err.name).toBe("TimeoutError");
    // The deadline ends the call: no retry after it.
    expect(chatRequests()).toBe(1);
  });

  it("a server that never answers: `timeout` bounds the call, retries included", async () => {
    mock.on(CHAT_PATH, { hang: true });
    const err = await failure(chat({ timeout: 60, idleTimeout: 10_000 }));
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect(err.kind).toBe("total");
    expect(chatRequests()).toBe(1);
  });

  it("silence before headers past `idleTimeout`: idle TimeoutError, retried like a connection failure", async () => {
    mock.on(CHAT_PATH, { hang: true });
    const err = await failure(chat({ idleTimeout: 40 }));
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect(err.kind).toBe("idle");
    expect(err.timeoutMs).toBe(40);
    expect(chatRequests()).toBe(3);
  });

  it("a body stalling past `idleTimeout`: idle TimeoutError", async () => {
    mock.on(CHAT_PATH, { headers: { "content-type": "application/json" }, chunks: ['{"cho'], stall: true });
    const err = await failure(chat({ idleTimeout: 40, retry_on_error: false }));
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect(err.kind).toBe("idle");
    expect(chatRequests()).toBe(1);
  });

  it("a slow but steady body is not idle", async () => {
    const body = JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: "ok" } }] });
    const chunks = body.match(/.{1,4}/g)!;
    mock.on(CHAT_PATH, { headers: { "content-type": "application/json" }, chunks, chunkDelayMs: 5 });
    const out = await chat({ idleTimeout: 300 });
    expect(out.choices[0]?.message.content).toBe("ok");
  });

  it("a custom fetch that ignores its signal cannot hang the call", async () => {
    let calls = 0;
    const deaf: typeof fetch = () => {
      calls++;
      return new Promise<Response>(() => {});
    };
    const idle = await failure(chat({ fetch: deaf, idleTimeout: 30, retry_on_error: false }));
    expect(idle).toBeInstanceOf(InferenceClientTimeoutError);
    expect(idle.kind).toBe("idle");
    const total = await failure(chat({ fetch: deaf, timeout: 40, idleTimeout: 10_000 }));
    expect(total).toBeInstanceOf(InferenceClientTimeoutError);
    expect(total.kind).toBe("total");
    expect(calls).toBe(2);
  });

  it("a user abort is told apart from a timeout: it rejects with the signal's reason", async () => {
    mock.on(CHAT_PATH, { hang: true });
    const ctrl = new AbortController();
    const p = chat({ signal: ctrl.signal, timeout: 10_000, idleTimeout: 10_000 });
    while (chatRequests() === 0) await new Promise((r) => setTimeout(r, 2));
    ctrl.abort();
    const err = await failure(p);
    expect(err).not.toBeInstanceOf(InferenceClientTimeoutError);
    expect(err.name).toBe("AbortError");

    const ctrl2 = new AbortController();
    const reason = new Error("user changed their mind");
    const p2 = chat({ signal: ctrl2.signal });
    while (chatRequests() < 2) await new Promise((r) => setTimeout(r, 2));
    ctrl2.abort(reason);
    expect(await failure(p2)).toBe(reason);
  });
});

describe("loading model / endpoint scaled to zero", () => {
  const loading = (estimated_time?: number): MockReply => ({
    status: 503,
    json: { error: "Model meta-llama/x is currently loading", ...(estimated_time ? { estimated_time } : {}) },
  });

  it("waits for estimated_time (1 to 10 s per wait) without spending retries", async () => {
    mock.on(CHAT_PATH, loading(2.5), { times: 1 });
    mock.on(CHAT_PATH, loading(40), { times: 3 });
    const out = await chat({ maxRetries: 1 });
    expect(out.choices.length).toBe(1);
    expect(waits.retry).toEqual([2500, 10_000, 10_000, 10_000]);
    expect(chatRequests()).toBe(5);
  });

  it("a loading message without estimate waits a default time", async () => {
    mock.once(CHAT_PATH, { status: 503, json: { error: "Endpoint is scaled to zero, initializing" } });
    await chat();
    expect(waits.retry).toEqual([2000]);
  });

  it("only within the call's deadline", async () => {
    mock.on(CHAT_PATH, loading(20));
    const err = await failure(chat({ timeout: 5_000 }));
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err.status).toBe(503);
    expect(err.providerMessage).toContain("currently loading");
    expect(waits.retry).toEqual([]);
    expect(chatRequests()).toBe(1);
  });

  it("only for providers that declare a loading rule: elsewhere a loading 503 is an ordinary retry", async () => {
    // together declares none (hf-inference does, and its adapters serve the endpoint calls above).
    mock.on(CHAT_PATH, loading(2.5));
    const err = await failure(routedChat());
    expect(err.status).toBe(503);
    expect(waits.retry.length).toBe(2);
    expect(waits.retry.every((d) => d <= 1000)).toBe(true);
    expect(chatRequests()).toBe(3);
  });

  it("not at all with retry_on_error: false", async () => {
    mock.on(CHAT_PATH, loading(1));
    const err = await failure(chat({ retry_on_error: false }));
    expect(err.status).toBe(503);
    expect(chatRequests()).toBe(1);
  });
});

describe("a Hub look-up shared by concurrent calls", () => {
  it("one call's abort does not fail another call waiting on the same look-up", async () => {
    clearMappingCache();
    // The first look-up is slow; the one made after the abort answers at once.
    let lookups = 0;
    mock.on("/api/models/", () => (++lookups === 1 ? { hang: true } : undefined));
    const ctrl = new AbortController();
    const reason = new Error("first caller gave up");
    const a = routedChat({ signal: ctrl.signal });
    while (lookups === 0) await new Promise((r) => setTimeout(r, 2));
    const b = routedChat();
    await new Promise((r) => setTimeout(r, 10));
    ctrl.abort(reason);
    expect(await failure(a)).toBe(reason);
    const out = await b;
    expect(out.choices.length).toBe(1);
    expect(lookups).toBe(2);
  });

  it("a call waiting on another call's look-up still honours its own abort", async () => {
    clearMappingCache();
    mock.on("/api/models/", { hang: true });
    const first = new AbortController();
    const a = routedChat({ signal: first.signal });
    while (mock.find("/api/models/").length === 0) await new Promise((r) => setTimeout(r, 2));
    const ctrl = new AbortController();
    const b = routedChat({ signal: ctrl.signal });
    await new Promise((r) => setTimeout(r, 10));
    ctrl.abort();
    expect((await failure(b)).name).toBe("AbortError");
    first.abort();
    expect((await failure(a)).name).toBe("AbortError");
    expect(mock.find("/api/models/")).toHaveLength(1);
  });

  it("an abort while the mapping's body is read is the abort, not a Hub shape error", async () => {
    clearMappingCache();
    mock.on("/api/models/", { headers: { "content-type": "application/json" }, chunks: ['{"id":'], stall: true });
    const ctrl = new AbortController();
    const reason = new Error("stop");
    const p = routedChat({ signal: ctrl.signal });
    while (mock.find("/api/models/").length === 0) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 10));
    ctrl.abort(reason);
    expect(await failure(p)).toBe(reason);
  });
});

describe("big bodies", () => {
  it("reads a 10 MB answer whole", async () => {
    const content = "x".repeat(10 * 1024 * 1024);
    mock.once(CHAT_PATH, { json: { choices: [{ index: 0, message: { role: "assistant", content } }] } });
    const out = await chat();
    expect(out.choices[0]?.message.content?.length).toBe(content.length);
  });

  it("reads at most 64 KiB of a 10 MB error body and cancels the rest", async () => {
    const big = "E".repeat(10 * 1024 * 1024);
    mock.on(CHAT_PATH, { status: 500, text: big });
    const tracked = trackingFetch(mock.fetch);
    const err = await failure(chat({ fetch: tracked.fetch, retry_on_error: false }));
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err.status).toBe(500);
    expect(String(err.httpResponse.body).length).toBeLessThanOrEqual(4097);
    expect(err.message.length).toBeLessThan(2000);
    expect(tracked.bodies).toHaveLength(1);
    expect(tracked.bodies[0]!.state).toBe("cancelled");
    expect(tracked.bodies[0]!.bytes).toBeLessThan(MAX_ERROR_BODY + 1024 * 1024);
  });
});

describe("streams", () => {
  const events = (n: number, final = true) =>
    Array.from({ length: n }, (_, i) => ({
      id: "c",
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta: { content: `t${i}` }, finish_reason: final && i === n - 1 ? "stop" : null }],
    }));
  const stream = (options: Options = {}, endpointUrl = mock.url) =>
    chatCompletionStream({ endpointUrl, messages: MESSAGES }, { fetch: mock.fetch, rawChunks: true, ...options });

  it("a whole stream, with a final chunk and [DONE]", async () => {
    mock.on(CHAT_PATH, { events: events(3) });
    const { items, error } = await collectUntilError(stream());
    expect(error).toBeUndefined();
    expect(items).toHaveLength(3);
  });

  it("a cut connection is a connection error after the chunks received, never a silent end", async () => {
    // The pieces are spaced so that each is read before the cut (a cut discards what is still buffered).
    mock.on(CHAT_PATH, { events: events(3, false), done: false, destroy: "mid-body", chunkDelayMs: 10 });
    const { items, error } = await collectUntilError(stream());
    expect(items).toHaveLength(3);
    expect(error).toBeInstanceOf(InferenceClientConnectionError);
  });

  it("a clean end without [DONE] or a final chunk is a normal end (the SSE standard: end of body = end of stream)", async () => {
    mock.on(CHAT_PATH, { events: events(2, false), done: false });
    const { items, error } = await collectUntilError(stream());
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
  });

  it("a clean end after a final chunk but no [DONE] is a normal end", async () => {
    mock.on(CHAT_PATH, { events: events(2, true), done: false });
    const { items, error } = await collectUntilError(stream());
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
  });

  it("a stalled stream fails with an idle TimeoutError", async () => {
    mock.on(CHAT_PATH, { events: events(2, false), done: false, stall: true });
    const { items, error } = await collectUntilError(stream({ idleTimeout: 40 }));
    expect(items).toHaveLength(2);
    expect(error).toBeInstanceOf(InferenceClientTimeoutError);
    expect(error.kind).toBe("idle");
  });

  it("a consumer slower than idleTimeout is not taken for a silent server", async () => {
    // Events come as separate reads; the consumer holds each one longer than idleTimeout.
    mock.on(CHAT_PATH, { events: events(2), chunkDelayMs: 5 });
    await collectUntilError(stream());
    const items: unknown[] = [];
    for await (const c of stream({ idleTimeout: 150, retry_on_error: false })) {
      items.push(c);
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(items).toHaveLength(2);
  });

  it("an abort or the deadline while the consumer holds an event ends the stream, even once the whole body arrived", async () => {
    // The first event comes alone; the rest of the body arrives while the consumer holds it.
    mock.once(CHAT_PATH, { events: events(3), chunkDelayMs: 2 });
    // The whole body in one piece: the events after the first are already parsed when the deadline passes.
    mock.once(CHAT_PATH, { events: events(3) });
    const ctrl = new AbortController();
    const reason = new Error("enough");
    const seen: unknown[] = [];
    let error: unknown;
    try {
      for await (const c of stream({ signal: ctrl.signal })) {
        seen.push(c);
        // Long enough for the rest of the (small) body to be received and buffered.
        await new Promise((r) => setTimeout(r, 50));
        ctrl.abort(reason);
      }
    } catch (e) {
      error = e;
    }
    expect(seen).toHaveLength(1);
    expect(error).toBe(reason);

    const timed: unknown[] = [];
    const late = await collectUntilError(
      (async function* () {
        for await (const c of stream({ timeout: 100 })) {
          timed.push(c);
          await new Promise((r) => setTimeout(r, 200));
          yield c;
        }
      })(),
    );
    expect(timed).toHaveLength(1);
    expect(late.error).toBeInstanceOf(InferenceClientTimeoutError);
    expect(late.error.kind).toBe("total");
  });

  it("an {error} event inside the stream is a provider API error", async () => {
    mock.on(CHAT_PATH, {
      headers: { "x-request-id": "s-1" },
      events: [...events(1, false), { error: { message: "model overloaded", code: 503 } }],
    });
    const tracked = trackingFetch(mock.fetch);
    const { items, error } = await collectUntilError(stream({ fetch: tracked.fetch }));
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(InferenceClientProviderApiError);
    expect(error.providerMessage).toBe("model overloaded");
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.requestId).toBe("s-1");
    expect(tracked.bodies.every((b) => b.state !== "open")).toBe(true);
  });

  it("an `event: error` with a text payload is a provider API error", async () => {
    mock.on(CHAT_PATH, {
      headers: { "content-type": "text/event-stream" },
      chunks: [`data: ${JSON.stringify(events(1, false)[0])}\n\n`, "event: error\ndata: upstream exploded\n\n"],
    });
    const { items, error } = await collectUntilError(stream());
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(InferenceClientProviderApiError);
    expect(error.providerMessage).toBe("upstream exploded");
  });

  it("a chunk that is not JSON is an output error", async () => {
    mock.on(CHAT_PATH, { events: [...events(1, false), "{not json"] });
    const { items, error } = await collectUntilError(stream());
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(InferenceClientProviderOutputError);
    expect(error.message).toContain("not valid JSON");
  });

  it("a 200 that is not an event stream: an {error} body is an API error, anything else an output error", async () => {
    mock.once(CHAT_PATH, { json: { error: "stream unavailable" } });
    const a = await collectUntilError(stream());
    expect(a.error).toBeInstanceOf(InferenceClientProviderApiError);
    expect(a.error.providerMessage).toBe("stream unavailable");
    mock.once(CHAT_PATH, { json: { choices: [] } });
    const b = await collectUntilError(stream());
    expect(b.error).toBeInstanceOf(InferenceClientProviderOutputError);
    expect(b.error.message).toContain("application/json");
  });

  it("a 429 before the stream starts is retried", async () => {
    mock.once(CHAT_PATH, { status: 429, headers: { "retry-after": "1" }, json: { error: "slow down" } });
    mock.on(CHAT_PATH, { events: events(2) });
    const { items, error } = await collectUntilError(stream());
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect(waits.retry).toEqual([1000]);
  });

  it("an already-aborted signal sends nothing", async () => {
    const ctrl = new AbortController();
    const reason = new Error("not now");
    ctrl.abort(reason);
    expect(await failure(chat({ signal: ctrl.signal }))).toBe(reason);
    const { error } = await collectUntilError(stream({ signal: ctrl.signal }));
    expect(error).toBe(reason);
    const routed = await failure(routedChat({ signal: ctrl.signal }));
    expect(routed).toBe(reason);
    expect(mock.requests).toHaveLength(0);
  });
});

/** A server whose stream sends one chunk and stays open; `closed` resolves when the client drops the socket. */
async function openStreamServer(): Promise<{ url: string; closed: Promise<void>; server: Server }> {
  let onClose!: () => void;
  const closed = new Promise<void>((r) => (onClose = r));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.on("close", onClose);
    res.writeHead(200, { "content-type": "text/event-stream" });
    const chunk = { id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "a" } }] };
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, closed, server };
}

describe("abort and early exit free the socket", () => {
  it("an abort during a stream rejects with the reason and the server sees the connection closed", async () => {
    const s = await openStreamServer();
    try {
      const ctrl = new AbortController();
      const reason = new Error("stop streaming");
      const seen: unknown[] = [];
      let error: unknown;
      try {
        for await (const c of chatCompletionStream(
          { endpointUrl: s.url, messages: MESSAGES },
          { signal: ctrl.signal, rawChunks: true },
        )) {
          seen.push(c);
          ctrl.abort(reason);
        }
      } catch (e) {
        error = e;
      }
      expect(seen).toHaveLength(1);
      expect(error).toBe(reason);
      await s.closed;
    } finally {
      s.server.closeAllConnections();
      s.server.close();
    }
  });

  it("an early break cancels the body: the server sees the connection closed", async () => {
    const s = await openStreamServer();
    try {
      for await (const c of chatCompletionStream({ endpointUrl: s.url, messages: MESSAGES }, { rawChunks: true })) {
        expect(c).toBeTruthy();
        break;
      }
      await s.closed;
    } finally {
      s.server.closeAllConnections();
      s.server.close();
    }
  });

  it("an early break on the mock cancels the body, and the next call works", async () => {
    mock.on(CHAT_PATH, {
      events: Array.from({ length: 50 }, (_, i) => ({ choices: [{ index: 0, delta: { content: `${i}` } }] })),
      chunkDelayMs: 1,
    });
    const tracked = trackingFetch(mock.fetch);
    for await (const c of chatCompletionStream(
      { endpointUrl: mock.url, messages: MESSAGES },
      { fetch: tracked.fetch, rawChunks: true },
    )) {
      expect(c).toBeTruthy();
      break;
    }
    expect(tracked.bodies.map((b) => b.state)).toEqual(["cancelled"]);
    mock.reset();
    expect((await chat()).choices.length).toBe(1);
  });

  it("an abort interrupts a retry wait", async () => {
    waits.restore();
    mock.on(CHAT_PATH, { status: 429, headers: { "retry-after": "30" }, json: { error: "slow down" } });
    const ctrl = new AbortController();
    const err = await failure(chat({ signal: ctrl.signal, onRetry: () => setTimeout(() => ctrl.abort(), 5) }));
    expect(err.name).toBe("AbortError");
    expect(chatRequests()).toBe(1);
  });

  it("every body is read or cancelled, error bodies too", async () => {
    mock.once(CHAT_PATH, { status: 429, json: { error: "slow down" } });
    mock.once(CHAT_PATH, { status: 500, text: "oops" });
    const tracked = trackingFetch(mock.fetch);
    await chat({ fetch: tracked.fetch });
    expect(tracked.bodies).toHaveLength(3);
    expect(tracked.bodies.every((b) => b.state === "read" || b.state === "cancelled")).toBe(true);
  });
});

describe("hygiene", () => {
  it("1,000 sequential calls reuse a bounded number of sockets", async () => {
    const m = await startMockProvider();
    try {
      for (let i = 0; i < 1000; i++) {
        const out = await chatCompletion({ endpointUrl: m.url, messages: MESSAGES }, { fetch: m.fetch });
        expect(out.choices.length).toBe(1);
      }
      expect(m.find(CHAT_PATH)).toHaveLength(1000);
      expect(m.connections).toBeLessThanOrEqual(4);
    } finally {
      await m.close();
    }
  });

  it("no listener is left on a long-lived signal, whatever the outcome", async () => {
    const ctrl = new AbortController();
    const signal = ctrl.signal;
    let during = 0;
    mock.on(/\/ok\//, { json: { choices: [] } });
    mock.on(/\/bad\//, { status: 400, json: { error: "bad" } });
    mock.on(/\/flaky\//, { status: 503, json: { error: "busy" } });
    mock.on(/\/reset\//, { destroy: "before-headers" });
    mock.on(/\/hang\//, { hang: true });
    for (let i = 0; i < 10; i++) {
      await chat({ signal }, `${mock.url}/ok`);
      await failure(chat({ signal }, `${mock.url}/bad`));
      await failure(
        chat({ signal, onRetry: () => (during = getEventListeners(signal, "abort").length) }, `${mock.url}/flaky`),
      );
      await failure(chat({ signal }, `${mock.url}/reset`));
      await failure(chat({ signal, timeout: 20 }, `${mock.url}/hang`));
      for await (const c of chatCompletionStream(
        { endpointUrl: mock.url, messages: MESSAGES },
        { fetch: mock.fetch, signal, rawChunks: true },
      )) {
        expect(c).toBeTruthy();
        break;
      }
      await collectUntilError(
        chatCompletionStream({ endpointUrl: mock.url, messages: MESSAGES }, { fetch: mock.fetch, signal }),
      );
    }
    // While a call runs it listens (once); when it settles it has let go.
    expect(during).toBe(1);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("no timer or socket keeps the process alive once calls settle (child process)", async () => {
    mock.on("/fail/", { status: 500, json: { error: "boom" } });
    mock.on("/hang/", { hang: true });
    // The child must end by itself; the guard's kill shows as a signal, and fails.
    const run = await runScript(
      `
import { chatCompletion, chatCompletionStream } from ${LIBRARY};
const base = process.argv[2];
const messages = [{ role: "user", content: "Hi" }];
const out: Record<string, unknown> = {};
const ok = await chatCompletion({ endpointUrl: base, messages });
out.ok = ok.choices.length;
try { await chatCompletion({ endpointUrl: base + "/fail", messages }, { retry_on_error: false }); }
catch (e) { out.fail = (e as Error).name; }
try { await chatCompletion({ endpointUrl: base + "/hang", messages }, { timeout: 50, retry_on_error: false }); }
catch (e) { out.hang = (e as Error).name; }
for await (const c of chatCompletionStream({ endpointUrl: base, messages })) { out.stream = !!c; break; }
await new Promise((r) => setImmediate(r));
out.resources = process.getActiveResourcesInfo();
console.log(JSON.stringify(out));
`,
      [mock.url],
    );
    expect(run.stderr).toBe("");
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout.trim());
    expect(out).toMatchObject({ ok: 1, fail: "ProviderApiError", hang: "TimeoutError", stream: true });
    expect(out.resources).not.toContain("Timeout");
  });
});
