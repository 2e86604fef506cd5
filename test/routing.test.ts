/**
 * Who serves a call: token rules, the Hub mapping (its request, both of its shapes, its cache), the
 * "auto" policy, default models, local registrations, billTo, LoRA mapping fields, input errors raised
 * before anything is sent, and the rules of the openai provider.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  chatCompletion,
  clearMappingCache,
  clearModelMappings,
  featureExtraction,
  InferenceClient,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientRoutingError,
  registerModelMapping,
  sentenceSimilarity,
  textGeneration,
} from "../src/index.js";
import type { Adapter, RequestCtx } from "../src/providers/adapter.js";
import { runTask, type TaskDef } from "../src/tasks/run.js";
import { HUB_TASKS, type MockRequest } from "../src/testing/index.js";
import { notHub, toHub, useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as HF } from "./support/tokens.js";

const R = "https://router.huggingface.co";
const HF_OTHER = "hf_routingTestToken0002";
const TOGETHER_KEY = "tgp_v1_routingTestKey";
const LLAMA = "meta-llama/Llama-3.3-70B-Instruct";
const LLAMA_TOGETHER = "meta-llama/Llama-3.3-70B-Instruct-Turbo";
const BGE = "BAAI/bge-large-en-v1.5";
const MESSAGES = [{ role: "user", content: "Hello" }];
const hubUrl = (model: string) => `https://huggingface.co/api/models/${model}?expand[]=inferenceProviderMapping`;

const mock = useMockProvider();
/** Every URL the client passed to its fetch, in order. */
const fetched: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  fetched.push(String(input));
  return mock.fetch(input, init);
};

const hubRequests = (): MockRequest[] => mock.requests.filter(toHub);
const inferenceRequests = (): MockRequest[] => mock.requests.filter(notHub);
const client = (token?: string, options: Record<string, unknown> = {}) =>
  new InferenceClient(token, { fetch: recordingFetch, maxRetries: 0, ...options });

function mapModels(): void {
  mock.mapModel(LLAMA, [
    { provider: "together", providerId: LLAMA_TOGETHER, task: "conversational" },
    { provider: "clarifai", providerId: "meta/Llama-3/models/Llama-3_3-70B-Instruct", task: "conversational" },
    { provider: "groq", providerId: "llama-3.3-70b-versatile", task: "conversational" },
  ]);
  mock.mapModel(BGE, [
    {
      provider: "together",
      providerId: "BAAI/bge-large-en-v1.5-staging",
      task: "feature-extraction",
      status: "staging",
    },
    { provider: "groq", providerId: "bge-chat", task: "conversational" },
    { provider: "fal-ai", providerId: "fal-ai/bge", task: "text-to-image" },
    { provider: "deepinfra", providerId: "BAAI/bge-large-en-v1.5-deepinfra", task: "feature-extraction" },
    { provider: "scaleway", providerId: "bge-large-en-v1.5", task: "feature-extraction" },
  ]);
  // The Hub's default model for feature extraction.
  mock.mapModel(HUB_TASKS["feature-extraction"]!.models[0]!.id, [
    { provider: "hf-inference", providerId: "sentence-transformers/all-MiniLM-L6-v2", task: "feature-extraction" },
  ]);
}

beforeEach(() => {
  mapModels();
  fetched.length = 0;
});

describe("token rules", () => {
  it("an hf_ token goes to the router with Bearer", async () => {
    await client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    const [req] = inferenceRequests();
    expect(req!.url).toBe(`${R}/together/v1/chat/completions`);
    expect(req!.headers.authorization).toBe(`Bearer ${HF}`);
    expect(req!.json.model).toBe(LLAMA_TOGETHER);
  });

  it("a provider key goes to the provider's own host with its auth scheme", async () => {
    await client(TOGETHER_KEY).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    await client("clarifai-pat-0123").chatCompletion({ model: LLAMA, provider: "clarifai", messages: MESSAGES });
    const [together, clarifai] = inferenceRequests();
    expect(together!.url).toBe("https://api.together.xyz/v1/chat/completions");
    expect(together!.headers.authorization).toBe(`Bearer ${TOGETHER_KEY}`);
    expect(clarifai!.url).toBe("https://api.clarifai.com/v2/ext/openai/v1/chat/completions");
    expect(clarifai!.headers.authorization).toBe("Key clarifai-pat-0123");
  });

  it("no token goes to the router with no Authorization header at all", async () => {
    for (const token of [undefined, ""]) {
      mock.reset();
      clearMappingCache();
      const c = client(token);
      await c.chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
      for await (const chunk of c.chatCompletionStream({ model: LLAMA, provider: "together", messages: MESSAGES })) {
        expect(chunk.choices).toBeDefined();
      }
      await c.featureExtraction({ model: BGE, inputs: "hello" });
      expect(inferenceRequests().map((r) => r.url)).toEqual([
        `${R}/together/v1/chat/completions`,
        `${R}/together/v1/chat/completions`,
        `${R}/deepinfra/v1/openai/embeddings`,
      ]);
      for (const r of mock.requests) {
        expect(r.headers).not.toHaveProperty("authorization");
        expect(JSON.stringify(r.headers)).not.toContain("undefined");
      }
    }
  });

  it('no token with includeCredentials "include" sends cookies, still no Authorization header', async () => {
    const inits: RequestInit[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      inits.push(init ?? {});
      return mock.fetch(input, init);
    };
    await new InferenceClient(undefined, { fetch: spyFetch, includeCredentials: "include" }).chatCompletion({
      model: LLAMA,
      provider: "together",
      messages: MESSAGES,
    });
    const [req] = inferenceRequests();
    expect(req!.url).toBe(`${R}/together/v1/chat/completions`);
    expect(req!.headers.authorization).toBeUndefined();
    expect(inits.at(-1)!.credentials).toBe("include");
    expect(Object.keys(inits.at(-1)!.headers as Record<string, string>)).not.toContain("Authorization");
  });
});

describe("the Hub mapping request", () => {
  it("is GET /api/models/{id}?expand[]=inferenceProviderMapping with the hf_ token, through the custom fetch", async () => {
    await client(HF).chatCompletion({ model: LLAMA, provider: "groq", messages: MESSAGES });
    const hub = hubRequests();
    expect(hub.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${hubUrl(LLAMA)}`]);
    expect(hub[0]!.headers.authorization).toBe(`Bearer ${HF}`);
    expect(fetched).toEqual([hubUrl(LLAMA), `${R}/groq/openai/v1/chat/completions`]);
  });

  it("failing, names the model and provider routing resolved, not the caller's raw arguments", async () => {
    mock.on((r) => r.host === "huggingface.co", { status: 500, json: { error: "Hub down" } });
    const err = await featureExtraction(
      { model: "org/m:hf-inference", inputs: "hi", accessToken: HF },
      { fetch: mock.fetch, maxRetries: 0 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientHubApiError);
    expect((err as InferenceClientHubApiError).model).toBe("org/m");
    expect((err as InferenceClientHubApiError).provider).toBe("hf-inference");
  });

  it("never carries a provider key", async () => {
    await client(TOGETHER_KEY).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    const hub = hubRequests();
    expect(hub).toHaveLength(1);
    expect(hub[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(hub[0]!.headers)).not.toContain(TOGETHER_KEY);
  });

  it("accepts the array shape", async () => {
    mock.once(hubUrl("org/array-model"), {
      json: {
        id: "org/array-model",
        inferenceProviderMapping: [
          {
            provider: "deepinfra",
            providerId: "org/Array-Model-Fast",
            hfModelId: "org/array-model",
            status: "live",
            task: "conversational",
          },
        ],
      },
    });
    await client(HF).chatCompletion({ model: "org/array-model", provider: "deepinfra", messages: MESSAGES });
    const [req] = inferenceRequests();
    expect(req!.url).toBe(`${R}/deepinfra/v1/openai/chat/completions`);
    expect(req!.json.model).toBe("org/Array-Model-Fast");
  });

  it("accepts the legacy object keyed by provider", async () => {
    mock.once(hubUrl("org/legacy-model"), {
      json: {
        id: "org/legacy-model",
        inferenceProviderMapping: {
          together: { providerId: "org/Legacy-Model-Turbo", status: "live", task: "conversational" },
          deepinfra: { providerId: "org/legacy-model-deepinfra", status: "live", task: "conversational" },
        },
      },
    });
    await client(HF).chatCompletion({ model: "org/legacy-model", provider: "deepinfra", messages: MESSAGES });
    await client(HF).chatCompletion({ model: "org/legacy-model", provider: "together", messages: MESSAGES });
    expect(inferenceRequests().map((r) => [r.url, r.json.model])).toEqual([
      [`${R}/deepinfra/v1/openai/chat/completions`, "org/legacy-model-deepinfra"],
      [`${R}/together/v1/chat/completions`, "org/Legacy-Model-Turbo"],
    ]);
    // The second call was served from the cache.
    expect(hubRequests()).toHaveLength(1);
  });

  it("a model the Hub does not know is a HubApiError naming the status", async () => {
    const err = await client(HF)
      .chatCompletion({ model: "org/unknown", provider: "together", messages: MESSAGES })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientHubApiError);
    expect((err as InferenceClientHubApiError).status).toBe(404);
    expect(inferenceRequests()).toEqual([]);
  });

  it("a provider the mapping does not list is an input error naming the providers that serve the model", async () => {
    await expect(client(HF).chatCompletion({ model: LLAMA, provider: "cerebras", messages: MESSAGES })).rejects.toThrow(
      /not served by provider "cerebras".*together, clarifai, groq/,
    );
    expect(inferenceRequests()).toEqual([]);
  });

  it("a mapping for another task is an input error naming that task", async () => {
    await expect(client(HF).featureExtraction({ model: BGE, provider: "groq", inputs: "x" })).rejects.toThrow(
      InferenceClientInputError,
    );
    await expect(client(HF).textGeneration({ model: LLAMA, provider: "together", inputs: "x" })).rejects.toThrow(
      /conversational/,
    );
    expect(inferenceRequests()).toEqual([]);
  });

  it("asks the mapping at /api/models/{id}?expand[]=inferenceProviderMapping, not URL-encoded, with the hf token", async () => {
    mock.mapModel("org/name", [{ provider: "together", providerId: "org/name", task: "conversational" }]);
    await client(HF).chatCompletion({
      model: "org/name",
      provider: "together",
      messages: [{ role: "user", content: "hi" }],
    });
    const hub = mock.requests.find((r) => r.host === "huggingface.co");
    expect(hub?.url).toBe("https://huggingface.co/api/models/org/name?expand[]=inferenceProviderMapping");
    expect(hub?.headers.authorization).toBe(`Bearer ${HF}`);
  });
});

describe("the mapping cache", () => {
  it("is per (token, model): the same pair asks the Hub once", async () => {
    const c = client(HF);
    await c.chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    await c.chatCompletion({ model: LLAMA, provider: "groq", messages: MESSAGES });
    expect(hubRequests()).toHaveLength(1);
    expect(inferenceRequests()).toHaveLength(2);
  });

  it("a different token asks again, with that token", async () => {
    await client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    await client(HF_OTHER).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    await client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    expect(hubRequests().map((r) => r.headers.authorization)).toEqual([`Bearer ${HF}`, `Bearer ${HF_OTHER}`]);
  });

  it("a different model asks again", async () => {
    await client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    await client(HF).featureExtraction({ model: BGE, provider: "deepinfra", inputs: "x" });
    expect(hubRequests().map((r) => r.url)).toEqual([hubUrl(LLAMA), hubUrl(BGE)]);
  });

  it("concurrent calls share one look-up", async () => {
    const c = client(HF);
    await Promise.all(
      ["together", "groq", "together"].map((provider) =>
        c.chatCompletion({ model: LLAMA, provider, messages: MESSAGES }),
      ),
    );
    expect(hubRequests()).toHaveLength(1);
    expect(inferenceRequests()).toHaveLength(3);
  });

  it("clearMappingCache() forgets it", async () => {
    await client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    clearMappingCache();
    await client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    expect(hubRequests()).toHaveLength(2);
  });

  it("a failed look-up is not cached", async () => {
    mock.once(hubUrl(LLAMA), { status: 500, json: { error: "Internal Error" } });
    await expect(client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES })).rejects.toThrow(
      InferenceClientHubApiError,
    );
    await client(HF).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    expect(hubRequests()).toHaveLength(2);
    expect(inferenceRequests()).toHaveLength(1);
  });
});

describe('provider "auto"', () => {
  it("chat goes to the router's own route with the model id as given, without a Hub look-up", async () => {
    await client(HF).chatCompletion({ model: `${LLAMA}:fastest`, provider: "auto", messages: MESSAGES });
    await client(HF).chatCompletion({ model: "Qwen/Qwen3-32B:cerebras", messages: MESSAGES });
    expect(mock.requests.map((r) => `${r.method} ${r.url} ${r.json.model}`)).toEqual([
      `POST ${R}/v1/chat/completions ${LLAMA}:fastest`,
      `POST ${R}/v1/chat/completions Qwen/Qwen3-32B:cerebras`,
    ]);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${HF}`, `Bearer ${HF}`]);
    expect(mock.requests[0]!.json).toEqual({ model: `${LLAMA}:fastest`, messages: MESSAGES });
  });

  it("chat streams through the same route", async () => {
    const chunks = [];
    for await (const c of client(HF).chatCompletionStream({ model: LLAMA, messages: MESSAGES })) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(1);
    expect(mock.requests.map((r) => r.url)).toEqual([`${R}/v1/chat/completions`]);
    expect(mock.requests[0]!.json).toEqual({ model: LLAMA, messages: MESSAGES, stream: true });
  });

  it("chat needs a Hugging Face token: a provider key or no token is a routing error, nothing sent", async () => {
    await expect(client(TOGETHER_KEY).chatCompletion({ model: LLAMA, messages: MESSAGES })).rejects.toThrow(
      InferenceClientRoutingError,
    );
    await expect(client().chatCompletion({ model: LLAMA, messages: MESSAGES })).rejects.toThrow(
      InferenceClientRoutingError,
    );
    expect(mock.requests).toEqual([]);
  });

  it("feature extraction takes the first live entry serving the task, skipping staging and other tasks", async () => {
    const out = await client(HF).featureExtraction({ model: BGE, inputs: ["a", "b"] });
    expect(out).toHaveLength(2);
    const [req] = inferenceRequests();
    expect(req!.url).toBe(`${R}/deepinfra/v1/openai/embeddings`);
    expect(req!.json).toEqual({ input: ["a", "b"], model: "BAAI/bge-large-en-v1.5-deepinfra" });
    expect(hubRequests()[0]!.headers.authorization).toBe(`Bearer ${HF}`);
  });

  it("follows the order the Hub returns", async () => {
    mock.mapModel(BGE, [
      { provider: "scaleway", providerId: "bge-large-en-v1.5", task: "feature-extraction" },
      { provider: "deepinfra", providerId: "BAAI/bge-large-en-v1.5-deepinfra", task: "feature-extraction" },
    ]);
    await client(HF).featureExtraction({ model: BGE, provider: "auto", inputs: "a" });
    expect(inferenceRequests().map((r) => r.url)).toEqual([`${R}/scaleway/v1/embeddings`]);
  });

  it("counts sentence-similarity and feature-extraction as one task", async () => {
    mock.mapModel("sentence-transformers/all-mpnet-base-v2", [
      { provider: "hf-inference", providerId: "sentence-transformers/all-mpnet-base-v2", task: "sentence-similarity" },
    ]);
    await client(HF).featureExtraction({ model: "sentence-transformers/all-mpnet-base-v2", inputs: "a" });
    expect(inferenceRequests().map((r) => r.url)).toEqual([
      `${R}/hf-inference/models/sentence-transformers/all-mpnet-base-v2/pipeline/feature-extraction`,
    ]);
  });

  it("with no entry serving the task, is an input error listing what the Hub offers", async () => {
    mock.mapModel("org/only-staging", [
      { provider: "together", providerId: "x", task: "feature-extraction", status: "staging" },
      { provider: "groq", providerId: "y", task: "conversational" },
    ]);
    await expect(client(HF).featureExtraction({ model: "org/only-staging", inputs: "a" })).rejects.toThrow(
      /is not supported for task feature-extraction.*together \(feature-extraction, staging\).*groq \(conversational\)/,
    );
    expect(inferenceRequests()).toEqual([]);
  });

  it("with a provider key, is a routing error when it picks a third party (the key could reach another provider)", async () => {
    await expect(client(TOGETHER_KEY).featureExtraction({ model: BGE, inputs: "a" })).rejects.toThrow(
      InferenceClientRoutingError,
    );
    // Only the Hub mapping was asked for (without the key); no inference request went out.
    expect(mock.requests.map((r) => [r.url, r.headers.authorization])).toEqual([[hubUrl(BGE), undefined]]);
  });

  it("with a key that is not an hf_ token, may go to Hugging Face's own hf-inference (as the reference does)", async () => {
    const model = "google-bert/bert-base-uncased";
    mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task: "fill-mask" }]);
    mock.once(`${R}/hf-inference/models/${model}`, {
      json: [{ score: 0.5, token: 1, token_str: "paris", sequence: "paris is the capital" }],
    });
    const out = await client("your access token").fillMask({ model, inputs: "[MASK] is the capital" });
    expect(out[0]?.token_str).toBe("paris");
    const sent = mock.requests.at(-1)!;
    expect(sent.url).toBe(`${R}/hf-inference/models/${model}`);
    expect(sent.headers.authorization).toBe("Bearer your access token");
  });

  it("without a token, still routes through the router with no Authorization", async () => {
    await client().featureExtraction({ model: BGE, inputs: "a" });
    expect(mock.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      [hubUrl(BGE), undefined],
      [`${R}/deepinfra/v1/openai/embeddings`, undefined],
    ]);
  });
});

describe("default model", () => {
  it("is the Hub's recommended model for the task when model is omitted", async () => {
    const out = await featureExtraction({ accessToken: HF, inputs: "hello" }, { fetch: recordingFetch });
    expect(out.length).toBeGreaterThan(0);
    // The first default-model call of this file: the task list is fetched once, through the custom fetch.
    const tasksLookups = mock.find("https://huggingface.co/api/tasks");
    expect(tasksLookups).toHaveLength(1);
    expect(fetched[0]).toBe("https://huggingface.co/api/tasks");
    const model = HUB_TASKS["feature-extraction"]!.models[0]!.id;
    expect(inferenceRequests().map((r) => r.url)).toEqual([
      `${R}/hf-inference/models/${model}/pipeline/feature-extraction`,
    ]);
    expect(
      hubRequests()
        .filter((r) => r.path.startsWith("/api/models/"))
        .map((r) => r.url),
    ).toEqual([hubUrl(model)]);
    // The task list is public: asked without credentials.
    for (const r of tasksLookups) expect(r.headers.authorization).toBeUndefined();
  });

  it("chat with auto uses the Hub's text-generation default", async () => {
    await chatCompletion({ accessToken: HF, messages: MESSAGES }, { fetch: recordingFetch });
    const [req] = inferenceRequests();
    expect(req!.url).toBe(`${R}/v1/chat/completions`);
    expect(req!.json.model).toBe(HUB_TASKS["text-generation"]!.models[0]!.id);
  });
});

describe("registerModelMapping", () => {
  it("serves a model without any Hub request", async () => {
    registerModelMapping({
      hfModelId: "my-org/my-model",
      provider: "together",
      providerId: "my-org/My-Model-Turbo",
      task: "conversational",
    });
    await client(HF).chatCompletion({ model: "my-org/my-model", provider: "together", messages: MESSAGES });
    await client(TOGETHER_KEY).chatCompletion({ model: "my-org/my-model", provider: "together", messages: MESSAGES });
    expect(hubRequests()).toEqual([]);
    expect(fetched.every((u) => !u.startsWith("https://huggingface.co/"))).toBe(true);
    expect(inferenceRequests().map((r) => [r.url, r.json.model])).toEqual([
      [`${R}/together/v1/chat/completions`, "my-org/My-Model-Turbo"],
      ["https://api.together.xyz/v1/chat/completions", "my-org/My-Model-Turbo"],
    ]);
  });

  it('is used by "auto" for non-chat tasks', async () => {
    registerModelMapping({
      hfModelId: "my-org/embedder",
      provider: "scaleway",
      providerId: "my-embedder",
      task: "feature-extraction",
    });
    await client(HF).featureExtraction({ model: "my-org/embedder", inputs: "x" });
    expect(mock.requests.map((r) => r.url)).toEqual([`${R}/scaleway/v1/embeddings`]);
  });

  it("clearModelMappings() removes it: the Hub is asked again", async () => {
    registerModelMapping({ hfModelId: "my-org/gone", provider: "together", providerId: "x", task: "conversational" });
    clearModelMappings("my-org/gone");
    await expect(
      client(HF).chatCompletion({ model: "my-org/gone", provider: "together", messages: MESSAGES }),
    ).rejects.toThrow(InferenceClientHubApiError);
    expect(hubRequests().map((r) => r.url)).toEqual([hubUrl("my-org/gone")]);
  });
});

describe("billTo", () => {
  it("is sent to the router only, never to a provider's host or the Hub", async () => {
    await client(HF, { billTo: "acme-org" }).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES });
    await client(HF).chatCompletion({ model: LLAMA, messages: MESSAGES }, { billTo: "acme-org" });
    await client(TOGETHER_KEY, { billTo: "acme-org" }).chatCompletion({
      model: LLAMA,
      provider: "together",
      messages: MESSAGES,
    });
    expect(inferenceRequests().map((r) => [r.url, r.headers["x-hf-bill-to"]])).toEqual([
      [`${R}/together/v1/chat/completions`, "acme-org"],
      [`${R}/v1/chat/completions`, "acme-org"],
      ["https://api.together.xyz/v1/chat/completions", undefined],
    ]);
    for (const r of hubRequests()) expect(r.headers["x-hf-bill-to"]).toBeUndefined();
  });
});

describe("LoRA mapping fields", () => {
  it("adapter and adapterWeightsPath reach the adapter context", async () => {
    mock.mapModel("user/flux-lora-style", [
      {
        provider: "fal-ai",
        providerId: "fal-ai/flux-lora",
        task: "text-to-image",
        adapter: "lora",
        adapterWeightsPath: "flux-style.safetensors",
      },
    ]);
    const seen: RequestCtx[] = [];
    const spy: Adapter = {
      provider: { id: "fal-ai", baseUrl: "https://fal.run" },
      path: (ctx) => ctx.providerId,
      body: (args: Record<string, unknown>, ctx) => {
        seen.push(ctx);
        return { json: { prompt: args.inputs } };
      },
    };
    const def: TaskDef = { task: "text-to-image", timeout: 10_000, adapters: { "fal-ai": spy } };
    mock.once(`${R}/fal-ai/fal-ai/flux-lora`, { json: { images: [] } });
    const out = await runTask(
      def,
      { accessToken: HF, model: "user/flux-lora-style", provider: "fal-ai", inputs: "a cat" },
      { fetch: recordingFetch },
      (v) => v,
    );
    expect(out).toEqual({ images: [] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.mapping).toMatchObject({
      provider: "fal-ai",
      providerId: "fal-ai/flux-lora",
      hfModelId: "user/flux-lora-style",
      adapter: "lora",
      adapterWeightsPath: "flux-style.safetensors",
      status: "live",
    });
    expect(seen[0]!.model).toBe("user/flux-lora-style");
    expect(seen[0]!.routed).toBe(true);
    expect(inferenceRequests().map((r) => r.url)).toEqual([`${R}/fal-ai/fal-ai/flux-lora`]);
  });

  it("legacy object mappings keep them too", async () => {
    mock.once(hubUrl("user/legacy-lora"), {
      json: {
        inferenceProviderMapping: {
          "fal-ai": {
            providerId: "fal-ai/flux-lora",
            status: "live",
            task: "text-to-image",
            adapter: "lora",
            adapterWeightsPath: "legacy.safetensors",
          },
        },
      },
    });
    const seen: RequestCtx[] = [];
    const spy: Adapter = {
      provider: { id: "fal-ai", baseUrl: "https://fal.run" },
      path: (ctx) => ctx.providerId,
      body: (_args, ctx) => {
        seen.push(ctx);
        return { json: {} };
      },
    };
    mock.once(`${R}/fal-ai/fal-ai/flux-lora`, { json: { ok: true } });
    await runTask(
      { task: "text-to-image", timeout: 10_000, adapters: { "fal-ai": spy } },
      { accessToken: HF, model: "user/legacy-lora", provider: "fal-ai" },
      { fetch: recordingFetch },
      (v) => v,
    );
    expect(seen[0]!.mapping).toMatchObject({
      hfModelId: "user/legacy-lora",
      adapter: "lora",
      adapterWeightsPath: "legacy.safetensors",
    });
  });
});

describe("bad input is refused before any request", () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    [
      "model given as a URL",
      () => client(HF).chatCompletion({ model: "https://my-endpoint.example/v1", messages: MESSAGES }),
      /Model URLs are no longer supported\. Use endpointUrl instead/,
    ],
    ["model given as a path", () => client(HF).featureExtraction({ model: "/models/bge", inputs: "x" }), /model/],
    [
      "unknown provider",
      () => client(HF).chatCompletion({ model: LLAMA, provider: "not-a-provider", messages: MESSAGES }),
      /Provider 'not-a-provider' not supported/,
    ],
    [
      "messages not an array",
      () => client(HF).chatCompletion({ model: LLAMA, messages: "Hello" as never }),
      /messages/,
    ],
    [
      "a message without a role",
      () => client(HF).chatCompletion({ model: LLAMA, messages: [{ content: "Hi" }] as never }),
      /messages\[0\]/,
    ],
    [
      "textGeneration inputs not a string",
      () => textGeneration({ accessToken: HF, model: LLAMA, inputs: 42 as never }, { fetch: recordingFetch }),
      /inputs/,
    ],
    [
      "featureExtraction inputs not strings",
      () => featureExtraction({ accessToken: HF, model: BGE, inputs: [1, 2] as never }, { fetch: recordingFetch }),
      /inputs/,
    ],
    [
      "sentenceSimilarity inputs without sentences",
      () =>
        sentenceSimilarity(
          { accessToken: HF, model: BGE, inputs: { source_sentence: "x" } as never },
          { fetch: recordingFetch },
        ),
      /inputs/,
    ],
    [
      "token with a tab",
      () => client("hf_abc\tdef").chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES }),
      /accessToken/,
    ],
    [
      "token with a trailing newline",
      () => client("hf_abcdef\n").featureExtraction({ model: BGE, inputs: "x" }),
      /accessToken/,
    ],
  ];

  for (const [name, call, message] of cases) {
    it(name, async () => {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InferenceClientInputError);
      expect((err as Error).message).toMatch(message);
      expect(mock.requests).toEqual([]);
      expect(fetched).toEqual([]);
    });
  }

  it("an invalid token is not echoed in the error", async () => {
    const err = (await client("hf_secretValue\r\n123")
      .chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES })
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect(err.message).not.toContain("secretValue");
  });
});

describe("the openai provider", () => {
  it("sends the model without its openai/ prefix to api.openai.com with the key, no Hub look-up", async () => {
    await client("sk-proj-openaiKey", { billTo: "acme-org" }).chatCompletion({
      model: "openai/gpt-4o-mini",
      provider: "openai",
      messages: MESSAGES,
    });
    expect(mock.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://api.openai.com/v1/chat/completions",
    ]);
    const req = mock.requests[0]!;
    expect(req.json).toEqual({ model: "gpt-4o-mini", messages: MESSAGES });
    expect(req.headers.authorization).toBe("Bearer sk-proj-openaiKey");
    expect(req.headers["x-hf-bill-to"]).toBeUndefined();
  });

  it("needs the provider's own key: an hf_ token or no token is an input error", async () => {
    for (const token of [HF, undefined]) {
      await expect(
        client(token).chatCompletion({ model: "openai/gpt-4o-mini", provider: "openai", messages: MESSAGES }),
      ).rejects.toThrow(/openai.*key/i);
    }
    expect(mock.requests).toEqual([]);
  });

  it('needs a model written "openai/<id>"', async () => {
    await expect(
      client("sk-proj-openaiKey").chatCompletion({ model: "gpt-4o-mini", provider: "openai", messages: MESSAGES }),
    ).rejects.toThrow(/must be prefixed by "openai\/"/);
    expect(mock.requests).toEqual([]);
  });
});
