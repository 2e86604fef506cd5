/**
 * Every TypeScript example of the reference package's README (`@huggingface/inference`), run against this
 * package with only the import changed, offline, against the mock provider.
 *
 * How the examples are run:
 * - The examples build clients without a `fetch` option and call the global `fetch` themselves (for the
 *   placekitten and docquery images), so each test swaps `globalThis.fetch` for a function that sends every
 *   URL to the mock provider, keeping the URL meant (restored in `afterEach`).
 * - ES imports cannot sit inside a test: each example's `import ... from "@huggingface/inference"` is the
 *   module-level import of `../src/index.js` below.
 * - The README leaves `hf` undefined in most examples: it is the module-level `hf` below, built as the
 *   README's "Initialize" section does, with a Hugging Face token, so that requests go through the router
 *   and their URLs can be checked. (The placeholder "your access token" also works: it is treated as a
 *   provider key, sent to a provider named in the call or, with "auto", only to Hugging Face's own
 *   hf-inference; see the "auto with a provider key" test below.)
 * - Examples written as a bare `await hf.task(...)` statement get `const result = ` in front, so that what
 *   they return can be checked. Nothing else in the call changes.
 * - `readFileSync("test/x")` paths point at the small files in test/fixtures/readme/ (same file names).
 * - Every other deviation from the README's text is marked by a comment starting with "Deviation:".
 * - The README indexes arrays without a check (`choices[0].message`); this project type-checks tests with
 *   `noUncheckedIndexedAccess`, so those lines carry `@ts-expect-error` and stay as written.
 *
 * The last test checks that the list is complete: every ```ts / ```typescript block of the README is claimed
 * by exactly one example here (through snippets of the README's own text).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import {
  InferenceClient,
  InferenceClientError,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  textGeneration,
} from "../src/index.js";
import { startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";

const README_PATH = fileURLToPath(new URL("../../shared/reference/reference-readme.md", import.meta.url));
const FIXTURES = "test/fixtures/readme";
const HF_TOKEN = "hf_readme_example";

/** `hf` of the README's examples: its "Initialize" section, with a Hugging Face token. */
const hf = new InferenceClient(HF_TOKEN);

let mock: MockProvider;
const nativeFetch = globalThis.fetch;
let consoleLog: MockInstance<typeof console.log>;
let consoleError: MockInstance<typeof console.error>;

/**
 * What `globalThis.fetch` is during an example: every URL goes to the mock provider. `mock.fetch` itself
 * reaches its server through the global `fetch`, so the server's own URL must go to the runtime's fetch
 * (installing `mock.fetch` itself as the global fetch recurses without end).
 */
const globalFetch: typeof fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return url.startsWith(mock.url) ? nativeFetch(input, init) : mock.fetch(input, init);
};

const png = (name: string) => new Uint8Array(readFileSync(`${FIXTURES}/${name}`));

/** Hub mappings of the README's models: the provider the example names, else hf-inference ("auto"). */
const HF_INFERENCE_MODELS: [model: string, task: string][] = [
  ["model_or_endpoint", "text-generation"],
  ["gpt2", "text-generation"],
  ["sentence-transformers/distilbert-base-nli-mean-tokens", "feature-extraction"],
  ["bert-base-uncased", "fill-mask"],
  ["facebook/bart-large-cnn", "summarization"],
  ["deepset/roberta-base-squad2", "question-answering"],
  ["google/tapas-base-finetuned-wtq", "table-question-answering"],
  ["distilbert-base-uncased-finetuned-sst-2-english", "text-classification"],
  ["dbmdz/bert-large-cased-finetuned-conll03-english", "token-classification"],
  ["t5-base", "translation"],
  ["facebook/mbart-large-50-many-to-many-mmt", "translation"],
  ["facebook/bart-large-mnli", "zero-shot-classification"],
  ["sentence-transformers/paraphrase-xlm-r-multilingual-v1", "sentence-similarity"],
  ["facebook/wav2vec2-large-960h-lv60-self", "automatic-speech-recognition"],
  ["superb/hubert-large-superb-er", "audio-classification"],
  ["espnet/kan-bayashi_ljspeech_vits", "text-to-speech"],
  ["speechbrain/sepformer-wham", "audio-to-audio"],
  ["google/vit-base-patch16-224", "image-classification"],
  ["facebook/detr-resnet-50", "object-detection"],
  ["facebook/detr-resnet-50-panoptic", "image-segmentation"],
  ["nlpconnect/vit-gpt2-image-captioning", "image-to-text"],
  ["black-forest-labs/FLUX.1-dev", "text-to-image"],
  ["lllyasviel/sd-controlnet-depth", "image-to-image"],
  ["openai/clip-vit-large-patch14-336", "zero-shot-image-classification"],
  ["dandelin/vilt-b32-finetuned-vqa", "visual-question-answering"],
  ["impira/layoutlm-document-qa", "document-question-answering"],
  ["scikit-learn/Fish-Weight", "tabular-regression"],
  ["vvmnnnkv/wine-quality", "tabular-classification"],
];

beforeAll(async () => {
  mock = await startMockProvider();
  for (const [model, task] of HF_INFERENCE_MODELS) {
    mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task }]);
  }
  mock.mapModel("black-forest-labs/Flux.1-dev", [
    { provider: "replicate", providerId: "black-forest-labs/flux-dev", task: "text-to-image" },
  ]);
  mock.mapModel("Qwen/Qwen3-32B", [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);
  mock.mapModel("mistralai/Mixtral-8x7B-v0.1", [
    { provider: "together", providerId: "mistralai/Mixtral-8x7B-v0.1", task: "text-generation" },
  ]);
});
afterAll(() => mock.close());

beforeEach(() => {
  mock.reset();
  // The images the examples download themselves.
  mock.on("placekitten.com", { bytes: png("cats.png"), headers: { "content-type": "image/png" } });
  mock.on("/spaces/impira/docquery/resolve/", { bytes: png("invoice.png"), headers: { "content-type": "image/png" } });
  vi.stubGlobal("fetch", globalFetch);
  consoleLog = vi.spyOn(console, "log").mockImplementation(() => {});
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  expect(globalThis.fetch).toBe(nativeFetch);
});

/** Examples registered so far, with the README text that identifies each one's code block. */
const claimed: { name: string; snippets: string[] }[] = [];

/** How an example fails today because of a bug of this package (to be reported, not worked around). */
interface KnownBug {
  what: string;
  error: new (...args: never[]) => Error;
  message: RegExp;
}

/**
 * Registers the test of one README code block. `snippets` are pieces of the block's text (as the README
 * spells them) that together occur in that block only. With `knownBug`, the test passes only while the
 * example fails in exactly that way: once the bug is fixed it fails, and `knownBug` must go.
 */
function example(name: string, snippets: string[], fn: () => Promise<void>, knownBug?: KnownBug): void {
  claimed.push({ name, snippets });
  if (!knownBug) {
    it(name, fn);
    return;
  }
  it(`${name} (known bug: ${knownBug.what})`, async () => {
    const failure = await fn().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure, "the example runs now: remove its knownBug").toBeDefined();
    expect(failure).toBeInstanceOf(knownBug.error);
    expect((failure as Error).message).toMatch(knownBug.message);
  });
}

/** The last request whose URL contains `part`, which must exist. */
function sent(part: string): MockRequest {
  const found = mock.find(part).at(-1);
  expect(found, `no request to a URL containing ${part}`).toBeDefined();
  return found!;
}

/** Asserts a Blob of the given kind of content (`image`, `audio`) with some bytes. */
async function expectMedia(value: unknown, kind: "image" | "audio"): Promise<void> {
  expect(value).toBeInstanceOf(Blob);
  const blob = value as Blob;
  expect(blob.type).toMatch(new RegExp(`^${kind}/`));
  expect((await blob.arrayBuffer()).byteLength).toBeGreaterThan(0);
}

function expectLabelScores(value: unknown): void {
  expect(Array.isArray(value)).toBe(true);
  const list = value as { label: unknown; score: unknown }[];
  expect(list.length).toBeGreaterThan(0);
  for (const x of list) {
    expect(typeof x.label).toBe("string");
    expect(typeof x.score).toBe("number");
  }
}

describe("reference README: getting started", () => {
  example("Deno", ['"https://esm.sh/@huggingface/inference"', '"npm:@huggingface/inference"'], async () => {
    // The block is only the import (from esm.sh, or npm:). With the import changed it is the module-level
    // import of ../src/index.js: the class it names must be there and construct.
    expect(typeof InferenceClient).toBe("function");
    expect(new InferenceClient()).toBeInstanceOf(InferenceClient);
  });

  example("Initialize", ["const hf = new InferenceClient('your access token');"], async () => {
    const hf = new InferenceClient("your access token");

    expect(hf).toBeInstanceOf(InferenceClient);
    // The token must not show when the client is printed.
    expect(JSON.stringify(hf)).not.toContain("your access token");
    // The client works: a token that is not a Hugging Face token is a provider key, sent to the provider named.
    const out = await hf.chatCompletion({
      model: "Qwen/Qwen3-32B",
      provider: "cerebras",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(typeof out.choices[0]?.message.content).toBe("string");
    const req = sent("/chat/completions");
    expect(req.url).toBe("https://api.cerebras.ai/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer your access token");
  });

  example("Using Inference Providers (replicate)", ['model:"black-forest-labs/Flux.1-dev"'], async () => {
    const accessToken = "hf_..."; // Either a HF access token, or an API key from the third-party provider (Replicate in this example)

    const client = new InferenceClient(accessToken);
    const result = await client.textToImage({
      provider: "replicate",
      model: "black-forest-labs/Flux.1-dev",
      inputs: "A black forest cake",
    });

    await expectMedia(result, "image");
    const submit = sent("/predictions");
    expect(submit.url).toBe("https://router.huggingface.co/replicate/v1/models/black-forest-labs/flux-dev/predictions");
    expect(submit.json?.input?.prompt).toBe("A black forest cake");
    expect(submit.headers.authorization).toBe("Bearer hf_...");
  });

  example("Tree-shaking", ['model: "model_or_endpoint"'], async () => {
    const result = await textGeneration({
      accessToken: "hf_...",
      model: "model_or_endpoint",
      // Deviation: the README writes `inputs: ...` and `parameters: ...` (placeholders, not code).
      inputs: "The answer to the universe is",
      parameters: { max_new_tokens: 20 },
    });

    expect(typeof result.generated_text).toBe("string");
    expect(result.generated_text.length).toBeGreaterThan(0);
    expect(sent("/completions").url).toBe(
      "https://router.huggingface.co/hf-inference/models/model_or_endpoint/v1/completions",
    );
  });
});

describe("reference README: error handling", () => {
  example("Error handling: Example Usage", ["/// Catch all errors from @huggingface/inference"], async () => {
    // The provider refuses both calls of the example, so both catch blocks run.
    mock.on(
      (req) => req.host === "router.huggingface.co" && req.path.includes("/models/gpt2/"),
      { status: 401, json: { error: "Invalid credentials in Authorization header" } },
      { times: 2 },
    );

    const client = new InferenceClient();

    try {
      // oxlint-disable-next-line no-unused-vars -- as the README writes it
      const result = await client.textGeneration({
        model: "gpt2",
        inputs: "Hello, I'm a language model",
      });
    } catch (error) {
      if (error instanceof InferenceClientProviderApiError) {
        // Handle API errors (e.g., rate limits, authentication issues)
        console.error("Provider API Error:", error.message);
        // @ts-expect-error -- the README reads `request`; the field is `httpRequest` (in the reference too)
        console.error("HTTP Request details:", error.request);
        // @ts-expect-error -- the README reads `response`; the field is `httpResponse` (in the reference too)
        console.error("HTTP Response details:", error.response);
        // Deviation: the README opens a second `if` here without closing the first (its braces do not
        // balance); `} else if` is what it means.
      } else if (error instanceof InferenceClientHubApiError) {
        // Handle API errors (e.g., rate limits, authentication issues)
        console.error("Hub API Error:", error.message);
        // @ts-expect-error -- as above
        console.error("HTTP Request details:", error.request);
        // @ts-expect-error -- as above
        console.error("HTTP Response details:", error.response);
      } else if (error instanceof InferenceClientProviderOutputError) {
        // Handle malformed responses from providers
        console.error("Provider Output Error:", error.message);
        // Deviation: the README does not import InferenceClientInputError; the module-level import does.
      } else if (error instanceof InferenceClientInputError) {
        // Handle invalid input parameters
        console.error("Input Error:", error.message);
      } else {
        // Handle unexpected errors
        console.error("Unexpected error:", error);
      }
    }

    /// Catch all errors from @huggingface/inference
    try {
      // oxlint-disable-next-line no-unused-vars -- as the README writes it
      const result = await client.textGeneration({
        model: "gpt2",
        inputs: "Hello, I'm a language model",
      });
    } catch (error) {
      if (error instanceof InferenceClientError) {
        // Handle errors from @huggingface/inference
        console.error("Error from InferenceClient:", error);
      } else {
        // Handle unexpected errors
        console.error("Unexpected error:", error);
      }
    }

    const calls = consoleError.mock.calls;
    expect(calls.map((c) => c[0])).toEqual([
      "Provider API Error:",
      "HTTP Request details:",
      "HTTP Response details:",
      "Error from InferenceClient:",
    ]);
    expect(calls[0]?.[1]).toMatch(/401|Invalid credentials/);
    const caught = calls[3]?.[1] as unknown;
    expect(caught).toBeInstanceOf(InferenceClientProviderApiError);
    const e = caught as InferenceClientProviderApiError;
    expect(e.httpRequest).toBeDefined();
    expect(e.httpRequest.url).toBe("https://router.huggingface.co/hf-inference/models/gpt2/v1/completions");
    expect(e.httpRequest.method).toBe("POST");
    expect(e.httpResponse).toBeDefined();
    expect(e.httpResponse.status).toBe(401);
    expect(e.httpResponse.body).toEqual({ error: "Invalid credentials in Authorization header" });
    // A 401 is not retried: one request per call.
    expect(mock.find("/models/gpt2/v1/")).toHaveLength(2);
  });
});

describe("reference README: natural language processing", () => {
  example("Text Generation", ["hf.textGenerationStream("], async () => {
    const result = await hf.textGeneration({
      model: "mistralai/Mixtral-8x7B-v0.1",
      provider: "together",
      inputs: "The answer to the universe is",
    });

    for await (const output of hf.textGenerationStream({
      model: "mistralai/Mixtral-8x7B-v0.1",
      provider: "together",
      inputs: 'repeat "one two three four"',
      parameters: { max_new_tokens: 250 },
    })) {
      console.log(output.token.text, output.generated_text);
    }

    expect(typeof result.generated_text).toBe("string");
    expect(result.generated_text.length).toBeGreaterThan(0);
    const lines = consoleLog.mock.calls;
    expect(lines.length).toBeGreaterThan(0);
    for (const [text] of lines) expect(typeof text).toBe("string");
    const streamed = lines.map(([text]) => text as string).join("");
    expect(streamed.length).toBeGreaterThan(0);
    // The last event carries the whole generated text.
    expect(lines.at(-1)?.[1]).toBe(streamed);
    const requests = mock.find("https://router.huggingface.co/together/v1/completions");
    expect(requests).toHaveLength(2);
    expect(requests[1]?.json).toMatchObject({ model: "mistralai/Mixtral-8x7B-v0.1", max_tokens: 250, stream: true });
  });

  example("Chat Completion", ['model: "Qwen/Qwen3-32B"'], async () => {
    // Deviation: the README declares `const out` and then `let out` in one scope (a syntax error); each
    // half runs in its own block.
    {
      // Non-streaming API
      const out = await hf.chatCompletion({
        model: "Qwen/Qwen3-32B",
        provider: "cerebras",
        messages: [{ role: "user", content: "Hello, nice to meet you!" }],
        max_tokens: 512,
        temperature: 0.1,
      });

      expect(typeof out.choices[0]?.message.content).toBe("string");
      expect(out.choices[0]?.message.content).toContain("Hello, nice to meet you!");
    }
    {
      // Streaming API
      let out = "";
      for await (const chunk of hf.chatCompletionStream({
        model: "Qwen/Qwen3-32B",
        provider: "cerebras",
        messages: [{ role: "user", content: "Can you help me solve an equation?" }],
        max_tokens: 512,
        temperature: 0.1,
      })) {
        if (chunk.choices && chunk.choices.length > 0) {
          // @ts-expect-error -- choices[0] unchecked, as in the README
          out += chunk.choices[0].delta.content;
        }
      }

      expect(out).toContain("Can you help me solve an equation?");
      expect(out).toContain("Paris is the capital of France.");
    }
    const requests = mock.find("https://router.huggingface.co/cerebras/v1/chat/completions");
    expect(requests).toHaveLength(2);
    expect(requests[0]?.json).toMatchObject({ model: "qwen-3-32b", max_tokens: 512, temperature: 0.1 });
    expect(requests[1]?.json).toMatchObject({ model: "qwen-3-32b", stream: true });
  });

  example("Feature Extraction", ["hf.featureExtraction("], async () => {
    const result = await hf.featureExtraction({
      model: "sentence-transformers/distilbert-base-nli-mean-tokens",
      inputs: "That is a happy person",
    });

    expect(Array.isArray(result)).toBe(true);
    expect(result.length).toBeGreaterThan(0);
    for (const x of result) expect(typeof x).toBe("number");
  });

  example("Fill Mask", ["hf.fillMask("], async () => {
    const result = await hf.fillMask({
      model: "bert-base-uncased",
      inputs: "[MASK] world!",
    });

    expect(result.length).toBeGreaterThan(0);
    for (const x of result) {
      expect(typeof x.score).toBe("number");
      expect(typeof x.token_str).toBe("string");
      expect(x.sequence).toBe(`${x.token_str} world!`);
    }
  });

  example("Summarization", ["hf.summarization("], async () => {
    const result = await hf.summarization({
      model: "facebook/bart-large-cnn",
      inputs:
        "The tower is 324 metres (1,063 ft) tall, about the same height as an 81-storey building, and the tallest structure in Paris. Its base is square, measuring 125 metres (410 ft) on each side. During its construction, the Eiffel Tower surpassed the Washington Monument to become the tallest man-made structure in the world, a title it held for 41 years until the Chrysler Building in New York City was finished in 1930.",
      parameters: {
        max_length: 100,
      },
    });

    expect(typeof result.summary_text).toBe("string");
    expect(result.summary_text.length).toBeGreaterThan(0);
    expect(sent("/models/facebook/bart-large-cnn").json?.parameters).toEqual({ max_length: 100 });
  });

  example("Question Answering", ["hf.questionAnswering("], async () => {
    const result = await hf.questionAnswering({
      model: "deepset/roberta-base-squad2",
      inputs: {
        question: "What is the capital of France?",
        context: "The capital of France is Paris.",
      },
    });

    expect(result.answer).toBe("Paris");
    expect(typeof result.score).toBe("number");
    expect("The capital of France is Paris.".slice(result.start, result.end)).toBe("Paris");
  });

  example("Table Question Answering", ["hf.tableQuestionAnswering("], async () => {
    const result = await hf.tableQuestionAnswering({
      model: "google/tapas-base-finetuned-wtq",
      inputs: {
        query: "How many stars does the transformers repository have?",
        table: {
          Repository: ["Transformers", "Datasets", "Tokenizers"],
          Stars: ["36542", "4512", "3934"],
          Contributors: ["651", "77", "34"],
          "Programming language": ["Python", "Python", "Rust, Python and NodeJS"],
        },
      },
    });

    expect(typeof result.answer).toBe("string");
    expect(Array.isArray(result.cells)).toBe(true);
    expect(Array.isArray(result.coordinates)).toBe(true);
    expect(typeof result.aggregator).toBe("string");
    expect(sent("/models/google/tapas-base-finetuned-wtq").json?.inputs?.query).toBe(
      "How many stars does the transformers repository have?",
    );
  });

  example("Text Classification", ["hf.textClassification("], async () => {
    const result = await hf.textClassification({
      model: "distilbert-base-uncased-finetuned-sst-2-english",
      inputs: "I like you. I love you.",
    });

    expectLabelScores(result);
    expect(result[0]?.label).toBe("POSITIVE");
  });

  example("Token Classification", ["hf.tokenClassification("], async () => {
    const result = await hf.tokenClassification({
      model: "dbmdz/bert-large-cased-finetuned-conll03-english",
      inputs: "My name is Sarah Jessica Parker but you can call me Jessica",
    });

    expect(result.length).toBeGreaterThan(0);
    for (const x of result) {
      expect(typeof x.word).toBe("string");
      expect(typeof x.score).toBe("number");
    }
    expect(result.map((x) => x.word)).toContain("Sarah Jessica Parker");
  });

  example("Translation", ["hf.translation("], async () => {
    // Deviation: the README leaves `textToTranslate` undefined.
    const textToTranslate = "The weather is nice today";

    const first = await hf.translation({
      model: "t5-base",
      inputs: "My name is Wolfgang and I live in Berlin",
    });

    const second = await hf.translation({
      model: "facebook/mbart-large-50-many-to-many-mmt",
      inputs: textToTranslate,
      parameters: {
        src_lang: "en_XX",
        tgt_lang: "fr_XX",
      },
    });

    expect(typeof first.translation_text).toBe("string");
    expect(first.translation_text).toContain("Wolfgang");
    expect(typeof second.translation_text).toBe("string");
    expect(second.translation_text).toContain(textToTranslate);
    expect(sent("/models/facebook/mbart-large-50-many-to-many-mmt").json?.parameters).toEqual({
      src_lang: "en_XX",
      tgt_lang: "fr_XX",
    });
  });

  example("Zero-Shot Classification", ["hf.zeroShotClassification("], async () => {
    // The mock answers a text only; for a list of texts, the pipeline's answer: one result per text.
    mock.on(
      (req) => req.path.endsWith("/models/facebook/bart-large-mnli") && Array.isArray(req.json?.inputs),
      (req) => ({
        json: (req.json.inputs as string[]).map((sequence) => ({
          sequence,
          labels: ["refund", "faq", "legal"],
          scores: [0.8777, 0.1052, 0.0171],
        })),
      }),
    );

    const result = await hf.zeroShotClassification({
      model: "facebook/bart-large-mnli",
      inputs: [
        "Hi, I recently bought a device from your company but it is not working as advertised and I would like to get reimbursed!",
      ],
      parameters: { candidate_labels: ["refund", "legal", "faq"] },
    });

    expectLabelScores(result);
    expect(result.map((x) => x.label).sort()).toEqual(["faq", "legal", "refund"]);
  });

  example("Sentence Similarity", ["hf.sentenceSimilarity("], async () => {
    const result = await hf.sentenceSimilarity({
      model: "sentence-transformers/paraphrase-xlm-r-multilingual-v1",
      inputs: {
        source_sentence: "That is a happy person",
        sentences: ["That is a happy dog", "That is a very happy person", "Today is a sunny day"],
      },
    });

    expect(result).toHaveLength(3);
    for (const x of result) expect(typeof x).toBe("number");
  });
});

describe("reference README: audio", () => {
  example("Automatic Speech Recognition", ["hf.automaticSpeechRecognition("], async () => {
    const result = await hf.automaticSpeechRecognition({
      model: "facebook/wav2vec2-large-960h-lv60-self",
      data: readFileSync("test/fixtures/readme/sample1.flac"),
    });

    expect(typeof result.text).toBe("string");
    expect(result.text.length).toBeGreaterThan(0);
    const req = sent("/models/facebook/wav2vec2-large-960h-lv60-self");
    expect(new Uint8Array(req.bytes)).toEqual(new Uint8Array(readFileSync("test/fixtures/readme/sample1.flac")));
    expect(req.headers["content-type"]).toBe("audio/flac");
  });

  example("Audio Classification", ["hf.audioClassification("], async () => {
    const result = await hf.audioClassification({
      model: "superb/hubert-large-superb-er",
      data: readFileSync("test/fixtures/readme/sample1.flac"),
    });

    expectLabelScores(result);
  });

  example("Text To Speech", ["hf.textToSpeech("], async () => {
    const result = await hf.textToSpeech({
      model: "espnet/kan-bayashi_ljspeech_vits",
      inputs: "Hello world!",
    });

    await expectMedia(result, "audio");
  });

  example("Audio To Audio", ["hf.audioToAudio("], async () => {
    const result = await hf.audioToAudio({
      model: "speechbrain/sepformer-wham",
      data: readFileSync("test/fixtures/readme/sample1.flac"),
    });

    expect(result.length).toBeGreaterThan(0);
    for (const x of result) {
      expect(typeof x.label).toBe("string");
      expect(typeof x.blob).toBe("string");
      expect(x["content-type"]).toMatch(/^audio\//);
    }
  });
});

describe("reference README: computer vision", () => {
  example("Image Classification", ["hf.imageClassification("], async () => {
    const result = await hf.imageClassification({
      data: readFileSync("test/fixtures/readme/cheetah.png"),
      model: "google/vit-base-patch16-224",
    });

    expectLabelScores(result);
  });

  example("Object Detection", ["hf.objectDetection("], async () => {
    const result = await hf.objectDetection({
      data: readFileSync("test/fixtures/readme/cats.png"),
      model: "facebook/detr-resnet-50",
    });

    expectLabelScores(result);
    for (const x of result) {
      expect(Object.keys(x.box).sort()).toEqual(["xmax", "xmin", "ymax", "ymin"]);
    }
  });

  example("Image Segmentation", ["hf.imageSegmentation("], async () => {
    const result = await hf.imageSegmentation({
      data: readFileSync("test/fixtures/readme/cats.png"),
      model: "facebook/detr-resnet-50-panoptic",
    });

    expect(result.length).toBeGreaterThan(0);
    for (const x of result) {
      expect(typeof x.label).toBe("string");
      expect(typeof x.mask).toBe("string");
    }
  });

  example("Image To Text", ["hf.imageToText("], async () => {
    const result = await hf.imageToText({
      data: readFileSync("test/fixtures/readme/cats.png"),
      model: "nlpconnect/vit-gpt2-image-captioning",
    });

    expect(typeof result.generated_text).toBe("string");
    expect(result.generated_text?.length).toBeGreaterThan(0);
  });

  example("Text To Image", ["hf.textToImage("], async () => {
    const result = await hf.textToImage({
      model: "black-forest-labs/FLUX.1-dev",
      inputs: "a picture of a green bird",
    });

    await expectMedia(result, "image");
    expect(sent("/models/black-forest-labs/FLUX.1-dev").url).toBe(
      "https://router.huggingface.co/hf-inference/models/black-forest-labs/FLUX.1-dev",
    );
  });

  example("Image To Image", ["hf.imageToImage("], async () => {
    const result = await hf.imageToImage({
      inputs: new Blob([readFileSync("test/fixtures/readme/stormtrooper_depth.png")]),
      parameters: {
        prompt: "elmo's lecture",
      },
      model: "lllyasviel/sd-controlnet-depth",
    });

    await expectMedia(result, "image");
  });

  example("Zero Shot Image Classification", ["hf.zeroShotImageClassification("], async () => {
    const result = await hf.zeroShotImageClassification({
      model: "openai/clip-vit-large-patch14-336",
      inputs: {
        image: await (await fetch("https://placekitten.com/300/300")).blob(),
      },
      parameters: {
        candidate_labels: ["cat", "dog"],
      },
    });

    expectLabelScores(result);
    expect(result.map((x) => x.label).sort()).toEqual(["cat", "dog"]);
    expect(sent("placekitten.com").url).toBe("https://placekitten.com/300/300");
  });
});

describe("reference README: multimodal", () => {
  example("Visual Question Answering", ["hf.visualQuestionAnswering("], async () => {
    const result = await hf.visualQuestionAnswering({
      model: "dandelin/vilt-b32-finetuned-vqa",
      inputs: {
        question: "How many cats are lying down?",
        image: await (await fetch("https://placekitten.com/300/300")).blob(),
      },
    });

    expect(typeof result.answer).toBe("string");
    expect(typeof result.score).toBe("number");
  });

  example("Document Question Answering", ["hf.documentQuestionAnswering("], async () => {
    const result = await hf.documentQuestionAnswering({
      model: "impira/layoutlm-document-qa",
      inputs: {
        question: "Invoice number?",
        image: await (
          await fetch(
            "https://huggingface.co/spaces/impira/docquery/resolve/2359223c1837a7587402bda0f2643382a6eefeab/invoice.png",
          )
        ).blob(),
      },
    });

    expect(typeof result.answer).toBe("string");
    expect(result.answer.length).toBeGreaterThan(0);
  });
});

describe("reference README: tabular", () => {
  example("Tabular Regression", ["hf.tabularRegression("], async () => {
    const result = await hf.tabularRegression({
      model: "scikit-learn/Fish-Weight",
      inputs: {
        data: {
          Height: ["11.52", "12.48", "12.3778"],
          Length1: ["23.2", "24", "23.9"],
          Length2: ["25.4", "26.3", "26.5"],
          Length3: ["30", "31.2", "31.1"],
          Species: ["Bream", "Bream", "Bream"],
          Width: ["4.02", "4.3056", "4.6961"],
        },
      },
    });

    expect(result).toHaveLength(3);
    for (const x of result) expect(typeof x).toBe("number");
  });

  example("Tabular Classification", ["hf.tabularClassification("], async () => {
    const result = await hf.tabularClassification({
      model: "vvmnnnkv/wine-quality",
      inputs: {
        data: {
          fixed_acidity: ["7.4", "7.8", "10.3"],
          volatile_acidity: ["0.7", "0.88", "0.32"],
          citric_acid: ["0", "0", "0.45"],
          residual_sugar: ["1.9", "2.6", "6.4"],
          chlorides: ["0.076", "0.098", "0.073"],
          free_sulfur_dioxide: ["11", "25", "5"],
          total_sulfur_dioxide: ["34", "67", "13"],
          density: ["0.9978", "0.9968", "0.9976"],
          pH: ["3.51", "3.2", "3.23"],
          sulphates: ["0.56", "0.68", "0.82"],
          alcohol: ["9.4", "9.8", "12.6"],
        },
      },
    });

    expect(result).toHaveLength(3);
    for (const x of result) expect(typeof x).toBe("number");
  });

  example("Chat Completion API-compatible provider (Mistral)", ['endpointUrl: "https://api.mistral.ai"'], async () => {
    // The example reads the key from the environment.
    vi.stubEnv("MISTRAL_KEY", "mistral-readme-key");

    // Chat Completion Example
    const MISTRAL_KEY = process.env.MISTRAL_KEY;
    const hf = new InferenceClient(MISTRAL_KEY, {
      endpointUrl: "https://api.mistral.ai",
    });
    const stream = hf.chatCompletionStream({
      model: "mistral-tiny",
      messages: [{ role: "user", content: "Complete the equation one + one = , just the answer" }],
    });
    let out = "";
    for await (const chunk of stream) {
      if (chunk.choices && chunk.choices.length > 0) {
        // @ts-expect-error -- choices[0] unchecked, as in the README
        out += chunk.choices[0].delta.content;
        console.log(out);
      }
    }

    expect(out).toContain("Paris is the capital of France.");
    expect(consoleLog.mock.calls.at(-1)?.[0]).toBe(out);
    const req = sent("/chat/completions");
    expect(req.url).toBe("https://api.mistral.ai/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer mistral-readme-key");
    expect(req.json).toMatchObject({ model: "mistral-tiny", stream: true });
  });
});

describe("reference README: Inference Endpoints and local endpoints", () => {
  const ENDPOINT = "https://j3z5luu0ooo76jnl.us-east-1.aws.endpoints.huggingface.cloud/v1/";

  example(
    "Using Inference Endpoints",
    ["j3z5luu0ooo76jnl.us-east-1.aws.endpoints.huggingface.cloud", "import { InferenceClient }"],
    async () => {
      const hf = new InferenceClient("hf_xxxxxxxxxxxxxx", {
        endpointUrl: "https://j3z5luu0ooo76jnl.us-east-1.aws.endpoints.huggingface.cloud/v1/",
      });

      const response = await hf.chatCompletion({
        messages: [
          {
            role: "user",
            content: "What is the capital of France?",
          },
        ],
      });

      // @ts-expect-error -- choices[0] unchecked, as in the README
      console.log(response.choices[0].message.content);

      expect(typeof response.choices[0]?.message.content).toBe("string");
      expect(consoleLog.mock.calls[0]?.[0]).toBe(response.choices[0]?.message.content);
      const req = sent("/chat/completions");
      expect(req.url).toBe(`${ENDPOINT}chat/completions`);
      expect(req.headers.authorization).toBe("Bearer hf_xxxxxxxxxxxxxx");
    },
  );

  example(
    "Using Inference Endpoints: retry_on_error",
    ["j3z5luu0ooo76jnl.us-east-1.aws.endpoints.huggingface.cloud", "retry_on_error: false"],
    async () => {
      const hf = new InferenceClient("hf_xxxxxxxxxxxxxx", {
        endpointUrl: "https://j3z5luu0ooo76jnl.us-east-1.aws.endpoints.huggingface.cloud/v1/",
      });

      const response = await hf.chatCompletion(
        {
          messages: [
            {
              role: "user",
              content: "What is the capital of France?",
            },
          ],
        },
        {
          retry_on_error: false,
        },
      );

      expect(typeof response.choices[0]?.message.content).toBe("string");
      expect(sent("/chat/completions").url).toBe(`${ENDPOINT}chat/completions`);
    },
  );

  it("retry_on_error: false hands the endpoint's 500 to the caller after one request", async () => {
    // What the README promises for that option, with the example's call.
    mock.on("j3z5luu0ooo76jnl", { status: 500, json: { error: "Scaled to zero" } });
    const hf = new InferenceClient("hf_xxxxxxxxxxxxxx", { endpointUrl: ENDPOINT });

    const call = hf.chatCompletion(
      { messages: [{ role: "user", content: "What is the capital of France?" }] },
      { retry_on_error: false },
    );

    await expect(call).rejects.toBeInstanceOf(InferenceClientProviderApiError);
    await expect(call).rejects.toMatchObject({ status: 500, httpResponse: { status: 500 } });
    expect(mock.find("j3z5luu0ooo76jnl")).toHaveLength(1);
  });

  example("Using local endpoints", ['endpointUrl: "http://localhost:8080"'], async () => {
    const hf = new InferenceClient(undefined, {
      endpointUrl: "http://localhost:8080",
    });

    const response = await hf.chatCompletion({
      messages: [
        {
          role: "user",
          content: "What is the capital of France?",
        },
      ],
    });

    // @ts-expect-error -- choices[0] unchecked, as in the README
    console.log(response.choices[0].message.content);

    expect(typeof response.choices[0]?.message.content).toBe("string");
    expect(consoleLog.mock.calls[0]?.[0]).toBe(response.choices[0]?.message.content);
    const req = sent("/chat/completions");
    expect(req.url).toBe("http://localhost:8080/v1/chat/completions");
    expect(req.headers.authorization).toBeUndefined();
  });
});

/** The bodies of the ```ts and ```typescript blocks of a Markdown text. */
function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)[ \t]*\r?\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

describe("reference README: the example list", () => {
  it("claims every TypeScript block of the reference README exactly once", (ctx) => {
    if (!existsSync(README_PATH)) {
      ctx.skip(
        `the reference README is not at ${README_PATH} (CI keeps it beside the clone): completeness not checked`,
      );
    }
    const blocks = typescriptBlocks(readFileSync(README_PATH, "utf8"));

    expect(blocks.length).toBeGreaterThan(0);
    for (const c of claimed) {
      const hits = blocks.filter((b) => c.snippets.every((s) => b.includes(s)));
      expect(hits.length, `README blocks matched by the example "${c.name}"`).toBe(1);
    }
    for (const b of blocks) {
      const owners = claimed.filter((c) => c.snippets.every((s) => b.includes(s))).map((c) => c.name);
      expect(owners, `examples claiming the README block starting ${JSON.stringify(b.slice(0, 80))}`).toHaveLength(1);
    }
    expect(claimed.length).toBe(blocks.length);
  });
});
