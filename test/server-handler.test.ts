/**
 * The token-keeping proxy (src/server/) over loopback: a browser-style client with `proxyUrl` talks HTTP to
 * the handler (served by `node:http` through `toNodeListener`), which calls the mock provider with the
 * server's token. Results, streams, media in and out, job progress, typed errors; hostile requests refused
 * with a 4xx naming the problem and no upstream request; the token never in any response.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  type JobProgress,
} from "../src/index.js";
import { createInferenceHandler, toNodeListener, type InferenceHandlerConfig } from "../src/server/index.js";
import { mockAnswer, startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";
import { MOCK_PNG } from "../src/testing/media-files.js";
import { fastWaits } from "./support/waits.js";
import { CLI } from "./support/cli.js";
import { fixtureBytes } from "./support/fixtures.js";
import { inferenceRequests } from "./support/loopback.js";
import { HF_TOKEN as TOKEN, PROVIDER_KEY } from "./support/tokens.js";

const CHAT_MODEL = "Qwen/Qwen3-32B";
const IMAGE_MODEL = "test-org/image-classification";
const ASR_MODEL = "test-org/automatic-speech-recognition";
const T2I_MODEL = "test-org/text-to-image";
const FLUX = "black-forest-labs/FLUX.1-dev";
const PNG = fixtureBytes("classic/cat.png");
const WAV = fixtureBytes("classic/speech.wav");

let mock: MockProvider;
let server: Server;
let base: string;
let config: InferenceHandlerConfig;

/** Every response the proxy gave during this file, read in full: scanned for the token at the end. */
const seen: { status: number; headers: string; body: string }[] = [];

async function record(res: Response): Promise<Response> {
  const copy = res.clone();
  const headers: string[] = [];
  res.headers.forEach((v, k) => headers.push(`${k}: ${v}`));
  seen.push({ status: res.status, headers: headers.join("\n"), body: await copy.text() });
  return res;
}

/** The client's fetch: global fetch to the loopback proxy, recording each response. */
const proxyFetch: typeof fetch = async (input, init) => record(await fetch(input, init));

/** Inference requests that reached the mock (Hub look-ups left out). */
const upstream = (): MockRequest[] => inferenceRequests(mock);

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return proxyFetch(`${base}/api/inference/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const client = () => new InferenceClient(undefined, { proxyUrl: `${base}/api/inference`, fetch: proxyFetch });

beforeAll(async () => {
  mock = await startMockProvider();
  mock.mapModel(CHAT_MODEL, [{ provider: "together", providerId: "Qwen/Qwen3-32B-fast", task: "conversational" }]);
  for (const task of ["image-classification", "automatic-speech-recognition", "text-to-image"]) {
    mock.mapModel(`test-org/${task}`, [{ provider: "hf-inference", providerId: `test-org/${task}-hf`, task }]);
  }
  mock.mapModel(FLUX, [{ provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" }]);
  config = {
    accessToken: TOKEN,
    allow: {
      tasks: ["conversational", "imageClassification", "automatic-speech-recognition", "text-to-image"],
      models: ["Qwen/*", "test-org/*", FLUX],
      providers: ["auto", "together", "hf-inference", "fal-ai"],
    },
    fetch: mock.fetch,
    maxBodyBytes: 200_000,
    cors: { origin: "https://app.example" },
  };
  const handler = createInferenceHandler(config);
  server = createServer(toNodeListener(handler));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await mock.close();
});

beforeEach(() => mock.reset());

describe("results through the proxy are those of a direct call", () => {
  it("chatCompletion: the server's token goes upstream, the browser sends none", async () => {
    const out = await client().chatCompletion({
      model: CHAT_MODEL,
      provider: "together",
      messages: [{ role: "user", content: "Capital of France?" }],
    });
    expect(out.choices[0]?.message.content).toBe(mockAnswer("Capital of France?"));
    const sent = upstream();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe("https://router.huggingface.co/together/v1/chat/completions");
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent[0]!.json.model).toBe("Qwen/Qwen3-32B-fast");
  });

  it("providerKeys: a call to that provider uses its own key, sent to the provider directly", async () => {
    const handler = createInferenceHandler({ ...config, providerKeys: { together: PROVIDER_KEY } });
    const res = await record(
      await handler(
        new Request("http://proxy.test/api/inference/chatCompletion", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            args: { model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Hi" }] },
          }),
        }),
      ),
    );
    expect(res.status).toBe(200);
    const sent = upstream();
    expect(sent.at(-1)!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(sent.at(-1)!.host).toBe("api.together.xyz");
  });

  it("chatCompletionStream: chunks arrive as an async iterator, in order, as SSE from the proxy", async () => {
    let text = "";
    let chunks = 0;
    for await (const c of client().chatCompletionStream({
      model: CHAT_MODEL,
      provider: "together",
      messages: [{ role: "user", content: "Stream please" }],
    })) {
      chunks++;
      text += c.choices[0]?.delta?.content ?? "";
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text).toBe(mockAnswer("Stream please"));
    expect(seen.at(-1)!.headers).toContain("content-type: text/event-stream");
    expect(seen.at(-1)!.body).toMatch(/event: done\n/);
  });

  it("textToImage: a Blob comes back with its content type", async () => {
    const out = await client().textToImage(
      { model: T2I_MODEL, provider: "hf-inference", inputs: "a cat" },
      { outputType: "blob" },
    );
    expect(out).toBeInstanceOf(Blob);
    expect(out.type).toBe("image/png");
    const bytes = new Uint8Array(await out.arrayBuffer());
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(upstream()[0]!.json.inputs).toBe("a cat");
  });

  it("textToImage as a fal-ai queue job: the proxy runs the job to its end", async () => {
    const out = await client().textToImage(
      { model: FLUX, provider: "fal-ai", inputs: "a red fox" },
      { outputType: "blob" },
    );
    expect(out).toBeInstanceOf(Blob);
    expect(new Uint8Array(await out.arrayBuffer())).toEqual(MOCK_PNG);
    expect(upstream().length).toBeGreaterThan(1);
    expect(
      upstream().every(
        (r) =>
          r.headers.authorization === `Key ${TOKEN}` ||
          r.headers.authorization === `Bearer ${TOKEN}` ||
          !r.headers.authorization,
      ),
    ).toBe(true);
  });

  it("a job with onProgress: progress events come through the proxy before the result", async () => {
    const events: JobProgress[] = [];
    const waits = fastWaits({ poll: 0.005 });
    try {
      const out = await client().textToImage(
        { model: FLUX, provider: "fal-ai", inputs: "a red fox" },
        { outputType: "blob", onProgress: (p) => events.push(p) },
      );
      expect(out).toBeInstanceOf(Blob);
      expect(out.type).toBe("image/png");
      expect(new Uint8Array(await out.arrayBuffer())).toEqual(MOCK_PNG);
    } finally {
      waits.restore();
    }
    expect(events.map((e) => e.status)).toEqual(["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]);
    expect(events.every((e) => typeof e.polls === "number")).toBe(true);
    expect(seen.at(-1)!.headers).toContain("content-type: text/event-stream");
    expect(seen.at(-1)!.body).toMatch(/^event: progress\n/);
  });

  it("imageClassification: a binary input reaches the provider byte for byte", async () => {
    const out = await client().imageClassification({ model: IMAGE_MODEL, provider: "hf-inference", inputs: PNG });
    expect(Array.isArray(out)).toBe(true);
    expect(out[0]).toHaveProperty("label");
    const sent = upstream();
    expect(sent).toHaveLength(1);
    expect(new Uint8Array(sent[0]!.bytes)).toEqual(PNG);
  });

  it("automaticSpeechRecognition: audio as a Blob input", async () => {
    const out = await client().automaticSpeechRecognition({
      model: ASR_MODEL,
      provider: "hf-inference",
      inputs: new Blob([WAV], { type: "audio/wav" }),
    });
    expect(typeof out.text).toBe("string");
    expect(new Uint8Array(upstream()[0]!.bytes)).toEqual(WAV);
    expect(upstream()[0]!.headers["content-type"]).toBe("audio/wav");
  });

  it("a provider failure comes back as the same error class with status, provider, model and request id", async () => {
    // Always 429: the proxy's own retries (the library's) fail too.
    mock.on("/chat/completions", {
      status: 429,
      json: { error: { message: `Rate limited for key ${TOKEN}` } },
      headers: { "x-request-id": "req-429-abc" },
    });
    const err = await client()
      .chatCompletion(
        { model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Hi" }] },
        { maxRetries: 0 },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    const e = err as InferenceClientProviderApiError;
    expect(e.status).toBe(429);
    expect(e.provider).toBe("together");
    expect(e.model).toBe(CHAT_MODEL);
    expect(e.requestId).toBe("req-429-abc");
    expect(e.retryable).toBe(true);
    expect(e.message).not.toContain(TOKEN);
  });

  it("an error event at the start of a provider stream: ProviderApiError, never a 200", async () => {
    mock.once("/chat/completions", { events: [{ error: { message: "Model overloaded" } }], done: false });
    const err = await (async () => {
      for await (const _ of client().chatCompletionStream({
        model: CHAT_MODEL,
        provider: "together",
        messages: [{ role: "user", content: "Hi" }],
      })) {
        // no chunk expected
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect((err as Error).message).toContain("Model overloaded");
    expect(seen.at(-1)!.status).toBeGreaterThanOrEqual(400);
  });

  it("a malformed provider answer comes back as ProviderOutputError (502)", async () => {
    mock.once("/chat/completions", { json: { nothing: "here" } });
    const err = await client()
      .chatCompletion({ model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect(seen.at(-1)!.status).toBe(502);
  });

  it("endpoints: a model mapped in the config goes to its URL (the browser cannot name one)", async () => {
    const handler = createInferenceHandler({
      ...config,
      allow: { ...config.allow, models: ["my-org/*"] },
      endpoints: { "my-org/local-llm": "http://10.0.0.7:8080" },
    });
    const direct = new InferenceClient(undefined, {
      proxyUrl: "http://proxy.test/api/inference",
      fetch: async (input, init) => record(await handler(new Request(input as string, init))),
    });
    const out = await direct.chatCompletion({
      model: "my-org/local-llm",
      messages: [{ role: "user", content: "Local" }],
    });
    expect(out.choices[0]?.message.content).toBe(mockAnswer("Local"));
    expect(upstream().map((r) => r.url)).toEqual(["http://10.0.0.7:8080/v1/chat/completions"]);
  });

  it("proxyUrl as a per-call option of a client that has none", async () => {
    const plain = new InferenceClient(undefined, { fetch: proxyFetch });
    const out = await plain.chatCompletion(
      { model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Per call" }] },
      { proxyUrl: `${base}/api/inference/` },
    );
    expect(out.choices[0]?.message.content).toBe(mockAnswer("Per call"));
    expect(upstream()[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen.at(-1)!.status).toBe(200);
  });

  it("streams: backpressure (upstream read only as the client reads) and cancel (upstream body cancelled)", async () => {
    const enc = new TextEncoder();
    let pulls = 0;
    let cancelled = false;
    const upstreamBody = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        pulls++;
        const chunk = {
          id: "c",
          object: "chat.completion.chunk",
          created: 1,
          model: "m",
          choices: [{ index: 0, delta: { content: `t${pulls} ` }, finish_reason: null }],
        };
        ctrl.enqueue(enc.encode(`data: ${JSON.stringify(chunk)}\n\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const handler = createInferenceHandler({
      ...config,
      fetch: async () => new Response(upstreamBody, { headers: { "content-type": "text/event-stream" } }),
    });
    const res = await handler(
      new Request("http://proxy.test/api/inference/chatCompletionStream", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          args: { model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Hi" }] },
        }),
      }),
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^data: .*"t1 "/);
    // Let every pending read settle: an endless upstream is read only a few chunks ahead of the client.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
    expect(pulls).toBeLessThan(10);
    await reader.cancel();
    for (let i = 0; i < 5 && !cancelled; i++) await new Promise((r) => setTimeout(r, 0));
    expect(cancelled).toBe(true);
  });

  it("an upstream timeout comes back as TimeoutError (504) with its kind and limit", async () => {
    mock.on("/chat/completions", { hang: true });
    const handler = createInferenceHandler({ ...config, timeout: 50 });
    // The client's fetch calls the handler in-process (a Request per call, as a runtime would).
    const direct = new InferenceClient(undefined, {
      proxyUrl: "http://proxy.test/api/inference",
      fetch: async (input, init) => record(await handler(new Request(input as string, init))),
    });
    const err = await direct
      .chatCompletion({ model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect((err as InferenceClientTimeoutError).kind).toBe("total");
    expect((err as InferenceClientTimeoutError).timeoutMs).toBe(50);
    expect((err as InferenceClientTimeoutError).provider).toBe("together");
    expect(seen.at(-1)!.status).toBe(504);
  });

  it("a browser that goes away aborts the upstream call", async () => {
    let aborted = false;
    const handler = createInferenceHandler({
      ...config,
      fetch: (input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => {
            aborted = true;
            reject(init.signal!.reason);
          });
        }),
    });
    const browser = new AbortController();
    const pending = handler(
      new Request("http://proxy.test/api/inference/chatCompletion", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          args: { model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Hi" }] },
        }),
        signal: browser.signal,
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    browser.abort();
    const res = await record(await pending);
    expect(aborted).toBe(true);
    expect(res.status).toBe(499);
  });
});

describe("hostile requests: a 4xx naming the problem, zero upstream requests", () => {
  const chat = { model: CHAT_MODEL, provider: "together", messages: [{ role: "user", content: "Hi" }] };
  const cases: [name: string, send: () => Promise<Response>, status: number, says: RegExp][] = [
    ["an unknown task", () => post("deleteEverything", { args: chat }), 404, /Unknown task/],
    [
      "a task not allowed",
      () => post("textClassification", { args: { model: "test-org/x", inputs: "x" } }),
      403,
      /textClassification is not allowed/,
    ],
    [
      "a model outside allow",
      () => post("chatCompletion", { args: { ...chat, model: "meta-llama/Llama-3.3-70B-Instruct" } }),
      403,
      /Model meta-llama\/Llama-3.3-70B-Instruct is not allowed/,
    ],
    [
      "a provider outside allow",
      () => post("chatCompletion", { args: { ...chat, provider: "groq" } }),
      403,
      /Provider groq is not allowed/,
    ],
    [
      "an unknown provider",
      () => post("chatCompletion", { args: { ...chat, provider: "evil.example" } }),
      400,
      /not a known provider/,
    ],
    ["malformed JSON", () => post("chatCompletion", "{ args: nope"), 400, /not valid JSON/],
    ["a body that is not an object", () => post("chatCompletion", "[1,2]"), 400, /JSON object/],
    ["no model", () => post("chatCompletion", { args: { messages: chat.messages } }), 400, /args.model is required/],
    [
      "a URL as model",
      () => post("chatCompletion", { args: { ...chat, model: "https://evil.example/v1" } }),
      400,
      /args.model must be a Hub model id, not a URL/,
    ],
    [
      "a path as model",
      () => post("chatCompletion", { args: { ...chat, model: "Qwen/../../admin" } }),
      400,
      /args.model is not a valid Hub model id/,
    ],
    [
      "CRLF in the model",
      () => post("chatCompletion", { args: { ...chat, model: "Qwen/x\r\nX-Injected: 1" } }),
      400,
      /line breaks/,
    ],
    [
      "CRLF in the provider",
      () => post("chatCompletion", { args: { ...chat, provider: "together\r\nX: 1" } }),
      400,
      /line breaks/,
    ],
    [
      "an endpointUrl",
      () => post("chatCompletion", { args: { ...chat, endpointUrl: "https://evil.example" } }),
      400,
      /args.endpointUrl is not accepted/,
    ],
    [
      "an endpointUrl through __proto__",
      () =>
        post(
          "chatCompletion",
          `{"args":{"__proto__":{"endpointUrl":"https://evil.example"},"model":"${CHAT_MODEL}","messages":[{"role":"user","content":"Hi"}]}}`,
        ),
      400,
      /__proto__ key is not accepted/,
    ],
    [
      "a __proto__ key deeper down",
      () =>
        post(
          "chatCompletion",
          `{"args":{"model":"${CHAT_MODEL}","parameters":{"__proto__":{"x":1}},"messages":[{"role":"user","content":"Hi"}]}}`,
        ),
      400,
      /__proto__ key is not accepted/,
    ],
    ["bad percent-encoding in the task", () => post("chat%E0%A4%A", { args: chat }), 400, /percent-encoding/],
    [
      "an accessToken",
      () => post("chatCompletion", { args: { ...chat, accessToken: "hf_attacker" } }),
      400,
      /args.accessToken is not accepted/,
    ],
    [
      "extra headers",
      () => post("chatCompletion", { args: { ...chat, headers: { "x-evil": "1" } } }),
      400,
      /args.headers is not accepted/,
    ],
    [
      "an option the proxy does not take",
      () => post("chatCompletion", { args: chat, options: { fetch: 1 } }),
      400,
      /options.fetch is not accepted/,
    ],
    [
      "a wrong Content-Type",
      () =>
        proxyFetch(`${base}/api/inference/chatCompletion`, { method: "POST", body: JSON.stringify({ args: chat }) }),
      415,
      /Content-Type must be application\/json/,
    ],
    ["a GET", () => proxyFetch(`${base}/api/inference/chatCompletion`), 405, /use POST/],
    [
      "an oversized body (declared)",
      () => post("chatCompletion", { args: { ...chat, messages: [{ role: "user", content: "x".repeat(300_000) }] } }),
      413,
      /exceeds maxBodyBytes/,
    ],
  ];

  it.each(cases)("%s", async (_name, send, status, says) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { message: string; status: number } };
    expect(body.error.message).toMatch(says);
    expect(body.error.status).toBe(status);
    expect(upstream()).toEqual([]);
    expect(mock.requests).toEqual([]);
  });

  it("an oversized body without Content-Length is cut at maxBodyBytes: 413, and the rest is not waited for", async () => {
    const handler = createInferenceHandler(config);
    let pulled = 0;
    const huge = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        pulled++;
        ctrl.enqueue(new Uint8Array(64 * 1024).fill(32));
        // Endless: only a handler that stops reading can answer.
      },
    });
    const res = await record(
      await handler(
        new Request("http://proxy.test/api/inference/chatCompletion", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: huge,
          duplex: "half",
        } as RequestInit),
      ),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(mock.requests).toEqual([]);
  });

  it("the browser client: a refusal becomes a typed error, before any upstream request", async () => {
    const err = await client()
      .chatCompletion({ model: "https://evil.example/v1", messages: [{ role: "user", content: "Hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect((err as Error).message).toMatch(/not a URL/);
    const denied = await client()
      .chatCompletion({ model: "meta-llama/Llama-3.3-70B-Instruct", messages: [{ role: "user", content: "Hi" }] })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(InferenceClientProviderApiError);
    expect((denied as InferenceClientProviderApiError).status).toBe(403);
    expect(mock.requests).toEqual([]);
  });

  it("deny by default: a handler whose allow lists are empty refuses everything", async () => {
    const handler = createInferenceHandler({ accessToken: TOKEN, allow: { tasks: [], models: [] }, fetch: mock.fetch });
    const res = await record(
      await handler(
        new Request("http://proxy.test/x/chatCompletion", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ args: { model: CHAT_MODEL, messages: [{ role: "user", content: "Hi" }] } }),
        }),
      ),
    );
    expect(res.status).toBe(403);
    expect(mock.requests).toEqual([]);
    expect(() => createInferenceHandler({ allow: { tasks: [], models: [] } })).toThrow(/accessToken/);
  });
});

describe("authorize, limits, CORS", () => {
  const chatBody = JSON.stringify({
    args: { model: CHAT_MODEL, messages: [{ role: "user", content: "Hi" }] },
  });
  const req = (headers: Record<string, string> = {}) =>
    new Request("http://proxy.test/api/inference/chatCompletion", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: chatBody,
    });

  it("authorize can refuse with 401 or 403, and gives billTo and a per-user request limit", async () => {
    const handler = createInferenceHandler({
      ...config,
      authorize: (r) => {
        const user = r.headers.get("x-user");
        if (!user) return { status: 401, message: "Sign in first" };
        if (user === "banned") return false;
        return { user, billTo: "my-org", rateLimit: { requests: 2, windowMs: 60_000 } };
      },
    });
    const r401 = await record(await handler(req()));
    expect(r401.status).toBe(401);
    expect(((await r401.json()) as any).error.message).toBe("Sign in first");
    expect((await record(await handler(req({ "x-user": "banned" })))).status).toBe(403);
    expect(mock.requests).toEqual([]);

    expect((await record(await handler(req({ "x-user": "ann" })))).status).toBe(200);
    expect(upstream().at(-1)!.headers["x-hf-bill-to"]).toBe("my-org");
    expect((await record(await handler(req({ "x-user": "ann" })))).status).toBe(200);
    const limited = await record(await handler(req({ "x-user": "ann" })));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another user has a window of their own.
    expect((await record(await handler(req({ "x-user": "bob" })))).status).toBe(200);
    expect(upstream()).toHaveLength(3);
  });

  it("CORS: the configured origin gets the headers and a preflight answer, another origin gets none", async () => {
    const pre = await proxyFetch(`${base}/api/inference/chatCompletion`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
    const other = await proxyFetch(`${base}/api/inference/chatCompletion`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const res = await post("chatCompletion", JSON.parse(chatBody), { origin: "https://app.example" });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(mock.requests.filter((r) => r.method === "OPTIONS")).toEqual([]);
  });
});

describe.skipIf(!existsSync(CLI))("unified-inference serve (the built CLI)", () => {
  /** Starts `serve` on a free port; resolves with the child and its startup line. */
  function startServe(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], {
      env: { PATH: process.env.PATH ?? "", HF_TOKEN: TOKEN, UNIFIED_INFERENCE_FETCH_PROXY: mock.url, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const line = new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        stdout += d.toString("utf8");
        if (stdout.includes("\n")) resolve(stdout.split("\n")[0]!);
      });
      child.on("close", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    return { child, line, stderr: () => stderr };
  }

  it("prints what it allows, serves allowed calls with $HF_TOKEN and refuses the rest", async () => {
    const { child, line } = startServe(["--allow-model", "Qwen/*", "--allow-task", "conversational"]);
    try {
      const first = await line;
      expect(first).toMatch(
        /listening on http:\/\/127\.0\.0\.1:\d+ .*allows tasks conversational; models Qwen\/\*; providers auto/,
      );
      expect(first).not.toContain(TOKEN);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(first)![0];
      const c = new InferenceClient(undefined, { proxyUrl: url, fetch: proxyFetch });
      const out = await c.chatCompletion({ model: CHAT_MODEL, messages: [{ role: "user", content: "Via the CLI" }] });
      expect(out.choices[0]?.message.content).toBe(mockAnswer("Via the CLI"));
      expect(upstream().at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
      mock.reset();
      const denied = await c
        .textToImage({ model: "Qwen/Qwen-Image", inputs: "x" }, { outputType: "blob" })
        .catch((e: unknown) => e);
      expect((denied as InferenceClientProviderApiError).status).toBe(403);
      expect(mock.requests).toEqual([]);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses to start without an allow list or a token (usage error, exit 2)", async () => {
    const noAllow = startServe(["--allow-model", "Qwen/*"]);
    await expect(noAllow.line).rejects.toThrow(/exited with 2: .*--allow-task/s);
    const noToken = startServe(["--allow-model", "Qwen/*", "--allow-task", "conversational"], { HF_TOKEN: "" });
    await expect(noToken.line).rejects.toThrow(/exited with 2: .*HF_TOKEN/s);
  });
});

describe("secrecy", () => {
  it("the token appears in no response body or header of this file", () => {
    expect(seen.length).toBeGreaterThan(30);
    for (const r of seen) {
      for (const secret of [TOKEN, PROVIDER_KEY]) {
        expect(r.headers).not.toContain(secret);
        expect(r.body).not.toContain(secret);
      }
    }
  });
});
