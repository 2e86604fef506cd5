// unified-inference/otel: one span per call per the OpenTelemetry GenAI semantic conventions, recorded by the
// SDK's in-memory exporter, for calls to the loopback mock provider.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { beforeEach, describe, expect, it } from "vitest";
import { InferenceClient, InferenceClientProviderApiError, observe } from "../src/index.js";
import { otelHooks } from "../src/otel/index.js";
import { useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const mock = useMockProvider({ pollScale: 0.005 });
const messages = [{ role: "user" as const, content: "a secret question" }];
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("test");

beforeEach(() => {
  exporter.reset();
  mock.mapModel(MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  ]);
});

describe("spans per call (GenAI semantic conventions)", () => {
  it("a chat call: name, kind, gen_ai attributes, a retry event, no message content", async () => {
    mock.once("/together/", { status: 503, json: { error: "overloaded" } });
    const client = new InferenceClient(TOKEN, observe({ fetch: mock.fetch, ...otelHooks(tracer) }));
    const out = await client.chatCompletion({ model: MODEL, provider: "together", messages });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const span = spans[0]!;
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "together",
      "gen_ai.request.model": MODEL,
      "gen_ai.response.model": out.model,
      "gen_ai.usage.input_tokens": out.usage!.prompt_tokens,
      "gen_ai.usage.output_tokens": out.usage!.completion_tokens,
      "gen_ai.response.finish_reasons": ["stop"],
    });
    expect(span.events.map((e) => [e.name, e.attributes?.["http.response.status_code"]])).toEqual([
      ["gen_ai.client.retry", 503],
    ]);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    const everything = JSON.stringify([span.attributes, span.events, span.name]);
    expect(everything).not.toContain("a secret question");
    expect(everything).not.toContain(TOKEN);
  });

  it("a failed call: error.type and an error status; the caller's own hooks still run", async () => {
    mock.once("/together/", { status: 400, json: { error: "bad" } });
    const mine: string[] = [];
    const client = new InferenceClient(
      TOKEN,
      observe({ fetch: mock.fetch, ...otelHooks(tracer, { onError: () => mine.push("onError") }) }),
    );
    await expect(client.chatCompletion({ model: MODEL, provider: "together", messages })).rejects.toBeInstanceOf(
      InferenceClientProviderApiError,
    );
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes["error.type"]).toBe("ProviderApiError");
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(mine).toEqual(["onError"]);
  });

  it("a stream: one span when it ends, with the streamed usage; otelHooks through observe()", async () => {
    const client = new InferenceClient(TOKEN, observe({ fetch: mock.fetch, ...otelHooks(tracer) }));
    const stream = client.chatCompletionStream({ model: MODEL, provider: "together", messages });
    let n = 0;
    for await (const _ of stream) n++;
    expect(n).toBeGreaterThan(1);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes["gen_ai.usage.output_tokens"]).toBeGreaterThan(0);
  });

  it("a fal-ai queue job: an event per status poll", async () => {
    const FLUX = "black-forest-labs/FLUX.1-dev";
    mock.mapModel(FLUX, [{ provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" }]);
    const client = new InferenceClient(TOKEN, observe({ fetch: mock.fetch, ...otelHooks(tracer) }));
    await client.textToImage(
      { model: FLUX, provider: "fal-ai", inputs: "a red fox" },
      { headers: { "x-mock-job": "queued=1;running=1" } },
    );
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe(`text-to-image ${FLUX}`);
    const polls = span!.events.filter((e) => e.name === "gen_ai.client.poll");
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.at(-1)!.attributes!["job.state"]).toBe("done");
  });

  it("embeddings are named by their operation", async () => {
    mock.mapModel("BAAI/bge-small-en-v1.5", [
      { provider: "hf-inference", providerId: "BAAI/bge-small-en-v1.5", task: "feature-extraction" },
    ]);
    const client = new InferenceClient(TOKEN, observe({ fetch: mock.fetch, ...otelHooks(tracer) }));
    await client.featureExtraction({ model: "BAAI/bge-small-en-v1.5", inputs: "hello" });
    expect(exporter.getFinishedSpans()[0]!.name).toBe("embeddings BAAI/bge-small-en-v1.5");
  });
});
