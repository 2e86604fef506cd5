/**
 * The access token (a Hugging Face token, or a provider key sent as Bearer, fal `Key` or
 * black-forest-labs `X-Key`) never shows in an error, whatever the path that raised it: String(err),
 * message, stack, JSON.stringify, util.inspect (cause chains included), retry notices, logs, and the
 * client object itself. The mock provider is hostile on purpose: it echoes the credential it received in
 * bodies, messages, HTML pages, stream events and response headers.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  chatCompletion,
  chatCompletionStream,
  featureExtraction,
  InferenceClient,
  InferenceClientConnectionError,
  InferenceClientError,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
  InferenceClientTimeoutError,
  request,
  textToImage,
  textToVideo,
  type JobProgress,
  type Options,
} from "../src/index.js";
import { formatError, headerArgs, headerSecrets } from "../src/cli/errors.js";
import { createProgress } from "../src/cli/progress.js";
import { readJson, send, type Transport } from "../src/transport/http.js";
import { createScope } from "../src/transport/scope.js";
import { jsonEvents } from "../src/transport/sse.js";
import type { MockReply, MockRequest } from "../src/testing/index.js";
import { CLI, mockEnv, runCli } from "./support/cli.js";
import { failure, streamFailure } from "./support/collect.js";
import { notHub, useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const SK = "sk-SECRETk3yW5v6U7t8S9r0Qp";
const FAL = "fal-SECRETf4lK3y:q9W8e7R6t5Y4u3";
const BFL = "bfl-SECRETb7lK3yZ1x2C3v4B5";
const SECRETS = [TOKEN, SK, FAL, BFL];
/** Every 8-character piece of every secret: a partial leak (a token cut in half) is a leak too. */
const FRAGMENTS = [
  ...new Set(SECRETS.flatMap((s) => Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8)))),
];

const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const IMAGE_MODEL = "black-forest-labs/FLUX.1-dev";
const VIDEO_MODEL = "Wan-AI/Wan2.2-T2V-A14B";
const MESSAGES = [{ role: "user", content: "Hi" }];
const CHAT_PATH = "/v1/chat/completions";

const mock = useMockProvider({ pollScale: 0.001 });
const logged: unknown[][] = [];

beforeAll(() => {
  for (const m of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args));
  }
});
afterAll(() => {
  vi.restoreAllMocks();
});

beforeEach(() => {
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    {
      provider: "fireworks-ai",
      providerId: "accounts/fireworks/models/llama-v3p3-70b-instruct",
      task: "conversational",
    },
  ]);
  mock.mapModel(IMAGE_MODEL, [
    { provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" },
    { provider: "black-forest-labs", providerId: "flux-dev", task: "text-to-image" },
  ]);
  mock.mapModel(VIDEO_MODEL, [
    { provider: "fal-ai", providerId: "fal-ai/wan/v2.2-a14b/text-to-video", task: "text-to-video" },
    { provider: "replicate", providerId: "wan-video/wan-2.2-t2v-fast", task: "text-to-video" },
  ]);
});
afterEach(() => {
  // Nothing the library did was logged with a secret in it (it logs nothing on these paths at all).
  expect(leaksIn(logged)).toEqual([]);
});

/** The credential the mock received, whatever header carried it. */
function credential(req: MockRequest): string {
  return [req.headers.authorization, req.headers["x-key"]].filter(Boolean).join(" ") || "(none)";
}

/** Replies echoing the credential in every place a provider could put it. */
const echoes = {
  json:
    (status: number) =>
    (req: MockRequest): MockReply => ({
      status,
      headers: { "x-request-id": credential(req) },
      json: { error: { message: `Invalid credential ${credential(req)}`, echo: credential(req) } },
    }),
  text:
    (status: number) =>
    (req: MockRequest): MockReply => ({
      status,
      text: `upstream refused ${credential(req)} ` + "x".repeat(5000),
    }),
  html:
    (status: number) =>
    (req: MockRequest): MockReply => ({
      status,
      headers: { "content-type": "text/html" },
      text: `<html><head><title>${status} ${credential(req)}</title></head><body><h1>${credential(req)}</h1></body></html>`,
    }),
};

/** Every way an error (or anything else) can be shown, cause chains and fallback attempts included. */
function renderings(value: unknown, depth = 0): string[] {
  if (depth > 10) return [];
  const out: string[] = [];
  const push = (f: () => unknown) => {
    try {
      const s = f();
      if (typeof s === "string") out.push(s);
    } catch (e) {
      out.push(`(rendering failed: ${String(e)})`);
    }
  };
  push(() => String(value));
  push(() => JSON.stringify(value));
  push(() => inspect(value, { depth: Infinity, showHidden: true, getters: true }));
  if (value instanceof Error) {
    push(() => value.message);
    push(() => value.stack);
    push(() => value.toString());
    const cause = (value as { cause?: unknown }).cause;
    if (cause !== undefined) out.push(...renderings(cause, depth + 1));
    const attempts = (value as { attempts?: { error: unknown }[] }).attempts;
    for (const a of attempts ?? []) out.push(...renderings(a.error, depth + 1));
  }
  return out;
}

/** The secret fragments found in any rendering of `value`. */
function leaksIn(value: unknown): string[] {
  const texts = renderings(value);
  return FRAGMENTS.filter((f) => texts.some((t) => t.includes(f)));
}

/** Asserts that `err` is of class `Cls` and that no rendering of it, nor any retry notice, shows a secret. */
function expectClean(err: unknown, Cls: abstract new (...args: any[]) => unknown, retries: unknown[] = []) {
  expect(err).toBeInstanceOf(Cls);
  expect(err).toBeInstanceOf(InferenceClientError);
  expect(leaksIn(err)).toEqual([]);
  expect(leaksIn(retries)).toEqual([]);
}

/** Chat calls with each kind of credential: routed Hugging Face token, and a direct provider key. */
const chatWith = {
  routed: (options: Options = {}) =>
    chatCompletion(
      { accessToken: TOKEN, model: MODEL, provider: "together", messages: MESSAGES },
      { fetch: mock.fetch, ...options },
    ),
  direct: (options: Options = {}) =>
    chatCompletion(
      { accessToken: SK, model: MODEL, provider: "together", messages: MESSAGES },
      { fetch: mock.fetch, ...options },
    ),
};

describe("HTTP errors of every status class", () => {
  it.each([400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504])("HTTP %i", async (status) => {
    for (const [who, call] of Object.entries(chatWith)) {
      for (const [form, reply] of Object.entries(echoes)) {
        mock.reset();
        mock.on(CHAT_PATH, reply(status));
        const retries: unknown[] = [];
        const err = await failure(call({ onRetry: (i) => retries.push(i) }));
        expectClean(err, InferenceClientProviderApiError, retries);
        expect(err.status, `${who} ${form}`).toBe(status);
        // The provider's message is kept, with the credential cut out of it.
        if (form !== "html") expect(err.providerMessage).toContain("[redacted]");
        expect(err.httpRequest.headers.Authorization).toBe("Bearer [redacted]");
      }
    }
  });

  it("a credential echoed in the request id header", async () => {
    mock.on(CHAT_PATH, echoes.json(400));
    const err = await failure(chatWith.routed());
    expectClean(err, InferenceClientProviderApiError);
    expect(err.requestId).toBe("Bearer [redacted]");
  });

  it("a token in a custom header of the caller, or in the request body, is not stored either", async () => {
    mock.on(CHAT_PATH, echoes.json(400));
    const err = await failure(
      chatCompletion(
        {
          accessToken: TOKEN,
          model: MODEL,
          provider: "together",
          messages: [{ role: "user", content: `my token is ${TOKEN}` }],
        },
        { fetch: mock.fetch, headers: { "X-Custom-Token": TOKEN, "X-Trace": `t-${TOKEN}` } },
      ),
    );
    expectClean(err, InferenceClientProviderApiError);
    expect(err.httpRequest.headers["X-Custom-Token"]).toBe("[redacted]");
  });
});

describe("Hugging Face Hub errors", () => {
  it("the default-model look-up failing", async () => {
    mock.on("/api/tasks", echoes.json(403));
    const err = await failure(
      featureExtraction({ accessToken: TOKEN, inputs: "x" }, { fetch: mock.fetch, retry_on_error: false }),
    );
    expectClean(err, InferenceClientHubApiError);
  });

  it.each([401, 404, 500])("the mapping look-up answering %i", async (status) => {
    mock.on("/api/models/", echoes.json(status));
    const err = await failure(chatWith.routed());
    expectClean(err, InferenceClientHubApiError);
    expect(err.status).toBe(status);
  });

  it("the mapping look-up answering something that is not JSON", async () => {
    mock.on("/api/models/", (req) => ({ text: `not json ${credential(req)}` }));
    const err = await failure(chatWith.routed());
    expectClean(err, InferenceClientHubApiError);
  });
});

describe("stream errors", () => {
  const stream = (reply: MockReply | ((req: MockRequest) => MockReply), options: Options = {}, token = TOKEN) => {
    mock.on(CHAT_PATH, reply);
    return streamFailure(
      chatCompletionStream(
        { accessToken: token, model: MODEL, provider: "together", messages: MESSAGES },
        { fetch: mock.fetch, ...options },
      ),
    );
  };
  const chunk = { choices: [{ index: 0, delta: { content: "a" }, finish_reason: null }] };

  it("an {error} event echoing the credential", async () => {
    for (const token of [TOKEN, SK]) {
      mock.reset();
      const err = await stream(
        (req) => ({ events: [chunk, { error: { message: `bad ${credential(req)}`, code: 401 } }] }),
        {},
        token,
      );
      expectClean(err, InferenceClientProviderApiError);
    }
  });

  it("an `event: error` with a text payload", async () => {
    const err = await stream((req) => ({
      headers: { "content-type": "text/event-stream" },
      chunks: [`event: error\ndata: refused ${credential(req)}\n\n`],
    }));
    expectClean(err, InferenceClientProviderApiError);
  });

  it("a chunk that is not JSON", async () => {
    const err = await stream((req) => ({ events: [`{not json ${credential(req)}`] }));
    expectClean(err, InferenceClientProviderOutputError);
  });

  it("a 200 that is not an event stream", async () => {
    expectClean(await stream((req) => ({ json: { error: `no ${credential(req)}` } })), InferenceClientProviderApiError);
    mock.reset();
    expectClean(await stream((req) => ({ text: `hello ${credential(req)}` })), InferenceClientProviderOutputError);
  });

  it("a cut and a stall", async () => {
    expectClean(await stream({ events: [chunk], done: false, destroy: "mid-body" }), InferenceClientConnectionError);
    mock.reset();
    expectClean(
      await stream({ events: [chunk], done: false, stall: true }, { idleTimeout: 30 }),
      InferenceClientTimeoutError,
    );
  });
});

describe("connection failures and timeouts", () => {
  it("a reset before headers", async () => {
    mock.on(CHAT_PATH, { destroy: "before-headers" });
    const retries: unknown[] = [];
    const err = await failure(chatWith.routed({ onRetry: (i) => retries.push(i) }));
    expectClean(err, InferenceClientConnectionError, retries);
    expect(retries).toHaveLength(2);
  });

  it("a fetch whose errors quote the credential, deep in the cause chain", async () => {
    const hostile: typeof fetch = async (_url, init) => {
      const auth = new Headers(init?.headers).get("authorization") ?? "";
      const inner = Object.assign(new Error(`socket said ${auth}`), { code: "E_HOSTILE", header: auth });
      const agg = new AggregateError([new Error(`first ${auth}`)], `all failed for ${auth}`);
      throw new TypeError(`Headers.append: "${auth}" is an invalid header value`, {
        cause: Object.assign(agg, { cause: inner }),
      });
    };
    for (const call of Object.values(chatWith)) {
      const err = await failure(call({ fetch: hostile, retry_on_error: false }));
      // The mapping look-up goes through the same fetch: a Hub connection failure is the first failure.
      expectClean(err, InferenceClientConnectionError);
      expect(err.cause).toBeInstanceOf(Error);
      // The cause stays useful: its code is kept.
      let c: any = err.cause;
      const codes: unknown[] = [];
      while (c) {
        codes.push(c.code);
        c = c.cause;
      }
      expect(codes).toContain("E_HOSTILE");
    }
  });

  it("a credential in the URL of a refused connection", async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    const { port } = s.address() as AddressInfo;
    await new Promise<void>((r) => s.close(() => r()));
    const err = await failure(
      chatCompletion(
        { accessToken: TOKEN, endpointUrl: `http://127.0.0.1:${port}/v1?key=${TOKEN}`, messages: MESSAGES },
        { retry_on_error: false },
      ),
    );
    expectClean(err, InferenceClientConnectionError);
  });

  it("the total timeout and the idle timeout", async () => {
    mock.on(CHAT_PATH, { hang: true });
    expectClean(await failure(chatWith.routed({ timeout: 40, idleTimeout: 10_000 })), InferenceClientTimeoutError);
    expectClean(
      await failure(chatWith.direct({ idleTimeout: 30, retry_on_error: false })),
      InferenceClientTimeoutError,
    );
  });
});

describe("output errors", () => {
  it("a 200 body that is not JSON", async () => {
    for (const call of Object.values(chatWith)) {
      mock.reset();
      mock.on(CHAT_PATH, (req) => ({
        headers: { "content-type": "application/json" },
        text: `oops ${credential(req)}`,
      }));
      expectClean(await failure(call()), InferenceClientProviderOutputError);
    }
  });

  it("a 200 JSON answer of the wrong shape, with the credential across the sample's cut", async () => {
    for (let pad = 150; pad < 200; pad += 7) {
      mock.reset();
      mock.on(CHAT_PATH, (req) => ({ json: { unexpected: `${"p".repeat(pad)}${credential(req)}` } }));
      expectClean(await failure(chatWith.routed()), InferenceClientProviderOutputError);
    }
  });

  it("a generic request answered with an error body", async () => {
    mock.on("/models/", echoes.text(500));
    const err = await failure(
      request(
        { accessToken: TOKEN, endpointUrl: `${mock.url}/models/org/model`, inputs: "x" },
        { fetch: mock.fetch, retry_on_error: false },
      ),
    );
    expectClean(err, InferenceClientProviderApiError);
  });
});

describe("input and routing errors", () => {
  it("a token that cannot be sent is not echoed", async () => {
    for (const bad of [`${TOKEN}\textra`, `${TOKEN}\n`, `${TOKEN}é`]) {
      const err = await failure(
        chatCompletion({ accessToken: bad, model: MODEL, messages: MESSAGES }, { fetch: mock.fetch }),
      );
      expectClean(err, InferenceClientInputError);
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("bad options and arguments with a token set", async () => {
    const calls: Promise<unknown>[] = [
      chatWith.routed({ maxRetries: -1 }),
      chatWith.routed({ timeout: -5 }),
      chatCompletion({ accessToken: TOKEN, model: MODEL, provider: "nope", messages: MESSAGES }),
      chatCompletion({ accessToken: TOKEN, model: MODEL, messages: "hi" as never }),
    ];
    for (const p of calls) expectClean(await failure(p), InferenceClientInputError);
  });

  it("auto routing with a provider key", async () => {
    const err = await failure(
      chatCompletion({ accessToken: SK, model: MODEL, messages: MESSAGES }, { fetch: mock.fetch }),
    );
    expectClean(err, InferenceClientRoutingError);
  });

  it("every fallback provider failing", async () => {
    mock.on(CHAT_PATH, echoes.json(503));
    const err = await failure(
      chatCompletion(
        { accessToken: TOKEN, model: MODEL, provider: ["together", "fireworks-ai"], messages: MESSAGES },
        { fetch: mock.fetch },
      ),
    );
    expectClean(err, InferenceClientRoutingError);
  });
});

describe("jobs with fal `Key` and black-forest-labs `X-Key`", () => {
  const image = (provider: string, token: string, options: Options = {}) =>
    textToImage(
      { accessToken: token, model: IMAGE_MODEL, provider, inputs: "a cat" },
      { fetch: mock.fetch, ...options },
    );

  it("the submit request refused, echoing the key", async () => {
    for (const [provider, token] of [
      ["fal-ai", FAL],
      ["black-forest-labs", BFL],
      ["fal-ai", TOKEN],
    ] as const) {
      mock.reset();
      mock.on(notHub, echoes.json(401));
      const err = await failure(image(provider, token));
      expectClean(err, InferenceClientProviderApiError);
      const headers = err.httpRequest.headers;
      if (token === FAL) expect(headers.Authorization).toBe("Key [redacted]");
      if (token === BFL) expect(headers["X-Key"]).toBe("[redacted]");
    }
  });

  it("a fal job that fails, its error quoting the key", async () => {
    for (const token of [FAL, TOKEN]) {
      mock.reset();
      const submit = {
        request_id: "r1",
        status: "IN_QUEUE",
        response_url: "https://queue.fal.run/fal-ai/flux/requests/r1",
        status_url: "https://queue.fal.run/fal-ai/flux/requests/r1/status",
      };
      mock.on("/status", (req) => ({ json: { status: "COMPLETED", error: `quota exceeded for ${credential(req)}` } }));
      mock.on(notHub, { json: submit });
      const err = await failure(image("fal-ai", token));
      expectClean(err, InferenceClientProviderOutputError);
    }
  });

  it("a fal status poll refused, echoing the key", async () => {
    const submit = {
      request_id: "r1",
      status: "IN_QUEUE",
      response_url: "https://queue.fal.run/fal-ai/flux/requests/r1",
    };
    mock.on("/status", echoes.text(403));
    mock.on(notHub, { json: submit });
    expectClean(await failure(image("fal-ai", FAL)), InferenceClientProviderApiError);
  });

  it("a fal status answer of the wrong shape, with the key across the sample's cut", async () => {
    const submit = {
      request_id: "r1",
      status: "IN_QUEUE",
      response_url: "https://queue.fal.run/fal-ai/flux/requests/r1",
    };
    for (let pad = 150; pad < 200; pad += 9) {
      mock.reset();
      mock.on("/status", (req) => ({ json: { unexpected: `${"p".repeat(pad)}${credential(req)}` } }));
      mock.on(notHub, { json: submit });
      expectClean(await failure(image("fal-ai", FAL)), InferenceClientProviderOutputError);
    }
  });

  it("a black-forest-labs job that fails, its error quoting the key", async () => {
    mock.on("/v1/get_result", (req) => ({ json: { status: "Error", error: `denied ${credential(req)}` } }));
    mock.on(notHub, { json: { id: "j1", polling_url: "https://api.us1.bfl.ai/v1/get_result?id=j1" } });
    expectClean(await failure(image("black-forest-labs", BFL)), InferenceClientProviderOutputError);
  });
});

describe("the transport on its own, with credential headers it was not told about", () => {
  const transport = (overrides: Partial<Transport> = {}): Transport => ({
    fetch: mock.fetch,
    scope: createScope(undefined, 5_000, { provider: "fal-ai", model: "m" }),
    maxRetries: 0,
    idleTimeout: 5_000,
    secrets: [],
    ...overrides,
  });
  const headers: Record<string, string>[] = [
    { Authorization: `Key ${FAL}` },
    { "X-Key": BFL },
    { "x-api-key": SK },
    { "Api-Key": SK },
  ];

  it("HTTP errors, stream errors and output errors", async () => {
    for (const h of headers) {
      mock.reset();
      mock.on("/err", echoes.json(401));
      mock.on("/stream", (req) => ({
        events: [{ error: `bad ${credential(req)} ${Object.values(req.headers).join(" ")}` }],
      }));
      mock.on("/text", (req) => ({ text: `no json ${Object.values(req.headers).join(" ")}` }));
      const t = transport();
      try {
        const err = await failure(send({ url: `${mock.url}/err`, method: "POST", headers: h, body: "{}" }, t));
        expectClean(err, InferenceClientProviderApiError);
        const redacted = Object.values(err.httpRequest.headers as Record<string, string>);
        expect(redacted.some((v) => v.endsWith("[redacted]"))).toBe(true);

        const answer = await send({ url: `${mock.url}/stream`, method: "POST", headers: h, body: "{}" }, t);
        expectClean(await streamFailure(jsonEvents(answer, t)), InferenceClientProviderApiError);

        const text = await send({ url: `${mock.url}/text`, method: "POST", headers: h, body: "{}" }, t);
        expectClean(await failure(readJson(text, t)), InferenceClientProviderOutputError);
      } finally {
        t.scope.dispose();
      }
    }
  });

  it("connection errors from a fetch that quotes the header", async () => {
    for (const h of headers) {
      const hostile: typeof fetch = async (_u, init) => {
        throw new TypeError(`bad header ${JSON.stringify(init?.headers)}`);
      };
      const t = transport({ fetch: hostile });
      try {
        const err = await failure(send({ url: `${mock.url}/x`, method: "GET", headers: h }, t));
        expectClean(err, InferenceClientConnectionError);
      } finally {
        t.scope.dispose();
      }
    }
  });
});

describe("the client object", () => {
  it("shows no token however it is printed", async () => {
    const clients = [
      new InferenceClient(TOKEN),
      new InferenceClient(SK, { fetch: mock.fetch, maxRetries: 1, headers: { "X-Title": "app" } }),
      new InferenceClient(FAL).endpoint("http://127.0.0.1:1"),
    ];
    for (const client of clients) {
      expect(leaksIn(client)).toEqual([]);
      expect(leaksIn({ client })).toEqual([]);
      expect(leaksIn(Object.entries(client))).toEqual([]);
      console.log(client);
      console.dir(client, { depth: Infinity, showHidden: true });
    }
    expect(leaksIn(logged)).toEqual([]);
  });

  it("a client call failing shows no token", async () => {
    mock.on(CHAT_PATH, echoes.json(401));
    const client = new InferenceClient(TOKEN, { fetch: mock.fetch });
    const err = await failure(client.chatCompletion({ model: MODEL, provider: "together", messages: MESSAGES }));
    expectClean(err, InferenceClientProviderApiError);
  });
});

/** Ways a foreign error can hide a value from a shallow check: each thrown by a caller's fetch. */
const HIDING: [string, (secret: string) => unknown][] = [
  [
    "a circular object",
    (x) => {
      const ctx: Record<string, unknown> = { header: x };
      ctx.self = ctx;
      return Object.assign(new Error("socket hang up"), { ctx });
    },
  ],
  [
    "a Map",
    (x) =>
      Object.assign(new Error("socket hang up"), {
        meta: new Map<unknown, unknown>([
          ["auth", x],
          [x, 1],
        ]),
      }),
  ],
  ["a Set", (x) => Object.assign(new Error("socket hang up"), { seen: new Set([x]) })],
  ["a symbol-keyed field", (x) => Object.assign(new Error("socket hang up"), { [Symbol("auth")]: x })],
  ["a getter", (x) => Object.defineProperty(new Error("socket hang up"), "auth", { get: () => x, enumerable: true })],
  [
    "a non-enumerable field",
    (x) => Object.defineProperty(new Error("socket hang up"), "auth", { value: x, enumerable: false }),
  ],
  [
    "a cause chain 12 deep",
    (x) => {
      let e: unknown = Object.assign(new Error(`innermost ${x}`), { header: x });
      for (let i = 0; i < 12; i++) e = new Error(`level ${i}`, { cause: e });
      return e;
    },
  ],
  [
    "a cause that is a plain object with a getter and a Map",
    (x) =>
      new TypeError("fetch failed", {
        cause: Object.defineProperty({ code: "ECONNRESET", map: new Map([["k", x]]) }, "secret", { get: () => x }),
      }),
  ],
  ["a thrown plain object holding a Map", (x) => ({ reason: "refused", headers: new Map([["authorization", x]]) })],
  ["a thrown string", (x) => `refused ${x}`],
];

describe("a credential sent only in options.headers is as secret as the token", () => {
  const echoHeaders = (req: MockRequest) => Object.values(req.headers).join(" ");
  it.each([
    ["a chat answer of the wrong shape", { json: "echo" }],
    ["a chat stream chunk that is not JSON", { stream: "echo" }],
  ] as const)("%s: the output error's sample shows no part of it", async (_what, mode) => {
    const sets: Record<string, string>[] = [{ "x-api-key": SK }, { Authorization: `Key ${FAL}` }, { "X-Key": BFL }];
    for (const headers of sets) {
      mock.reset();
      mock.on("/v1/chat/completions", (req) =>
        "json" in mode ? { json: { echoed: echoHeaders(req) } } : { events: [`not json ${echoHeaders(req)}`] },
      );
      const options = { fetch: mock.fetch, headers, retry_on_error: false };
      const args = { endpointUrl: mock.url, messages: MESSAGES as never };
      const err =
        "json" in mode
          ? await failure(chatCompletion(args, options))
          : await streamFailure(chatCompletionStream(args, options));
      expectClean(err, InferenceClientProviderOutputError);
      expect(mock.requests).toHaveLength(1);
    }
  });
});

describe("foreign errors are kept as scrubbed snapshots, whatever they hide", () => {
  it.each(HIDING)("%s", async (_what, hide) => {
    let calls = 0;
    const hostile: typeof fetch = async (_url, init) => {
      calls++;
      const h = new Headers(init?.headers);
      throw hide(`${h.get("authorization")} ${h.get("x-api-key")}`);
    };
    const err = await failure(
      chatCompletion(
        { accessToken: TOKEN, endpointUrl: mock.url, messages: MESSAGES },
        { fetch: hostile, headers: { "X-Api-Key": SK }, retry_on_error: false },
      ),
    );
    expect(calls).toBe(1);
    expectClean(err, InferenceClientConnectionError);
    // Nothing foreign is kept as it is: the cause is a fresh copy whose objects have no prototype.
    const cause = err.cause;
    expect(cause).toBeDefined();
    for (let c = cause, depth = 0; c && typeof c === "object" && depth < 30; c = c.cause, depth++) {
      for (const v of Object.values(c)) {
        if (v && typeof v === "object" && !Array.isArray(v)) expect(Object.getPrototypeOf(v)).toBeNull();
        expect(v).not.toBeInstanceOf(Map);
        expect(v).not.toBeInstanceOf(Set);
      }
      expect(Object.getOwnPropertySymbols(c)).toEqual([]);
    }
  });

  it("what the snapshot keeps stays useful: codes, names, Map entries, cycle and depth markers", async () => {
    const hostile: typeof fetch = async () => {
      const ctx: Record<string, unknown> = { code: "E_CTX", map: new Map([["k", 1]]), set: new Set(["a"]) };
      ctx.self = ctx;
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("inner"), { code: "ECONNRESET", ctx }) });
    };
    const err = await failure(
      chatCompletion({ endpointUrl: mock.url, messages: MESSAGES }, { fetch: hostile, retry_on_error: false }),
    );
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.cause.name).toBe("TypeError");
    expect(err.cause.cause.code).toBe("ECONNRESET");
    expect(err.cause.cause.ctx).toEqual({ code: "E_CTX", map: [["k", 1]], set: ["a"], self: "[circular]" });
    // 30 levels of causes: cut with a marker, never a stack overflow.
    let deep: unknown = new Error("bottom");
    for (let i = 0; i < 30; i++) deep = new Error(`level ${i}`, { cause: deep });
    const cut = await failure(
      chatCompletion(
        { endpointUrl: mock.url, messages: MESSAGES },
        {
          fetch: async () => {
            throw deep;
          },
          retry_on_error: false,
        },
      ),
    );
    expect(inspect(cut, { depth: Infinity })).toContain("[too deep]");
  });
});

describe("a __proto__ key in a body never becomes a prototype", () => {
  it("in the provider's error body, at the top and nested", async () => {
    mock.on(CHAT_PATH, (req) => ({
      status: 400,
      headers: { "content-type": "application/json" },
      text: `{"__proto__": {"polluted": "yes", "echo": "${credential(req)}"}, "error": {"message": "bad", "__proto__": {"isAdmin": true}}}`,
    }));
    const err = await failure(chatWith.routed({ retry_on_error: false }));
    expectClean(err, InferenceClientProviderApiError);
    const body = err.httpResponse.body;
    expect(Object.getPrototypeOf(body)).toBeNull();
    expect(body.polluted).toBeUndefined();
    expect(Object.keys(body)).toContain("__proto__");
    expect(Object.getPrototypeOf(body.error)).toBeNull();
    expect(body.error.isAdmin).toBeUndefined();
    expect(JSON.stringify(body)).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("in the request body stored on the error", async () => {
    mock.on(CHAT_PATH, { status: 400, json: { error: "bad" } });
    const response_format = JSON.parse('{"type": "json_object", "__proto__": {"polluted": "yes"}}');
    const err = await failure(
      chatCompletion(
        { accessToken: TOKEN, model: MODEL, provider: "together", messages: MESSAGES, response_format },
        { fetch: mock.fetch, retry_on_error: false },
      ),
    );
    const stored = err.httpRequest.body.response_format;
    expect(stored.type).toBe("json_object");
    expect(Object.getPrototypeOf(stored)).toBeNull();
    expect(stored.polluted).toBeUndefined();
  });
});

describe("job logs are scrubbed before onProgress", () => {
  const jobHeaders = { "x-mock-job": "queued=1; running=2; log-credentials=1", "X-Api-Key": SK };

  it.each([
    ["fal-ai, routed with a Hugging Face token", "fal-ai", TOKEN],
    ["fal-ai, with its own Key", "fal-ai", FAL],
    ["replicate, routed with a Hugging Face token", "replicate", TOKEN],
  ])("%s", async (_what, provider, token) => {
    const seen: JobProgress[] = [];
    await textToVideo(
      { accessToken: token, model: VIDEO_MODEL, provider: provider as "fal-ai", inputs: "a cat" },
      { fetch: mock.fetch, headers: jobHeaders, onProgress: (p) => seen.push(structuredClone(p)) },
    );
    const logs = seen.flatMap((p) => p.logs ?? []);
    // The hostile provider did quote the credentials (so the test can fail)...
    const quoting = logs.filter((l) => l.includes("loaded weights with"));
    expect(quoting.length).toBeGreaterThan(0);
    expect(quoting.every((l) => l.includes("[redacted]"))).toBe(true);
    // ...and none of them reached onProgress.
    expect(leaksIn(seen)).toEqual([]);
  });
});

describe("the command line prints scrubbed, escaped job logs", () => {
  it.skipIf(!existsSync(CLI))("log lines quoting the token and a credential header show neither", async () => {
    const work = mkdtempSync(join(tmpdir(), "unified-inference-secrecy-"));
    try {
      const args = ["run", "text-to-video", "-m", VIDEO_MODEL, "-p", "fal-ai"];
      args.push("-H", "x-mock-job: queued=1; running=2; log-credentials=1", "-H", `X-Api-Key: ${SK}`, "A cat");
      const { code, stderr } = await runCli(args, { cwd: work, env: { HOME: work, ...mockEnv(mock, TOKEN) } });
      expect(code).toBe(0);
      const quoting = stderr.split("\n").filter((l) => l.includes("log: ") && l.includes("loaded weights with"));
      expect(quoting.length).toBeGreaterThan(0);
      expect(quoting.every((l) => l.includes("[redacted]"))).toBe(true);
      expect(FRAGMENTS.filter((f) => stderr.includes(f))).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("error lines: credential --header values scrubbed, control characters escaped", () => {
    const argv = ["chat", "-H", `X-Api-Key: ${SK}`, `--header=Authorization: Key ${FAL}`, "-H", "X-Title: app", "Hi"];
    const secrets = headerArgs(argv).flatMap(headerSecrets);
    expect(secrets).toEqual([SK, `Key ${FAL}`, FAL]);
    const err = new InferenceClientProviderOutputError(`refused \x1b[31m${SK}\x1b[0m and ${FAL}\rforged`);
    const line = formatError(err, { secrets });
    expect(line).toContain("refused \\x1b[31m[redacted]\\x1b[0m and [redacted] forged");
    expect(FRAGMENTS.filter((f) => line.includes(f))).toEqual([]);
  });

  it("control characters in a status or log line are shown escaped, secrets scrubbed", () => {
    let out = "";
    const progress = createProgress({ write: (t: string) => (out += t) }, { secrets: [TOKEN] });
    progress.onProgress({
      status: "RUNNING\x1b[2J",
      logs: [`step 1\nunified-inference: forged line`, `\x1b]0;title\x07 key ${TOKEN}`, "\r\x1b[Kerased"],
      polls: 1,
      elapsedMs: 1000,
    });
    // oxlint-disable-next-line no-control-regex -- no control character but the line ends
    expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(out.split("\n").filter((l) => l.startsWith("unified-inference: forged"))).toEqual([]);
    expect(out).toContain("\\x1b[2J");
    expect(out).toContain("key [redacted]");
    expect(FRAGMENTS.filter((f) => out.includes(f))).toEqual([]);
  });
});
