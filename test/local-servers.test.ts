/**
 * Local OpenAI-compatible servers (llama.cpp, Ollama, vLLM, TGI) and Inference Endpoints through
 * `endpointUrl`: every accepted URL form reaches `/v1/chat/completions` (or `/v1/completions` for text
 * generation), the credential is sent only when there is one, and the Hub is never asked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  chatCompletion,
  InferenceClient,
  InferenceClientInputError,
  textGeneration,
  withOpenAIRoute,
} from "../src/index.js";
import { mockAnswer, startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const MESSAGES = [{ role: "user", content: "Hi there" }];
const forms = () => [mock.url, `${mock.url}/v1`, `${mock.url}/v1/`, `${mock.url}/v1/chat/completions`];

/** The only request the call made (nothing went to the Hub or anywhere else). */
function onlyRequest(): MockRequest {
  expect(mock.requests.map((r) => r.host)).toEqual([new URL(mock.url).host]);
  return mock.requests[0]!;
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
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
