/** A stream cut after its headers but before its first event: nothing reached the caller, so it is retried. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InferenceClient, InferenceClientConnectionError, type RetryInfo } from "../src/index.js";
import { startMockProvider, type MockProvider } from "../src/testing/index.js";
import { useFastWaits } from "./support/waits.js";

let mock: MockProvider;
/** Retry waits end at once; `asked.retry` holds the delays asked for, for the whole file. */
const asked = useFastWaits({}, "all");
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});

const messages = [{ role: "user" as const, content: "Hello" }];
const cutBeforeFirstEvent = {
  chunks: ['data: {"choices":[{"index":0,"del'],
  headers: { "content-type": "text/event-stream" },
  destroy: "mid-body" as const,
};

async function collect(client: InferenceClient, options = {}) {
  let text = "";
  for await (const c of client.chatCompletionStream({ messages }, options)) text += c.choices[0]?.delta?.content ?? "";
  return text;
}

describe("stream retries before the first event", () => {
  it("a cut before the first event is retried and the stream succeeds", async () => {
    mock.reset();
    asked.retry.length = 0;
    mock.once("/v1/chat/completions", cutBeforeFirstEvent);
    const retries: RetryInfo[] = [];
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const text = await collect(client, { onRetry: (r: RetryInfo) => retries.push(r) });
    expect(text).toContain("Hello");
    expect(mock.find("/v1/chat/completions")).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toBeInstanceOf(InferenceClientConnectionError);
    expect(asked.retry).toHaveLength(1);
  });

  it("gives up after maxRetries + 1 attempts with a connection error", async () => {
    mock.reset();
    mock.on("/v1/chat/completions", cutBeforeFirstEvent, { times: 10 });
    const client = new InferenceClient(undefined, { endpointUrl: mock.url, maxRetries: 2 });
    await expect(collect(client)).rejects.toBeInstanceOf(InferenceClientConnectionError);
    expect(mock.find("/v1/chat/completions")).toHaveLength(3);
    mock.reset();
  });

  it("a cut after an event reached the caller is not retried", async () => {
    mock.reset();
    mock.once("/v1/chat/completions", {
      chunks: ['data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n'],
      headers: { "content-type": "text/event-stream" },
      // The event is read before the cut (a cut in the same read would discard it: then nothing reached
      // the caller and the stream is retried, as the first test shows).
      chunkDelayMs: 100,
      destroy: "mid-body",
    });
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of client.chatCompletionStream({ messages })) got.push(c.choices[0]?.delta?.content ?? "");
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientConnectionError);
    expect(got).toEqual(["Hi"]);
    expect(mock.find("/v1/chat/completions")).toHaveLength(1);
  });

  it("retry_on_error: false means one attempt", async () => {
    mock.reset();
    mock.once("/v1/chat/completions", cutBeforeFirstEvent);
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    await expect(collect(client, { retry_on_error: false })).rejects.toBeInstanceOf(InferenceClientConnectionError);
    expect(mock.find("/v1/chat/completions")).toHaveLength(1);
  });
});
