/**
 * Differential test: the same call through `@huggingface/inference` (the reference) and through this
 * library must put the same request on the wire, for every (provider, task) pair both serve, with a Hugging
 * Face token (routed), with a provider key (direct), with `provider: "auto"` and with an endpoint URL.
 *
 * Both clients get a capturing `fetch` that records each request (URL, method, effective headers, body) and
 * answers it like the Hub or the provider would. Every deliberate deviation from the reference is listed
 * once in `INTENDED_DIFFERENCES`; the comparison checks that each listed difference really occurs (both
 * values are asserted), removes it, and then requires everything else to be identical. Any unlisted
 * difference fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { InferenceClient as ReferenceClient, PROVIDERS as REFERENCE_PROVIDERS } from "@huggingface/inference";
import * as referenceExports from "@huggingface/inference";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { PACKAGE_VERSION } from "../src/config.js";
import { InferenceClient } from "../src/index.js";
import * as ourTasks from "../src/tasks/index.js";
import type { TaskDef } from "../src/tasks/run.js";
import { CHAT } from "../src/tasks/nlp/chat-completion.js";
import { FEATURE_EXTRACTION, SENTENCE_SIMILARITY } from "../src/tasks/nlp/feature-extraction.js";
import { TEXT_GENERATION } from "../src/tasks/nlp/text-generation.js";
import { FILL_MASK } from "../src/tasks/nlp/fill-mask.js";
import { QUESTION_ANSWERING } from "../src/tasks/nlp/question-answering.js";
import { SUMMARIZATION } from "../src/tasks/nlp/summarization.js";
import { TABLE_QUESTION_ANSWERING } from "../src/tasks/nlp/table-question-answering.js";
import { TEXT_CLASSIFICATION } from "../src/tasks/nlp/text-classification.js";
import { TOKEN_CLASSIFICATION } from "../src/tasks/nlp/token-classification.js";
import { TRANSLATION } from "../src/tasks/nlp/translation.js";
import { ZERO_SHOT_CLASSIFICATION } from "../src/tasks/nlp/zero-shot-classification.js";
import { AUDIO_CLASSIFICATION } from "../src/tasks/audio/audio-classification.js";
import { IMAGE_CLASSIFICATION } from "../src/tasks/cv/image-classification.js";
import { IMAGE_TO_TEXT } from "../src/tasks/cv/image-to-text.js";
import { OBJECT_DETECTION } from "../src/tasks/cv/object-detection.js";
import { ZERO_SHOT_IMAGE_CLASSIFICATION } from "../src/tasks/cv/zero-shot-image-classification.js";
import { DOCUMENT_QUESTION_ANSWERING } from "../src/tasks/multimodal/document-question-answering.js";
import { VISUAL_QUESTION_ANSWERING } from "../src/tasks/multimodal/visual-question-answering.js";
import { TABULAR_CLASSIFICATION } from "../src/tasks/tabular/tabular-classification.js";
import { TABULAR_REGRESSION } from "../src/tasks/tabular/tabular-regression.js";
import { AUDIO_TO_AUDIO } from "../src/tasks/audio/audio-to-audio.js";
import { AUTOMATIC_SPEECH_RECOGNITION } from "../src/tasks/audio/automatic-speech-recognition.js";
import { TEXT_TO_AUDIO } from "../src/tasks/audio/text-to-audio.js";
import { TEXT_TO_SPEECH } from "../src/tasks/audio/text-to-speech.js";
import { IMAGE_SEGMENTATION } from "../src/tasks/cv/image-segmentation.js";
import { IMAGE_TEXT_TO_IMAGE } from "../src/tasks/cv/image-text-to-image.js";
import { IMAGE_TEXT_TO_VIDEO } from "../src/tasks/cv/image-text-to-video.js";
import { IMAGE_TO_IMAGE } from "../src/tasks/cv/image-to-image.js";
import { IMAGE_TO_VIDEO } from "../src/tasks/cv/image-to-video.js";
import { TEXT_TO_IMAGE } from "../src/tasks/cv/text-to-image.js";
import { TEXT_TO_VIDEO } from "../src/tasks/cv/text-to-video.js";
import {
  embeddingsReply,
  pipelineFeatureExtractionReply as pipelineReply,
  sentenceSimilarityReply as similarityReply,
  type MockReply,
  type MockRequest,
} from "../src/testing/index.js";
import { replyPieces, toMockRequest } from "../src/testing/mock.js";
import { PNG, wav } from "./support/media.js";
import { quietReference } from "./support/reference.js";
import { fixtureText as fixture, fixtureUrl } from "./support/fixtures.js";
import { HF_TOKEN, PROVIDER_KEY } from "./support/tokens.js";

const REFERENCE_VERSION: string = createRequire(import.meta.url)("@huggingface/inference/package.json").version;

// ---------------------------------------------------------------------------------------------------------
// Fixed inputs shared by both clients
// ---------------------------------------------------------------------------------------------------------

const BILL_TO = "acme-org";
/** Endpoint URLs in the three shapes users pass: bare host, `.../v1/` and a full route. */
const ENDPOINT_BARE = "https://my-endpoint.us-east-1.aws.endpoints.huggingface.cloud";
const ENDPOINT_V1 = "http://localhost:8080/v1/";
const ENDPOINT_HOST = "https://llm.internal.example.com";

/** The full URL of the task's route on an endpoint, as a user may bind it with `client.endpoint(url)`. */
function fullEndpointUrl(spec: { task: string }): string {
  if (spec.task === "conversational") return `${ENDPOINT_HOST}/v1/chat/completions`;
  if (spec.task === "text-generation") return `${ENDPOINT_HOST}/v1/completions`;
  return `${ENDPOINT_HOST}/models/${spec.task || "pipeline"}`;
}

const PROMPT = "The capital of France is";
const TGI_PARAMETERS = { max_new_tokens: 20, temperature: 0.5, stop_sequences: ["\n"] };
const MESSAGES = [
  { role: "system", content: "Answer in one sentence." },
  { role: "user", content: "What is the capital of France?" },
];
const JSON_SCHEMA = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false,
};
const SENTENCES = ["That is a happy person", "Today is a sunny day"];
const CHAT_MODEL = "meta-llama/Llama-3.3-70B-Instruct";

const PNG_B64 = Buffer.from(PNG).toString("base64");
const WAV = wav(8);
const WAV_B64 = Buffer.from(WAV).toString("base64");
const pngBlob = () => new Blob([PNG], { type: "image/png" });
const wavBlob = () => new Blob([WAV], { type: "audio/wav" });
/** The start of an MP4 file (an `ftyp` box). */
const MP4 = new Uint8Array([
  0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0, 0x69, 0x73, 0x6f, 0x6d, 0x6d, 0x70, 0x34,
  0x31,
]);
const MEDIA_BASE = "https://cdn.example.com/";
/** Where the simulated providers put generated files. */
const GENERATED = {
  image: `${MEDIA_BASE}out/image.png`,
  video: `${MEDIA_BASE}out/video.mp4`,
  audio: `${MEDIA_BASE}out/audio.wav`,
} as const;

function mediaFile(url: string): Response {
  if (url.endsWith(".mp4")) return new Response(MP4, { headers: { "content-type": "video/mp4" } });
  if (url.endsWith(".wav")) return new Response(WAV, { headers: { "content-type": "audio/wav" } });
  return new Response(PNG, { headers: { "content-type": "image/png" } });
}
/** A public image URL: providers that fetch URLs themselves receive it as is. */
const IMAGE_URL = `${MEDIA_BASE}images/invoice.png`;

// ---------------------------------------------------------------------------------------------------------
// What is compared: one request as it goes on the wire
// ---------------------------------------------------------------------------------------------------------

type WireBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "text"; value: string }
  | { kind: "bytes"; base64: string }
  | { kind: "form"; entries: [string, unknown][] };

interface Wire {
  url: string;
  method: string;
  /** Effective headers, names lowercased: the ones set by the client plus the content type fetch derives. */
  headers: Record<string, string>;
  body: WireBody;
}

const b64 = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes as Uint8Array).toString("base64");

async function toWire(url: string, init: RequestInit = {}): Promise<Wire> {
  const method = (init.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  let body: WireBody = { kind: "none" };
  if (init.body !== undefined && init.body !== null) {
    const derived = new Request(url, { method, body: init.body }).headers.get("content-type");
    if (!headers["content-type"] && derived) headers["content-type"] = derived;
    if (init.body instanceof FormData) {
      // The boundary is random per request: compare the parts instead.
      headers["content-type"] = headers["content-type"]!.replace(/boundary=.*$/, "boundary=<random>");
      const entries: [string, unknown][] = [];
      for (const [name, value] of init.body.entries()) {
        entries.push(
          typeof value === "string"
            ? [name, value]
            : [name, { filename: value.name, type: value.type, base64: b64(await value.arrayBuffer()) }],
        );
      }
      body = { kind: "form", entries };
    } else {
      const bytes = new Uint8Array(await new Request(url, { method, body: init.body }).arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      if (/json/i.test(headers["content-type"] ?? "")) {
        try {
          body = { kind: "json", value: JSON.parse(text) };
        } catch {
          body = { kind: "text", value: text };
        }
      } else if (typeof init.body === "string") {
        body = { kind: "text", value: text };
      } else {
        body = { kind: "bytes", base64: b64(bytes) };
      }
    }
  }
  return { url, method, headers, body };
}

// ---------------------------------------------------------------------------------------------------------
// The Hub mapping both clients see
// ---------------------------------------------------------------------------------------------------------

interface MappingEntry {
  provider: string;
  providerId: string;
  hfModelId: string;
  task: string;
  status: "live";
  adapter?: "lora";
  adapterWeightsPath?: string;
}

/** Mapping per model. Constant for the whole file: the reference caches it per model id for the process. */
const HUB: Map<string, MappingEntry[]> = new Map();

function providerIdFor(provider: string, model: string, spec?: { providerIds?: Record<string, string> }): string {
  const given = spec?.providerIds?.[provider];
  if (given) return given;
  const name = model.split("/")[1]!;
  // hf-inference serves Hub repositories under their own id; fal ids are `fal-ai/<app>`; others use their own names.
  if (provider === "hf-inference") return model;
  if (provider === "fal-ai") return `fal-ai/${name.toLowerCase()}`;
  return `${provider}-models/${name}`;
}

function hubAnswer(url: URL): Response {
  const model = url.pathname.replace(/^\/api\/models\//, "");
  const entries = HUB.get(model);
  if (!entries) return Response.json({ error: "Repository not found" }, { status: 404 });
  return Response.json({ _id: "6600000000000000000000aa", id: model, inferenceProviderMapping: entries });
}

function toResponse(reply: MockReply): Response {
  const { status, headers, pieces } = replyPieces(reply);
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of pieces) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return new Response(bytes, { status, headers });
}

// ---------------------------------------------------------------------------------------------------------
// Tasks compared, and their inputs
// ---------------------------------------------------------------------------------------------------------

type Args = Record<string, unknown>;

interface Variant {
  name: string;
  args: Args;
  /** Only for these providers (default: every provider, "auto" and endpoint URLs). */
  only?: string[];
  /** Extra call options (e.g. `outputType`). */
  options?: Args;
  /** The Hub model id of the variant, when not the task's. */
  model?: string;
  /** A LoRA adapter repository: the Hub maps it to each provider's base model with its weights file. */
  lora?: { model: string; weights: string; providerIds: Record<string, string> };
}

interface TaskSpec {
  /** Method name on both clients. */
  method: string;
  /** Task key of the reference's provider registry and of the Hub mapping. */
  task: string;
  /** Our adapter table for the task. */
  def: TaskDef;
  stream: boolean;
  /** Hub model id used for the task. */
  model: string;
  variants: Variant[];
  /** Extra call options given to both clients (e.g. `task` for the generic request). */
  options?: Record<string, unknown>;
  /** Whether calls with an endpoint URL are compared (both clients send the task to an endpoint URL). */
  endpoint: boolean;
  /** The provider's answer, valid for both clients. */
  reply: (req: MockRequest, c: Case) => MockReply;
  /** Binary tasks: the media sent and its real content type. */
  media?: { type: string; base64: string };
  /** Provider model ids in the Hub mapping, where the default naming is not realistic. */
  providerIds?: Record<string, string>;
}

/** Recorded-shape provider answers (test/fixtures): the same bytes go to both clients. */

/**
 * Whose recorded answer a chat or text-generation case gets: the provider's own; the router's ("auto", whose
 * chat route is Hugging Face's) and endpoint URLs (TGI) get hf-inference's.
 */
function answerProvider(c: Case): string {
  const p = resolvedProvider(c);
  return p === "auto" || p === "endpoint" ? "hf-inference" : p;
}

/** An event stream as a provider writes it: one write per event. */
function sseReply(text: string): MockReply {
  return {
    chunks: text.split(/(?<=\n\n)/),
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
  };
}

/**
 * The provider's chat answer, in its recorded shape. Streams of the `structured` variant answer with tool-call
 * deltas (reasoning in a `reasoning` field first), those of the `reasoning` variant with `<think>` text in
 * `content` (tags split across chunks) and a trailing usage-only chunk.
 */
function chatAnswer(req: MockRequest, c: Case): MockReply {
  if (!req.json?.stream) return { json: JSON.parse(fixture(`text/${answerProvider(c)}/chat-completion.json`)) };
  if (c.variant === "structured") return sseReply(fixture("openai/tool-call-stream.txt"));
  if (c.variant === "reasoning") return sseReply(fixture("openai/think-stream.txt"));
  return sseReply(fixture(`text/${answerProvider(c)}/chat-completion-stream.txt`));
}

/**
 * The provider's text-generation answer, in its recorded shape: an OpenAI completion (or, for providers served
 * on their chat route, groq and novita, a chat completion).
 */
function textGenerationAnswer(req: MockRequest, c: Case): MockReply {
  const p = answerProvider(c);
  if (req.json?.stream) return sseReply(fixture(`text/${p}/text-generation-stream.txt`));
  return { json: JSON.parse(fixture(`text/${p}/text-generation.json`)) };
}

/** The provider's recorded embeddings answer where there is one, else the mock's (same shape). */
function featureExtractionAnswer(req: MockRequest, c: Case): MockReply {
  const path = `text/${answerProvider(c)}/feature-extraction.json`;
  if (existsSync(fixtureUrl(path))) {
    const recorded: unknown = JSON.parse(fixture(path));
    // An endpoint URL ending in /v1 (intended difference endpoint-openai-embeddings): the reference posts to
    // the URL itself, we to its /embeddings route. Both get the first vector of the recording, the reference
    // in the pipeline shape and we in the OpenAI list shape, so both read the numbers of one answer.
    if (Array.isArray(recorded) && /\/v1\/?$/.test(c.endpointUrl ?? "")) {
      const vector: unknown = Array.isArray(recorded[0]) ? recorded[0] : recorded;
      const inputs = c.args.inputs;
      const rows = Array.isArray(inputs) ? inputs.map(() => vector) : undefined;
      if (!req.path.endsWith("/embeddings")) return { json: rows ?? vector };
      const data = (rows ?? [vector]).map((embedding, index) => ({ object: "embedding", index, embedding }));
      return { json: { object: "list", data, model: String(req.json?.model ?? "") } };
    }
    return { json: recorded };
  }
  return req.path.endsWith("/embeddings")
    ? embeddingsReply(req.json, String(req.json?.model))
    : pipelineReply(req.json);
}

const CHAT_VARIANTS: Variant[] = [
  { name: "basic", args: { messages: MESSAGES, max_tokens: 64, temperature: 0.2 } },
  { name: "reasoning", args: { messages: MESSAGES, max_tokens: 1024 } },
  {
    name: "structured",
    args: {
      messages: MESSAGES,
      max_tokens: 64,
      store: false,
      seed: 7,
      response_format: { type: "json_schema", json_schema: { name: "city", schema: JSON_SCHEMA, strict: true } },
      tools: [
        {
          type: "function",
          function: { name: "lookup", description: "Looks a city up", parameters: JSON_SCHEMA },
        },
      ],
      tool_choice: "auto",
    },
  },
  // The router picks the provider named after the colon: the model id goes as given.
  { name: "provider-suffix", args: { messages: MESSAGES }, model: `${CHAT_MODEL}:cerebras`, only: ["auto"] },
];
const TEXT_GENERATION_VARIANTS: Variant[] = [
  { name: "tgi-parameters", args: { inputs: PROMPT, parameters: TGI_PARAMETERS } },
  { name: "prompt-only", args: { inputs: PROMPT } },
];
const FEATURE_EXTRACTION_VARIANTS = [
  { name: "batch", args: { inputs: SENTENCES } },
  { name: "openai-options", args: { inputs: "That is a happy person", encoding_format: "float" } },
];
const SENTENCE_SIMILARITY_VARIANTS = [
  { name: "basic", args: { inputs: { source_sentence: "That is a happy person", sentences: SENTENCES } } },
];

const TEXT_GENERATION_MODEL = "mistralai/Mixtral-8x7B-v0.1";
const FEATURE_EXTRACTION_MODEL = "BAAI/bge-large-en-v1.5";
const SENTENCE_SIMILARITY_MODEL = "sentence-transformers/all-MiniLM-L6-v2";

/** What the generic `request` and `streamingRequest` send for a task. */
const GENERIC = {
  conversational: { def: CHAT, model: CHAT_MODEL, variants: [CHAT_VARIANTS[0]!], reply: chatAnswer },
  "text-generation": {
    def: TEXT_GENERATION,
    model: TEXT_GENERATION_MODEL,
    variants: [TEXT_GENERATION_VARIANTS[0]!],
    reply: textGenerationAnswer,
  },
  "feature-extraction": {
    def: FEATURE_EXTRACTION,
    model: FEATURE_EXTRACTION_MODEL,
    variants: [FEATURE_EXTRACTION_VARIANTS[0]!],
    reply: featureExtractionAnswer,
  },
};

const SPECS: TaskSpec[] = [
  ...[false, true].map((stream): TaskSpec => ({
    method: stream ? "chatCompletionStream" : "chatCompletion",
    task: "conversational",
    def: CHAT,
    stream,
    model: CHAT_MODEL,
    variants: CHAT_VARIANTS,
    endpoint: true,
    reply: chatAnswer,
  })),
  ...[false, true].map((stream): TaskSpec => ({
    method: stream ? "textGenerationStream" : "textGeneration",
    task: "text-generation",
    def: TEXT_GENERATION,
    stream,
    model: TEXT_GENERATION_MODEL,
    variants: TEXT_GENERATION_VARIANTS,
    endpoint: true,
    reply: textGenerationAnswer,
  })),
  {
    method: "featureExtraction",
    task: "feature-extraction",
    def: FEATURE_EXTRACTION,
    stream: false,
    model: FEATURE_EXTRACTION_MODEL,
    variants: FEATURE_EXTRACTION_VARIANTS,
    endpoint: true,
    reply: featureExtractionAnswer,
  },
  {
    method: "sentenceSimilarity",
    task: "sentence-similarity",
    def: SENTENCE_SIMILARITY,
    stream: false,
    model: SENTENCE_SIMILARITY_MODEL,
    variants: SENTENCE_SIMILARITY_VARIANTS,
    endpoint: true,
    // hf-inference's recorded answer (endpoint URLs serve the same pipeline); the mock's for another provider.
    reply: (req, c) =>
      answerProvider(c) === "hf-inference"
        ? { json: JSON.parse(fixture("text/hf-inference/sentence-similarity.json")) }
        : similarityReply(req.json),
  },
  // The deprecated generic primitives, with a task (routed like the task) and without one (endpoint only:
  // the reference cannot route a task-less call through the Hub mapping).
  ...(["conversational", "text-generation", "feature-extraction"] as const).map((task): TaskSpec => ({
    ...GENERIC[task],
    method: "request",
    task,
    stream: false,
    options: { task },
    endpoint: false,
  })),
  ...(["conversational", "text-generation"] as const).map((task): TaskSpec => ({
    ...GENERIC[task],
    method: "streamingRequest",
    task,
    stream: true,
    options: { task },
    endpoint: false,
  })),
];

/** A classic pipeline task (JSON in, JSON out) of hf-inference. */
function pipelineSpec(
  method: string,
  task: string,
  def: TaskDef,
  model: string,
  args: Args,
  answer: unknown,
): TaskSpec {
  return {
    method,
    task,
    def,
    stream: false,
    model,
    variants: [{ name: "pipeline", args }],
    endpoint: true,
    reply: () => ({ json: answer }),
  };
}

const PIPELINE_SPECS: TaskSpec[] = [
  pipelineSpec(
    "fillMask",
    "fill-mask",
    FILL_MASK,
    "google-bert/bert-base-uncased",
    { inputs: "The goal of life is [MASK]." },
    [{ score: 0.11, token: 8404, token_str: "happiness", sequence: "the goal of life is happiness." }],
  ),
  pipelineSpec(
    "questionAnswering",
    "question-answering",
    QUESTION_ANSWERING,
    "deepset/roberta-base-squad2",
    { inputs: { question: "What is my name?", context: "My name is Clara and I live in Berkeley." } },
    { answer: "Clara", score: 0.79, start: 11, end: 16 },
  ),
  pipelineSpec(
    "summarization",
    "summarization",
    SUMMARIZATION,
    "facebook/bart-large-cnn",
    {
      inputs: "The tower is 324 metres tall, about the same height as an 81-storey building.",
      parameters: { max_length: 40, truncation: "only_first" },
    },
    [{ summary_text: "The tower is 324 metres tall." }],
  ),
  pipelineSpec(
    "tableQuestionAnswering",
    "table-question-answering",
    TABLE_QUESTION_ANSWERING,
    "google/tapas-base-finetuned-wtq",
    {
      inputs: {
        query: "How many stars does the transformers repository have?",
        table: { Repository: ["Transformers", "Datasets"], Stars: ["36542", "4512"] },
      },
    },
    { answer: "AVERAGE > 36542", coordinates: [[0, 1]], cells: ["36542"], aggregator: "AVERAGE" },
  ),
  pipelineSpec(
    "textClassification",
    "text-classification",
    TEXT_CLASSIFICATION,
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    { inputs: "I like you. I love you", parameters: { top_k: 2 } },
    [
      [
        { label: "POSITIVE", score: 0.9998 },
        { label: "NEGATIVE", score: 0.0002 },
      ],
    ],
  ),
  pipelineSpec(
    "tokenClassification",
    "token-classification",
    TOKEN_CLASSIFICATION,
    "dslim/bert-base-NER",
    {
      inputs: "My name is Sarah Jessica Parker but you can call me Jessica",
      parameters: { aggregation_strategy: "simple" },
    },
    [{ entity_group: "PER", score: 0.99, word: "Sarah Jessica Parker", start: 11, end: 31 }],
  ),
  pipelineSpec(
    "translation",
    "translation",
    TRANSLATION,
    "facebook/nllb-200-distilled-600M",
    { inputs: "My name is Wolfgang and I live in Berlin", parameters: { src_lang: "eng_Latn", tgt_lang: "fra_Latn" } },
    [{ translation_text: "Je m'appelle Wolfgang et je vis à Berlin" }],
  ),
  pipelineSpec(
    "zeroShotClassification",
    "zero-shot-classification",
    ZERO_SHOT_CLASSIFICATION,
    "facebook/bart-large-mnli",
    {
      inputs: "I have a problem with my iphone that needs to be resolved asap!!",
      parameters: { candidate_labels: ["urgent", "not urgent", "phone"], multi_label: false },
    },
    [
      { label: "urgent", score: 0.52 },
      { label: "phone", score: 0.46 },
      { label: "not urgent", score: 0.02 },
    ],
  ),
];

/** Generic `request` without a task: only through an endpoint URL, to the classic pipeline API. */
const GENERIC_REQUEST: TaskSpec = {
  method: "request",
  task: "",
  def: { task: "text-classification", adapters: {}, timeout: 0 },
  stream: false,
  model: "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
  variants: [{ name: "pipeline", args: { inputs: "I like you. I love you", parameters: { top_k: 2 } } }],
  endpoint: true,
  reply: () => ({ json: [[{ label: "POSITIVE", score: 0.9998 }]] }),
};

/**
 * A binary pipeline task of hf-inference: the media as raw bytes (typed Blob, untyped bytes, legacy `data`),
 * and with `parameters`.
 */
function binarySpec(
  method: string,
  task: string,
  def: TaskDef,
  model: string,
  media: "image" | "audio",
  parameters: Args,
  answer: unknown,
): TaskSpec {
  const blob = media === "image" ? pngBlob : wavBlob;
  const bytes = media === "image" ? PNG : WAV;
  return {
    method,
    task,
    def,
    stream: false,
    model,
    variants: [
      { name: "blob", args: { inputs: blob() } },
      { name: "untyped-bytes", args: { inputs: bytes.slice().buffer } },
      { name: "legacy-data", args: { data: blob() } },
      { name: "parameters", args: { inputs: blob(), parameters } },
    ],
    endpoint: true,
    reply: () => ({ json: answer }),
    media: media === "image" ? { type: "image/png", base64: PNG_B64 } : { type: "audio/wav", base64: WAV_B64 },
  };
}

const MEDIA_SPECS: TaskSpec[] = [
  binarySpec(
    "imageClassification",
    "image-classification",
    IMAGE_CLASSIFICATION,
    "google/vit-base-patch16-224",
    "image",
    { top_k: 2 },
    [
      { label: "tabby cat", score: 0.71 },
      { label: "tiger cat", score: 0.2 },
    ],
  ),
  binarySpec(
    "objectDetection",
    "object-detection",
    OBJECT_DETECTION,
    "facebook/detr-resnet-50",
    "image",
    { threshold: 0.8 },
    [{ label: "cat", score: 0.99, box: { xmin: 0, ymin: 0, xmax: 1, ymax: 1 } }],
  ),
  binarySpec(
    "audioClassification",
    "audio-classification",
    AUDIO_CLASSIFICATION,
    "superb/hubert-large-superb-er",
    "audio",
    { top_k: 2 },
    [
      { label: "neu", score: 0.6 },
      { label: "hap", score: 0.3 },
    ],
  ),
  {
    method: "imageToText",
    task: "image-to-text",
    def: IMAGE_TO_TEXT,
    stream: false,
    model: "Salesforce/blip-image-captioning-large",
    endpoint: true,
    media: { type: "image/png", base64: PNG_B64 },
    variants: [
      { name: "blob", args: { inputs: pngBlob() } },
      // The reference's zai-org adapter takes only a Blob or a URL.
      { name: "untyped-bytes", args: { inputs: PNG.slice().buffer }, only: ["hf-inference"] },
      { name: "legacy-data", args: { data: pngBlob() } },
      { name: "parameters", args: { inputs: pngBlob(), parameters: { max_new_tokens: 30 } }, only: ["hf-inference"] },
      {
        name: "parameters",
        args: { inputs: pngBlob(), parameters: { need_layout_visualization: false } },
        only: ["zai-org"],
      },
      // Only providers that fetch URLs take one; hf-inference needs the bytes.
      { name: "url", args: { inputs: IMAGE_URL }, only: ["zai-org"] },
    ],
    reply: (req) =>
      req.host === "api.z.ai" || req.path.endsWith("/layout_parsing")
        ? { json: { id: "task-1", model: "glm-ocr", md_results: "# INVOICE\n\nNo. 1042" } }
        : { json: { generated_text: "a small square image" } },
  },
  {
    method: "zeroShotImageClassification",
    task: "zero-shot-image-classification",
    def: ZERO_SHOT_IMAGE_CLASSIFICATION,
    stream: false,
    model: "openai/clip-vit-large-patch14-336",
    variants: [
      { name: "blob", args: { inputs: pngBlob(), parameters: { candidate_labels: ["cat", "dog"] } } },
      {
        name: "legacy-image",
        args: { inputs: { image: pngBlob() }, parameters: { candidate_labels: ["cat", "dog"] } },
      },
    ],
    endpoint: true,
    reply: () => ({
      json: [
        { label: "cat", score: 0.9 },
        { label: "dog", score: 0.1 },
      ],
    }),
  },
  {
    method: "documentQuestionAnswering",
    task: "document-question-answering",
    def: DOCUMENT_QUESTION_ANSWERING,
    stream: false,
    model: "impira/layoutlm-document-qa",
    variants: [{ name: "blob", args: { inputs: { image: pngBlob(), question: "What is the invoice number?" } } }],
    endpoint: true,
    reply: () => ({ json: [{ answer: "1042", score: 0.98, start: 16, end: 16 }] }),
  },
  {
    method: "visualQuestionAnswering",
    task: "visual-question-answering",
    def: VISUAL_QUESTION_ANSWERING,
    stream: false,
    model: "dandelin/vilt-b32-finetuned-vqa",
    variants: [{ name: "blob", args: { inputs: { image: pngBlob(), question: "How many cats are lying down?" } } }],
    endpoint: true,
    reply: () => ({ json: [{ answer: "2", score: 0.75 }] }),
  },
  ...(
    [
      ["tabularClassification", "tabular-classification", TABULAR_CLASSIFICATION, "vvmnnnkv/wine-quality"],
      ["tabularRegression", "tabular-regression", TABULAR_REGRESSION, "scikit-learn/Fish-Weight"],
    ] as const
  ).map(([method, task, def, model]) =>
    pipelineSpec(
      method,
      task,
      def,
      model,
      { inputs: { data: { Height: ["11.52", "12.48"], Length1: ["23.2", "24"], Species: ["Bream", "Bream"] } } },
      [242.1, 290.3],
    ),
  ),
];

/** What a generation task produces. */
function outputKind(task: string): "image" | "video" | "audio" {
  if (task.endsWith("video")) return "video";
  if (/audio|speech/.test(task)) return "audio";
  return "image";
}

/**
 * The providers of the generation tasks, simulated from their public API documentation: submit answers,
 * job status and result answers, in each provider's own shape. Both clients poll different URLs at
 * different times; every GET is answered as "done".
 */
function generationReply(req: MockRequest, c: Case): MockReply {
  const task = c.spec.task;
  const kind = outputKind(task);
  const file = GENERATED[kind];
  const path = req.path;
  if (req.method === "GET") {
    if (path.includes("/requests/")) {
      // fal queue: status, then result.
      if (path.endsWith("/status")) return { json: { status: "COMPLETED", logs: [] } };
      if (task === "image-segmentation")
        return { json: { image: { url: GENERATED.image, content_type: "image/png" } } };
      if (kind === "video") return { json: { video: { url: file, content_type: "video/mp4" } } };
      if (kind === "audio") return { json: { audio: { url: file, content_type: "audio/wav" } } };
      return { json: { images: [{ url: file, content_type: "image/png", width: 1, height: 1 }], seed: 42 } };
    }
    if (path.includes("/api/v3/predictions/")) {
      return { json: { code: 200, message: "success", data: { id: "ws-1", status: "completed", outputs: [file] } } };
    }
    if (path.includes("/v2/videos/")) {
      return { json: { id: "vid-1", object: "video", status: "completed", outputs: { video_url: file, cost: 0 } } };
    }
    if (path.includes("task-result")) {
      return {
        json: {
          task: { task_id: "nv-1", status: "TASK_STATUS_SUCCEED" },
          videos: [{ video_url: file, video_type: "mp4" }],
        },
      };
    }
    if (path.includes("/minimax/v2/query/video_generation/")) {
      return { json: { task: { id: "nv-1", status: "succeeded", content: { url: file } } } };
    }
    if (path.includes("/async-result/")) {
      return { json: { id: "z-1", task_status: "SUCCESS", image_result: [{ url: file }] } };
    }
    if (path.includes("/v1/predictions/")) {
      return { json: { id: "rp-1", status: "succeeded", output: file } };
    }
    return { status: 404, json: { error: `no simulated route for GET ${path}` } };
  }
  const provider = resolvedProvider(c);
  const b64 = { image: PNG_B64, video: "", audio: WAV_B64 }[kind];
  const bytes = { image: PNG, video: MP4, audio: WAV }[kind];
  const type = { image: "image/png", video: "video/mp4", audio: "audio/wav" }[kind];
  switch (provider) {
    case "fal-ai": {
      if (task === "automatic-speech-recognition") {
        return { json: { text: "Hello world.", chunks: [{ text: "Hello world.", timestamp: [0, 1.2] }] } };
      }
      if (task === "text-to-speech") return { json: { audio: { url: file, content_type: "audio/wav" } } };
      const segments = path.split("/").filter(Boolean);
      if (req.host === "router.huggingface.co") segments.shift();
      const app = segments.slice(0, 2).join("/");
      const request = `https://queue.fal.run/${app}/requests/req-1`;
      return {
        json: {
          request_id: "req-1",
          status: "IN_QUEUE",
          queue_position: 0,
          response_url: request,
          status_url: `${request}/status`,
          cancel_url: `${request}/cancel`,
        },
      };
    }
    case "replicate": {
      const output =
        task === "automatic-speech-recognition" ? { transcription: "Hello world." } : kind === "video" ? file : [file];
      return {
        json: {
          id: "rp-1",
          status: "succeeded",
          output,
          urls: { get: "https://api.replicate.com/v1/predictions/rp-1" },
        },
      };
    }
    case "wavespeed":
      return {
        json: {
          code: 200,
          message: "success",
          data: {
            id: "ws-1",
            status: "created",
            urls: { get: "https://api.wavespeed.ai/api/v3/predictions/ws-1/result" },
          },
        },
      };
    case "together":
    case "deepinfra":
    case "nscale":
      if (kind === "video") return { json: { id: "vid-1", object: "video", status: "queued" } };
      if (task === "automatic-speech-recognition") return { json: { text: "Hello world." } };
      if (kind === "audio") return { bytes, headers: { "content-type": type } };
      return {
        json: {
          id: "img-1",
          model: String(req.json?.model),
          object: "list",
          data: [req.json?.response_format === "url" ? { index: 0, url: file } : { index: 0, b64_json: b64 }],
        },
      };
    case "novita":
      return { json: { task_id: "nv-1" } };
    case "zai-org":
      return { json: { id: "z-1", request_id: "r-1", task_status: "PROCESSING", model: String(req.json?.model) } };
    default:
      // hf-inference and endpoint URLs: the pipeline API.
      if (task === "automatic-speech-recognition") return { json: { text: "Hello world." } };
      if (task === "image-segmentation") return { json: [{ label: "cat", score: 0.98, mask: PNG_B64 }] };
      if (task === "audio-to-audio") return { json: [{ label: "speech", blob: WAV_B64, "content-type": "audio/wav" }] };
      return { bytes, headers: { "content-type": type } };
  }
}

function generationSpec(
  method: string,
  task: string,
  def: TaskDef,
  model: string,
  variants: Variant[],
  providerIds?: Record<string, string>,
): TaskSpec {
  // Endpoint URLs are compared where the reference takes them (tasks of its hf-inference helpers).
  const endpoint = task in REFERENCE_PROVIDERS["hf-inference"];
  return { method, task, def, stream: false, model, variants, endpoint, reply: generationReply, providerIds };
}

const ASR_PARAMETERS = { language: "en", temperature: 0 };
const ASR_VARIANTS: Variant[] = [
  { name: "blob", args: { inputs: wavBlob() } },
  { name: "legacy-data", args: { data: wavBlob() } },
  { name: "parameters", args: { inputs: wavBlob(), parameters: ASR_PARAMETERS } },
  { name: "untyped-bytes", args: { inputs: WAV.slice().buffer }, only: ["hf-inference", "deepinfra", "together"] },
  {
    name: "list-parameters",
    args: { inputs: wavBlob(), parameters: { timestamp_granularities: ["segment", "word"] } },
    only: ["deepinfra", "together"],
  },
];
const PROMPT_IMAGE = "An astronaut riding a horse on the moon";
const EDIT = "Turn the cat into a tiger";

const GENERATION_SPECS: TaskSpec[] = [
  generationSpec("textToImage", "text-to-image", TEXT_TO_IMAGE, "black-forest-labs/FLUX.1-dev", [
    { name: "prompt", args: { inputs: PROMPT_IMAGE } },
    {
      name: "parameters",
      args: {
        inputs: PROMPT_IMAGE,
        parameters: { num_inference_steps: 20, guidance_scale: 3.5, width: 512, height: 512, seed: 7 },
      },
    },
    // The output type changes the request of some providers (together asks for a URL instead of base64).
    {
      name: "output-url",
      args: { inputs: PROMPT_IMAGE },
      options: { outputType: "url" },
      only: ["deepinfra", "fal-ai", "replicate", "together", "wavespeed", "zai-org"],
    },
    { name: "output-data-url", args: { inputs: PROMPT_IMAGE }, options: { outputType: "dataUrl" } },
    {
      name: "lora",
      args: { inputs: "A watercolor painting of a fox" },
      only: ["fal-ai", "replicate", "wavespeed"],
      lora: {
        model: "ostris/watercolor_style_lora_sdxl",
        weights: "watercolor_v1_sdxl.safetensors",
        providerIds: {
          "fal-ai": "fal-ai/lora",
          replicate: "fofr/sdxl-lora:3d5a3c5f0b8b4f3e9c0d1e2f3a4b5c6d7e8f9a0b",
          wavespeed: "wavespeed-ai/flux-dev-lora",
        },
      },
    },
  ]),
  generationSpec("textToVideo", "text-to-video", TEXT_TO_VIDEO, "Wan-AI/Wan2.1-T2V-14B", [
    { name: "prompt", args: { inputs: "A young man walking on the street" } },
    {
      name: "parameters",
      args: {
        inputs: "A young man walking on the street",
        parameters: { num_inference_steps: 30, seed: 7, target_size: { width: 832, height: 480 } },
      },
    },
  ]),
  generationSpec("imageToImage", "image-to-image", IMAGE_TO_IMAGE, "black-forest-labs/FLUX.1-Kontext-dev", [
    { name: "prompt", args: { inputs: pngBlob(), parameters: { prompt: EDIT, num_inference_steps: 20 } } },
    { name: "no-parameters", args: { inputs: pngBlob() }, only: ["hf-inference"] },
    // The reference's replicate and together adapters take only a Blob.
    {
      name: "untyped-bytes",
      args: { inputs: PNG.slice().buffer, parameters: { prompt: EDIT } },
      only: ["fal-ai", "hf-inference", "wavespeed"],
    },
  ]),
  generationSpec("imageToVideo", "image-to-video", IMAGE_TO_VIDEO, "Wan-AI/Wan2.1-I2V-14B-720P", [
    { name: "prompt", args: { inputs: pngBlob(), parameters: { prompt: "The cat starts to dance" } } },
  ]),
  // fal serves the image-less variant of an edit app one path segment higher (`fal-ai/flux-2/edit` -> `fal-ai/flux-2`).
  generationSpec(
    "imageTextToImage",
    "image-text-to-image",
    IMAGE_TEXT_TO_IMAGE,
    "black-forest-labs/FLUX.2-dev",
    [
      { name: "image", args: { inputs: pngBlob(), parameters: { prompt: EDIT } } },
      { name: "text-only", args: { parameters: { prompt: PROMPT_IMAGE } } },
    ],
    { "fal-ai": "fal-ai/flux-2/edit" },
  ),
  generationSpec(
    "imageTextToVideo",
    "image-text-to-video",
    IMAGE_TEXT_TO_VIDEO,
    "Lightricks/LTX-2",
    [
      { name: "image", args: { inputs: pngBlob(), parameters: { prompt: "The cat starts to dance" } } },
      { name: "text-only", args: { parameters: { prompt: "A cat dancing" } } },
      // MiniMax H3 derives duration, resolution and ratio from these, and takes no seed nor step count.
      {
        name: "frames-and-size",
        args: {
          parameters: {
            prompt: "A cat dancing",
            num_frames: 241,
            target_size: { width: 2560, height: 1440 },
            seed: 7,
            num_inference_steps: 30,
          },
        },
        only: ["novita"],
      },
    ],
    // novita serves this task for MiniMax H3 only (the reference refuses any other model id).
    { "fal-ai": "fal-ai/ltx-2/image-to-video", novita: "MiniMax-H3" },
  ),
  generationSpec("imageSegmentation", "image-segmentation", IMAGE_SEGMENTATION, "briaai/RMBG-2.0", [
    { name: "blob", args: { inputs: pngBlob() } },
    { name: "parameters", args: { inputs: pngBlob(), parameters: { threshold: 0.9 } } },
  ]),
  generationSpec("textToSpeech", "text-to-speech", TEXT_TO_SPEECH, "hexgrad/Kokoro-82M", [
    { name: "text", args: { inputs: "Hello world, this is a test." } },
    {
      name: "parameters",
      args: { inputs: "Hello world, this is a test.", parameters: { voice: "af_bella", speed: 1.1 } },
    },
  ]),
  generationSpec("textToAudio", "text-to-audio", TEXT_TO_AUDIO, "stabilityai/stable-audio-open-1.0", [
    { name: "prompt", args: { inputs: "A calm piano melody", parameters: { seconds_total: 5 } } },
  ]),
  generationSpec("audioToAudio", "audio-to-audio", AUDIO_TO_AUDIO, "speechbrain/sepformer-wham", [
    { name: "blob", args: { inputs: wavBlob() } },
  ]),
  {
    ...generationSpec(
      "automaticSpeechRecognition",
      "automatic-speech-recognition",
      AUTOMATIC_SPEECH_RECOGNITION,
      "openai/whisper-large-v3",
      ASR_VARIANTS,
    ),
    media: { type: "audio/wav", base64: WAV_B64 },
  },
];

/** Every spec written. */
const ALL_SPECS: TaskSpec[] = [...SPECS, ...PIPELINE_SPECS, ...MEDIA_SPECS, ...GENERATION_SPECS];
/** The specs of the tasks this library exports (a spec written for a task not exported yet waits for it). */
const ACTIVE_SPECS = ALL_SPECS.filter((s) => typeof (ourTasks as Record<string, unknown>)[s.method] === "function");

/**
 * (task/provider) pairs the reference serves and this library does not (yet): nothing to compare. A pair
 * added to this library must leave this list, and is then compared like the others.
 */
const KNOWN_GAPS: string[] = [];

// ---------------------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------------------

type Auth = "routed" | "anonymous" | "direct" | "auto" | "endpoint" | "endpoint-model" | "endpoint-client";

interface Case {
  name: string;
  spec: TaskSpec;
  /** The provider named in the call ("auto" and endpoint cases name none). */
  provider: string;
  auth: Auth;
  variant: string;
  args: Args;
  token: string;
  /** Extra call options of the variant. */
  options?: Args;
  /** Set on `endpoint-client` cases: bound with `client.endpoint(url)` instead of passed in the arguments. */
  clientEndpoint?: string;
  endpointUrl?: string;
}

/** Providers of a task that both clients serve. */
function sharedProviders(spec: TaskSpec): string[] {
  const ref = Object.entries(REFERENCE_PROVIDERS)
    .filter(([, tasks]) => spec.task in tasks)
    .map(([p]) => p);
  return ref.filter((p) => p in spec.def.adapters).sort();
}

function buildCases(specs: TaskSpec[]): Case[] {
  const cases: Case[] = [];
  for (const spec of specs) {
    const providers = sharedProviders(spec);
    // The Hub lists every provider of the task for the task's model, in the registry's order.
    if (!HUB.has(spec.model)) {
      HUB.set(
        spec.model,
        providers
          .filter((p) => p !== "openai")
          .map((provider) => ({
            provider,
            providerId: providerIdFor(provider, spec.model, spec),
            hfModelId: spec.model,
            task: spec.task,
            status: "live" as const,
          })),
      );
    }
    for (const variant of spec.variants) {
      const lora = variant.lora;
      if (lora && !HUB.has(lora.model)) {
        HUB.set(
          lora.model,
          Object.entries(lora.providerIds).map(([provider, providerId]) => ({
            provider,
            providerId,
            hfModelId: lora.model,
            task: spec.task,
            status: "live" as const,
            adapter: "lora" as const,
            adapterWeightsPath: lora.weights,
          })),
        );
      }
      const add = (c: Omit<Case, "name" | "spec" | "variant">) =>
        cases.push({
          ...c,
          spec,
          variant: variant.name,
          ...(variant.options ? { options: variant.options } : {}),
          name: `${spec.method}${spec.options?.task ? `(${String(spec.options.task)})` : ""} ${variant.name} ${c.provider} ${c.auth}`,
        });
      for (const provider of providers.filter((p) => !variant.only || variant.only.includes(p))) {
        // OpenAI is reached only with its own key, with "openai/<model>" as the model id.
        const model = provider === "openai" ? "openai/gpt-4o-mini" : (lora?.model ?? spec.model);
        if (provider !== "openai") {
          add({ provider, auth: "routed", token: HF_TOKEN, args: { ...variant.args, model, provider } });
          // No token at all: routed, without any Authorization header.
          add({ provider, auth: "anonymous", token: "", args: { ...variant.args, model, provider } });
        }
        add({ provider, auth: "direct", token: PROVIDER_KEY, args: { ...variant.args, model, provider } });
      }
      if (!variant.only || variant.only.includes("auto")) {
        const model = variant.model ?? spec.model;
        add({ provider: "auto", auth: "auto", token: HF_TOKEN, args: { ...variant.args, model } });
      }
      if (!variant.only && spec.endpoint) addEndpointCases(spec, variant, cases);
    }
  }
  return cases;
}

function addEndpointCases(spec: TaskSpec, variant: Variant, cases: Case[]): void {
  const base = { spec, variant: variant.name };
  const label = `${spec.method} ${variant.name} endpoint`;
  cases.push(
    {
      ...base,
      name: `${label} (bare URL, no model, hf token)`,
      provider: "endpoint",
      auth: "endpoint",
      token: HF_TOKEN,
      endpointUrl: ENDPOINT_BARE,
      args: { ...variant.args, endpointUrl: ENDPOINT_BARE },
    },
    {
      ...base,
      name: `${label} (/v1/ URL, with model, other key)`,
      provider: "endpoint",
      auth: "endpoint-model",
      token: PROVIDER_KEY,
      endpointUrl: ENDPOINT_V1,
      args: { ...variant.args, endpointUrl: ENDPOINT_V1, model: spec.model },
    },
    {
      ...base,
      name: `${label} (client.endpoint(), full route, no model)`,
      provider: "endpoint",
      auth: "endpoint-client",
      token: HF_TOKEN,
      endpointUrl: fullEndpointUrl(spec),
      clientEndpoint: fullEndpointUrl(spec),
      args: { ...variant.args },
    },
  );
}

const genericRequestCases = (): Case[] => {
  const out: Case[] = [];
  addEndpointCases(GENERIC_REQUEST, GENERIC_REQUEST.variants[0]!, out);
  return out;
};
/** The cases run: those of the tasks this library exports. */
const CASES: Case[] = [...buildCases(ACTIVE_SPECS), ...genericRequestCases()];
/** Every case written, including those of tasks not exported yet. */
const ALL_CASES: Case[] = [...buildCases(ALL_SPECS), ...genericRequestCases()];

// ---------------------------------------------------------------------------------------------------------
// Intended differences: the only places where this library sends something else than the reference
// ---------------------------------------------------------------------------------------------------------

/** A header or body field the client does not send. */
const ABSENT = Symbol("absent");
type Expected = unknown;
/**
 * `header:<name>` (lowercase), `body:<top-level key>` of a JSON body, `part:<name>` of a multipart body, or
 * the whole `body`, or the `url`.
 */
type Field = `header:${string}` | `body:${string}` | `part:${string}` | "body" | "url";

interface IntendedDifference {
  id: string;
  /** Which cases, in words (repeated in docs/differences.md). */
  cases: string;
  applies: (c: Case) => boolean;
  changes: { field: Field; reference: Expected | ((c: Case) => Expected); ours: Expected | ((c: Case) => Expected) }[];
  reason: string;
}

const isEndpoint = (c: Case) => c.auth.startsWith("endpoint");
const isStream = (c: Case) => c.spec.stream;
const isTextGeneration = (c: Case) => c.spec.task === "text-generation";
const endpointWithoutModel = (c: Case) => isEndpoint(c) && !("model" in c.args);
/** A TGI parameter of a text-generation case, or ABSENT. */
const tgi = (c: Case, name: string): unknown => {
  const p = c.args.parameters as Record<string, unknown> | undefined;
  return p && name in p ? p[name] : ABSENT;
};
const rawBinary = (c: Case) => !!c.spec.media && ["hf-inference", "endpoint"].includes(resolvedProvider(c));
const isZaiOcr = (c: Case) => c.spec.task === "image-to-text" && resolvedProvider(c) === "zai-org";

const INTENDED_DIFFERENCES: IntendedDifference[] = [
  {
    id: "user-agent",
    cases: "every request",
    applies: () => true,
    changes: [
      {
        field: "header:user-agent",
        reference: `@huggingface/inference/${REFERENCE_VERSION}`,
        ours: `unified-inference/${PACKAGE_VERSION}`,
      },
    ],
    reason: "Each library names itself.",
  },
  {
    id: "stream-accept",
    cases: "every streaming request",
    applies: isStream,
    changes: [{ field: "header:accept", reference: ABSENT, ours: "text/event-stream" }],
    reason:
      "Asks for an event stream explicitly, as the server-sent events specification recommends; a server or gateway that negotiates on Accept may otherwise answer with one JSON body.",
  },
  {
    id: "bill-to-router-only",
    cases: "direct calls to a third-party provider host, and endpoint URLs",
    applies: (c) => (c.auth === "direct" && c.provider !== "hf-inference") || isEndpoint(c),
    changes: [{ field: "header:x-hf-bill-to", reference: BILL_TO, ours: ABSENT }],
    reason:
      "X-HF-Bill-To is a Hugging Face router feature; sending it to another host leaks the organisation name and bills nothing. Requests to the router (routed calls, hf-inference) carry it as before.",
  },
  {
    id: "no-empty-authorization",
    cases: "fal-ai and replicate called without any token",
    applies: (c) => c.auth === "anonymous" && ["fal-ai", "replicate"].includes(c.provider),
    changes: [{ field: "header:authorization", reference: "Bearer", ours: ABSENT }],
    reason:
      "Without a token the reference still sends `Authorization: Bearer ` (or `Bearer undefined`) to these two providers; we send no Authorization header, as for every other provider.",
  },
  {
    id: "endpoint-no-model",
    cases: "chat and text generation on an endpoint URL called without a model",
    applies: (c) => endpointWithoutModel(c) && (c.spec.task === "conversational" || isTextGeneration(c)),
    changes: [{ field: "body:model", reference: (c: Case) => c.endpointUrl, ours: ABSENT }],
    reason:
      "The reference puts the endpoint URL in the body's `model`; OpenAI-compatible servers (vLLM, llama.cpp, Ollama) reject or misroute an unknown model name, while a single-model server needs none.",
  },
  {
    id: "endpoint-openai-embeddings",
    cases: "feature extraction on an endpoint URL ending with `/v1` (or `/v1/embeddings`)",
    applies: (c) => isEndpoint(c) && c.spec.task === "feature-extraction" && /\/v1\/?$/.test(c.endpointUrl ?? ""),
    changes: [
      {
        field: "url",
        reference: (c: Case) => c.endpointUrl,
        ours: (c: Case) => `${c.endpointUrl!.replace(/\/+$/, "")}/embeddings`,
      },
      { field: "body:inputs", reference: (c: Case) => c.args.inputs, ours: ABSENT },
      { field: "body:input", reference: ABSENT, ours: (c: Case) => c.args.inputs },
      { field: "body:model", reference: ABSENT, ours: (c: Case) => c.args.model ?? ABSENT },
    ],
    reason:
      "A `/v1` URL is an OpenAI-compatible server (llama.cpp, vLLM, TEI, Ollama), whose embeddings route is `/v1/embeddings` with `{input, model}`; the reference posts the pipeline body `{inputs}` to `.../v1/` itself, which those servers answer 404.",
  },
  {
    id: "completions-stop",
    cases:
      "text generation with `stop_sequences` on OpenAI completions routes that map TGI parameters (deepinfra, featherless-ai, ovhcloud, hf-inference, endpoint URLs)",
    applies: (c) =>
      isTextGeneration(c) &&
      tgi(c, "stop_sequences") !== ABSENT &&
      ["deepinfra", "featherless-ai", "ovhcloud", "hf-inference", "endpoint"].includes(resolvedProvider(c)),
    changes: [
      { field: "body:stop_sequences", reference: (c: Case) => tgi(c, "stop_sequences"), ours: ABSENT },
      { field: "body:stop", reference: ABSENT, ours: (c: Case) => tgi(c, "stop_sequences") },
    ],
    reason:
      "TGI's `stop_sequences` is OpenAI's `stop` on a completions route; the reference renames `max_new_tokens` but forwards `stop_sequences` under a name these APIs ignore.",
  },
  {
    id: "completions-no-leak",
    cases: "text generation on together and scaleway",
    applies: (c) => isTextGeneration(c) && ["together", "scaleway"].includes(resolvedProvider(c)),
    changes: [
      { field: "body:inputs", reference: PROMPT, ours: ABSENT },
      { field: "body:parameters", reference: (c: Case) => c.args.parameters ?? ABSENT, ours: ABSENT },
      { field: "body:max_tokens", reference: ABSENT, ours: (c: Case) => tgi(c, "max_new_tokens") },
      { field: "body:temperature", reference: ABSENT, ours: (c: Case) => tgi(c, "temperature") },
      { field: "body:stop", reference: ABSENT, ours: (c: Case) => tgi(c, "stop_sequences") },
    ],
    reason:
      "The reference sends the TGI body (`inputs`, nested `parameters`) next to `prompt`, so `max_new_tokens`, `temperature` and stop sequences never reach the completions API; we send an OpenAI completions body.",
  },
  {
    id: "chat-route-text-generation",
    cases: "text generation on groq and novita (served on their chat route)",
    applies: (c) => isTextGeneration(c) && ["groq", "novita"].includes(resolvedProvider(c)),
    changes: [
      { field: "body:inputs", reference: PROMPT, ours: ABSENT },
      { field: "body:parameters", reference: (c: Case) => c.args.parameters ?? ABSENT, ours: ABSENT },
      { field: "body:messages", reference: ABSENT, ours: [{ role: "user", content: PROMPT }] },
      { field: "body:max_tokens", reference: ABSENT, ours: (c: Case) => tgi(c, "max_new_tokens") },
      { field: "body:temperature", reference: ABSENT, ours: (c: Case) => tgi(c, "temperature") },
      { field: "body:stop", reference: ABSENT, ours: (c: Case) => tgi(c, "stop_sequences") },
    ],
    reason:
      "The reference posts a TGI body to a chat-completions route, which rejects it (no `messages`); we send the prompt as one user message.",
  },
  {
    id: "scaleway-embedding-options",
    cases: "feature extraction on scaleway with OpenAI embedding options",
    applies: (c) =>
      c.spec.task === "feature-extraction" && resolvedProvider(c) === "scaleway" && "encoding_format" in c.args,
    changes: [{ field: "body:encoding_format", reference: ABSENT, ours: "float" }],
    reason:
      "The reference drops every caller option for scaleway embeddings (only `input` and `model` are sent); we forward them as for every other OpenAI-compatible embeddings API.",
  },
  {
    id: "fal-asr-parameters",
    cases: "speech recognition on fal-ai with `parameters`",
    applies: (c) =>
      c.spec.task === "automatic-speech-recognition" && resolvedProvider(c) === "fal-ai" && c.variant === "parameters",
    changes: [
      { field: "body:parameters", reference: ASR_PARAMETERS, ours: ABSENT },
      { field: "body:language", reference: ABSENT, ours: ASR_PARAMETERS.language },
      { field: "body:temperature", reference: ABSENT, ours: ASR_PARAMETERS.temperature },
    ],
    reason:
      "fal reads its options (`language`, `task`, `chunk_level`, ...) at the top level of the body, as the reference sends them for every other fal task; for speech recognition it nests them in a `parameters` object that fal ignores.",
  },
  {
    id: "binary-content-type",
    cases: "binary tasks (hf-inference, endpoint URLs) given untyped bytes (ArrayBuffer, Uint8Array)",
    applies: (c) => rawBinary(c) && c.variant === "untyped-bytes",
    changes: [{ field: "header:content-type", reference: ABSENT, ours: (c: Case) => c.spec.media!.type }],
    reason:
      "Bytes without a type reach the server with no type at all, and some pipelines cannot tell an image from audio; we send the type sniffed from the bytes (PNG, JPEG, WAV, FLAC, ...).",
  },
  {
    id: "multipart-file-type",
    cases: "speech recognition on together and deepinfra (multipart) given untyped bytes",
    applies: (c) =>
      c.spec.task === "automatic-speech-recognition" &&
      ["together", "deepinfra"].includes(resolvedProvider(c)) &&
      c.variant === "untyped-bytes",
    changes: [
      {
        field: "part:file",
        reference: { filename: "audio.wav", type: "", base64: WAV_B64 },
        ours: { filename: "audio.wav", type: "audio/wav", base64: WAV_B64 },
      },
    ],
    reason:
      "The reference sends the audio part as `application/octet-stream`; we type it from the bytes, as its file name already says.",
  },
  {
    id: "multipart-lists",
    cases: "speech recognition on together and deepinfra (multipart) with a list parameter",
    applies: (c) =>
      c.spec.task === "automatic-speech-recognition" &&
      ["together", "deepinfra"].includes(resolvedProvider(c)) &&
      c.variant === "list-parameters",
    // The first part of the name: ours repeats it per item (`segment`, then `word`).
    changes: [{ field: "part:timestamp_granularities", reference: '["segment","word"]', ours: "segment" }],
    reason:
      "The reference sends a list as one JSON-encoded part, which OpenAI's published description of the route rejects; we send one part per item under the field's name, as OpenAPI encodes an array in a form and form parsers read a list.",
  },
  {
    id: "binary-parameters",
    cases: "binary tasks (hf-inference, endpoint URLs) called with `parameters`",
    applies: (c) => rawBinary(c) && c.variant === "parameters",
    changes: [
      { field: "header:content-type", reference: (c: Case) => c.spec.media!.type, ours: "application/json" },
      {
        field: "body",
        reference: (c: Case) => ({ kind: "bytes", base64: c.spec.media!.base64 }),
        ours: (c: Case) => ({
          kind: "json",
          value: { inputs: c.spec.media!.base64, parameters: c.args.parameters },
        }),
      },
    ],
    reason:
      "The reference sends the raw bytes and silently drops `parameters` (`top_k`, `threshold`, ...). We send `{inputs: <base64>, parameters}`, which the pipeline API reads the same way (it is what the Python client sends), so the parameters apply.",
  },
  {
    id: "zai-ocr-url",
    cases: "image-to-text on zai-org with an image URL",
    applies: (c) => isZaiOcr(c) && c.variant === "url",
    changes: [
      {
        field: "body:file",
        reference: `data:image/png;base64,${PNG_B64}`,
        ours: IMAGE_URL,
      },
    ],
    reason:
      "The layout-parsing API takes a URL in `file` and fetches it itself; the reference downloads the file first (through the global fetch, ignoring the caller's) and uploads it again as base64.",
  },
  {
    id: "zai-ocr-parameters",
    cases: "image-to-text on zai-org with `parameters`",
    applies: (c) => isZaiOcr(c) && c.variant === "parameters",
    changes: [{ field: "body:need_layout_visualization", reference: ABSENT, ours: false }],
    reason:
      "The reference drops `parameters` for zai-org OCR; we send them as the API's top-level options (`need_layout_visualization`, `start_page_id`, ...).",
  },
];

/** The provider that serves a case: named, chosen by "auto" (first in the mapping), or the endpoint. */
function resolvedProvider(c: Case): string {
  if (c.auth !== "auto") return c.provider;
  if (c.spec.task === "conversational" && ["chatCompletion", "chatCompletionStream"].includes(c.spec.method)) {
    return "auto";
  }
  return HUB.get(c.spec.model)?.[0]?.provider ?? "none";
}

function valueAt(wire: Wire, field: Field): unknown {
  if (field === "url") return wire.url;
  if (field === "body") return wire.body;
  const [kind, name] = field.split(/:(.*)/s) as ["header" | "body" | "part", string];
  if (kind === "header") return name in wire.headers ? wire.headers[name] : ABSENT;
  if (kind === "part") {
    const part = wire.body.kind === "form" ? wire.body.entries.find(([n]) => n === name) : undefined;
    return part ? part[1] : ABSENT;
  }
  if (wire.body.kind !== "json") return ABSENT;
  const json = wire.body.value as Record<string, unknown>;
  return json && typeof json === "object" && name in json ? json[name] : ABSENT;
}

function removeAt(wire: Wire, field: Field): void {
  if (field === "url") {
    wire.url = "";
    return;
  }
  if (field === "body") {
    wire.body = { kind: "none" };
    return;
  }
  const [kind, name] = field.split(/:(.*)/s) as ["header" | "body" | "part", string];
  if (kind === "header") delete wire.headers[name];
  else if (kind === "part") {
    if (wire.body.kind === "form") wire.body.entries = wire.body.entries.filter(([n]) => n !== name);
  } else if (wire.body.kind === "json" && wire.body.value && typeof wire.body.value === "object") {
    delete (wire.body.value as Record<string, unknown>)[name];
  }
}

const shown = (v: unknown) => (v === ABSENT ? "(absent)" : JSON.stringify(v));

/** Checks and removes every intended difference of the case; returns the ids applied. */
function applyIntendedDifferences(c: Case, ref: Wire, ours: Wire): string[] {
  const applied: string[] = [];
  for (const d of INTENDED_DIFFERENCES) {
    if (!d.applies(c)) continue;
    applied.push(d.id);
    for (const change of d.changes) {
      const want = (v: Expected | ((c: Case) => Expected)) => (typeof v === "function" ? v(c) : v);
      const refValue = valueAt(ref, change.field);
      const ourValue = valueAt(ours, change.field);
      expect(shown(refValue), `${d.id}: reference ${change.field}`).toBe(shown(want(change.reference)));
      expect(shown(ourValue), `${d.id}: our ${change.field}`).toBe(shown(want(change.ours)));
      removeAt(ref, change.field);
      removeAt(ours, change.field);
    }
  }
  return applied;
}

/** Asserts two captured requests are the same once the case's intended differences are taken out. */
function compareWires(c: Case, ref: Wire, ours: Wire): void {
  applyIntendedDifferences(c, ref, ours);
  expect(ours.url, "url").toBe(ref.url);
  expect(ours.method, "method").toBe(ref.method);
  expect(ours.headers, "headers").toStrictEqual(ref.headers);
  expect(ours.body, "body").toStrictEqual(ref.body);
}

// ---------------------------------------------------------------------------------------------------------
// Intended output differences: the only places where this library returns something else than the reference
// for the same provider answer
// ---------------------------------------------------------------------------------------------------------

interface IntendedOutputDifference {
  id: string;
  /** Which cases, in words (repeated in the README and docs/differences.md). */
  cases: string;
  applies: (c: Case) => boolean;
  /** The reference fails on the provider's answer (then `take` checks its error). */
  referenceFails?: boolean;
  /** Asserts that the difference occurs, then takes it out of both runs' outputs. */
  take: (ref: Run, ours: Run, c: Case) => void;
  reference: string;
  ours: string;
  reason: string;
}

/** The text of a recorded chat answer (what the chat-route providers answer a text generation with). */
const chatFixtureText = (c: Case): string =>
  JSON.parse(fixture(`text/${answerProvider(c)}/text-generation.json`)).choices[0].message.content;

/** Every image in an output: a Blob snapshot or a data URL, as `[mime type, base64]`, with a setter for its type. */
function imagesOf(run: Run): { type: string; base64: string; setType: (t: string) => void }[] {
  const out = run.output;
  if (typeof out === "string" && out.startsWith("data:")) {
    const m = /^data:([^;,]+);base64,(.*)$/s.exec(out)!;
    return [{ type: m[1]!, base64: m[2]!, setType: (t) => (run.output = `data:${t};base64,${m[2]}`) }];
  }
  const blob = (out as { blob?: { type: string; base64: string } } | undefined)?.blob;
  if (blob) return [{ type: blob.type, base64: blob.base64, setType: (t) => (blob.type = t) }];
  return [];
}

/** Keys that `textGenerationStream` adds to each provider chunk (the TGI token-event fields). */
const TGI_STREAM_KEYS = ["token", "generated_text", "details", "index"] as const;

const INTENDED_OUTPUT_DIFFERENCES: IntendedOutputDifference[] = [
  {
    id: "text-generation-stream-tokens",
    cases: "`textGenerationStream` on every provider that streams OpenAI completion (or chat) chunks: all of them",
    applies: (c) => c.spec.method === "textGenerationStream",
    take: (ref, ours) => {
      const r = ref.output as Record<string, unknown>[];
      const o = ours.output as Record<string, unknown>[];
      expect(o.length, "text-generation-stream-tokens: chunk count").toBe(r.length);
      let text = "";
      o.forEach((chunk, i) => {
        for (const key of TGI_STREAM_KEYS) {
          expect(key in r[i]!, `text-generation-stream-tokens: reference chunk ${i} has no ${key}`).toBe(false);
          expect(key in chunk, `text-generation-stream-tokens: our chunk ${i} has ${key}`).toBe(true);
        }
        const token = chunk.token as { text: string };
        expect(typeof token.text).toBe("string");
        text += token.text;
        expect(chunk.index).toBe(i);
        if (i === o.length - 1) expect(chunk.generated_text).toBe(text);
        for (const key of TGI_STREAM_KEYS) delete chunk[key];
      });
    },
    reference: "the provider's OpenAI completion chunks, typed as TGI token events but without `token`",
    ours: "the same chunks, every field kept, plus `token: {id, text, logprob, special}`, `index`, `generated_text` (the whole text on the last chunk) and `details` (the finish reason on the last chunk)",
    reason:
      "The reference's documented use, `chunk.token.text`, throws on every provider it streams text generation from; ours works, and code reading the provider's fields still finds them.",
  },
  {
    id: "chat-route-text-generation-output",
    cases: "`textGeneration` on groq and novita (served on their chat-completions route)",
    applies: (c) => c.spec.method === "textGeneration" && ["groq", "novita"].includes(resolvedProvider(c)),
    referenceFails: true,
    take: (ref, ours, c) => {
      expect(ref.error, "chat-route-text-generation-output: the reference fails").toBeInstanceOf(Error);
      expect(String(ref.error)).toMatch(/generated_text/);
      expect(ours.output).toMatchObject({ generated_text: chatFixtureText(c) });
      ref.error = undefined;
      ref.output = ours.output;
    },
    reference: 'an `InferenceClientProviderOutputError` ("Expected Array<{generated_text: string}>")',
    ours: "`{generated_text, details: {finish_reason}}` read from the chat answer",
    reason:
      "A chat-completions route answers with `choices[].message`, never `generated_text`: the reference cannot read a real answer (nor send a valid request, see `chat-route-text-generation`).",
  },
  {
    id: "text-generation-details",
    cases:
      "`textGeneration` on hf-inference, deepinfra, featherless-ai, ovhcloud, scaleway and endpoint URLs (OpenAI completions answers)",
    applies: (c) => c.spec.method === "textGeneration" && !["groq", "novita", "together"].includes(resolvedProvider(c)),
    take: (ref, ours) => {
      const r = ref.output as Record<string, unknown>;
      const o = ours.output as { details?: { finish_reason?: unknown } };
      expect("details" in r, "text-generation-details: the reference has no details").toBe(false);
      expect(typeof o.details?.finish_reason, "text-generation-details: our finish reason").toBe("string");
      delete o.details;
    },
    reference: "`{generated_text}`",
    ours: "`{generated_text, details: {finish_reason}}`",
    reason:
      "The reference keeps the finish reason for together only; without it a caller cannot tell an answer cut by `max_new_tokens` (`length`) from a complete one. The TGI output type has a place for it.",
  },
  {
    id: "image-media-type",
    cases:
      'text-to-image on deepinfra, nscale and together (base64 answers), every routed or direct text-to-image call with `outputType: "dataUrl"`, image-to-image on together',
    applies: (c) =>
      (c.spec.task === "text-to-image" &&
        ((c.variant === "output-data-url" && resolvedProvider(c) !== "endpoint") ||
          (["prompt", "parameters"].includes(c.variant) &&
            ["deepinfra", "nscale", "together"].includes(resolvedProvider(c))))) ||
      (c.spec.task === "image-to-image" && c.variant === "prompt" && resolvedProvider(c) === "together"),
    take: (ref, ours) => {
      const r = imagesOf(ref);
      const o = imagesOf(ours);
      expect(r.length, "image-media-type: one image").toBe(1);
      expect(o.length).toBe(1);
      expect(r[0]!.base64, "image-media-type: same bytes").toBe(o[0]!.base64);
      expect(o[0]!.base64.startsWith(PNG_B64.slice(0, 8)), "image-media-type: the bytes are a PNG").toBe(true);
      expect(r[0]!.type, "image-media-type: reference type").toBe("image/jpeg");
      expect(o[0]!.type, "image-media-type: our type").toBe("image/png");
      r[0]!.setType(o[0]!.type);
    },
    reference: "`image/jpeg` whatever the bytes are",
    ours: "the type of the bytes (`image/png` here), from the response's content type or sniffed from the bytes",
    reason:
      "A PNG labelled `image/jpeg` is misnamed when saved or served by type, and a data URL with the wrong type may not render.",
  },
];

function referenceFails(c: Case): boolean {
  return INTENDED_OUTPUT_DIFFERENCES.some((d) => d.referenceFails && d.applies(c));
}

/** Output differences seen while the cases ran (each must occur at least once). */
const OUTPUT_DIFFERENCES_SEEN = new Set<string>();

/** Asserts that both clients returned the same output once the case's intended output differences are taken out. */
function compareOutputs(c: Case, ref: Run, ours: Run): void {
  for (const d of INTENDED_OUTPUT_DIFFERENCES) {
    if (!d.applies(c)) continue;
    d.take(ref, ours, c);
    OUTPUT_DIFFERENCES_SEEN.add(d.id);
  }
  expect(ref.error, `reference failed: ${String(ref.error)}`).toBeUndefined();
  expect(ours.output, "output").toStrictEqual(ref.output);
}

// ---------------------------------------------------------------------------------------------------------
// Running one call through one client
// ---------------------------------------------------------------------------------------------------------

interface Run {
  inference: Wire[];
  /** Hub look-ups: URL and the Authorization header sent with it. */
  hub: { url: string; authorization: string | null }[];
  /** Media downloads (inputs given as URLs, generated outputs). */
  downloads: string[];
  /** Requests that went to the global fetch although a fetch was passed. */
  strays: string[];
  error?: unknown;
  /** What the call returned (Blobs as `{ blob: { type, base64 } }`), or the list of chunks a stream yielded. */
  output?: unknown;
}

/** A value with every Blob replaced by its type and bytes, so that outputs compare by content. */
async function snapshot(v: unknown): Promise<unknown> {
  if (v instanceof Blob) return { blob: { type: v.type, base64: b64(await v.arrayBuffer()) } };
  if (Array.isArray(v)) return Promise.all(v.map(snapshot));
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await snapshot(x);
    return out;
  }
  return v;
}

type AnyClient = Record<string, (args: Args, options?: Record<string, unknown>) => unknown>;

async function run(which: "reference" | "ours", c: Case): Promise<Run> {
  const result: Run = { inference: [], hub: [], downloads: [], strays: [] };
  const capture =
    (stray: boolean): typeof fetch =>
    async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const u = new URL(url);
      if (stray) result.strays.push(url);
      if (u.host === "huggingface.co") {
        result.hub.push({ url, authorization: new Headers(init?.headers).get("authorization") });
        return hubAnswer(u);
      }
      if (url.startsWith(MEDIA_BASE)) {
        result.downloads.push(url);
        return mediaFile(url);
      }
      // The reference decodes base64 answers by fetching a `data:` URL.
      if (u.protocol === "data:") return savedFetch(input, init);
      const wire = await toWire(url, init);
      result.inference.push(wire);
      const headers: Record<string, string> = { ...wire.headers };
      const bytes =
        wire.body.kind === "json" || wire.body.kind === "text"
          ? new TextEncoder().encode(wire.body.kind === "json" ? JSON.stringify(wire.body.value) : wire.body.value)
          : new Uint8Array();
      return toResponse(c.spec.reply(toMockRequest(wire.method, url, headers, bytes), c));
    };

  const base = which === "reference" ? new ReferenceClient(c.token) : new InferenceClient(c.token);
  const client = (c.clientEndpoint ? base.endpoint(c.clientEndpoint) : base) as unknown as AnyClient;
  const options = { fetch: capture(false), billTo: BILL_TO, ...c.spec.options, ...c.options };

  // The reference looks the Hub up with the global fetch on some paths ("auto"): it gets the same capture.
  // This library must never use the global fetch when one is passed: its calls get a recording one.
  const savedFetch = globalThis.fetch;
  globalThis.fetch = which === "reference" ? capture(false) : capture(true);
  // Job pollers wait between polls: virtual time lets them run without real waits.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  try {
    const work = (async () => {
      const out = client[c.spec.method]!({ ...c.args }, options);
      if (c.spec.stream) {
        const chunks: unknown[] = [];
        for await (const chunk of out as AsyncIterable<unknown>) chunks.push(chunk);
        result.output = await snapshot(chunks);
      } else {
        result.output = await snapshot(await out);
      }
    })();
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let step = 0; !settled && step < 10_000; step++) await vi.advanceTimersByTimeAsync(250);
    if (!settled) throw new Error("the call did not end within 40 minutes of virtual time");
    await work;
  } catch (e) {
    result.error = e;
  } finally {
    vi.useRealTimers();
    globalThis.fetch = savedFetch;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

quietReference();

describe("differential: the same request as @huggingface/inference", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const ref = await run("reference", c);
    const ours = await run("ours", c);

    if (!referenceFails(c)) expect(ref.error, `reference failed: ${String(ref.error)}`).toBeUndefined();
    expect(ours.error, `ours failed: ${String(ours.error)}`).toBeUndefined();
    expect(ours.strays, "requests through the global fetch").toEqual([]);
    // The request compared is the call's one POST (job tasks then poll with GETs, which are not compared).
    const refPosts = ref.inference.filter((w) => w.method === "POST");
    const ourPosts = ours.inference.filter((w) => w.method === "POST");
    expect(refPosts).toHaveLength(1);
    expect(ourPosts).toHaveLength(1);

    compareWires(c, refPosts[0]!, ourPosts[0]!);
    compareOutputs(c, ref, ours);
  });
});

describe("differential: the Hub look-up of the provider mapping", () => {
  // Models seen by no other case: neither client has the mapping cached.
  const lookup = (model: string, token: string): Case => {
    HUB.set(model, [
      {
        provider: "together",
        providerId: "together-models/x",
        hfModelId: model,
        task: "conversational",
        status: "live",
      },
    ]);
    const spec = ACTIVE_SPECS.find((s) => s.method === "chatCompletion")!;
    return {
      name: model,
      spec,
      provider: "together",
      auth: token.startsWith("hf_") ? "routed" : "direct",
      variant: "basic",
      token,
      args: { ...CHAT_VARIANTS[0]!.args, model, provider: "together" },
    };
  };

  it.each([
    ["with a Hugging Face token, sent as Bearer", "hub-lookup/routed", HF_TOKEN, `Bearer ${HF_TOKEN}`],
    ["with a provider key, sent without it", "hub-lookup/direct", PROVIDER_KEY, null],
  ] as const)("is the same request %s", async (_name, model, token, authorization) => {
    const c = lookup(model, token);
    const ref = await run("reference", c);
    const ours = await run("ours", c);
    expect(ref.error).toBeUndefined();
    expect(ours.error).toBeUndefined();
    const want = { url: `https://huggingface.co/api/models/${model}?expand[]=inferenceProviderMapping`, authorization };
    expect(ref.hub).toEqual([want]);
    expect(ours.hub).toEqual([want]);
  });
});

describe("differential: the comparison itself", () => {
  const pick = (name: string) => CASES.find((c) => c.name === name)!;
  const copy = (w: Wire): Wire => structuredClone(w);
  let c: Case;
  let ref: Wire;
  let ours: Wire;
  beforeAll(async () => {
    c = pick("chatCompletionStream basic together direct");
    ref = (await run("reference", c)).inference[0]!;
    ours = (await run("ours", c)).inference[0]!;
  });

  it("accepts the real pair", () => {
    expect(() => compareWires(c, copy(ref), copy(ours))).not.toThrow();
  });

  it("fails on an unlisted header", () => {
    const o = copy(ours);
    o.headers["x-extra"] = "1";
    expect(() => compareWires(c, copy(ref), o)).toThrow(/headers/);
  });

  it("fails on an unlisted body field, at any depth", () => {
    const o = copy(ours);
    (o.body as { value: Record<string, unknown> }).value.top_p = 0.9;
    expect(() => compareWires(c, copy(ref), o)).toThrow(/body/);
    const deep = copy(ours);
    (deep.body as { value: { messages: { content: string }[] } }).value.messages[1]!.content += "!";
    expect(() => compareWires(c, copy(ref), deep)).toThrow(/body/);
  });

  it("fails on another URL or method", () => {
    expect(() => compareWires(c, copy(ref), { ...copy(ours), url: `${ours.url}/` })).toThrow(/url/);
    expect(() => compareWires(c, copy(ref), { ...copy(ours), method: "PUT" })).toThrow(/method/);
  });

  it("fails when a listed difference does not occur", () => {
    const o = copy(ours);
    o.headers["user-agent"] = ref.headers["user-agent"]!;
    expect(() => compareWires(c, copy(ref), o)).toThrow(/user-agent/);
    const noAccept = copy(ours);
    delete noAccept.headers.accept;
    expect(() => compareWires(c, copy(ref), noAccept)).toThrow(/stream-accept/);
  });

  it("records binary and multipart bodies with the content type fetch derives", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const blob = await toWire("https://x.example/a", {
      method: "POST",
      body: new Blob([bytes], { type: "image/png" }),
    });
    expect(blob.headers["content-type"]).toBe("image/png");
    expect(blob.body).toStrictEqual({ kind: "bytes", base64: b64(bytes) });
    const form = new FormData();
    form.append("model", "m");
    form.append("file", new Blob([bytes], { type: "audio/wav" }), "audio.wav");
    const multipart = await toWire("https://x.example/a", { method: "POST", body: form });
    expect(multipart.headers["content-type"]).toBe("multipart/form-data; boundary=<random>");
    expect(multipart.body).toStrictEqual({
      kind: "form",
      entries: [
        ["model", "m"],
        ["file", { filename: "audio.wav", type: "audio/wav", base64: b64(bytes) }],
      ],
    });
  });
});

describe("differential: the output comparison itself", () => {
  const pick = (name: string) => CASES.find((c) => c.name === name)!;
  const runs: Record<string, { c: Case; ref: Run; ours: Run }> = {};
  const fresh = (name: string) => {
    const r = runs[name]!;
    return { c: r.c, ref: structuredClone(r.ref), ours: structuredClone(r.ours) };
  };
  const NAMES = ["chatCompletionStream reasoning together direct", "textGenerationStream prompt-only together direct"];
  beforeAll(async () => {
    for (const name of NAMES) {
      const c = pick(name);
      runs[name] = { c, ref: await run("reference", c), ours: await run("ours", c) };
    }
  });

  it("accepts the real pairs, a <think> stream yielded as sent by both", () => {
    for (const name of NAMES) {
      const { c, ref, ours } = fresh(name);
      expect(() => compareOutputs(c, ref, ours)).not.toThrow();
    }
    const { ours } = fresh(NAMES[0]!);
    const chunks = ours.output as { choices: { delta: { content?: string } }[] }[];
    expect(chunks.map((x) => x.choices[0]?.delta.content ?? "").join("")).toMatch(/^<think>[^]*<\/think>/);
  });

  it("fails on an unlisted output difference, at any depth", () => {
    const { c, ref, ours } = fresh(NAMES[0]!);
    (ours.output as { choices: { delta: { content: string } }[] }[])[1]!.choices[0]!.delta.content += "!";
    expect(() => compareOutputs(c, ref, ours)).toThrow(/output/);
    const fewer = fresh(NAMES[0]!);
    (fewer.ours.output as unknown[]).pop();
    expect(() => compareOutputs(fewer.c, fewer.ref, fewer.ours)).toThrow(/output/);
  });

  it("fails when a listed output difference does not occur", () => {
    const { c, ref, ours } = fresh(NAMES[1]!);
    for (const chunk of ours.output as Record<string, unknown>[]) delete chunk.token;
    expect(() => compareOutputs(c, ref, ours)).toThrow(/text-generation-stream-tokens/);
  });
});

describe("differential: coverage", () => {
  it("every intended output difference occurred in some case, and applies to some case", () => {
    for (const d of INTENDED_OUTPUT_DIFFERENCES) {
      expect(ALL_CASES.some(d.applies), `${d.id} applies to no case`).toBe(true);
      expect(OUTPUT_DIFFERENCES_SEEN.has(d.id), `${d.id} never occurred`).toBe(true);
    }
  });

  it("documents every intended output difference in the README and docs/differences.md", () => {
    for (const file of ["../README.md", "../docs/differences.md"]) {
      const doc = readFileSync(new URL(file, import.meta.url), "utf8");
      for (const d of INTENDED_OUTPUT_DIFFERENCES) expect(doc, `${file}: ${d.id}`).toContain(`\`${d.id}\``);
    }
  });

  it("compares every (provider, task) pair of the text tasks that both clients serve", () => {
    const pairs = new Set(CASES.filter((c) => c.auth === "direct").map((c) => `${c.spec.task}/${c.provider}`));
    for (const spec of ACTIVE_SPECS) {
      for (const p of sharedProviders(spec)) expect(pairs.has(`${spec.task}/${p}`), `${spec.task}/${p}`).toBe(true);
    }
    expect(pairs.size).toBeGreaterThan(20);
  });

  it("serves every (provider, task) pair the reference serves, but the known gaps", () => {
    const missing: string[] = [];
    for (const spec of ACTIVE_SPECS) {
      for (const [provider, tasks] of Object.entries(REFERENCE_PROVIDERS)) {
        if (spec.task in tasks && !(provider in spec.def.adapters)) missing.push(`${spec.task}/${provider}`);
      }
    }
    const known = KNOWN_GAPS.filter((g) => ACTIVE_SPECS.some((s) => g.startsWith(`${s.task}/`)));
    expect([...new Set(missing)].sort()).toEqual(known.sort());
  });

  it("has a differential spec for every task function both libraries export", () => {
    const ours = Object.entries(ourTasks)
      .filter(([, v]) => typeof v === "function")
      .map(([k]) => k);
    const shared = ours.filter((k) => typeof (referenceExports as Record<string, unknown>)[k] === "function");
    const compared = new Set([...ACTIVE_SPECS, GENERIC_REQUEST].map((s) => s.method));
    expect(shared.filter((k) => !compared.has(k))).toEqual([]);
  });

  it("lists only differences that apply to some case and change something", () => {
    for (const d of INTENDED_DIFFERENCES) {
      const cases = ALL_CASES.filter(d.applies);
      expect(cases.length, `${d.id} applies to no case`).toBeGreaterThan(0);
      for (const change of d.changes) {
        const at = (v: unknown, c: Case) => shown(typeof v === "function" ? (v as (c: Case) => unknown)(c) : v);
        const differs = cases.some((c) => at(change.reference, c) !== at(change.ours, c));
        expect(differs, `${d.id} ${change.field} changes nothing`).toBe(true);
      }
    }
  });

  it("documents every intended difference in docs/differences.md", () => {
    const doc = readFileSync(new URL("../docs/differences.md", import.meta.url), "utf8");
    for (const d of INTENDED_DIFFERENCES) expect(doc, d.id).toContain(`\`${d.id}\``);
  });

  it("the README's differences and docs/differences.md have one table row per intended difference, and no other", () => {
    const ids = [...INTENDED_DIFFERENCES, ...INTENDED_OUTPUT_DIFFERENCES].map((d) => d.id).sort();
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const sections = {
      README: readme.slice(
        readme.indexOf("## Differences from"),
        readme.indexOf("\n## ", readme.indexOf("## Differences from") + 1),
      ),
      "docs/differences.md": readFileSync(new URL("../docs/differences.md", import.meta.url), "utf8"),
    };
    for (const [name, text] of Object.entries(sections)) {
      const rows = [...text.matchAll(/^\| `([\w-]+)`/gm)].map((m) => m[1]!).sort();
      expect(rows, name).toEqual(ids);
    }
  });
});
