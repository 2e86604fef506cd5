/** The in-process mock (`createMockFetch`): the same mock as the loopback server, for browsers and workers. */
import { describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientConnectionError,
  InferenceClientProviderApiError,
  InferenceClientTimeoutError,
} from "../src/index.js";
import { createMockFetch } from "../src/testing/index.js";
import { chatText } from "./support/collect.js";

const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const messages = [{ role: "user" as const, content: "Hello there" }];

function setup() {
  const mock = createMockFetch();
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  ]);
  const client = new InferenceClient("hf_test", { fetch: mock.fetch, maxRetries: 0 });
  return { mock, client };
}

describe("createMockFetch", () => {
  it("answers chat and records the URL meant, with no server", async () => {
    const { mock, client } = setup();
    const out = await client.chatCompletion({ model: MODEL, provider: "together", messages });
    expect(out.choices[0]?.message.content).toContain("Hello there");
    expect(mock.requests.map((r) => r.url)).toEqual([
      `https://huggingface.co/api/models/${MODEL}?expand[]=inferenceProviderMapping`,
      "https://router.huggingface.co/together/v1/chat/completions",
    ]);
    expect(mock.requests[1]!.json.model).toBe("meta-llama/Llama-3.3-70B-Instruct-Turbo");
  });

  it("streams", async () => {
    const { client } = setup();
    const text = await chatText(client.chatCompletionStream({ model: MODEL, provider: "together", messages }));
    expect(text).toContain("Hello there");
  });

  it("answers a given status", async () => {
    const { mock, client } = setup();
    mock.once("/together/", { status: 429, json: { error: "slow down" }, headers: { "x-request-id": "r-9" } });
    const err = await client.chatCompletion({ model: MODEL, provider: "together", messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err).toMatchObject({ status: 429, requestId: "r-9", providerMessage: "slow down" });
  });

  it("injects faults: reset before headers, cut mid-body, a hang ended by the idle timeout", async () => {
    const { mock, client } = setup();
    mock.once("/together/", { destroy: "before-headers" });
    await expect(client.chatCompletion({ model: MODEL, provider: "together", messages })).rejects.toBeInstanceOf(
      InferenceClientConnectionError,
    );
    mock.once("/together/", { chunks: ['{"choices":'], destroy: "mid-body" });
    await expect(client.chatCompletion({ model: MODEL, provider: "together", messages })).rejects.toBeInstanceOf(
      InferenceClientConnectionError,
    );
    mock.once("/together/", { hang: true });
    await expect(
      client.chatCompletion({ model: MODEL, provider: "together", messages }, { idleTimeout: 30 }),
    ).rejects.toBeInstanceOf(InferenceClientTimeoutError);
  });
});

describe("the loopback mock's fetch", () => {
  it("forwards a Request input with its method, headers and body", async () => {
    const { startMockProvider } = await import("../src/testing/index.js");
    const server = await startMockProvider();
    try {
      const res = await server.fetch(
        new Request("https://api.together.xyz/v1/embeddings", {
          method: "POST",
          headers: { "content-type": "application/json", "x-extra": "1" },
          body: JSON.stringify({ input: ["a"], model: "m" }),
        }),
      );
      expect(res.status).toBe(200);
      const sent = server.requests.at(-1)!;
      expect(sent.url).toBe("https://api.together.xyz/v1/embeddings");
      expect(sent.method).toBe("POST");
      expect(sent.headers["x-extra"]).toBe("1");
      expect(sent.json).toEqual({ input: ["a"], model: "m" });
    } finally {
      await server.close();
    }
  });
});
