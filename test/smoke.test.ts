import { beforeEach, describe, expect, it } from "vitest";
import { InferenceClient } from "../src/index.js";
import { useMockProvider } from "./support/loopback.js";

const mock = useMockProvider();
beforeEach(() => {
  mock.mapModel("meta-llama/Llama-3.3-70B-Instruct", [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  ]);
});

describe("smoke", () => {
  it("routes a chat completion through the router with the mapped provider id", async () => {
    const client = new InferenceClient("hf_test", { fetch: mock.fetch });
    const out = await client.chatCompletion({
      model: "meta-llama/Llama-3.3-70B-Instruct",
      provider: "together",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(out.choices[0]?.message.content).toContain("Hi");
    const sent = mock.find("/v1/chat/completions").at(-1)!;
    expect(sent.url).toBe("https://router.huggingface.co/together/v1/chat/completions");
    expect(sent.json).toEqual({
      model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(sent.headers.authorization).toBe("Bearer hf_test");
  });
});
