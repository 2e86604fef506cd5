import { beforeEach, describe, expect, it } from "vitest";
import { InferenceClient, InferenceClientProviderApiError, InferenceClientRoutingError } from "../src/index.js";
import type { MockProvider } from "../src/testing/index.js";
import { useMockProvider } from "./support/loopback.js";
import { chatText } from "./support/collect.js";

const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const mock = useMockProvider();

beforeEach(() => {
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    { provider: "groq", providerId: "llama-3.3-70b-versatile", task: "conversational", status: "staging" },
    { provider: "deepinfra", providerId: "meta-llama/Llama-3.3-70B-Instruct-fast", task: "conversational" },
    { provider: "hf-inference", providerId: MODEL, task: "text-generation" },
  ]);
});

const messages = [{ role: "user" as const, content: "Hi" }];
const client = () => new InferenceClient("hf_test", { fetch: mock.fetch, maxRetries: 0 });
const chatUrls = () => mock.find("/chat/completions").map((r) => r.url);

describe("provider fallback", () => {
  const failures: [string, Parameters<MockProvider["once"]>[1]][] = [
    ["503", { status: 503, json: { error: "overloaded" } }],
    ["429", { status: 429, json: { error: { message: "rate limited" } } }],
    ["connection reset", { destroy: "before-headers" }],
    ["malformed answer", { json: { nope: true } }],
  ];
  for (const [name, reply] of failures) {
    it(`"auto" + fallback: a ${name} from the first provider moves on to the next live one`, async () => {
      mock.once("/together/", reply);
      const out = await client().chatCompletion({ model: MODEL, messages }, { fallback: true });
      expect(out.choices[0]?.message.content).toContain("Hi");
      // groq is staging: skipped; hf-inference serves another task: skipped.
      expect(chatUrls()).toEqual([
        "https://router.huggingface.co/together/v1/chat/completions",
        "https://router.huggingface.co/deepinfra/v1/openai/chat/completions",
      ]);
      expect(mock.find("/deepinfra/")[0]!.json.model).toBe("meta-llama/Llama-3.3-70B-Instruct-fast");
    });
  }

  it("an idle timeout on the first provider moves on", async () => {
    mock.once("/together/", { hang: true });
    const out = await client().chatCompletion({ model: MODEL, messages }, { fallback: true, idleTimeout: 300 });
    expect(out.choices).toHaveLength(1);
    expect(chatUrls()).toHaveLength(2);
  });

  it("a provider list falls back on a missing mapping", async () => {
    const out = await client().chatCompletion({ model: MODEL, provider: ["cerebras", "together"], messages });
    expect(out.choices).toHaveLength(1);
    expect(chatUrls()).toEqual(["https://router.huggingface.co/together/v1/chat/completions"]);
  });

  it("a non-retryable failure (401) is thrown at once", async () => {
    mock.once("/together/", { status: 401, json: { error: "bad token" } });
    const err = await client()
      .chatCompletion({ model: MODEL, messages }, { fallback: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect((err as InferenceClientProviderApiError).status).toBe(401);
    expect(chatUrls()).toHaveLength(1);
  });

  it("when every provider fails, the error lists every attempt", async () => {
    mock.on("/chat/completions", { status: 503, json: { error: "down" } });
    const err = await client()
      .chatCompletion({ model: MODEL, provider: ["together", "deepinfra", "cerebras"], messages })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientRoutingError);
    const e = err as InferenceClientRoutingError;
    expect(e.attempts?.map((a) => (a as { provider: string }).provider)).toEqual(["together", "deepinfra", "cerebras"]);
    expect(e.message).toMatch(/together: .*503/);
    expect(e.message).toMatch(/deepinfra: .*503/);
    expect(e.message).toMatch(/cerebras: .*not served/);
  });

  it("streams fall back before the first chunk", async () => {
    mock.once("/together/", { status: 502, text: "<html><title>502 Bad Gateway</title></html>" });
    const text = await chatText(client().chatCompletionStream({ model: MODEL, messages }, { fallback: true }));
    expect(text).toContain("Hi");
    expect(chatUrls()).toHaveLength(2);
  });

  it("without fallback, auto chat uses the router's own route", async () => {
    await client().chatCompletion({ model: MODEL, messages });
    expect(chatUrls()).toEqual(["https://router.huggingface.co/v1/chat/completions"]);
  });
});
