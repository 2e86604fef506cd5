/**
 * The stream object keeps an async generator's contract: nothing runs before the first `next()`, calls made
 * before the previous one settled are served in order, `return()` and `throw()` end the call (its record
 * complete), and once over every call answers done.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  metaOf,
} from "../src/index.js";
import { startMockProvider, type MockProvider } from "../src/testing/index.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});

const messages = [{ role: "user" as const, content: "Hello" }];
const event = (content: string) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const threeChunks = {
  chunks: [event("a") + event("b"), event("c") + "data: [DONE]\n\n"],
  headers: { "content-type": "text/event-stream" },
};
const client = () => new InferenceClient(undefined, { endpointUrl: mock.url });
const text = (r: IteratorResult<any, unknown>) => (r.done ? "<done>" : r.value.choices[0].delta.content);

describe("the stream as an async iterator", () => {
  it("next() calls made at once are served in order, then done", async () => {
    mock.reset();
    mock.once("/v1/chat/completions", threeChunks);
    const stream = client().chatCompletionStream({ messages });
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => stream.next()));
    expect(all.map(text)).toEqual(["a", "b", "c", "<done>", "<done>"]);
    expect(metaOf(stream)?.timings.totalMs).toBeGreaterThanOrEqual(0);
  });

  it("return() before the first next() sends nothing, and the stream is over", async () => {
    mock.reset();
    const stream = client().chatCompletionStream({ messages });
    expect(await stream.return(undefined)).toEqual({ value: undefined, done: true });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(mock.find("/v1/chat/completions")).toHaveLength(0);
  });

  it("return() after a chunk ends the call; later calls answer done", async () => {
    mock.reset();
    mock.once("/v1/chat/completions", threeChunks);
    const stream = client().chatCompletionStream({ messages });
    expect(text(await stream.next())).toBe("a");
    expect(await stream.return(undefined)).toEqual({ value: undefined, done: true });
    expect(metaOf(stream)?.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it("throw() after a chunk fails the call with that error; later calls answer done", async () => {
    mock.reset();
    mock.once("/v1/chat/completions", threeChunks);
    const stream = client().chatCompletionStream({ messages });
    expect(text(await stream.next())).toBe("a");
    const boom = new Error("stop here");
    await expect(stream.throw(boom)).rejects.toBe(boom);
    expect(metaOf(boom)?.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it("bad input rejects the first next() before any request; later calls answer done", async () => {
    mock.reset();
    const stream = client().chatCompletionStream({ messages: "not a list" as never });
    await expect(stream.next()).rejects.toBeInstanceOf(InferenceClientInputError);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(mock.find("/v1/chat/completions")).toHaveLength(0);
  });

  // The reader queues the events of one read as text and parses each as it is handed out (src/transport/sse.ts):
  // what the caller sees must not change. Events before a bad one are given, then the call fails there.
  it.each([
    ["a chunk that is not JSON", "data: {not json\n\n", InferenceClientProviderOutputError],
    [
      "an {error} payload",
      `data: ${JSON.stringify({ error: { message: "overloaded" } })}\n\n`,
      InferenceClientProviderApiError,
    ],
  ])("in one read with good events around it, %s ends the stream after the events before it", async (_, bad, type) => {
    mock.reset();
    mock.once("/v1/chat/completions", {
      chunks: [event("a") + event("b") + bad + event("c") + "data: [DONE]\n\n"],
      headers: { "content-type": "text/event-stream" },
    });
    const got: string[] = [];
    let error: unknown;
    try {
      for await (const c of client().chatCompletionStream({ messages })) got.push(c.choices[0]!.delta.content!);
    } catch (e) {
      error = e;
    }
    expect(got).toEqual(["a", "b"]);
    expect(error).toBeInstanceOf(type);
  });

  it("a caller who stops in the middle of a read's events gets none of the rest", async () => {
    mock.reset();
    mock.once("/v1/chat/completions", {
      chunks: [[..."abcdef"].map(event).join("") + "data: [DONE]\n\n"],
      headers: { "content-type": "text/event-stream" },
    });
    const stream = client().chatCompletionStream({ messages });
    const got: string[] = [];
    for await (const c of stream) {
      got.push(c.choices[0]!.delta.content!);
      if (got.length === 2) break;
    }
    expect(got).toEqual(["a", "b"]);
    expect((await stream.next()).done).toBe(true);
  });
});
