// client.map and client.mapIter over the loopback mock provider: order, per-item failures, batching and its
// fallback, per-item retries, abort, the bound on calls in flight, progress and bounded read-ahead.
import { beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  type BulkResult,
} from "../src/index.js";
import { vector, type MockRequest } from "../src/testing/index.js";
import { inferenceRequests, useMockProvider } from "./support/loopback.js";

const mock = useMockProvider();
const EMBED = "sentence-transformers/all-MiniLM-L6-v2";
const CLASSIFY = "distilbert/distilbert-base-uncased-finetuned-sst-2-english";
const client = () => new InferenceClient("hf_bulk_test", { fetch: mock.fetch, maxRetries: 0 });

beforeEach(() => {
  mock.mapModel(EMBED, [{ provider: "hf-inference", providerId: EMBED, task: "feature-extraction" }]);
  mock.mapModel(CLASSIFY, [{ provider: "hf-inference", providerId: CLASSIFY, task: "text-classification" }]);
});
const embedArgs = (inputs: string) => ({ model: EMBED, provider: "hf-inference" as const, inputs });
const classifyArgs = (inputs: string) => ({ model: CLASSIFY, provider: "hf-inference" as const, inputs });
const inputsOf = (r: MockRequest): unknown => (r.json as { inputs?: unknown } | undefined)?.inputs;
const isPipeline = (task: string) => (r: MockRequest) => r.path.endsWith(`/pipeline/${task}`);

/** A promise and its resolver. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe("client.map", () => {
  it("results come back in input order when later items finish first", async () => {
    const texts = ["slow", "b", "c"];
    const later = gate();
    let answered = 0;
    const finished: string[] = [];
    mock.on(isPipeline("feature-extraction"), async (req) => {
      const text = String(inputsOf(req));
      // The first item is held until the two others have been answered.
      if (text === "slow") await later.promise;
      finished.push(text);
      if (++answered === 2) later.open();
      return undefined;
    });
    const out = await client().map("featureExtraction", texts.map(embedArgs), { concurrency: 3 });
    expect(finished).toEqual(["b", "c", "slow"]);
    expect(out).toEqual(texts.map((t) => ({ value: vector(t) })));
  });

  it("a 4xx on some items gives {error} entries; the other items succeed", async () => {
    mock.on((r) => inputsOf(r) === "bad", { status: 422, json: { error: "input rejected" } });
    const texts = ["good one", "bad", "fine", "bad"];
    const out = await client().map("textClassification", texts.map(classifyArgs), { concurrency: 2 });
    expect(out).toHaveLength(4);
    for (const i of [1, 3]) {
      const error = out[i]!.error as InferenceClientProviderApiError;
      expect(error).toBeInstanceOf(InferenceClientProviderApiError);
      expect(error.status).toBe(422);
      expect(out[i]!.value).toBeUndefined();
    }
    for (const i of [0, 2]) expect(out[i]!.value?.[0]?.label).toBe("POSITIVE");
  });

  it("batches consecutive items into list calls and splits the answers back", async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `sentence number ${i}`);
    const out = await client().map("featureExtraction", texts.map(embedArgs), { batchSize: 4, concurrency: 2 });
    const sent = inferenceRequests(mock).map(inputsOf);
    expect(sent).toEqual([texts.slice(0, 4), texts.slice(4, 8), texts.slice(8)]);
    expect(out).toEqual(texts.map((t) => ({ value: vector(t) })));
  });

  it("only items that differ in nothing but inputs share a batch", async () => {
    const args = [
      embedArgs("a"),
      embedArgs("b"),
      { ...embedArgs("c"), normalize: true },
      { ...embedArgs("d"), normalize: true },
      embedArgs("e"),
    ];
    const out = await client().map("featureExtraction", args, { batchSize: 8, concurrency: 1 });
    const sent = inferenceRequests(mock).map((r) => [inputsOf(r), (r.json as { normalize?: boolean }).normalize]);
    expect(sent).toEqual([
      [["a", "b"], undefined],
      [["c", "d"], true],
      ["e", undefined],
    ]);
    expect(out.map((r) => r.value)).toEqual(["a", "b", "c", "d", "e"].map((t) => vector(t)));
  });

  it("batches an OpenAI-compatible embeddings provider", async () => {
    mock.mapModel(EMBED, [{ provider: "together", providerId: "together/embed", task: "feature-extraction" }]);
    const texts = ["one", "two", "three"];
    const out = await client().map(
      "featureExtraction",
      texts.map((inputs) => ({ model: EMBED, provider: "together" as const, inputs })),
      { batchSize: 3 },
    );
    const calls = mock.find("/embeddings");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.json.input).toEqual(texts);
    // Each item is what the same call for that text alone answers.
    const singles = [];
    for (const inputs of texts)
      singles.push(await client().featureExtraction({ model: EMBED, provider: "together", inputs }));
    expect(out).toEqual(singles.map((value) => ({ value })));
    expect(new Set(out.map((r) => JSON.stringify(r.value))).size).toBe(3);
  });

  it("batches text classification on hf-inference (one list of labels per input)", async () => {
    // The pipeline answers a list of texts with one list of {label, score} per text.
    mock.on(
      (r) => Array.isArray(inputsOf(r)),
      (req) => ({
        json: (inputsOf(req) as string[]).map((t) => [
          { label: t.includes("awful") ? "NEGATIVE" : "POSITIVE", score: 0.9 },
        ]),
      }),
    );
    const texts = ["lovely", "awful", "great"];
    const out = await client().map("textClassification", texts.map(classifyArgs), { batchSize: 3 });

    expect(inferenceRequests(mock)).toHaveLength(1);
    expect(out.map((r) => r.value?.[0]?.label)).toEqual(["POSITIVE", "NEGATIVE", "POSITIVE"]);
  });

  it("a failed batch is retried item by item, so one bad input fails alone", async () => {
    // The mock's text-classification pipeline refuses lists (400): every batch falls back.
    mock.on((r) => inputsOf(r) === "bad", { status: 400, json: { error: "bad input" } });
    const texts = ["nice", "bad", "good"];
    const out = await client().map("textClassification", texts.map(classifyArgs), { batchSize: 3 });
    const sent = inferenceRequests(mock).map(inputsOf);
    expect(sent).toEqual([texts, ...texts]);
    expect(out[0]!.value?.[0]?.label).toBe("POSITIVE");
    expect((out[1]!.error as InferenceClientProviderApiError).status).toBe(400);
    expect(out[2]!.value?.[0]?.label).toBe("POSITIVE");
  });

  it("an answer of the wrong length makes the batch fall back too", async () => {
    mock.once((r) => Array.isArray(inputsOf(r)), { json: [vector("only one")] });
    const out = await client().map("featureExtraction", ["x", "y"].map(embedArgs), { batchSize: 2 });
    expect(inferenceRequests(mock).map(inputsOf)).toEqual([["x", "y"], "x", "y"]);
    expect(out).toEqual([{ value: vector("x") }, { value: vector("y") }]);
  });

  it("per-call options apply to each item: a 503 on one item is retried by the library", async () => {
    mock.once((r) => inputsOf(r) === "flaky", { status: 503, json: { error: "overloaded" } });
    const texts = ["steady", "flaky", "calm"];
    const out = await client().map("featureExtraction", texts.map(embedArgs), { options: { maxRetries: 2 } });
    expect(out).toEqual(texts.map((t) => ({ value: vector(t) })));
    expect(inferenceRequests(mock).filter((r) => inputsOf(r) === "flaky")).toHaveLength(2);
  });

  it("abort in the middle: finished items are kept, the rest end with the abort error, the promise resolves", async () => {
    const ctrl = new AbortController();
    mock.on(
      (r) => ["c", "d"].includes(String(inputsOf(r))),
      () => {
        ctrl.abort();
        return { hang: true };
      },
    );
    const texts = ["a", "b", "c", "d", "e", "f"];
    const seen: number[] = [];
    const out = await client().map("featureExtraction", texts.map(embedArgs), {
      concurrency: 1,
      signal: ctrl.signal,
      onProgress: (p) => seen.push(p.done),
    });
    expect(out.slice(0, 2)).toEqual([{ value: vector("a") }, { value: vector("b") }]);
    for (const r of out.slice(2)) expect(r.error?.name).toBe("AbortError");
    // Nothing after the aborted item was sent.
    expect(inferenceRequests(mock).map(inputsOf)).toEqual(["a", "b", "c"]);
    expect(seen.at(-1)).toBeLessThanOrEqual(6);
  });

  it("never has more than `concurrency` calls in flight", async () => {
    const concurrency = 3;
    let inFlight = 0;
    let most = 0;
    let waiting: (() => void)[] = [];
    mock.on(isPipeline("feature-extraction"), async () => {
      most = Math.max(most, ++inFlight);
      // Held until every slot is taken: too few calls in flight would hang here, too many is counted.
      const held = new Promise<void>((r) => waiting.push(r));
      if (waiting.length === concurrency) {
        for (const open of waiting) open();
        waiting = [];
      }
      await held;
      inFlight--;
      return undefined;
    });
    const texts = Array.from({ length: 9 }, (_, i) => `t${i}`);
    const out = await client().map("featureExtraction", texts.map(embedArgs), { concurrency });
    expect(most).toBe(concurrency);
    expect(out.every((r) => r.value)).toBe(true);
  });

  it("reports progress after each item", async () => {
    mock.on((r) => inputsOf(r) === "bad", { status: 400, json: { error: "no" } });
    const seen: { done: number; total: number; failed: number }[] = [];
    await client().map("featureExtraction", ["a", "bad", "c"].map(embedArgs), {
      concurrency: 1,
      onProgress: (p) => seen.push({ ...p }),
    });
    expect(seen).toEqual([
      { done: 1, total: 3, failed: 0 },
      { done: 2, total: 3, failed: 1 },
      { done: 3, total: 3, failed: 1 },
    ]);
  });

  it("bad bulk options are input errors, before any request", async () => {
    for (const bulk of [{ concurrency: 0 }, { batchSize: 1.5 }]) {
      await expect(client().map("featureExtraction", [embedArgs("a")], bulk)).rejects.toThrow(
        InferenceClientInputError,
      );
    }
    await expect(client().map("nope" as "featureExtraction", [embedArgs("a")])).rejects.toThrow(/taskName/);
    expect(mock.requests).toHaveLength(0);
  });

  it("is typed after the task method", () => {
    const c = client();
    expectTypeOf(c.map("featureExtraction", [embedArgs("a")])).resolves.toEqualTypeOf<
      BulkResult<Awaited<ReturnType<InferenceClient["featureExtraction"]>>>[]
    >();
    // @ts-expect-error inputs must be text
    void c.map("featureExtraction", [{ model: EMBED, inputs: 42 }]).catch(() => {});
    // @ts-expect-error a stream is not a bulk task
    void c.map("chatCompletionStream", []).catch(() => {});
  });
});

describe("client.mapIter", () => {
  it("yields items as they finish, or in input order with ordered: true", async () => {
    for (const ordered of [false, true]) {
      mock.reset();
      const later = gate();
      mock.on(isPipeline("feature-extraction"), async (req) => {
        if (inputsOf(req) === "slow") await later.promise;
        // In input order, the quick item cannot be yielded before the slow one: the server lets it go.
        else if (ordered) later.open();
        return undefined;
      });
      const got: number[] = [];
      for await (const item of client().mapIter("featureExtraction", ["slow", "quick"].map(embedArgs), {
        concurrency: 2,
        ordered,
      })) {
        got.push(item.index);
        // As items finish: the quick item is yielded while the slow one is still held.
        if (item.index === 1) later.open();
        expect(item.value).toEqual(vector(item.index === 0 ? "slow" : "quick"));
      }
      expect(got).toEqual(ordered ? [0, 1] : [1, 0]);
    }
  });

  it("leaving the loop early aborts the calls in flight", async () => {
    mock.on((r) => inputsOf(r) === "hangs", { hang: true });
    const sent: AbortSignal[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      if (init?.signal && String(init.body).includes("hangs")) sent.push(init.signal);
      return mock.fetch(input, init);
    };
    const c = new InferenceClient("hf_bulk_test", { fetch, maxRetries: 0 });
    for await (const item of c.mapIter("featureExtraction", ["hangs", "quick"].map(embedArgs), { concurrency: 2 })) {
      expect(item.index).toBe(1);
      break;
    }
    expect(sent).toHaveLength(1);
    await expect.poll(() => sent[0]!.aborted).toBe(true);
  });

  it("reads at most concurrency x batchSize items ahead of what it yielded", async () => {
    const concurrency = 2;
    const batchSize = 3;
    let pulled = 0;
    let yielded = 0;
    let most = 0;
    async function* endless() {
      for (let i = 0; ; i++) {
        pulled++;
        most = Math.max(most, pulled - yielded);
        yield embedArgs(`line ${i}`);
      }
    }
    for await (const item of client().mapIter("featureExtraction", endless(), { concurrency, batchSize })) {
      expect(item.value).toEqual(vector(`line ${item.index}`));
      if (++yielded === 20) break;
    }
    expect(most).toBeLessThanOrEqual(concurrency * batchSize);
    expect(most).toBeGreaterThan(1);
    expect(pulled).toBeLessThanOrEqual(20 + concurrency * batchSize);
  });
});
