// What each call did and cost: metaOf for results, streams and errors, the hooks (scrubbed, never breaking a
// call), cost from each source, and the meter with its budget. Over loopback, against the mock provider.
import { beforeEach, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientBudgetError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  chatCompletion,
  createMeter,
  metaOf,
  observe,
  usageOf,
  type CallInfo,
  type RequestInfo,
} from "../src/index.js";
import { inferenceRequests, useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const FLUX = "black-forest-labs/FLUX.1-dev";
const mock = useMockProvider({ pollScale: 0.005 });
const messages = [{ role: "user" as const, content: "Hi" }];

beforeEach(() => {
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    { provider: "deepinfra", providerId: "meta-llama/Llama-3.3-70B-Instruct-fast", task: "conversational" },
  ]);
  mock.mapModel(FLUX, [{ provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" }]);
});

const client = (options = {}) => new InferenceClient(TOKEN, { fetch: mock.fetch, ...options });

/** A chat answer shaped like a router answer (OpenAI `CreateChatCompletionResponse`), with extra usage fields. */
const answer = (usage: Record<string, unknown>) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }],
  usage,
});

describe("metaOf", () => {
  it("chat: provider, who served, request id, models, usage and timings, the result left as it was", async () => {
    mock.once("/together/", {
      json: answer({
        prompt_tokens: 12,
        completion_tokens: 5,
        total_tokens: 17,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 2 },
      }),
      headers: { "x-inference-provider": "together", "x-request-id": "req-abc" },
    });
    const out = await client().chatCompletion({ model: MODEL, provider: "together", messages });
    // No field added: the result is the provider's answer exactly.
    expect(Object.keys(out).sort()).toEqual(["choices", "created", "id", "model", "object", "usage"]);
    const m = metaOf(out)!;
    expect(m).toMatchObject({
      requestId: "req-abc",
      provider: "together",
      servedBy: "together",
      model: MODEL,
      providerModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
      attempts: [{ provider: "together", providerModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo" }],
      retries: [],
      usage: { inputTokens: 12, outputTokens: 5, cachedInputTokens: 4, reasoningTokens: 2 },
      cost: "unknown",
    });
    expect(m.attempts[0]!.error).toBeUndefined();
    expect(m.timings.firstByteMs).toBeTypeOf("number");
    expect(m.timings.totalMs! >= m.timings.firstByteMs!).toBe(true);
    expect(m.timings.firstTokenMs).toBeUndefined();
    expect(metaOf({ not: "a result" })).toBeUndefined();
    expect(metaOf("text")).toBeUndefined();
  });

  it("a stream: the record fills in as it goes, usage from the last event, complete once it ended", async () => {
    const stream = client().chatCompletionStream({ model: MODEL, provider: "together", messages });
    expect(metaOf(stream)!.timings.totalMs).toBeUndefined();
    let chunks = 0;
    for await (const c of stream) {
      chunks++;
      if (chunks === 1) expect(metaOf(stream)!.timings.firstTokenMs).toBeTypeOf("number");
      expect(c).not.toHaveProperty("meta");
    }
    const m = metaOf(stream)!;
    expect(chunks).toBeGreaterThan(2);
    expect(m.provider).toBe("together");
    expect(m.usage.inputTokens).toBeGreaterThan(0);
    expect(m.usage.outputTokens).toBeGreaterThan(0);
    expect(m.timings.totalMs).toBeTypeOf("number");
  });

  it("a media task run as a fal-ai queue job: the Blob's record names the provider and its model id", async () => {
    const blob = await client().textToImage({ model: FLUX, provider: "fal-ai", inputs: "a red fox" });
    expect(blob).toBeInstanceOf(Blob);
    const m = metaOf(blob)!;
    expect(m.provider).toBe("fal-ai");
    expect(m.providerModel).toBe("fal-ai/flux/dev");
    expect(m.attempts.map((a) => a.provider)).toEqual(["fal-ai"]);
    // The submit answer's id, not a poll's.
    expect(m.requestId).toBe("mock-fal-ai");
    // The mock's fal queue answers "in queue" first, then "completed": each poll is on the record.
    expect(m.polls.length).toBeGreaterThan(0);
    expect(m.polls.at(-1)!.state).toBe("done");
    expect(m.polls.every((p) => p.atMs >= 0 && p.atMs <= m.timings.totalMs!)).toBe(true);
    expect(m.usage).toEqual({});
  });

  it("an array result has its record; a string result's record comes through onResponse", async () => {
    mock.mapModel("BAAI/bge-small-en-v1.5", [
      { provider: "hf-inference", providerId: "BAAI/bge-small-en-v1.5", task: "feature-extraction" },
    ]);
    const vectors = await client().featureExtraction({ model: "BAAI/bge-small-en-v1.5", inputs: "hello" });
    expect(Array.isArray(vectors)).toBe(true);
    expect(metaOf(vectors)).toMatchObject({ provider: "hf-inference", task: "feature-extraction" });
    const seen: CallInfo[] = [];
    const url = await client(observe({ onResponse: (i: CallInfo) => seen.push(i) })).textToImage(
      { model: FLUX, provider: "fal-ai", inputs: "a red fox" },
      { outputType: "url" },
    );
    expect(typeof url).toBe("string");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ provider: "fal-ai", providerModel: "fal-ai/flux/dev", task: "text-to-image" });
  });

  it("a fallback call lists each provider tried, and how the first failed", async () => {
    mock.once("/together/", { status: 503, json: { error: "overloaded" } });
    const out = await client({ maxRetries: 0 }).chatCompletion({ model: MODEL, messages }, { fallback: true });
    const m = metaOf(out)!;
    expect(m.attempts.map((a) => [a.provider, a.error?.name])).toEqual([
      ["together", "ProviderApiError"],
      ["deepinfra", undefined],
    ]);
    expect(m.attempts[1]!.providerModel).toBe("meta-llama/Llama-3.3-70B-Instruct-fast");
    expect(m.provider).toBe("deepinfra");
  });

  it("a retried call lists each retry with its status and error", async () => {
    mock.once("/together/", { status: 503, json: { error: "overloaded" } });
    const out = await client().chatCompletion({ model: MODEL, provider: "together", messages });
    const m = metaOf(out)!;
    expect(m.retries).toHaveLength(1);
    expect(m.retries[0]).toMatchObject({ attempt: 1, status: 503, error: { name: "ProviderApiError" } });
    expect(m.retries[0]!.delayMs).toBeGreaterThan(0);
    expect(inferenceRequests(mock)).toHaveLength(2);
  });

  it("an error has its record too", async () => {
    mock.once("/together/", { status: 400, json: { error: "bad request" } });
    const err = await client()
      .chatCompletion({ model: MODEL, provider: "together", messages })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    const m = metaOf(err)!;
    expect(m.attempts).toEqual([
      {
        provider: "together",
        providerModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
        error: { name: "ProviderApiError", message: (err as Error).message },
      },
    ]);
  });
});

describe("usage under each provider's names", () => {
  it("OpenAI, Anthropic-style and TGI fields", () => {
    expect(usageOf({ usage: { input_tokens: 3, output_tokens: 4, cache_read_input_tokens: 1 } })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      cachedInputTokens: 1,
      reasoningTokens: undefined,
    });
    expect(usageOf([{ generated_text: "x", details: { generated_tokens: 9 } }]).outputTokens).toBe(9);
    expect(usageOf({ usage: { prompt_tokens: -1, completion_tokens: "7" } })).toEqual({});
    expect(usageOf(undefined)).toEqual({});
  });
});

describe("cost (always an estimate)", () => {
  it("from the answer's usage.estimated_cost", async () => {
    mock.once("/together/", { json: answer({ prompt_tokens: 10, completion_tokens: 10, estimated_cost: 0.00042 }) });
    const out = await client().chatCompletion({ model: MODEL, provider: "together", messages });
    expect(metaOf(out)!.cost).toEqual({ usd: 0.00042, source: "provider-estimate" });
  });

  it("from catalog prices (USD per 1M tokens) of the provider that served the call", async () => {
    mock.once("/v1/chat/completions", {
      json: answer({ prompt_tokens: 1000, completion_tokens: 500 }),
      headers: { "x-inference-provider": "groq" },
    });
    const asked: [string, string][] = [];
    const prices = (model: string, provider: string) => {
      asked.push([model, provider]);
      return provider === "groq" ? { input: 2, output: 8 } : undefined;
    };
    const out = await client(observe({ prices })).chatCompletion({ model: `${MODEL}:fastest`, messages });
    expect(asked).toEqual([[MODEL, "groq"]]);
    const cost = metaOf(out)!.cost;
    expect(cost).not.toBe("unknown");
    expect((cost as { usd: number }).usd).toBeCloseTo((1000 * 2 + 500 * 8) / 1e6, 12);
    expect((cost as { source: string }).source).toBe("catalog-estimate");
    // Prices given to metaOf itself, for calls made without observe().
    const plain = await client().chatCompletion({ model: MODEL, provider: "together", messages });
    expect(metaOf(plain)!.cost).toBe("unknown");
    expect(metaOf(plain, () => ({ input: 1, output: 1 }))!.cost).toMatchObject({ source: "catalog-estimate" });
  });

  it('"unknown" without an estimate or a price, and when a price look-up throws', async () => {
    const prices = () => {
      throw new Error("no catalog");
    };
    const out = await client(observe({ prices })).chatCompletion({ model: MODEL, provider: "together", messages });
    expect(metaOf(out)!.cost).toBe("unknown");
  });
});

describe("hooks", () => {
  it("onRequest per attempt, onResponse once, nothing of the token anywhere", async () => {
    mock.once("/together/", { status: 503, json: { error: "overloaded" } });
    const requests: RequestInfo[] = [];
    const responses: CallInfo[] = [];
    const c = client(
      observe({
        onRequest: (r: RequestInfo) => requests.push(r),
        onResponse: (i: CallInfo) => responses.push(i),
        headers: { "X-Api-Key": "sk-custom-credential-98765" },
      }),
    );
    await c.chatCompletion({ model: MODEL, provider: "together", messages });
    expect(requests.map((r) => r.attempt)).toEqual([1, 2]);
    expect(requests[0]).toMatchObject({ provider: "together", model: MODEL, method: "POST" });
    expect((requests[0]!.body as { messages: unknown }).messages).toEqual(messages);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.retries).toHaveLength(1);
    expect(responses[0]).not.toHaveProperty("body");
    const seen = JSON.stringify([requests, responses]);
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain("sk-custom-credential-98765");
    // The token did go out: what hooks see was scrubbed, not the request.
    expect(inferenceRequests(mock)[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("onError once with the error and the record, scrubbed", async () => {
    mock.once("/together/", { status: 401, json: { error: `token ${TOKEN} is invalid` } });
    const seen: [unknown, CallInfo][] = [];
    const err = await chatCompletion(
      { accessToken: TOKEN, model: MODEL, provider: "together", messages },
      observe({ fetch: mock.fetch, onError: (e: unknown, i: CallInfo) => seen.push([e, i]) }),
    ).catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toBe(err);
    expect(seen[0]![1].attempts[0]!.error!.name).toBe("ProviderApiError");
    expect(JSON.stringify(seen[0]![1])).not.toContain(TOKEN);
  });

  it("a hook that throws never breaks the call", async () => {
    const boom = () => {
      throw new Error("hook failed");
    };
    const c = client(observe({ onRequest: boom, onResponse: boom, onError: boom, onRetry: boom }));
    const out = await c.chatCompletion({ model: MODEL, provider: "together", messages });
    expect(out.choices[0]!.message.content).toContain("Hi");
    mock.once("/together/", { status: 400, json: { error: "bad" } });
    await expect(c.chatCompletion({ model: MODEL, provider: "together", messages })).rejects.toBeInstanceOf(
      InferenceClientProviderApiError,
    );
  });

  it("observe() checks what it is given, naming the field", () => {
    expect(() => observe({ onResponse: 5 as never })).toThrow(InferenceClientInputError);
    expect(() => observe({ onResponse: 5 as never })).toThrow(/options\.onResponse/);
    expect(() => observe({ meter: {} as never })).toThrow(/options\.meter/);
    expect(() => client({ onRequest: "x" })).toThrow(/onRequest/);
  });

  it("a meter given to a standalone task function without observe() is an input error before any request", async () => {
    const err = await chatCompletion(
      { accessToken: TOKEN, model: MODEL, provider: "together", messages },
      { fetch: mock.fetch, meter: createMeter() },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect((err as Error).message).toMatch(/options\.meter.*observe\(\)/);
    expect(mock.requests).toEqual([]);
  });

  it("the client passes hooks and a meter through observe() itself, given to it or to one call", async () => {
    const meter = createMeter();
    const seen: CallInfo[] = [];
    const c = client({ meter, onResponse: (info: CallInfo) => seen.push(info) });
    await c.chatCompletion({ model: MODEL, provider: "together", messages });
    await c.chatCompletion({ model: MODEL, provider: "together", messages }, { onError: () => {} });
    expect(meter.total.requests).toBe(2);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ provider: "together" });
    const other: CallInfo[] = [];
    await client().chatCompletion(
      { model: MODEL, provider: "together", messages },
      { onResponse: (info: CallInfo) => other.push(info) },
    );
    expect(other).toHaveLength(1);
  });
});

describe("meter and budget", () => {
  it("totals per provider, model and billTo", async () => {
    const meter = createMeter();
    mock.once("/together/", { json: answer({ prompt_tokens: 10, completion_tokens: 4, estimated_cost: 0.5 }) });
    const c = client(observe({ meter }));
    await c.chatCompletion({ model: MODEL, provider: "together", messages });
    await c.chatCompletion({ model: MODEL, provider: "deepinfra", messages }, { billTo: "my-org" });
    expect(meter.total.requests).toBe(2);
    expect(meter.total.estimatedUsd).toBe(0.5);
    expect(meter.total.unknownCost).toBe(1);
    expect(meter.byProvider.together).toMatchObject({ requests: 1, inputTokens: 10, outputTokens: 4 });
    expect(meter.byProvider.deepinfra!.requests).toBe(1);
    expect(meter.byModel[MODEL]!.requests).toBe(2);
    expect(Object.keys(meter.byBillTo)).toEqual(["my-org"]);
    meter.reset();
    expect(meter.total.requests).toBe(0);
  });

  it("a call that would start past the budget fails before any request", async () => {
    const meter = createMeter({ budgetUsd: 0.001 });
    mock.once("/together/", { json: answer({ prompt_tokens: 10, completion_tokens: 4, estimated_cost: 0.002 }) });
    const c = client(observe({ meter }));
    await c.chatCompletion({ model: MODEL, provider: "together", messages });
    const before = mock.requests.length;
    const err = await c.chatCompletion({ model: MODEL, provider: "together", messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientBudgetError);
    expect((err as InferenceClientBudgetError).budgetUsd).toBe(0.001);
    const stream = c.chatCompletionStream({ model: MODEL, provider: "together", messages });
    await expect(stream.next()).rejects.toBeInstanceOf(InferenceClientBudgetError);
    expect(mock.requests.length).toBe(before);
  });
});
