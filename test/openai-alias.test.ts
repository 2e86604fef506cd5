import { getEventListeners } from "node:events";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { InferenceClient } from "../src/index.js";
import { fixtureText } from "./support/fixtures.js";
import { useMockProvider } from "./support/loopback.js";

const fixture = (name: string) => fixtureText(`openai/${name}`);
const recorded = JSON.parse(fixture("chat-completion.json"));
const recordedStream = fixture("chat-stream.txt");

// A failed test must not leave its replies to the next one: the mock forgets them before each test.
const mock = useMockProvider();

const messages = [{ role: "user" as const, content: "Describe the image" }];

describe("client.chat.completions.create", () => {
  it("returns what the openai SDK returns for the same recorded answer", async () => {
    mock.on("/v1/chat/completions", { json: recorded }, { times: 2 });
    const sdk = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const theirs = await sdk.chat.completions.create({ model: "gpt-4o", messages });
    const client = new InferenceClient("sk-test", { endpointUrl: mock.url });
    const ours = await client.chat.completions.create({ model: "gpt-4o", messages });
    expect(ours).toEqual(JSON.parse(JSON.stringify(theirs)));
    const [a, b] = mock.find("/v1/chat/completions").slice(-2);
    expect(b!.json).toEqual(a!.json);
  });

  it("streams the same chunks as the openai SDK; normalize: true merges the usage-only chunk into the last", async () => {
    mock.on(
      "/v1/chat/completions",
      { chunks: [recordedStream], headers: { "content-type": "text/event-stream" } },
      { times: 4 },
    );
    const sdk = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const theirs: unknown[] = [];
    for await (const c of await sdk.chat.completions.create({ model: "gpt-4o", messages, stream: true }))
      theirs.push(c);

    const client = new InferenceClient("sk-test", { endpointUrl: mock.url });
    const stream = await client.chat.completions.create({ model: "gpt-4o", messages, stream: true });
    expect(stream.controller).toBeInstanceOf(AbortController);
    const ours: unknown[] = [];
    for await (const c of stream) ours.push(c);
    // By default, like the SDK: every chunk as sent, the usage-only chunk included.
    expect(theirs).toHaveLength(5);
    expect(ours).toEqual(theirs);

    // The deprecated `rawChunks` changes nothing.
    const raw = await client.chat.completions.create({ model: "gpt-4o", messages, stream: true }, { rawChunks: true });
    const rawChunks: unknown[] = [];
    for await (const c of raw) rawChunks.push(c);
    expect(rawChunks).toEqual(theirs);

    const normal = await client.chat.completions.create(
      { model: "gpt-4o", messages, stream: true },
      { normalize: true },
    );
    const normalised: unknown[] = [];
    for await (const c of normal) normalised.push(c);
    expect(normalised).toHaveLength(4);
    expect(normalised.slice(0, 3)).toEqual(theirs.slice(0, 3));
    expect(normalised[3]).toEqual({ ...(theirs[3] as object), usage: (theirs[4] as { usage: unknown }).usage });
  });

  it("fills in fields the SDK always has when a provider leaves them out", async () => {
    mock.once("/v1/chat/completions", {
      json: {
        id: "x",
        model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
      },
    });
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const out = await client.chat.completions.create({ messages });
    expect(out.object).toBe("chat.completion");
    expect(typeof out.created).toBe("number");
    expect(out.choices[0]).toMatchObject({ logprobs: null, message: { refusal: null, content: "hi" } });
  });

  it("toReadableStream() gives one JSON chunk per line", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const stream = await client.chat.completions.create({ messages, stream: true });
    const text = await new Response(stream.toReadableStream()).text();
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.map((l) => l.choices[0]?.delta?.content ?? "").join("")).toContain("Describe the image");
  });

  it("controller.abort() stops the stream", async () => {
    mock.once("/v1/chat/completions", {
      events: [{ choices: [{ index: 0, delta: { content: "a" } }] }],
      stall: true,
      done: false,
    });
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const stream = await client.chat.completions.create({ messages, stream: true });
    const got: unknown[] = [];
    await expect(
      (async () => {
        for await (const c of stream) {
          got.push(c);
          stream.controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(got).toHaveLength(1);
  });
});

describe("chat.completions.create with the caller's signal", () => {
  it("aborts the stream, and leaves no listener on a long-lived signal", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: mock.url });
    const user = new AbortController();
    for (let i = 0; i < 3; i++) {
      const stream = await client.chat.completions.create({ messages, stream: true }, { signal: user.signal });
      for await (const c of stream) void c;
    }
    expect(getEventListeners(user.signal, "abort")).toHaveLength(0);
    mock.once("/v1/chat/completions", {
      events: [{ choices: [{ index: 0, delta: { content: "a" } }] }],
      stall: true,
      done: false,
    });
    const stream = await client.chat.completions.create({ messages, stream: true }, { signal: user.signal });
    const err = await (async () => {
      for await (const c of stream) {
        void c;
        user.abort(new Error("stop"));
      }
    })().catch((e: unknown) => e);
    expect((err as Error).message).toBe("stop");
    expect(stream.controller.signal.aborted).toBe(true);
  });
});
