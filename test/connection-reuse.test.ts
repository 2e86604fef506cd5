import { describe, expect, it } from "vitest";
import { InferenceClient, InferenceClientProviderApiError } from "../src/index.js";
import { useMockProvider } from "./support/loopback.js";
import { chatText, streamFailure } from "./support/collect.js";

const mock = useMockProvider();

describe("connection reuse", () => {
  it("a stream whose response ends just after [DONE] leaves its connection in the pool", async () => {
    // The mock waits chunkDelayMs after each piece, [DONE] included, before ending the response: a client
    // that cancelled the body right after [DONE] would close the socket and open a new one per stream.
    mock.on("/v1/chat/completions", (req) => ({
      events: [{ choices: [{ index: 0, delta: { content: "hi" }, finish_reason: "stop" }] }],
      chunkDelayMs: 15,
      headers: { "x-seen": req.path },
    }));
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const before = mock.connections;
    for (let i = 0; i < 8; i++) {
      const text = await chatText(client.chatCompletionStream({ messages: [{ role: "user", content: "x" }] }));
      expect(text).toBe("hi");
      // Give the background read of the response's end a moment to finish.
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(mock.connections - before).toBeLessThanOrEqual(2);
    mock.reset();
  });
});

describe("stream error shapes", () => {
  it("vLLM's {object: 'error'} event is a provider API error with its message", async () => {
    mock.once("/v1/chat/completions", {
      events: [{ object: "error", message: "This model's maximum context length is 4096 tokens", code: 400 }],
      done: false,
    });
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const err = await streamFailure(client.chatCompletionStream({ messages: [{ role: "user", content: "x" }] }));
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect((err as InferenceClientProviderApiError).providerMessage).toContain("maximum context length");
    expect((err as InferenceClientProviderApiError).status).toBe(400);
  });
});
