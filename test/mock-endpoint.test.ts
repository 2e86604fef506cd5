/**
 * The mock provider as an `endpointUrl`, as the README's testing-kit section says: `mock.url` itself for
 * chat and text generation, `${mock.url}/<task>` for every other task that takes an endpoint URL, and
 * the four tasks that the hf-inference wire format (the one an endpoint speaks) does not serve refused
 * before any request. Every task function the
 * library exports is in one of the tables below (a new task fails the first test until it is added),
 * and each runs against the loopback server over HTTP and against the in-process `createMockFetch()`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as lib from "../src/index.js";
import { InferenceClientInputError, InferenceClientProviderApiError } from "../src/index.js";
import * as tasks from "../src/tasks/index.js";
import { createMockFetch, startMockProvider, type MockCore, type MockProvider } from "../src/testing/index.js";
import { PNG, wav } from "./support/media.js";
import { chatText } from "./support/collect.js";

const png = () => new Blob([PNG as BlobPart], { type: "image/png" });
const audio = () => new Blob([wav() as BlobPart], { type: "audio/wav" });
const table = { year: ["2020", "2021"], sales: ["3", "4"] };

const isNumberArray = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number");
const isList = (v: unknown, keys: string[]) =>
  Array.isArray(v) && v.length > 0 && v.every((x) => !!x && typeof x === "object" && keys.every((k) => k in x));
const isBlob = (type: string) => (v: unknown) => v instanceof Blob && v.size > 0 && v.type.startsWith(type);

interface Case {
  args: () => Record<string, unknown>;
  /** What the answer must look like. */
  ok: (out: unknown) => boolean;
}

/** Tasks that take `endpointUrl: ${mock.url}/<task>`, with the kebab-case task name as the path. */
const BY_PATH: Record<string, Case> = {
  featureExtraction: {
    args: () => ({ inputs: ["one", "two"] }),
    ok: (o) => Array.isArray(o) && o.every(isNumberArray),
  },
  sentenceSimilarity: {
    args: () => ({ inputs: { source_sentence: "a cat", sentences: ["a dog", "a car"] } }),
    ok: (o) => isNumberArray(o) && (o as number[]).length === 2,
  },
  fillMask: { args: () => ({ inputs: "The goal of life is [MASK]." }), ok: (o) => isList(o, ["sequence", "score"]) },
  summarization: { args: () => ({ inputs: "A long text." }), ok: (o) => typeof (o as any)?.summary_text === "string" },
  translation: { args: () => ({ inputs: "Bonjour" }), ok: (o) => typeof (o as any)?.translation_text === "string" },
  textClassification: { args: () => ({ inputs: "I like you" }), ok: (o) => isList(o, ["label", "score"]) },
  tokenClassification: { args: () => ({ inputs: "My name is Sarah" }), ok: (o) => isList(o, ["word", "score"]) },
  zeroShotClassification: {
    args: () => ({ inputs: "I want a refund", parameters: { candidate_labels: ["refund", "praise"] } }),
    ok: (o) => isList(o, ["label", "score"]),
  },
  questionAnswering: {
    args: () => ({ inputs: { question: "What is my name?", context: "My name is Clara" } }),
    ok: (o) => typeof (o as any)?.answer === "string",
  },
  tableQuestionAnswering: {
    args: () => ({ inputs: { query: "How many rows?", table } }),
    ok: (o) => typeof (o as any)?.answer === "string",
  },
  tabularClassification: { args: () => ({ inputs: { data: table } }), ok: (o) => isNumberArray(o) },
  tabularRegression: { args: () => ({ inputs: { data: table } }), ok: (o) => isNumberArray(o) },
  imageClassification: { args: () => ({ inputs: png() }), ok: (o) => isList(o, ["label", "score"]) },
  objectDetection: { args: () => ({ inputs: png() }), ok: (o) => isList(o, ["label", "box"]) },
  imageSegmentation: { args: () => ({ inputs: png() }), ok: (o) => isList(o, ["label", "mask"]) },
  imageToText: { args: () => ({ inputs: png() }), ok: (o) => typeof (o as any)?.generated_text === "string" },
  zeroShotImageClassification: {
    args: () => ({ inputs: png(), parameters: { candidate_labels: ["cat", "dog"] } }),
    ok: (o) => isList(o, ["label", "score"]),
  },
  visualQuestionAnswering: {
    args: () => ({ inputs: { image: png(), question: "How many cats?" } }),
    ok: (o) => typeof (o as any)?.answer === "string",
  },
  documentQuestionAnswering: {
    args: () => ({ inputs: { image: png(), question: "What is the invoice number?" } }),
    ok: (o) => typeof (o as any)?.answer === "string",
  },
  textToImage: { args: () => ({ inputs: "A red fox" }), ok: isBlob("image/") },
  imageToImage: { args: () => ({ inputs: png(), parameters: { prompt: "Make it snow" } }), ok: isBlob("image/") },
  automaticSpeechRecognition: { args: () => ({ inputs: audio() }), ok: (o) => typeof (o as any)?.text === "string" },
  audioClassification: { args: () => ({ inputs: audio() }), ok: (o) => isList(o, ["label", "score"]) },
  audioToAudio: { args: () => ({ inputs: audio() }), ok: (o) => isList(o, ["label", "blob"]) },
  textToSpeech: { args: () => ({ inputs: "Hello world" }), ok: isBlob("audio/") },
  textToAudio: { args: () => ({ inputs: "A drum loop" }), ok: isBlob("audio/") },
};

/** Tasks served at `mock.url` itself (the OpenAI-compatible routes), with the path the request must reach. */
const AT_ROOT: Record<string, Case & { path: string }> = {
  chatCompletion: {
    args: () => ({ messages: [{ role: "user", content: "Capital of France?" }] }),
    ok: (o) => String((o as any)?.choices?.[0]?.message?.content).includes("Capital of France?"),
    path: "/v1/chat/completions",
  },
  textGeneration: {
    args: () => ({ inputs: "Once upon a time" }),
    ok: (o) => String((o as any)?.generated_text).includes("Once upon a time"),
    path: "/v1/completions",
  },
};

/** Tasks only other providers serve: refused with an endpoint URL, before any request. */
const JOBS_ONLY = ["textToVideo", "imageToVideo", "imageTextToVideo", "imageTextToImage"];
const JOB_ARGS: Record<string, () => Record<string, unknown>> = {
  textToVideo: () => ({ inputs: "A cat playing piano" }),
  imageToVideo: () => ({ inputs: png(), parameters: { prompt: "The cat turns its head" } }),
  imageTextToVideo: () => ({ inputs: png(), parameters: { prompt: "Waves rolling in" } }),
  imageTextToImage: () => ({ inputs: png(), parameters: { prompt: "Add a hat" } }),
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
type TaskFn = (args: Record<string, unknown>, options?: Record<string, unknown>) => Promise<unknown>;
const fnOf = (name: string) => (tasks as unknown as Record<string, TaskFn>)[name]!;

it("every task function of the library is in one of the tables", () => {
  const functions = Object.entries(tasks)
    .filter(([name, v]) => typeof v === "function" && !name.endsWith("Stream"))
    .map(([name]) => name)
    .filter((name) => name !== "request" && name !== "streamingRequest")
    .sort();
  expect(functions.length).toBeGreaterThan(30);
  expect([...Object.keys(BY_PATH), ...Object.keys(AT_ROOT), ...JOBS_ONLY].sort()).toEqual(functions);
  expect(Object.keys(JOB_ARGS).sort()).toEqual([...JOBS_ONLY].sort());
});

let server: MockProvider;
beforeAll(async () => {
  server = await startMockProvider();
});
afterAll(() => server.close());

/** The two ways to run the mock: its loopback server (real HTTP), and in process for browsers and workers. */
const KITS: [string, () => { mock: MockCore; url: string; options: Record<string, unknown> }][] = [
  ["the loopback server (mock.url)", () => ({ mock: server, url: server.url, options: {} })],
  [
    "createMockFetch()",
    () => {
      const mock = createMockFetch();
      return { mock, url: "http://mock.test", options: { fetch: mock.fetch } };
    },
  ],
];

describe.each(KITS)("as an endpointUrl: %s", (_kit, make) => {
  let kit: ReturnType<typeof make>;
  beforeEach(() => {
    server.reset(true);
    kit = make();
  });

  it.each(Object.keys(BY_PATH))("%s at ${url}/<task>", async (name) => {
    const c = BY_PATH[name]!;
    const endpointUrl = `${kit.url}/${kebab(name)}`;
    const out = await fnOf(name)({ endpointUrl, ...c.args() }, { ...kit.options, maxRetries: 0 });
    expect(c.ok(out), `${name} answered ${JSON.stringify(out)}`).toBe(true);
    expect(kit.mock.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${endpointUrl}`]);
  });

  it.each(Object.keys(AT_ROOT))("%s at the URL itself, as a function and through InferenceClient", async (name) => {
    const c = AT_ROOT[name]!;
    const out = await fnOf(name)({ endpointUrl: kit.url, ...c.args() }, { ...kit.options, maxRetries: 0 });
    expect(c.ok(out), `${name} answered ${JSON.stringify(out)}`).toBe(true);
    const client = new lib.InferenceClient(undefined, { endpointUrl: kit.url, ...kit.options, maxRetries: 0 });
    const method = (client as unknown as Record<string, TaskFn>)[name]!.bind(client);
    expect(c.ok(await method(c.args()))).toBe(true);
    expect(kit.mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${c.path}`, `POST ${c.path}`]);
  });

  it("streams chat from the URL itself", async () => {
    const client = new lib.InferenceClient(undefined, { endpointUrl: kit.url, ...kit.options });
    const text = await chatText(client.chatCompletionStream({ messages: [{ role: "user", content: "Stream it" }] }));
    expect(text).toContain("Stream it");
  });

  it("a task that needs its name in the path gets a 404 that says so", async () => {
    const err = await lib
      .textClassification({ endpointUrl: kit.url, inputs: "x" }, { ...kit.options, maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(err).toMatchObject({ status: 404 });
    expect((err as InferenceClientProviderApiError).providerMessage).toContain("name the task in the path");
  });

  it.each(JOBS_ONLY)("%s takes no endpoint URL: an input error naming the task, no request", async (name) => {
    const err = await fnOf(name)({ endpointUrl: `${kit.url}/${kebab(name)}`, ...JOB_ARGS[name]!() }, kit.options).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect((err as Error).message).toContain(kebab(name));
    expect(kit.mock.requests).toEqual([]);
  });
});
