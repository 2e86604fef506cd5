/**
 * The router's catalog (`GET /v1/models`, `/v1/models/{org}/{name}`; wire-protocols.md §11) over loopback
 * against the mock provider: list and get, the cache and its TTL, which token is sent, hostile ids refused
 * before any request, retries, and malformed answers as typed errors.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  InferenceClient,
  InferenceClientHubApiError,
  InferenceClientInputError,
  catalogPrices,
  clearCatalogCache,
  getModel,
  listModels,
  priceOf,
  type RouterModel,
} from "../src/index.js";
import { failure } from "./support/collect.js";
import { useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as HF } from "./support/tokens.js";

const R = "https://router.huggingface.co";
const LLAMA = "meta-llama/Llama-3.3-70B-Instruct";
const QWEN = "Qwen/Qwen3-32B";

const mock = useMockProvider();

beforeEach(() => {
  clearCatalogCache();
  mock.mapModel(LLAMA, [
    { provider: "groq", providerId: "llama-3.3-70b-versatile", task: "conversational" },
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    { provider: "featherless-ai", providerId: "meta-llama/Llama-3.3-70B-Instruct", task: "conversational" },
  ]);
  mock.mapModel(QWEN, [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);
  mock.mapModel("BAAI/bge-m3", [{ provider: "hf-inference", providerId: "BAAI/bge-m3", task: "feature-extraction" }]);
});
afterEach(() => vi.restoreAllMocks());

const catalogRequests = () => mock.requests.filter((r) => r.path.startsWith("/v1/models"));
const client = (token?: string) => new InferenceClient(token, { fetch: mock.fetch });

describe("list and get", () => {
  it("lists the router's chat models with their providers, prices per 1M tokens and speed", async () => {
    const models = await client(HF).models.list();
    expect(models.map((m) => m.id).sort()).toEqual([LLAMA, QWEN].sort());
    const llama = models.find((m) => m.id === LLAMA)!;
    expect(llama.object).toBe("model");
    expect(llama.providers.map((p) => p.provider)).toEqual(["groq", "together", "featherless-ai"]);
    const groq = llama.providers[0]!;
    expect(groq.status).toBe("live");
    expect(groq.pricing).toEqual({ input: expect.any(Number), output: expect.any(Number) });
    expect(typeof groq.first_token_latency_ms).toBe("number");
    expect(llama.providers[2]!.pricing).toBeUndefined();
    expect(llama.providers[2]!.is_model_author).toBe(false);
    expect(catalogRequests().map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${R}/v1/models`]);
  });

  it("gets one model at /v1/models/{org}/{name}, each segment encoded, a policy suffix dropped", async () => {
    const model = await client(HF).models.get(`${QWEN}:cheapest`);
    expect(model.id).toBe(QWEN);
    expect(model.providers.map((p) => p.provider)).toEqual(["cerebras"]);
    expect(priceOf(model, "cerebras")).toEqual(model.providers[0]!.pricing);
    expect(priceOf(model, "groq")).toBeUndefined();
    await getModel(`${LLAMA}:groq`, { fetch: mock.fetch });
    expect(catalogRequests().map((r) => r.url)).toEqual([`${R}/v1/models/${QWEN}`, `${R}/v1/models/${LLAMA}`]);
  });

  it("a model the router does not serve is a 404 HubApiError", async () => {
    const e = await failure(getModel("nobody/nothing", { fetch: mock.fetch }));
    expect(e).toBeInstanceOf(InferenceClientHubApiError);
    expect(e.status).toBe(404);
  });

  it("tolerates unknown fields, keeps them, and drops a price that is not two numbers", async () => {
    mock.once(`${R}/v1/models`, {
      json: {
        object: "list",
        data: [
          {
            id: "a/b",
            object: "model",
            extra: { new: 1 },
            providers: [
              { provider: "x", status: "live", pricing: { input: "cheap" }, is_model_author: false, novel: true },
            ],
          },
        ],
      },
    });
    const [m] = await listModels({ fetch: mock.fetch });
    expect(m!.extra).toEqual({ new: 1 });
    expect(m!.providers[0]!.novel).toBe(true);
    expect(m!.providers[0]!.pricing).toBeUndefined();
    expect(priceOf(m!, "x")).toBeUndefined();
  });
});

describe("cache", () => {
  it("two calls with the same token make one request; another token or cache: false asks again", async () => {
    const c = client(HF);
    const [a, b] = await Promise.all([c.models.list(), c.models.list()]);
    await c.models.list();
    expect(a).toEqual(b);
    expect(catalogRequests()).toHaveLength(1);
    await client("hf_anotherCatalogToken0002").models.list();
    expect(catalogRequests()).toHaveLength(2);
    await c.models.list({ cache: false });
    expect(catalogRequests()).toHaveLength(3);
  });

  it("an answer older than the TTL is fetched again", async () => {
    let t = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => t);
    await listModels({ fetch: mock.fetch, ttl: 60_000 });
    t += 59_999;
    await listModels({ fetch: mock.fetch, ttl: 60_000 });
    expect(catalogRequests()).toHaveLength(1);
    t += 2;
    await listModels({ fetch: mock.fetch, ttl: 60_000 });
    expect(catalogRequests()).toHaveLength(2);
  });

  it("a failed answer is not cached", async () => {
    mock.once(`${R}/v1/models`, { status: 404, json: { error: "gone" } });
    await failure(listModels({ fetch: mock.fetch }));
    await listModels({ fetch: mock.fetch });
    expect(catalogRequests()).toHaveLength(2);
  });

  it("catalogPrices answers from the cached catalog", async () => {
    const prices = catalogPrices({ fetch: mock.fetch, accessToken: HF });
    await prices.refresh();
    const groq = (await getModel(LLAMA, { fetch: mock.fetch })).providers[0]!.pricing;
    expect(prices(LLAMA, "groq")).toEqual(groq);
    expect(prices(`${LLAMA}:fastest`, "groq")).toEqual(groq);
    expect(prices(LLAMA, "featherless-ai")).toBeUndefined();
    expect(prices("nobody/nothing", "groq")).toBeUndefined();
  });
});

describe("tokens", () => {
  it("an hf_ token is sent as Bearer; no token or a provider key sends no Authorization", async () => {
    await client(HF).models.list();
    await client().models.get(QWEN);
    await client("sk-providerKey0000000001").models.get(LLAMA);
    const auth = catalogRequests().map((r) => r.headers.authorization);
    expect(auth).toEqual([`Bearer ${HF}`, undefined, undefined]);
  });

  it("a token that cannot go in a header is refused, never echoed", async () => {
    const e = await failure(listModels({ fetch: mock.fetch, accessToken: "hf_bad\ntoken" }));
    expect(e).toBeInstanceOf(InferenceClientInputError);
    expect(e.message).not.toContain("hf_bad");
    expect(mock.requests).toHaveLength(0);
  });

  it("the token never appears in an error", async () => {
    mock.once(`${R}/v1/models`, { status: 401, json: { error: `bad token ${HF}` } });
    const e = await failure(client(HF).models.list());
    expect(e).toBeInstanceOf(InferenceClientHubApiError);
    expect(JSON.stringify({ m: e.message, b: e.httpResponse?.body, h: e.httpRequest })).not.toContain(HF);
  });
});

describe("hostile input", () => {
  for (const id of ["../admin", "a/b/c", "a/../b", "a/b?x=1", "a/b#x", "a%2Fb/c", " a/b", "", "a/b\n"]) {
    it(`get(${JSON.stringify(id)}) is refused before any request`, async () => {
      const e = await failure(getModel(id, { fetch: mock.fetch }));
      expect(e).toBeInstanceOf(InferenceClientInputError);
      expect(e.message).toMatch(/model/);
      expect(mock.requests).toHaveLength(0);
    });
  }
  it("a non-string id and bad options are input errors naming the field", async () => {
    expect(await failure(getModel(42 as never, { fetch: mock.fetch }))).toBeInstanceOf(InferenceClientInputError);
    const e = await failure(listModels({ fetch: mock.fetch, ttl: -1 }));
    expect(e.message).toContain("ttl");
    const f = await failure(listModels({ fetch: mock.fetch, timeout: "soon" as never }));
    expect(f).toBeInstanceOf(InferenceClientInputError);
    expect(f.message).toContain("timeout");
    expect(mock.requests).toHaveLength(0);
  });
});

describe("transport", () => {
  it("a 5xx is retried through the library's transport", async () => {
    mock.once(`${R}/v1/models`, { status: 503, json: { error: "overloaded" } });
    const retries: unknown[] = [];
    const models = await listModels({ fetch: mock.fetch, onRetry: (i) => retries.push(i) });
    expect(models.length).toBeGreaterThan(0);
    expect(catalogRequests()).toHaveLength(2);
    expect(retries).toHaveLength(1);
  });

  it("a 5xx with retries off is a HubApiError with status and request id", async () => {
    mock.once(`${R}/v1/models`, { status: 502, json: { error: "bad gateway" }, headers: { "x-request-id": "cat-1" } });
    const e = await failure(listModels({ fetch: mock.fetch, retry_on_error: false }));
    expect(e).toBeInstanceOf(InferenceClientHubApiError);
    expect(e.status).toBe(502);
    expect(e.requestId).toBe("cat-1");
  });

  for (const [what, reply] of [
    ["invalid JSON", { text: "<html>not json</html>", headers: { "content-type": "application/json" } }],
    ["no data array", { json: { object: "list", data: { id: "x" } } }],
    ["a model without an id", { json: { object: "list", data: [{ providers: [] }] } }],
    ["providers not an array", { json: { object: "list", data: [{ id: "a/b", providers: "groq" }] } }],
    ["a provider without a name", { json: { object: "list", data: [{ id: "a/b", providers: [{ status: "live" }] }] } }],
  ] as const) {
    it(`a malformed list (${what}) is a typed HubApiError, not retried`, async () => {
      mock.once(`${R}/v1/models`, reply);
      const e = await failure(listModels({ fetch: mock.fetch }));
      expect(e).toBeInstanceOf(InferenceClientHubApiError);
      expect(e.message).toMatch(/router/);
      expect(catalogRequests()).toHaveLength(1);
    });
  }

  it("a malformed single model is a typed HubApiError", async () => {
    mock.once(`${R}/v1/models/${QWEN}`, { json: [1, 2] });
    const e = await failure(getModel(QWEN, { fetch: mock.fetch }));
    expect(e).toBeInstanceOf(InferenceClientHubApiError);
  });

  it("the answer's types hold at compile time", async () => {
    const m: RouterModel = await getModel(QWEN, { fetch: mock.fetch });
    const p = m.providers[0]!;
    const total: number = (p.pricing?.input ?? 0) + (p.context_length ?? 0);
    expect(total).toBeGreaterThan(0);
  });
});
