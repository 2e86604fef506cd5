/**
 * The classic pipeline tasks (hf-inference `models/{id}`) and zai-org's OCR, against the loopback mock:
 * exact URL, method, headers and body of each request, the parsed output, input errors before any
 * request, and output errors on wrong answers; pipeline answers in the shapes the Hub's models send them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  clearMappingCache,
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderOutputError,
  audioClassification,
  fillMask,
  imageClassification,
  imageToText,
  type ImageToTextOutput,
} from "../src/index.js";
import { startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";
import { classicTaskOf, CLASSIC_TASKS } from "../src/testing/wire-classic.js";
import { TIMEOUTS, type TaskDef } from "../src/tasks/run.js";
import { FILL_MASK } from "../src/tasks/nlp/fill-mask.js";
import { SUMMARIZATION } from "../src/tasks/nlp/summarization.js";
import { QUESTION_ANSWERING } from "../src/tasks/nlp/question-answering.js";
import { TABLE_QUESTION_ANSWERING } from "../src/tasks/nlp/table-question-answering.js";
import { TEXT_CLASSIFICATION } from "../src/tasks/nlp/text-classification.js";
import { TOKEN_CLASSIFICATION } from "../src/tasks/nlp/token-classification.js";
import { TRANSLATION } from "../src/tasks/nlp/translation.js";
import { ZERO_SHOT_CLASSIFICATION } from "../src/tasks/nlp/zero-shot-classification.js";
import { AUDIO_CLASSIFICATION } from "../src/tasks/audio/audio-classification.js";
import { IMAGE_CLASSIFICATION } from "../src/tasks/cv/image-classification.js";
import { OBJECT_DETECTION } from "../src/tasks/cv/object-detection.js";
import { ZERO_SHOT_IMAGE_CLASSIFICATION } from "../src/tasks/cv/zero-shot-image-classification.js";
import { IMAGE_TO_TEXT } from "../src/tasks/cv/image-to-text.js";
import { VISUAL_QUESTION_ANSWERING } from "../src/tasks/multimodal/visual-question-answering.js";
import { DOCUMENT_QUESTION_ANSWERING } from "../src/tasks/multimodal/document-question-answering.js";
import { TABULAR_REGRESSION } from "../src/tasks/tabular/tabular-regression.js";
import { TABULAR_CLASSIFICATION } from "../src/tasks/tabular/tabular-classification.js";
import { fixtureBytes, fixtureJson } from "./support/fixtures.js";
import { inferenceRequests } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const fixture = (name: string) => fixtureBytes(`classic/${name}`);
const answerFixture = (name: string) => fixtureJson(`classic/answers/${name}`);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

const PNG = fixture("cat.png");
const WAV = fixture("speech.wav");
const JPEG = fixture("invoice.jpg");
const PDF = fixture("scan.pdf");
const FLAC = fixture("sound.flac");

const ROUTER = "https://router.huggingface.co/hf-inference/models";

let mock: MockProvider;
/** The JSON answers the client received, in order (read from a clone of each response). */
let answers: unknown[] = [];
let client: InferenceClient;

const recordingFetch: typeof fetch = async (input, init) => {
  const res = await mock.fetch(input, init);
  if ((res.headers.get("content-type") ?? "").includes("json")) answers.push(await res.clone().json());
  return res;
};

/** The Hub model id of each task; hf-inference serves it under another id, to check which id is sent. */
const modelOf = (task: string) => `test-org/${task}`;
const providerIdOf = (task: string) => `test-org/${task}-hf`;

beforeAll(async () => {
  mock = await startMockProvider();
  for (const task of CLASSIC_TASKS) {
    mock.mapModel(modelOf(task), [{ provider: "hf-inference", providerId: providerIdOf(task), task }]);
  }
  mock.mapModel("zai-org/GLM-OCR", [{ provider: "zai-org", providerId: "glm-ocr", task: "image-to-text" }]);
  mock.mapModel("test-org/captioner", [
    { provider: "hf-inference", providerId: "test-org/captioner", task: "image-to-text" },
    { provider: "zai-org", providerId: "glm-ocr", task: "image-to-text" },
  ]);
  client = new InferenceClient(TOKEN, { fetch: recordingFetch, maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  answers = [];
});

/** The inference requests sent (Hub look-ups left out). */
const sent = (): MockRequest[] => inferenceRequests(mock);
const lastAnswer = () => answers.at(-1) as any;

type Body = { json: unknown } | { bytes: Uint8Array; type: string };

interface Case {
  task: (typeof CLASSIC_TASKS)[number];
  method: keyof InferenceClient;
  args: Record<string, unknown>;
  body: Body;
  /** The output expected from the raw answer the mock sent. */
  output: (raw: any) => unknown;
  /** A check of the output's content (the mock answers from the input). */
  check?: (out: any) => void;
}

const TABLE = { Repository: ["Transformers", "Datasets", "Tokenizers"], Stars: ["36542", "4512", "3934"] };
const FISH = { Height: ["11.52", "12.48"], Length1: ["23.2", "24"], Species: ["Bream", "Bream"] };

const CASES: Case[] = [
  {
    task: "fill-mask",
    method: "fillMask",
    args: { inputs: "The goal of life is [MASK].", parameters: { top_k: 2 } },
    body: { json: { inputs: "The goal of life is [MASK].", parameters: { top_k: 2 } } },
    output: (raw) => raw,
    check: (out) => {
      expect(out).toHaveLength(2);
      expect(out[0]).toMatchObject({ token_str: "happiness", sequence: "The goal of life is happiness." });
      expect(typeof out[0].token).toBe("number");
    },
  },
  {
    task: "summarization",
    method: "summarization",
    args: { inputs: "The tower is 324 metres tall. It was the tallest man-made structure for 41 years." },
    body: { json: { inputs: "The tower is 324 metres tall. It was the tallest man-made structure for 41 years." } },
    output: (raw) => raw[0],
    check: (out) => expect(out).toEqual({ summary_text: "The tower is 324 metres tall." }),
  },
  {
    task: "question-answering",
    method: "questionAnswering",
    args: { inputs: { question: "What is my name?", context: "My name is Clara and I live in Berkeley." } },
    body: { json: { inputs: { question: "What is my name?", context: "My name is Clara and I live in Berkeley." } } },
    output: (raw) => raw,
    check: (out) => expect(out).toMatchObject({ answer: "Clara", start: 11, end: 16 }),
  },
  {
    task: "table-question-answering",
    method: "tableQuestionAnswering",
    args: { inputs: { question: "How many repositories are there?", table: TABLE } },
    body: { json: { inputs: { question: "How many repositories are there?", table: TABLE } } },
    output: (raw) => raw,
    check: (out) =>
      expect(out).toEqual({
        answer: "COUNT > Transformers, Datasets, Tokenizers",
        coordinates: [
          [0, 0],
          [1, 0],
          [2, 0],
        ],
        cells: ["Transformers", "Datasets", "Tokenizers"],
        aggregator: "COUNT",
      }),
  },
  {
    task: "text-classification",
    method: "textClassification",
    args: { inputs: "I like you. I love you" },
    body: { json: { inputs: "I like you. I love you" } },
    output: (raw) => raw[0],
    check: (out) => expect(out.map((x: any) => x.label)).toEqual(["POSITIVE", "NEGATIVE"]),
  },
  {
    task: "token-classification",
    method: "tokenClassification",
    args: {
      inputs: "My name is Sarah Jessica Parker and I live in Paris",
      parameters: { aggregation_strategy: "simple" },
    },
    body: {
      json: {
        inputs: "My name is Sarah Jessica Parker and I live in Paris",
        parameters: { aggregation_strategy: "simple" },
      },
    },
    output: (raw) => raw,
    check: (out) =>
      expect(out.map((e: any) => [e.entity_group, e.word, e.start, e.end])).toEqual([
        ["PER", "Sarah Jessica Parker", 11, 31],
        ["LOC", "Paris", 46, 51],
      ]),
  },
  {
    task: "translation",
    method: "translation",
    args: { inputs: "Меня зовут Вольфганг", parameters: { src_lang: "ru", tgt_lang: "en" } },
    body: { json: { inputs: "Меня зовут Вольфганг", parameters: { src_lang: "ru", tgt_lang: "en" } } },
    output: (raw) => raw[0],
    check: (out) => expect(out).toEqual({ translation_text: "(en) Меня зовут Вольфганг" }),
  },
  {
    task: "zero-shot-classification",
    method: "zeroShotClassification",
    args: {
      inputs: "I bought a device but it is not working, I want a refund",
      parameters: { candidate_labels: ["legal", "refund", "faq"] },
    },
    body: {
      json: {
        inputs: "I bought a device but it is not working, I want a refund",
        parameters: { candidate_labels: ["legal", "refund", "faq"] },
      },
    },
    output: (raw) => raw,
    check: (out) => {
      expect(out[0].label).toBe("refund");
      expect(out.map((x: any) => x.label).sort()).toEqual(["faq", "legal", "refund"]);
    },
  },
  {
    task: "audio-classification",
    method: "audioClassification",
    args: { inputs: new Blob([WAV], { type: "audio/wav" }) },
    body: { bytes: WAV, type: "audio/wav" },
    output: (raw) => raw,
    check: (out) => expect(out.map((x: any) => x.label)).toEqual(["neu", "hap", "ang", "sad"]),
  },
  {
    task: "image-classification",
    method: "imageClassification",
    args: { inputs: new Blob([PNG], { type: "image/png" }) },
    body: { bytes: PNG, type: "image/png" },
    output: (raw) => raw,
    check: (out) => expect(out[0].label).toBe("Egyptian cat"),
  },
  {
    task: "object-detection",
    method: "objectDetection",
    args: { inputs: JPEG },
    body: { bytes: JPEG, type: "image/jpeg" },
    output: (raw) => raw,
    check: (out) => expect(out.map((d: any) => d.label)).toEqual(["remote", "remote", "couch", "cat", "cat"]),
  },
  {
    task: "zero-shot-image-classification",
    method: "zeroShotImageClassification",
    args: { inputs: new Blob([PNG], { type: "image/png" }), parameters: { candidate_labels: ["cat", "dog"] } },
    body: { json: { inputs: { image: b64(PNG) }, parameters: { candidate_labels: ["cat", "dog"] } } },
    output: (raw) => raw,
    check: (out) => expect(out.map((x: any) => x.label).sort()).toEqual(["cat", "dog"]),
  },
  {
    task: "visual-question-answering",
    method: "visualQuestionAnswering",
    args: { inputs: { question: "How many cats are lying down?", image: new Blob([PNG], { type: "image/png" }) } },
    body: { json: { inputs: { question: "How many cats are lying down?", image: b64(PNG) } } },
    output: (raw) => raw[0],
    check: (out) => expect(out.answer).toBe("2"),
  },
  {
    task: "document-question-answering",
    method: "documentQuestionAnswering",
    args: {
      inputs: { image: new Blob([JPEG], { type: "image/jpeg" }), question: "What is the invoice number?" },
      parameters: { top_k: 1 },
    },
    body: { json: { inputs: { image: b64(JPEG), question: "What is the invoice number?" }, parameters: { top_k: 1 } } },
    output: (raw) => raw[0],
    check: (out) => expect(out).toEqual({ score: 0.4251, answer: "us-001", start: 16, end: 16 }),
  },
  {
    task: "tabular-regression",
    method: "tabularRegression",
    args: { inputs: { data: FISH } },
    body: { json: { inputs: { data: FISH } } },
    output: (raw) => raw,
    check: (out) => expect(out).toEqual([110, 134.75]),
  },
  {
    task: "tabular-classification",
    method: "tabularClassification",
    args: { inputs: { data: FISH } },
    body: { json: { inputs: { data: FISH } } },
    output: (raw) => raw,
    check: (out) => expect(out).toEqual([5, 6]),
  },
  {
    task: "image-to-text",
    method: "imageToText",
    args: { inputs: new Blob([PNG], { type: "image/png" }) },
    body: { bytes: PNG, type: "image/png" },
    output: (raw) => raw[0],
    check: (out) => expect(out).toEqual({ generated_text: "a cat laying on a blanket next to another cat" }),
  },
];

function expectBody(req: MockRequest, body: Body): void {
  if ("json" in body) {
    expect(req.headers["content-type"]).toBe("application/json");
    // Byte-exact: the same keys in the same order.
    expect(req.text).toBe(JSON.stringify(body.json));
  } else {
    expect(req.headers["content-type"]).toBe(body.type);
    expect(req.bytes.byteLength).toBe(body.bytes.byteLength);
    expect(new Uint8Array(req.bytes)).toEqual(new Uint8Array(body.bytes));
  }
}

const call = (c: InferenceClient, method: keyof InferenceClient, args: Record<string, unknown>, options?: object) =>
  (c[method] as (a: unknown, o?: object) => Promise<unknown>).call(c, args, options);

describe("classic tasks through the router (hf_ token)", () => {
  it("covers every classic task", () => {
    expect(CASES.map((c) => c.task).sort()).toEqual([...CLASSIC_TASKS].sort());
  });

  for (const c of CASES) {
    it(`${c.method}: POST models/{providerId}`, async () => {
      const out = await call(client, c.method, { model: modelOf(c.task), provider: "hf-inference", ...c.args });
      const reqs = sent();
      expect(reqs).toHaveLength(1);
      const req = reqs[0]!;
      expect(req.url).toBe(`${ROUTER}/${providerIdOf(c.task)}`);
      expect(req.method).toBe("POST");
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.headers["user-agent"]).toMatch(/^unified-inference\//);
      expect(req.headers["x-hf-bill-to"]).toBeUndefined();
      expectBody(req, c.body);
      expect(out).toEqual(c.output(lastAnswer()));
      c.check?.(out);
    });
  }

  it("auto picks hf-inference from the mapping", async () => {
    const out = await client.textClassification({ model: modelOf("text-classification"), inputs: "I hate it" });
    expect(sent()[0]!.url).toBe(`${ROUTER}/${providerIdOf("text-classification")}`);
    expect(out[0]!.label).toBe("NEGATIVE");
  });

  it("the task functions are exported too, and work without a client", async () => {
    const out = await fillMask(
      { accessToken: TOKEN, model: modelOf("fill-mask"), provider: "hf-inference", inputs: "Paris is the [MASK]." },
      { fetch: mock.fetch },
    );
    expect(out[0]!.sequence).toBe("Paris is the happiness.");
  });
});

describe("classic tasks through an endpoint URL", () => {
  for (const c of CASES) {
    it(`${c.method}: the endpoint URL verbatim`, async () => {
      const endpointUrl = `${mock.url}/${c.task}`;
      const out = await call(client.endpoint(endpointUrl), c.method, c.args);
      const reqs = sent();
      expect(reqs).toHaveLength(1);
      // No Hub look-up for an endpoint.
      expect(mock.requests).toHaveLength(1);
      const req = reqs[0]!;
      expect(req.url).toBe(endpointUrl);
      expect(req.method).toBe("POST");
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expectBody(req, c.body);
      expect(out).toEqual(c.output(lastAnswer()));
      c.check?.(out);
    });
  }

  it("keeps a trailing path and query as given, and sends no Authorization without a token", async () => {
    const endpointUrl = `${mock.url}/models/${modelOf("summarization")}?api-version=2`;
    const anonymous = new InferenceClient("", { fetch: recordingFetch, endpointUrl });
    await anonymous.summarization({ inputs: "One. Two." });
    const req = sent()[0]!;
    expect(req.url).toBe(endpointUrl);
    expect(req.headers.authorization).toBeUndefined();
  });
});

describe("binary inputs", () => {
  const imageCall = (args: Record<string, unknown>) =>
    client.imageClassification({ model: modelOf("image-classification"), provider: "hf-inference", ...args } as any);

  it("an ArrayBuffer is sent with its sniffed type", async () => {
    await imageCall({ inputs: PNG.slice().buffer });
    expectBody(sent()[0]!, { bytes: PNG, type: "image/png" });
  });

  it("a Uint8Array view over a larger buffer sends only its bytes", async () => {
    const big = new Uint8Array(WAV.length + 20);
    big.set(WAV, 10);
    await client.audioClassification({
      model: modelOf("audio-classification"),
      provider: "hf-inference",
      inputs: big.subarray(10, 10 + WAV.length),
    });
    expectBody(sent()[0]!, { bytes: WAV, type: "audio/wav" });
  });

  it("a Blob's own type wins over sniffing", async () => {
    await imageCall({ inputs: new Blob([PNG], { type: "image/x-custom" }) });
    expectBody(sent()[0]!, { bytes: PNG, type: "image/x-custom" });
  });

  it("an untyped Blob is sniffed (flac), unknown bytes are application/octet-stream", async () => {
    await client.audioClassification({
      model: modelOf("audio-classification"),
      provider: "hf-inference",
      inputs: new Blob([FLAC]),
    });
    expectBody(sent()[0]!, { bytes: FLAC, type: "audio/flac" });
    const unknown = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    await imageCall({ inputs: new Blob([unknown]) });
    expectBody(sent()[1]!, { bytes: unknown, type: "application/octet-stream" });
  });

  it("the legacy `data` field is taken (ArrayBuffer and Blob)", async () => {
    await imageCall({ data: JPEG.slice().buffer });
    expectBody(sent()[0]!, { bytes: JPEG, type: "image/jpeg" });
    await audioClassification(
      { accessToken: TOKEN, model: modelOf("audio-classification"), provider: "hf-inference", data: new Blob([WAV]) },
      { fetch: mock.fetch },
    );
    expectBody(sent()[1]!, { bytes: WAV, type: "audio/wav" });
  });

  it("with parameters, the bytes go base64 in JSON next to them (not dropped)", async () => {
    const out = await imageCall({ inputs: new Blob([PNG], { type: "image/png" }), parameters: { top_k: 2 } });
    expectBody(sent()[0]!, { json: { inputs: b64(PNG), parameters: { top_k: 2 } } });
    expect(out).toHaveLength(2);

    const found = await client.objectDetection({
      model: modelOf("object-detection"),
      provider: "hf-inference",
      data: JPEG,
      parameters: { threshold: 0.5 },
    });
    expectBody(sent()[1]!, { json: { inputs: b64(JPEG), parameters: { threshold: 0.5 } } });
    expect(found.map((d) => d.label)).toContain("bed");

    await client.audioClassification(
      { model: modelOf("audio-classification"), inputs: WAV, parameters: { top_k: 1, function_to_apply: "softmax" } },
      {},
    );
    expectBody(sent()[2]!, { json: { inputs: b64(WAV), parameters: { top_k: 1, function_to_apply: "softmax" } } });

    await client.imageToText({
      endpointUrl: `${mock.url}/image-to-text`,
      inputs: PNG,
      parameters: { max_new_tokens: 20 },
    });
    expectBody(sent()[3]!, { json: { inputs: b64(PNG), parameters: { max_new_tokens: 20 } } });
  });

  it("empty parameters keep the raw-bytes form", async () => {
    await imageCall({ inputs: PNG, parameters: {} });
    expectBody(sent()[0]!, { bytes: PNG, type: "image/png" });
  });

  it("zero-shot image classification takes the legacy {image} form and ArrayBuffers", async () => {
    await client.zeroShotImageClassification({
      model: modelOf("zero-shot-image-classification"),
      provider: "hf-inference",
      inputs: { image: PNG.slice().buffer },
      parameters: { candidate_labels: ["cat"], hypothesis_template: "a photo of a {}" },
    });
    expectBody(sent()[0]!, {
      json: {
        inputs: { image: b64(PNG) },
        parameters: { candidate_labels: ["cat"], hypothesis_template: "a photo of a {}" },
      },
    });
  });

  it("visual question answering takes a Uint8Array image", async () => {
    await client.visualQuestionAnswering({
      model: modelOf("visual-question-answering"),
      provider: "hf-inference",
      inputs: { image: PNG, question: "Is there a cat?" },
    });
    expectBody(sent()[0]!, { json: { inputs: { image: b64(PNG), question: "Is there a cat?" } } });
  });
});

describe("outputs, read tolerantly", () => {
  const routed = (task: string) => ({ model: modelOf(task), provider: "hf-inference" });
  const answerWith = (json: unknown) => mock.once(/\/hf-inference\/models\//, { json });

  it("questionAnswering returns the first answer of an array (top_k)", async () => {
    answerWith([
      { answer: "Clara", score: 0.9, start: 11, end: 16 },
      { answer: "Berkeley", score: 0.05, start: 31, end: 39 },
    ]);
    const out = await client.questionAnswering({
      ...routed("question-answering"),
      inputs: { question: "Who?", context: "My name is Clara and I live in Berkeley." },
      parameters: { top_k: 2 },
    });
    expect(out).toEqual({ answer: "Clara", score: 0.9, start: 11, end: 16 });
  });

  it("textClassification unwraps the outer array, and takes a flat list", async () => {
    answerWith([[{ label: "joy", score: 0.9 }]]);
    expect(await client.textClassification({ ...routed("text-classification"), inputs: "yay" })).toEqual([
      { label: "joy", score: 0.9 },
    ]);
    answerWith(answerFixture("text-classification-flat.json"));
    expect(await client.textClassification({ ...routed("text-classification"), inputs: "yay" })).toEqual(
      answerFixture("text-classification-flat.json"),
    );
  });

  it("zeroShotClassification converts the legacy {sequence, labels, scores} answer", async () => {
    const legacy = answerFixture("zero-shot-legacy.json");
    const args = {
      ...routed("zero-shot-classification"),
      inputs: legacy.sequence,
      parameters: { candidate_labels: ["refund", "legal", "faq"] },
    };
    const expected = [
      { label: "refund", score: 0.8778 },
      { label: "faq", score: 0.0942 },
      { label: "legal", score: 0.028 },
    ];
    answerWith(legacy);
    expect(await client.zeroShotClassification(args)).toEqual(expected);
    answerWith([legacy]);
    expect(await client.zeroShotClassification(args)).toEqual(expected);
  });

  it("translation returns an object for one result, an array for several", async () => {
    const args = { ...routed("translation"), inputs: "Hallo" };
    answerWith([{ translation_text: "Hello" }]);
    expect(await client.translation(args)).toEqual({ translation_text: "Hello" });
    answerWith([{ translation_text: "Hello" }, { translation_text: "Hi" }]);
    expect(await client.translation(args)).toEqual([{ translation_text: "Hello" }, { translation_text: "Hi" }]);
    answerWith({ translation_text: "Hello" });
    expect(await client.translation(args)).toEqual({ translation_text: "Hello" });
  });

  it("missing optional fields are fine", async () => {
    answerWith({ answer: "42", coordinates: [[0, 1]], cells: ["42"] });
    expect(
      await client.tableQuestionAnswering({
        ...routed("table-question-answering"),
        // The older pipeline API's name for the question.
        inputs: { query: "How much?", table: { a: ["42"], b: ["x"] } } as any,
      }),
    ).toEqual({ answer: "42", coordinates: [[0, 1]], cells: ["42"] });
    expect(sent().at(-1)!.json).toEqual({ inputs: { query: "How much?", table: { a: ["42"], b: ["x"] } } });

    answerWith([{ entity: "B-PER", score: 0.99, word: "Clara", start: null, end: null, index: 4 }]);
    expect(await client.tokenClassification({ ...routed("token-classification"), inputs: "Clara" })).toHaveLength(1);

    answerWith([{ score: 0.5, sequence: "a b." }]);
    expect(await client.fillMask({ ...routed("fill-mask"), inputs: "a [MASK]." })).toEqual([
      { score: 0.5, sequence: "a b." },
    ]);

    answerWith([{ answer: "us-001" }]);
    expect(
      await client.documentQuestionAnswering({
        ...routed("document-question-answering"),
        inputs: { image: JPEG, question: "Number?" },
      }),
    ).toEqual({ answer: "us-001" });

    answerWith({ score: 0.7, answer: "yes" });
    expect(
      await client.visualQuestionAnswering({
        ...routed("visual-question-answering"),
        inputs: { image: PNG, question: "Cat?" },
      }),
    ).toEqual({ score: 0.7, answer: "yes" });

    answerWith({ generated_text: "two cats" });
    expect(await client.imageToText({ ...routed("image-to-text"), inputs: PNG })).toEqual({
      generated_text: "two cats",
    });
  });

  const WRONG: [string, () => Promise<unknown>, unknown][] = [
    ["fillMask", () => client.fillMask({ ...routed("fill-mask"), inputs: "[MASK]" }), [{ score: "1", sequence: "x" }]],
    ["summarization", () => client.summarization({ ...routed("summarization"), inputs: "x" }), [{ summary: "x" }]],
    ["summarization (empty)", () => client.summarization({ ...routed("summarization"), inputs: "x" }), []],
    [
      "questionAnswering",
      () => client.questionAnswering({ ...routed("question-answering"), inputs: { question: "q", context: "c" } }),
      { error_text: "no" },
    ],
    [
      "questionAnswering (empty)",
      () => client.questionAnswering({ ...routed("question-answering"), inputs: { question: "q", context: "c" } }),
      [],
    ],
    [
      "tableQuestionAnswering",
      () =>
        client.tableQuestionAnswering({
          ...routed("table-question-answering"),
          inputs: { question: "q", table: { a: ["1"] } },
        }),
      { answer: "1", coordinates: "0,0" },
    ],
    [
      "textClassification",
      () => client.textClassification({ ...routed("text-classification"), inputs: "x" }),
      [[{ label: 1, score: 0.5 }]],
    ],
    [
      "tokenClassification",
      () => client.tokenClassification({ ...routed("token-classification"), inputs: "x" }),
      [{ word: "x", score: 0.5 }],
    ],
    ["translation", () => client.translation({ ...routed("translation"), inputs: "x" }), [{ text: "x" }]],
    [
      "zeroShotClassification",
      () =>
        client.zeroShotClassification({
          ...routed("zero-shot-classification"),
          inputs: "x",
          parameters: { candidate_labels: ["a", "b"] },
        }),
      { labels: ["a", "b"], scores: [0.5] },
    ],
    [
      "audioClassification",
      () => client.audioClassification({ ...routed("audio-classification"), inputs: WAV }),
      { label: "neu", score: 1 },
    ],
    [
      "imageClassification",
      () => client.imageClassification({ ...routed("image-classification"), inputs: PNG }),
      [{ label: "cat" }],
    ],
    [
      "objectDetection",
      () => client.objectDetection({ ...routed("object-detection"), inputs: PNG }),
      [{ label: "cat", score: 0.9, box: { xmin: 1, ymin: 2, xmax: "3", ymax: 4 } }],
    ],
    [
      "zeroShotImageClassification",
      () =>
        client.zeroShotImageClassification({
          ...routed("zero-shot-image-classification"),
          inputs: PNG,
          parameters: { candidate_labels: ["cat"] },
        }),
      [{ label: "cat", score: null }],
    ],
    [
      "visualQuestionAnswering",
      () =>
        client.visualQuestionAnswering({
          ...routed("visual-question-answering"),
          inputs: { image: PNG, question: "q" },
        }),
      [{ answer: "yes" }],
    ],
    [
      "documentQuestionAnswering",
      () =>
        client.documentQuestionAnswering({
          ...routed("document-question-answering"),
          inputs: { image: PNG, question: "q" },
        }),
      [{ answer: 1, score: 0.5 }],
    ],
    [
      "tabularRegression",
      () => client.tabularRegression({ ...routed("tabular-regression"), inputs: { data: { a: ["1"] } } }),
      ["1.5"],
    ],
    [
      "tabularClassification",
      () => client.tabularClassification({ ...routed("tabular-classification"), inputs: { data: { a: ["1"] } } }),
      { predictions: [1] },
    ],
    ["imageToText", () => client.imageToText({ ...routed("image-to-text"), inputs: PNG }), [{ caption: "x" }]],
  ];

  for (const [name, run, answer] of WRONG) {
    it(`${name}: a wrong answer shape is an InferenceClientProviderOutputError`, async () => {
      answerWith(answer);
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
      expect((err as Error).message).toContain("hf-inference");
      expect(sent()).toHaveLength(1);
    });
  }

  it("a body that is not JSON is an output error too", async () => {
    mock.once(/\/hf-inference\/models\//, { text: "<html>oops</html>" });
    await expect(client.fillMask({ ...routed("fill-mask"), inputs: "[MASK]" })).rejects.toBeInstanceOf(
      InferenceClientProviderOutputError,
    );
  });
});

describe("input errors, before any request", () => {
  const r = (task: string) => ({ model: modelOf(task), provider: "hf-inference" });
  const BAD: [string, () => Promise<unknown>, RegExp][] = [
    ["fillMask without inputs", () => client.fillMask({ ...r("fill-mask") } as any), /inputs must be a string/],
    [
      "fillMask with an array",
      () => client.fillMask({ ...r("fill-mask"), inputs: ["a"] } as any),
      /inputs must be a string/,
    ],
    [
      "summarization with array parameters",
      () => client.summarization({ ...r("summarization"), inputs: "x", parameters: [] as any }),
      /parameters must be an object/,
    ],
    [
      "questionAnswering without context",
      () => client.questionAnswering({ ...r("question-answering"), inputs: { question: "q" } } as any),
      /inputs\.context must be a string/,
    ],
    [
      "questionAnswering with a string",
      () => client.questionAnswering({ ...r("question-answering"), inputs: "q" } as any),
      /inputs must be \{question/,
    ],
    [
      "tableQuestionAnswering without question",
      () => client.tableQuestionAnswering({ ...r("table-question-answering"), inputs: { table: { a: ["1"] } } } as any),
      /inputs\.question must be a string/,
    ],
    [
      "tableQuestionAnswering with uneven columns",
      () =>
        client.tableQuestionAnswering({
          ...r("table-question-answering"),
          inputs: { question: "q", table: { a: ["1", "2"], b: ["1"] } },
        }),
      /inputs\.table: every column must have the same length/,
    ],
    [
      "textClassification with a number",
      () => client.textClassification({ ...r("text-classification"), inputs: 3 } as any),
      /inputs must be a string/,
    ],
    [
      "tokenClassification without inputs",
      () => client.tokenClassification({ ...r("token-classification") } as any),
      /inputs must be a string/,
    ],
    [
      "translation with an object",
      () => client.translation({ ...r("translation"), inputs: { text: "x" } } as any),
      /inputs must be a string/,
    ],
    [
      "zeroShotClassification without candidate_labels",
      () => client.zeroShotClassification({ ...r("zero-shot-classification"), inputs: "x" } as any),
      /parameters\.candidate_labels/,
    ],
    [
      "zeroShotClassification with empty candidate_labels",
      () =>
        client.zeroShotClassification({
          ...r("zero-shot-classification"),
          inputs: "x",
          parameters: { candidate_labels: [] },
        }),
      /parameters\.candidate_labels/,
    ],
    [
      "audioClassification without inputs",
      () => client.audioClassification({ ...r("audio-classification") } as any),
      /inputs is required/,
    ],
    [
      "audioClassification with a path string",
      () => client.audioClassification({ ...r("audio-classification"), inputs: "./speech.wav" } as any),
      /inputs must be a Blob, ArrayBuffer or Uint8Array/,
    ],
    [
      "imageClassification with a URL",
      () => client.imageClassification({ ...r("image-classification"), inputs: "https://x.test/cat.png" } as any),
      /inputs must be a Blob/,
    ],
    [
      "objectDetection with a number array",
      () => client.objectDetection({ ...r("object-detection"), inputs: [1, 2, 3] } as any),
      /inputs must be a Blob/,
    ],
    [
      "imageClassification with string parameters",
      () => client.imageClassification({ ...r("image-classification"), inputs: PNG, parameters: "top_k=1" } as any),
      /parameters must be an object/,
    ],
    [
      "zeroShotImageClassification without candidate_labels",
      () => client.zeroShotImageClassification({ ...r("zero-shot-image-classification"), inputs: PNG } as any),
      /parameters\.candidate_labels/,
    ],
    [
      "zeroShotImageClassification with {image: string}",
      () =>
        client.zeroShotImageClassification({
          ...r("zero-shot-image-classification"),
          inputs: { image: "cat.png" },
          parameters: { candidate_labels: ["cat"] },
        } as any),
      /inputs\.image must be a Blob/,
    ],
    [
      "visualQuestionAnswering without image",
      () => client.visualQuestionAnswering({ ...r("visual-question-answering"), inputs: { question: "q" } } as any),
      /inputs\.image is required/,
    ],
    [
      "documentQuestionAnswering without question",
      () => client.documentQuestionAnswering({ ...r("document-question-answering"), inputs: { image: PNG } } as any),
      /inputs\.question must be a string/,
    ],
    [
      "tabularRegression without data",
      () => client.tabularRegression({ ...r("tabular-regression"), inputs: {} } as any),
      /inputs\.data must be a non-empty object/,
    ],
    [
      "tabularClassification with a non-array column",
      () => client.tabularClassification({ ...r("tabular-classification"), inputs: { data: { a: "1" } } } as any),
      /inputs\.data\["a"\] must be an array/,
    ],
    [
      "imageToText with a URL for hf-inference",
      () => client.imageToText({ ...r("image-to-text"), inputs: "https://x.test/cat.png" }),
      /provider hf-inference/,
    ],
    [
      "imageToText with a URL for an endpoint",
      () => client.imageToText({ endpointUrl: `${mock.url}/image-to-text`, inputs: "https://x.test/cat.png" }),
      /an endpoint URL/,
    ],
    [
      "imageToText with a relative path",
      () => client.imageToText({ ...r("image-to-text"), inputs: "cat.png" } as any),
      /inputs must be a Blob, ArrayBuffer or Uint8Array or an http\(s\) URL/,
    ],
    ["fillMask with no arguments", () => fillMask(undefined as any), /first argument must be an object/],
    [
      "imageClassification with no arguments",
      () => imageClassification(null as any),
      /first argument must be an object/,
    ],
  ];

  for (const [name, run, message] of BAD) {
    it(name, async () => {
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InferenceClientInputError);
      expect((err as Error).message).toMatch(message);
      expect(mock.requests).toHaveLength(0);
    });
  }

  it("a URL for an image-to-text model served by hf-inference under auto fails before the inference request", async () => {
    mock.mapModel("test-org/hf-only-captioner", [
      { provider: "hf-inference", providerId: "test-org/hf-only-captioner", task: "image-to-text" },
    ]);
    const err = await client
      .imageToText({ model: "test-org/hf-only-captioner", inputs: "https://x.test/cat.png" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect(sent()).toHaveLength(0);
  });
});

describe("zai-org image-to-text (layout parsing OCR)", () => {
  const ZAI_ROUTED = "https://router.huggingface.co/zai-org/api/paas/v4/layout_parsing";

  it("routed: {model, file} with the image as a data URL of its real type", async () => {
    const out = await client.imageToText({
      model: "zai-org/GLM-OCR",
      provider: "zai-org",
      inputs: new Blob([PNG], { type: "image/png" }),
    });
    const req = sent()[0]!;
    expect(req.url).toBe(ZAI_ROUTED);
    expect(req.method).toBe("POST");
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-source-channel"]).toBe("hugging_face");
    expect(req.headers["accept-language"]).toBe("en-US,en");
    expect(req.text).toBe(JSON.stringify({ model: "glm-ocr", file: `data:image/png;base64,${b64(PNG)}` }));
    const md = lastAnswer().md_results;
    expect(md).toContain("image/png");
    expect(out).toEqual({ generated_text: md, generatedText: md });
  });

  it("a PDF given as bytes is labelled application/pdf, not image/jpeg", async () => {
    await client.imageToText({ model: "zai-org/GLM-OCR", provider: "zai-org", inputs: PDF });
    expect(sent()[0]!.json.file).toBe(`data:application/pdf;base64,${b64(PDF)}`);
  });

  it("an http(s) URL is passed as is (the API fetches it), with parameters as fields", async () => {
    const url = "https://cdn.example.test/docs/invoice.png";
    const out = await client.imageToText({
      model: "zai-org/GLM-OCR",
      provider: "zai-org",
      inputs: url,
      parameters: { need_layout_visualization: true, start_page_id: 1 },
    });
    expect(sent()).toHaveLength(1);
    expect(sent()[0]!.text).toBe(
      JSON.stringify({ need_layout_visualization: true, start_page_id: 1, model: "glm-ocr", file: url }),
    );
    expect(out.generated_text).toContain(url);
  });

  it("direct with a zai key: api.z.ai, the key as Bearer", async () => {
    await imageToText(
      { accessToken: "zai-key-123", model: "zai-org/GLM-OCR", provider: "zai-org", data: JPEG },
      { fetch: mock.fetch },
    );
    const req = sent()[0]!;
    expect(req.url).toBe("https://api.z.ai/api/paas/v4/layout_parsing");
    expect(req.headers.authorization).toBe("Bearer zai-key-123");
    expect(req.json).toEqual({ model: "glm-ocr", file: `data:image/jpeg;base64,${b64(JPEG)}` });
  });

  it("auto picks the first provider the Hub lists for the task", async () => {
    await client.imageToText({ model: "test-org/captioner", inputs: PNG });
    expect(sent()[0]!.url).toBe(`${ROUTER}/test-org/captioner`);
    await client.imageToText({ model: "zai-org/GLM-OCR", inputs: PNG });
    expect(sent()[1]!.url).toBe(ZAI_ROUTED);
  });

  it("an answer without md_results is an output error", async () => {
    mock.once("/layout_parsing", { json: { id: "task_1", layout_details: [] } });
    const err = await client
      .imageToText({ model: "zai-org/GLM-OCR", provider: "zai-org", inputs: PNG })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
  });

  it("the output type keeps both spellings", async () => {
    const out: ImageToTextOutput = await client.imageToText({
      model: "zai-org/GLM-OCR",
      provider: "zai-org",
      inputs: PNG,
    });
    expect(out.generatedText).toBe(out.generated_text);
  });
});

describe("task definitions and the mock", () => {
  const DEFS: TaskDef[] = [
    FILL_MASK,
    SUMMARIZATION,
    QUESTION_ANSWERING,
    TABLE_QUESTION_ANSWERING,
    TEXT_CLASSIFICATION,
    TOKEN_CLASSIFICATION,
    TRANSLATION,
    ZERO_SHOT_CLASSIFICATION,
    AUDIO_CLASSIFICATION,
    IMAGE_CLASSIFICATION,
    OBJECT_DETECTION,
    ZERO_SHOT_IMAGE_CLASSIFICATION,
    VISUAL_QUESTION_ANSWERING,
    DOCUMENT_QUESTION_ANSWERING,
    TABULAR_REGRESSION,
    TABULAR_CLASSIFICATION,
    IMAGE_TO_TEXT,
  ];

  it("every classic task is quick (TIMEOUTS.quick) and served by hf-inference", () => {
    expect(DEFS.map((d) => d.task).sort()).toEqual([...CLASSIC_TASKS].sort());
    for (const d of DEFS) {
      expect(d.timeout).toBe(TIMEOUTS.quick);
      expect(d.adapters["hf-inference"]).toBeDefined();
    }
    expect(Object.keys(IMAGE_TO_TEXT.adapters).sort()).toEqual(["hf-inference", "zai-org"]);
  });

  it("the mock tells the task from the mapping, a path segment, or an unambiguous body", () => {
    const req = (path: string, json?: unknown): MockRequest => ({
      method: "POST",
      url: `http://127.0.0.1${path}`,
      host: "127.0.0.1",
      path,
      query: new URLSearchParams(),
      headers: {},
      bytes: new Uint8Array(),
      text: JSON.stringify(json ?? null),
      json,
    });
    const maps = new Map<string, unknown[]>([
      ["a/b", [{ provider: "hf-inference", providerId: "a/b-hf", hfModelId: "a/b", task: "translation" }]],
    ]);
    expect(classicTaskOf(req("/hf-inference/models/a/b-hf", { inputs: "x" }), maps)).toBe("translation");
    expect(classicTaskOf(req("/summarization", { inputs: "x" }), maps)).toBe("summarization");
    expect(classicTaskOf(req("/models/x/y", { inputs: { question: "q", context: "c" } }), maps)).toBe(
      "question-answering",
    );
    expect(classicTaskOf(req("/models/x/y", { inputs: "a [MASK]" }), maps)).toBe("fill-mask");
    expect(classicTaskOf(req("/models/x/y", { inputs: "plain text" }), maps)).toBeUndefined();
    expect(classicTaskOf(req("/v1/chat/completions", { inputs: "a [MASK]" }), maps)).toBeUndefined();
  });

  it("the mock answers hf-inference errors in its format", async () => {
    const out = await client
      .fillMask({ model: modelOf("fill-mask"), provider: "hf-inference", inputs: "no mask here" })
      .catch((e: unknown) => e);
    expect((out as Error).message).toContain("No mask_token");
    expect((out as { status?: number }).status).toBe(400);
  });
});

describe("hf-inference pipeline answers", () => {
  const model = "org/pipeline";
  const pipe = (r: MockRequest) => r.path === `/hf-inference/models/${model}`;
  const map = (task: string) => mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task }]);
  // One model id mapped to a task per test: the cached mapping of the test before must go.
  beforeEach(() => clearMappingCache());

  it("text-classification: [[{label, score}]]", async () => {
    map("text-classification");
    mock.on(pipe, {
      json: [
        [
          { label: "POSITIVE", score: 0.99 },
          { label: "NEGATIVE", score: 0.01 },
        ],
      ],
    });
    const out = await client.textClassification({ model, provider: "hf-inference", inputs: "I like you" });
    expect(out).toEqual([
      { label: "POSITIVE", score: 0.99 },
      { label: "NEGATIVE", score: 0.01 },
    ]);
  });

  it("feature-extraction: token-level nested arrays", async () => {
    map("feature-extraction");
    const v = [
      [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
    ];
    mock.on(`/models/${model}/pipeline/feature-extraction`, { json: v });
    expect(await client.featureExtraction({ model, provider: "hf-inference", inputs: ["a b"] })).toEqual(v);
  });

  it("object-detection boxes, image-to-text [{generated_text}], ASR {text, chunks}", async () => {
    map("object-detection");
    mock.on(pipe, {
      json: [{ score: 0.99, label: "cat", box: { xmin: 1, ymin: 2, xmax: 3, ymax: 4 } }],
    });
    const image = new Blob([PNG], { type: "image/png" });
    const boxes = await client.objectDetection({ model, provider: "hf-inference", inputs: image });
    expect(boxes[0]?.box).toEqual({ xmin: 1, ymin: 2, xmax: 3, ymax: 4 });
    expect(sent().at(-1)?.headers["content-type"]).toBe("image/png");

    mock.reset();
    clearMappingCache();
    map("image-to-text");
    mock.on(pipe, { json: [{ generated_text: "a cat on a sofa" }] });
    expect(await client.imageToText({ model, provider: "hf-inference", inputs: image })).toEqual({
      generated_text: "a cat on a sofa",
    });

    mock.reset();
    clearMappingCache();
    map("automatic-speech-recognition");
    mock.on(pipe, {
      json: {
        text: " Hello world.",
        chunks: [
          { text: " Hello", timestamp: [0.0, 0.5] },
          { text: " world.", timestamp: [0.5, 1.2] },
        ],
      },
    });
    const wav = new Blob([new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0, 87, 65, 86, 69])], { type: "audio/wav" });
    const asr = await client.automaticSpeechRecognition({ model, provider: "hf-inference", inputs: wav });
    expect(asr.text).toBe(" Hello world.");
    expect(asr.chunks?.[1]?.timestamp).toEqual([0.5, 1.2]);
  });

  it("tabular-classification: sklearn pipelines answer class names", async () => {
    map("tabular-classification");
    mock.on(pipe, { json: ["setosa", "virginica"] });
    const out = await client.tabularClassification({
      model,
      provider: "hf-inference",
      inputs: { data: { sepal_length: ["5.1", "6.3"], sepal_width: ["3.5", "3.3"] } },
    });
    expect(out).toEqual(["setosa", "virginica"]);
  });
});

describe("request() with bytes", () => {
  it("sends only the bytes of a view (a pooled Node Buffer), not its whole backing buffer", async () => {
    const model = "org/raw";
    mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task: "audio-classification" }]);
    mock.on((r) => r.path === `/hf-inference/models/${model}`, { json: [{ label: "speech", score: 1 }] });
    const small = Buffer.from([1, 2, 3, 4, 5]); // from Node's shared pool: byteOffset > 0 or a larger buffer
    expect(small.buffer.byteLength).toBeGreaterThan(small.byteLength);
    // The runtime takes any view; RequestArgs names Blob and ArrayBuffer as the reference does.
    await client.request(
      { model, provider: "hf-inference", data: small as unknown as ArrayBuffer },
      { task: "audio-classification" },
    );
    const sent = inferenceRequests(mock).at(-1)!;
    expect([...sent.bytes]).toEqual([1, 2, 3, 4, 5]);
  });
});
