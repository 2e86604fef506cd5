/**
 * Every option and argument is checked before anything is sent: a wrong type, a header that cannot be
 * sent, an endpoint URL with a password or another scheme, arguments JSON cannot encode. Each case is
 * an `InferenceClientInputError` naming the field (never a raw TypeError, never a "connection failure"
 * retried), with zero requests on the wire (the mock provider on loopback counts them), and without
 * any secret in the error.
 */
import { inspect } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import {
  chatCompletion,
  chatCompletionStream,
  featureExtraction,
  InferenceClient,
  InferenceClientInputError,
  textGeneration,
  type Options,
} from "../src/index.js";
import { failure } from "./support/collect.js";
import { useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const PASSWORD = "pw-SECRETp4ssW0rdZ9";
const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const EMBED = "sentence-transformers/all-MiniLM-L6-v2";
const MESSAGES = [{ role: "user" as const, content: "Hi" }];

const mock = useMockProvider();

beforeEach(() => {
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  ]);
  mock.mapModel(EMBED, [{ provider: "hf-inference", providerId: EMBED, task: "feature-extraction" }]);
});

/** An input error naming `field`, showing none of the secrets however it is printed. */
function expectInputError(err: unknown, field: string | RegExp, secrets: string[] = [TOKEN]): void {
  expect(err).toBeInstanceOf(InferenceClientInputError);
  expect(err).not.toBeInstanceOf(TypeError);
  const e = err as Error;
  if (typeof field === "string") expect(e.message).toContain(field);
  else expect(e.message).toMatch(field);
  const shown = [String(e), e.stack ?? "", JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })];
  for (const s of secrets) for (const text of shown) expect(text).not.toContain(s);
}

/** A chat call to the loopback mock through the runtime's own fetch (real HTTP, counted by the mock). */
const direct = (options?: Options, args: Record<string, unknown> = {}) =>
  chatCompletion({ accessToken: TOKEN, endpointUrl: mock.url, messages: MESSAGES, ...args }, options);
/** A routed chat call (the Hub look-up and the provider call both go through the mock). */
const routed = (options?: Options, args: Record<string, unknown> = {}) =>
  chatCompletion(
    { accessToken: TOKEN, model: MODEL, provider: "together", messages: MESSAGES, ...args },
    { fetch: mock.fetch, ...options },
  );

describe("the mock answers good calls (so a zero count below means the check stopped the call)", () => {
  it("a direct and a routed chat call each reach the mock", async () => {
    await direct();
    expect(mock.requests).toHaveLength(1);
    mock.reset();
    await routed();
    expect(mock.requests.length).toBeGreaterThanOrEqual(1);
  });
});

describe("endpointUrl", () => {
  it("with a user name and password: rejected before any request, the password never echoed", async () => {
    const port = new URL(mock.url).port;
    for (const url of [
      `http://user:${PASSWORD}@127.0.0.1:${port}/`,
      `http://${PASSWORD}@127.0.0.1:${port}/v1`,
      `https://user:${encodeURIComponent(PASSWORD)}@example.com/`,
    ]) {
      const err = await failure(chatCompletion({ accessToken: TOKEN, endpointUrl: url, messages: MESSAGES }));
      expectInputError(err, "endpointUrl", [TOKEN, PASSWORD, encodeURIComponent(PASSWORD)]);
      expect(err.message).toMatch(/user name or password/);
      // The client: at construction, and through endpoint().
      expectInputError(await failure(() => new InferenceClient(TOKEN, { endpointUrl: url })), "endpointUrl", [
        TOKEN,
        PASSWORD,
      ]);
      expectInputError(await failure(() => new InferenceClient(TOKEN).endpoint(url)), "endpointUrl", [TOKEN, PASSWORD]);
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("with another scheme than http(s): rejected before any request", async () => {
    let calls = 0;
    const counting: typeof fetch = (u, i) => (calls++, mock.fetch(u, i));
    for (const url of ["ftp://127.0.0.1/", "file:///etc/passwd", "javascript:alert(1)", "ws://127.0.0.1/", "data:,x"]) {
      const err = await failure(
        chatCompletion({ accessToken: TOKEN, endpointUrl: url, messages: MESSAGES }, { fetch: counting }),
      );
      expectInputError(err, "endpointUrl");
      expect(err.message).toMatch(/http:\/\/ or https:\/\//);
    }
    expect(calls).toBe(0);
    expect(mock.requests).toHaveLength(0);
  });

  it("a plain http(s) URL still works", async () => {
    await chatCompletion({ accessToken: TOKEN, endpointUrl: ` ${mock.url}/ `, messages: MESSAGES });
    expect(mock.requests).toHaveLength(1);
  });
});

/** Bad options: [what, options, field named in the message]. */
const BAD_OPTIONS: [string, Record<string, unknown>, string][] = [
  ["a signal that is a plain object", { signal: {} }, "options.signal"],
  ["a signal that is a string", { signal: "abort" }, "options.signal"],
  ["a signal without addEventListener", { signal: { aborted: false } }, "options.signal"],
  ["a signal without removeEventListener", { signal: { aborted: false, addEventListener() {} } }, "options.signal"],
  ["onRetry not a function", { onRetry: "log" }, "options.onRetry"],
  ["onProgress not a function", { onProgress: 5 }, "options.onProgress"],
  ["fetch not a function", { fetch: {} }, "options.fetch"],
  ["headers as an array", { headers: [["X-A", "1"]] }, "options.headers"],
  ["headers as a string", { headers: "X-A: 1" }, "options.headers"],
  ["a header value that is a number", { headers: { "X-A": 5 } }, "options.headers"],
  ["a header value with CR LF", { headers: { "X-A": "a\r\nX-Injected: 1" } }, "options.headers"],
  ["a header value with NUL", { headers: { "X-A": "a\0b" } }, "options.headers"],
  ["a header value with ESC", { headers: { "X-A": "a\x1b[2Jb" } }, "options.headers"],
  ["a header value past Latin-1", { headers: { "X-A": "snow ☃" } }, "options.headers"],
  ["a header name with a space", { headers: { "Bad Name": "x" } }, "options.headers"],
  ["a header name with LF", { headers: { "X-A\n": "x" } }, "options.headers"],
  ["timeout as an object", { timeout: {} }, "options.timeout"],
  ["timeout negative", { timeout: -1 }, "options.timeout"],
  ["timeout NaN", { timeout: NaN }, "options.timeout"],
  ["idleTimeout as an object", { idleTimeout: { ms: 5 } }, "options.idleTimeout"],
  ["idleTimeout negative", { idleTimeout: -5 }, "options.idleTimeout"],
  ["idleTimeout NaN", { idleTimeout: NaN }, "options.idleTimeout"],
  ["maxRetries as an object", { maxRetries: {} }, "options.maxRetries"],
  ["maxRetries negative", { maxRetries: -1 }, "options.maxRetries"],
  ["maxRetries NaN", { maxRetries: NaN }, "options.maxRetries"],
  ["maxRetries fractional", { maxRetries: 1.5 }, "options.maxRetries"],
  ["billTo with CR LF", { billTo: "my-org\r\nX-Injected: 1" }, "options.billTo"],
  ["billTo with NUL", { billTo: "my-org\0" }, "options.billTo"],
  ["billTo with a tab-less control character", { billTo: "my\x07org" }, "options.billTo"],
  ["billTo a number", { billTo: 42 }, "options.billTo"],
  ["retry_on_error a string", { retry_on_error: "no" }, "options.retry_on_error"],
  ["fallback a string", { fallback: "yes" }, "options.fallback"],
  ["includeCredentials a number", { includeCredentials: 5 }, "options.includeCredentials"],
];

describe("options, checked before any request", () => {
  it.each(BAD_OPTIONS)("%s", async (_what, options, field) => {
    // Per call, direct to the loopback mock and routed (where a Hub look-up would come first).
    expectInputError(await failure(direct(options as Options)), field);
    expectInputError(await failure(routed(options as Options)), field);
    // Streaming: the first next() rejects.
    const stream = chatCompletionStream(
      { accessToken: TOKEN, endpointUrl: mock.url, messages: MESSAGES },
      options as Options,
    );
    expectInputError(await failure(stream.next()), field);
    // Client-wide: at construction.
    expectInputError(await failure(() => new InferenceClient(TOKEN, options as Options)), field);
    // Per call on a good client (the call's options win over the client's).
    const client = new InferenceClient(TOKEN, { endpointUrl: mock.url });
    expectInputError(await failure(client.chatCompletion({ messages: MESSAGES }, options as Options)), field);
    expect(mock.requests).toHaveLength(0);
  });

  it("options that are not an object", async () => {
    for (const options of ["fast", 5, [1]]) {
      expectInputError(await failure(direct(options as never)), "options");
      expectInputError(await failure(() => new InferenceClient(TOKEN, options as never)), "options");
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("a real AbortSignal, a duck-typed one, null and good values pass", async () => {
    const duck = { aborted: false, reason: undefined, addEventListener() {}, removeEventListener() {} };
    await direct({ signal: new AbortController().signal, timeout: Infinity, idleTimeout: 0, maxRetries: 0 });
    await direct({ signal: duck as unknown as AbortSignal, headers: { "X-Title": "tab\tand Latin-1 é" } });
    await direct({ signal: null as never, timeout: null as never, billTo: "my-org" });
    expect(mock.requests).toHaveLength(3);
    expect(mock.requests[1]!.headers["x-title"]).toBe("tab\tand Latin-1 é");
  });
});

describe("a custom fetch that does not return a Response", () => {
  it.each([
    ["an empty object", {}],
    ["a string", "OK"],
    ["undefined", undefined],
    ["an object with ok only", { ok: true }],
    ["an object without headers", { ok: true, status: 200 }],
  ])("%s: a typed error naming fetch, after one call, not retried", async (_what, value) => {
    let calls = 0;
    const liar = (async () => {
      calls++;
      return value;
    }) as unknown as typeof fetch;
    const err = await failure(
      chatCompletion({ accessToken: TOKEN, endpointUrl: mock.url, messages: MESSAGES }, { fetch: liar, maxRetries: 3 }),
    );
    expectInputError(err, "options.fetch");
    expect(calls).toBe(1);
  });
});

/** `depth` levels of nesting, built without recursion. */
function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { a: 1 };
  o.self = { back: o };
  return o;
}

describe("arguments JSON cannot encode", () => {
  const cases: [string, unknown, RegExp][] = [
    ["a BigInt", { seed: 10n }, /BigInt/],
    ["a cycle", cyclic(), /cycle/],
    ["20,000 levels of objects", nested(20_000, (x) => ({ x })), /nested too deeply/],
    ["20,000 levels of arrays", nested(20_000, (x) => [x]), /nested too deeply/],
  ];

  it.each(cases)("parameters with %s: named, before any request (direct and routed)", async (_what, value, why) => {
    // Direct: the body's own encoding is the check.
    let err = await failure(
      featureExtraction(
        { accessToken: TOKEN, endpointUrl: mock.url, inputs: "x", parameters: value as never },
        { maxRetries: 3 },
      ),
    );
    expectInputError(err, "parameters");
    expect(err.message).toMatch(why);
    // Routed, with the mapping not cached: checked before the Hub look-up.
    err = await failure(
      featureExtraction(
        { accessToken: TOKEN, model: EMBED, provider: "hf-inference", inputs: "x", parameters: value as never },
        { fetch: mock.fetch },
      ),
    );
    expectInputError(err, "parameters");
    // Routed with the mapping cached (no look-up): the body's encoding names it too.
    await featureExtraction(
      { accessToken: TOKEN, model: EMBED, provider: "hf-inference", inputs: "x" },
      { fetch: mock.fetch },
    );
    mock.reset();
    err = await failure(
      featureExtraction(
        { accessToken: TOKEN, model: EMBED, provider: "hf-inference", inputs: "x", parameters: value as never },
        { fetch: mock.fetch },
      ),
    );
    expectInputError(err, "parameters");
    expect(mock.requests).toHaveLength(0);
  });

  it.each(cases)("inputs with %s", async (_what, value) => {
    const err = await failure(
      featureExtraction({ accessToken: TOKEN, endpointUrl: mock.url, inputs: value as never }, { maxRetries: 3 }),
    );
    expectInputError(err, "inputs");
    expectInputError(
      await failure(
        textGeneration(
          { accessToken: TOKEN, model: "some/model", provider: "hf-inference", inputs: value as never },
          {
            fetch: mock.fetch,
          },
        ),
      ),
      "inputs",
    );
    expect(mock.requests).toHaveLength(0);
  });

  it.each(cases)("chat messages with %s (direct, routed, auto)", async (_what, value) => {
    const messages = [{ role: "user", content: value }] as never;
    expectInputError(await failure(direct({ maxRetries: 3 }, { messages })), "messages");
    expectInputError(await failure(routed({}, { messages })), "messages");
    expectInputError(
      await failure(chatCompletion({ accessToken: TOKEN, model: MODEL, messages }, { fetch: mock.fetch })),
      "messages",
    );
    // A chat parameter too.
    expectInputError(await failure(direct({}, { response_format: value })), "response_format");
    expect(mock.requests).toHaveLength(0);
  });
});
