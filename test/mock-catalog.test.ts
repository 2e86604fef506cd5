/**
 * The mock provider as the 2026 router (wire-protocols.md §11): its catalog at `/v1/models` and
 * `/v1/models/{org}/{name}` (an OpenAI model list, checked against OpenAI's published document, with the
 * router's `providers`), built from `mock.mapModel`; `x-inference-provider` on routed answers; usage in chat
 * answers.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { InferenceClient, clearCatalogCache, type RouterModel } from "../src/index.js";
import { collect } from "./support/collect.js";
import { useMockProvider } from "./support/loopback.js";
import { loadSpec, specsAvailable } from "./support/openapi.js";
import { HF_TOKEN as HF } from "./support/tokens.js";

const R = "https://router.huggingface.co";
const LLAMA = "meta-llama/Llama-3.3-70B-Instruct";
const MESSAGES = [{ role: "user" as const, content: "Hi" }];

const mock = useMockProvider();
beforeEach(() => {
  clearCatalogCache();
  mock.mapModel(LLAMA, [
    { provider: "groq", providerId: "llama-3.3-70b-versatile", task: "conversational" },
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    { provider: "novita", providerId: "meta-llama/llama-3.3-70b-instruct", task: "conversational", status: "staging" },
  ]);
  mock.mapModel("BAAI/bge-m3", [{ provider: "hf-inference", providerId: "BAAI/bge-m3", task: "feature-extraction" }]);
});

const getJson = async (path: string) => {
  const res = await mock.fetch(`${R}${path}`);
  return { status: res.status, json: (await res.json()) as any };
};

describe("the mock's catalog", () => {
  it("lists the chat models mapped with mapModel, their providers with status, prices per 1M tokens and speed", async () => {
    const { status, json } = await getJson("/v1/models");
    expect(status).toBe(200);
    expect(json.object).toBe("list");
    expect(json.data.map((m: RouterModel) => m.id)).toEqual([LLAMA]);
    const [m] = json.data as RouterModel[];
    expect(m!.owned_by).toBe("meta-llama");
    expect(m!.providers.map((p) => [p.provider, p.status])).toEqual([
      ["groq", "live"],
      ["together", "live"],
      ["novita", "staging"],
    ]);
    for (const p of m!.providers) {
      expect(p.pricing!.input).toBeGreaterThan(0);
      expect(p.pricing!.input).toBeLessThan(100); // per 1M tokens, not per token
      expect(p.is_model_author).toBe(false);
    }
  });

  it("answers one model at /v1/models/{org}/{name}, and 404 for a model it does not serve", async () => {
    const one = await getJson(`/v1/models/${LLAMA}`);
    expect(one.json.id).toBe(LLAMA);
    expect(one.json.providers).toHaveLength(3);
    expect((await getJson("/v1/models/BAAI/bge-m3")).status).toBe(404);
  });

  it("with nothing mapped, serves a built-in catalog", async () => {
    mock.reset(true);
    const { json } = await getJson("/v1/models");
    expect(json.data.length).toBeGreaterThan(0);
    expect(json.data.every((m: RouterModel) => m.providers.length > 0)).toBe(true);
  });

  it.runIf(specsAvailable(["openai-openapi.json"]))(
    "the list and one model validate against OpenAI's document (ListModelsResponse, Model)",
    async () => {
      const spec = loadSpec("openai-openapi.json");
      const list = spec.response("/models", "get", "application/json");
      expect(list.errors((await getJson("/v1/models")).json), list.source).toEqual([]);
      const model = spec.schema("Model");
      expect(model.errors((await getJson(`/v1/models/${LLAMA}`)).json), model.source).toEqual([]);
      // The check is real: a model without `owned_by` fails it.
      expect(model.errors({ id: "a/b", object: "model", created: 1 })).not.toEqual([]);
    },
  );
});

describe("routed answers", () => {
  const client = new InferenceClient(HF, { fetch: (input, init) => mock.fetch(input, init) });

  it("a call to a provider's route names that provider in x-inference-provider", async () => {
    const res = await mock.fetch(`${R}/together/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "x", messages: MESSAGES }),
    });
    expect(res.headers.get("x-inference-provider")).toBe("together");
    await res.arrayBuffer();
  });

  it("an auto chat call is served by the model's first live provider, or the one its suffix names", async () => {
    const post = (model: string) =>
      mock.fetch(`${R}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model, messages: MESSAGES }),
      });
    const a = await post(LLAMA);
    expect(a.headers.get("x-inference-provider")).toBe("groq");
    const b = await post(`${LLAMA}:together`);
    expect(b.headers.get("x-inference-provider")).toBe("together");
    await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
  });

  it("chat answers carry usage, streamed or not", async () => {
    const out = await client.chatCompletion({ model: LLAMA, provider: "groq", messages: MESSAGES });
    expect(out.usage.total_tokens).toBe(out.usage.prompt_tokens + out.usage.completion_tokens);
    expect(out.usage.completion_tokens).toBeGreaterThan(0);
    const chunks = await collect(
      client.chatCompletionStream({ model: LLAMA, provider: "together", messages: MESSAGES }),
    );
    expect(chunks.at(-1)!.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("the catalog itself carries no x-inference-provider", async () => {
    const res = await mock.fetch(`${R}/v1/models`);
    expect(res.headers.get("x-inference-provider")).toBeNull();
    await res.arrayBuffer();
  });
});
