/**
 * Local OpenAI-compatible servers (llama.cpp, Ollama, vLLM, TGI) and Inference Endpoints through
 * `endpointUrl`: every accepted URL form reaches `/v1/chat/completions` (or `/v1/completions` for text
 * generation), the credential is sent only when there is one, and the Hub is never asked.
 */
import { describe, expect, it } from "vitest";
import {
  chatCompletion,
  featureExtraction,
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  textGeneration,
  withOpenAIRoute,
} from "../src/index.js";
import { mockAnswer, vector, type MockRequest } from "../src/testing/index.js";
import { collect } from "./support/collect.js";
import { useMockProvider } from "./support/loopback.js";

const mock = useMockProvider();

const MESSAGES = [{ role: "user", content: "Hi there" }];
const forms = () => [mock.url, `${mock.url}/v1`, `${mock.url}/v1/`, `${mock.url}/v1/chat/completions`];

/** The only request the call made (nothing went to the Hub or anywhere else). */
function onlyRequest(): MockRequest {
  expect(mock.requests.map((r) => r.host)).toEqual([new URL(mock.url).host]);
  return mock.requests[0]!;
}

describe("chat through endpointUrl", () => {
  it("accepts the host, .../v1, .../v1/ and the full route, all to /v1/chat/completions", async () => {
    for (const endpointUrl of forms()) {
      mock.reset();
      const client = new InferenceClient(undefined, { fetch: mock.fetch });
      const out = await client.chatCompletion({ endpointUrl, messages: MESSAGES, max_tokens: 16 });
      expect(out.choices[0]?.message.content).toBe(mockAnswer("Hi there"));
      const req = onlyRequest();
      expect(`${req.method} ${req.url}`).toBe(`POST ${mock.url}/v1/chat/completions`);
      // No model given: no `model` field (the server serves its own model).
      expect(req.json).toEqual({ messages: MESSAGES, max_tokens: 16 });
      expect(req.headers.authorization).toBeUndefined();
      expect(req.headers["content-type"]).toBe("application/json");
    }
  });

  it("streams from each URL form", async () => {
    for (const endpointUrl of forms()) {
      mock.reset();
      const client = new InferenceClient(undefined, { fetch: mock.fetch });
      const chunks = await collect(client.chatCompletionStream({ endpointUrl, messages: MESSAGES }));
      expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe(mockAnswer("Hi there"));
      expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
      const req = onlyRequest();
      expect(req.url).toBe(`${mock.url}/v1/chat/completions`);
      expect(req.json).toEqual({ messages: MESSAGES, stream: true });
      expect(req.headers.accept).toBe("text/event-stream");
      expect(req.headers.authorization).toBeUndefined();
    }
  });

  it("keeps a path prefix before /v1 and drops trailing slashes of the full route", async () => {
    const client = new InferenceClient(undefined, { fetch: mock.fetch });
    await client.chatCompletion({ endpointUrl: `${mock.url}/proxy/ollama/v1/chat/completions/`, messages: MESSAGES });
    expect(onlyRequest().url).toBe(`${mock.url}/proxy/ollama/v1/chat/completions`);
    expect(withOpenAIRoute(`${mock.url}/proxy`, "chat/completions")).toBe(`${mock.url}/proxy/v1/chat/completions`);
  });

  it("sends the model as given when there is one", async () => {
    const client = new InferenceClient(undefined, { fetch: mock.fetch });
    await client.chatCompletion({ endpointUrl: `${mock.url}/v1`, model: "llama3.2:3b", messages: MESSAGES });
    expect(onlyRequest().json).toEqual({ model: "llama3.2:3b", messages: MESSAGES });
  });

  it("client.endpoint(url) binds the client to the URL, for calls and streams", async () => {
    const local = new InferenceClient(undefined, { fetch: mock.fetch }).endpoint(`${mock.url}/v1`);
    await local.chatCompletion({ messages: MESSAGES });
    await collect(local.chatCompletionStream({ messages: MESSAGES }));
    expect(mock.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${mock.url}/v1/chat/completions`,
      `POST ${mock.url}/v1/chat/completions`,
    ]);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
    expect(mock.requests[1]!.json).toEqual({ messages: MESSAGES, stream: true });
  });

  it("an endpointUrl client option works like client.endpoint", async () => {
    const client = new InferenceClient(undefined, { fetch: mock.fetch, endpointUrl: mock.url });
    await client.chatCompletion({ messages: MESSAGES });
    expect(onlyRequest().url).toBe(`${mock.url}/v1/chat/completions`);
  });

  it("the standalone function takes endpointUrl and no token", async () => {
    await chatCompletion({ endpointUrl: `${mock.url}/v1/`, messages: MESSAGES }, { fetch: mock.fetch });
    const req = onlyRequest();
    expect(req.url).toBe(`${mock.url}/v1/chat/completions`);
    expect(req.headers.authorization).toBeUndefined();
  });
});

describe("credentials with endpointUrl", () => {
  it("sends no Authorization header without a token (never 'Bearer undefined')", async () => {
    for (const token of [undefined, ""]) {
      mock.reset();
      const client = new InferenceClient(token, { fetch: mock.fetch }).endpoint(mock.url);
      await client.chatCompletion({ messages: MESSAGES });
      await collect(client.chatCompletionStream({ messages: MESSAGES }));
      for (const r of mock.requests) {
        expect(r.headers.authorization).toBeUndefined();
        expect(r.text).not.toContain("undefined");
      }
      expect(mock.requests).toHaveLength(2);
    }
  });

  it("sends a Hugging Face token as Bearer, for calls and streams", async () => {
    const client = new InferenceClient("hf_endpointToken123", { fetch: mock.fetch }).endpoint(`${mock.url}/v1`);
    await client.chatCompletion({ messages: MESSAGES });
    await collect(client.chatCompletionStream({ messages: MESSAGES }));
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer hf_endpointToken123",
      "Bearer hf_endpointToken123",
    ]);
    expect(mock.requests.every((r) => r.host === new URL(mock.url).host)).toBe(true);
  });

  it("sends any other key as Bearer too (a local server's own key)", async () => {
    const client = new InferenceClient("sk-local-llama", { fetch: mock.fetch }).endpoint(mock.url);
    await client.textGeneration({ inputs: "Once upon a time" });
    expect(onlyRequest().headers.authorization).toBe("Bearer sk-local-llama");
  });

  it("never sends X-HF-Bill-To to an endpoint URL", async () => {
    const client = new InferenceClient("hf_endpointToken123", { fetch: mock.fetch, billTo: "acme-org" });
    await client.chatCompletion({ endpointUrl: mock.url, messages: MESSAGES });
    expect(onlyRequest().headers["x-hf-bill-to"]).toBeUndefined();
  });
});

describe("text generation through endpointUrl", () => {
  it("goes to /v1/completions with an OpenAI completions body", async () => {
    for (const endpointUrl of [mock.url, `${mock.url}/v1`, `${mock.url}/v1/`, `${mock.url}/v1/completions`]) {
      mock.reset();
      const out = await textGeneration(
        { endpointUrl, inputs: "The capital of France is", parameters: { max_new_tokens: 20, stop_sequences: ["."] } },
        { fetch: mock.fetch },
      );
      expect(out.generated_text).toBe(` ${mockAnswer("The capital of France is")}`);
      const req = onlyRequest();
      expect(`${req.method} ${req.url}`).toBe(`POST ${mock.url}/v1/completions`);
      expect(req.json).toEqual({ prompt: "The capital of France is", max_tokens: 20, stop: ["."] });
      expect(req.headers.authorization).toBeUndefined();
    }
  });

  it("a client bound to the full chat route sends text generation to /v1/completions, and back", async () => {
    const chatBound = new InferenceClient(undefined, { fetch: mock.fetch }).endpoint(`${mock.url}/v1/chat/completions`);
    const out = await chatBound.textGeneration({ inputs: "Hello" });
    expect(out.generated_text).toBe(` ${mockAnswer("Hello")}`);
    const completionsBound = new InferenceClient(undefined, { fetch: mock.fetch }).endpoint(
      `${mock.url}/v1/completions/`,
    );
    await completionsBound.chatCompletion({ messages: MESSAGES });
    expect(mock.requests.map((r) => [r.url, Object.keys(r.json).sort()])).toEqual([
      [`${mock.url}/v1/completions`, ["prompt"]],
      [`${mock.url}/v1/chat/completions`, ["messages"]],
    ]);
    expect(withOpenAIRoute("https://host/openai/deployments/x/chat/completions", "completions")).toBe(
      "https://host/openai/deployments/x/completions",
    );
    expect(withOpenAIRoute("https://api.z.ai/api/paas/v4/chat/completions", "chat/completions")).toBe(
      "https://api.z.ai/api/paas/v4/chat/completions",
    );
  });

  it("streams tokens from /v1/completions", async () => {
    const client = new InferenceClient(undefined, { fetch: mock.fetch }).endpoint(`${mock.url}/v1`);
    const events = await collect(client.textGenerationStream({ model: "tgi", inputs: "Hello" }));
    const text = ` ${mockAnswer("Hello")}`;
    expect(events.map((e) => e.token.text).join("")).toBe(text);
    expect(events.at(-1)?.generated_text).toBe(text);
    expect(events.at(-1)?.details?.finish_reason).toBe("stop");
    const req = onlyRequest();
    expect(req.url).toBe(`${mock.url}/v1/completions`);
    expect(req.json).toEqual({ model: "tgi", prompt: "Hello", stream: true });
  });
});

describe("other tasks and misuse", () => {
  it("feature extraction uses the endpoint URL as given", async () => {
    const url = `${mock.url}/models/bge/pipeline/feature-extraction`;
    const out = await new InferenceClient(undefined, { fetch: mock.fetch }).featureExtraction({
      endpointUrl: url,
      inputs: "hello",
    });
    expect(Array.isArray(out)).toBe(true);
    const req = onlyRequest();
    expect(req.url).toBe(url);
    expect(req.json).toEqual({ inputs: "hello" });
  });

  it("endpointUrl with a named provider is an input error, before any request", async () => {
    const client = new InferenceClient(undefined, { fetch: mock.fetch });
    await expect(
      client.chatCompletion({ endpointUrl: mock.url, provider: "together", messages: MESSAGES }),
    ).rejects.toThrow(InferenceClientInputError);
    await expect(client.chatCompletion({ endpointUrl: "ftp://127.0.0.1/v1", messages: MESSAGES })).rejects.toThrow(
      /endpointUrl/,
    );
    expect(mock.requests).toEqual([]);
  });
});

/**
 * Embeddings of OpenAI-compatible servers: `{input, model?}` to `/v1/embeddings`, `data[].embedding` back.
 * The answers below have the shape llama.cpp's llama-server and vLLM send (field order included).
 */
describe("embeddings through endpointUrl", () => {
  /** llama-server's `/v1/embeddings` answer: `model`, `object`, `usage`, then `data`. */
  const llamaCppAnswer = (vectors: number[][], model = "tiny.gguf") => ({
    model,
    object: "list",
    usage: { prompt_tokens: 3 * vectors.length, total_tokens: 3 * vectors.length },
    data: vectors.map((embedding, index) => ({ embedding, index, object: "embedding" })),
  });

  it("every OpenAI URL form goes to /v1/embeddings with {input}; a string gives one vector", async () => {
    const forms = [
      `${mock.url}/v1`,
      `${mock.url}/v1/`,
      `${mock.url}/v1/embeddings`,
      `${mock.url}/v1/embeddings/`,
      `${mock.url}/v1/chat/completions`,
      `${mock.url}/v1/completions`,
    ];
    for (const endpointUrl of forms) {
      mock.reset();
      const v = [0.25, -0.5, 0.125];
      mock.on("/v1/embeddings", { json: llamaCppAnswer([v]) });
      const out = await featureExtraction({ endpointUrl, inputs: "hello" }, { fetch: mock.fetch });
      expect(out).toEqual(v);
      const req = onlyRequest();
      expect(`${req.method} ${req.url}`).toBe(`POST ${mock.url}/v1/embeddings`);
      // No model given: no `model` field (a single-model server serves its own).
      expect(req.json).toEqual({ input: "hello" });
      expect(req.headers.authorization).toBeUndefined();
    }
  });

  it("a list gives one vector per text, in input order, and the caller's model is sent", async () => {
    const client = new InferenceClient("sk-local", { fetch: mock.fetch }).endpoint(`${mock.url}/proxy/v1`);
    // vLLM's shape, with the items out of order: the index decides.
    mock.on("/embeddings", {
      json: {
        id: "embd-5f1c",
        object: "list",
        created: 1764990000,
        model: "BAAI/bge-small-en-v1.5",
        data: [
          { index: 1, object: "embedding", embedding: [3, 4] },
          { index: 0, object: "embedding", embedding: [1, 2] },
        ],
        usage: { prompt_tokens: 6, total_tokens: 6, completion_tokens: 0, prompt_tokens_details: null },
      },
    });
    const out = await client.featureExtraction({ model: "BAAI/bge-small-en-v1.5", inputs: ["first", "second"] });
    expect(out).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const req = onlyRequest();
    expect(req.url).toBe(`${mock.url}/proxy/v1/embeddings`);
    expect(req.json).toEqual({ input: ["first", "second"], model: "BAAI/bge-small-en-v1.5" });
    expect(req.headers.authorization).toBe("Bearer sk-local");
  });

  it("the mock's own /v1/embeddings answers with its deterministic vectors", async () => {
    const out = await featureExtraction(
      { endpointUrl: `${mock.url}/v1`, model: "tiny", inputs: ["a", "b"], dimensions: 4 },
      { fetch: mock.fetch },
    );
    expect(out).toEqual([vector("a", 4), vector("b", 4)]);
    expect(onlyRequest().json).toEqual({ input: ["a", "b"], model: "tiny", dimensions: 4 });
  });

  it("base64 embeddings (encoding_format) are decoded from little-endian float32", async () => {
    const floats = new Float32Array([1.5, -2, 0.25]);
    const b64 = Buffer.from(floats.buffer).toString("base64");
    mock.on("/v1/embeddings", { json: { object: "list", data: [{ index: 0, object: "embedding", embedding: b64 }] } });
    const out = await featureExtraction(
      { endpointUrl: `${mock.url}/v1`, inputs: "x", encoding_format: "base64" },
      { fetch: mock.fetch },
    );
    expect(out).toEqual([1.5, -2, 0.25]);
    expect(onlyRequest().json).toEqual({ input: "x", encoding_format: "base64" });
  });

  it("an answer without data, or with no vector for one text, is an output error", async () => {
    mock.on("/v1/embeddings", { json: { object: "list", data: [] } }, { times: 1 });
    mock.on("/v1/embeddings", { json: { error: "nope" } }, { times: 1 });
    for (let i = 0; i < 2; i++) {
      await expect(
        featureExtraction({ endpointUrl: `${mock.url}/v1`, inputs: "x" }, { fetch: mock.fetch }),
      ).rejects.toThrow(InferenceClientProviderOutputError);
    }
  });

  it("a bare host keeps the pipeline body at the URL itself (Inference Endpoints, TEI), one request", async () => {
    mock.on(
      (r) => r.path === "/",
      (r) => ({ json: [vector(String(r.json?.inputs))] }),
    );
    const out = await featureExtraction({ endpointUrl: `${mock.url}/`, inputs: "hello" }, { fetch: mock.fetch });
    expect(out).toEqual([vector("hello")]);
    const req = onlyRequest();
    expect(req.url).toBe(`${mock.url}/`);
    expect(req.json).toEqual({ inputs: "hello" });
  });

  it("a bare host without that route (404, 405) gets the same call once more at /v1/embeddings", async () => {
    for (const status of [404, 405]) {
      mock.reset();
      mock.on((r) => r.path === "/", { status, json: { error: { code: status, message: "File Not Found" } } });
      mock.on("/v1/embeddings", (r) => ({ json: llamaCppAnswer([vector(String(r.json?.input), 4)]) }));
      const client = new InferenceClient("sk-local", { fetch: mock.fetch }).endpoint(mock.url);
      const out = await client.featureExtraction({ model: "tiny", inputs: "hello" });
      expect(out).toEqual(vector("hello", 4));
      expect(mock.requests.map((r) => [r.url, r.json, r.headers.authorization])).toEqual([
        [`${mock.url}/`, { inputs: "hello" }, "Bearer sk-local"],
        [`${mock.url}/v1/embeddings`, { input: "hello", model: "tiny" }, "Bearer sk-local"],
      ]);
    }
  });

  it("a bare host's other errors are thrown as they are, with no second request", async () => {
    mock.on((r) => r.path === "/", { status: 401, json: { error: { code: 401, message: "Invalid API Key" } } });
    const err = await featureExtraction({ endpointUrl: mock.url, inputs: "x" }, { fetch: mock.fetch }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect((err as InferenceClientProviderApiError).status).toBe(401);
    expect(mock.requests).toHaveLength(1);
  });

  it("a URL with a path that is not an OpenAI route is used as given, with no second request", async () => {
    mock.on("/my-endpoint", { status: 404, json: { error: "Not Found" } });
    await expect(
      featureExtraction({ endpointUrl: `${mock.url}/my-endpoint`, inputs: "x" }, { fetch: mock.fetch }),
    ).rejects.toThrow(InferenceClientProviderApiError);
    expect(onlyRequest().json).toEqual({ inputs: "x" });
  });
});
