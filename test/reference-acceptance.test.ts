/**
 * What `@huggingface/inference` (the reference) accepts, this library accepts and answers alike.
 *
 * Every task is called through BOTH clients with the same `fetch` (the loopback mock provider's, which sends
 * every URL to a server on 127.0.0.1), with inputs the reference's types allow (edge forms included: lists of
 * texts, the legacy `data` field, ArrayBuffer beside Blob, optional fields left out) and provider answers the
 * reference returns without error (edge forms included: vectors nested four deep, empty lists, legacy
 * answers). Ours must not reject either, and must return the same value. The few deliberate differences are
 * listed in `STRICTER` at the end, each asserted both ways.
 *
 * The reference downloads result files (fal-ai) with the global `fetch`: it is the mock's for this file.
 */
import {
  InferenceClient as ReferenceClient,
  InferenceClientProviderOutputError as RefOutputError,
} from "@huggingface/inference";
import { beforeAll, describe, expect, it } from "vitest";
import { InferenceClient, InferenceClientProviderOutputError } from "../src/index.js";
import type { MockReply, MockRequest } from "../src/testing/index.js";
import { collect } from "./support/collect.js";
import { useMockProvider } from "./support/loopback.js";
import { PNG, wav } from "./support/media.js";
import { referenceOn } from "./support/reference.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const WAV = wav(4);
const MP4 = Uint8Array.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]);
const FLAC = Uint8Array.from([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 0x22, 1, 2, 3, 4]);

const pngBlob = () => new Blob([PNG], { type: "image/png" });
const pngBuffer = () => PNG.slice().buffer as ArrayBuffer;
const wavBlob = () => new Blob([WAV], { type: "audio/wav" });
const wavBuffer = () => WAV.slice().buffer as ArrayBuffer;

type Client = ReferenceClient | InferenceClient;
/** Both clients have the same method names; the cast lets one table call either. */
type AnyClient = Record<string, (args: unknown, options?: unknown) => any>;

interface Case {
  /** Task method and what is special about the case. */
  name: string;
  task: string;
  provider: string;
  call: (c: AnyClient, model: string) => Promise<unknown>;
  /** The provider's answer (the Hub's mapping look-ups are answered by the mock itself). */
  reply: (req: MockRequest) => MockReply | undefined;
  /** A deliberate difference, asserted both ways, in place of plain equality. */
  differs?: (mine: unknown, theirs: unknown) => void;
}

/**
 * The reference labels every data URL it builds `image/jpeg` whatever the bytes; ours says what the
 * bytes are. The payload is the same.
 */
function dataUrlsDifferOnlyInLabel(mine: unknown, theirs: unknown): void {
  const [ourHead, ourData] = String(mine).split(",");
  const [theirHead, theirData] = String(theirs).split(",");
  expect(theirHead).toBe("data:image/jpeg;base64");
  expect(ourHead).toBe("data:image/png;base64");
  expect(ourData).toBe(Buffer.from(PNG).toString("base64"));
  expect(ourData).toBe(theirData);
}

const json = (body: unknown) => () => ({ json: body });
const bytes = (b: Uint8Array, type: string) => () => ({ bytes: b, headers: { "content-type": type } });

/** fal-ai's queue: submit, status, result, then the file on fal's CDN. */
function falQueue(result: Record<string, unknown>, file: Uint8Array, type: string) {
  return (req: MockRequest): MockReply => {
    if (req.host.endsWith("fal.media")) return { bytes: file, headers: { "content-type": type } };
    if (req.method === "POST") {
      return {
        json: {
          request_id: "req-1",
          status: "IN_QUEUE",
          queue_position: 0,
          response_url: "https://queue.fal.run/fal-ai/some-app/requests/req-1",
          status_url: "https://queue.fal.run/fal-ai/some-app/requests/req-1/status",
          cancel_url: "https://queue.fal.run/fal-ai/some-app/requests/req-1/cancel",
        },
      };
    }
    if (req.path.endsWith("/status")) return { json: { status: "COMPLETED", request_id: "req-1" } };
    return { json: result };
  };
}

const CHAT_ANSWER = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1733000000,
  model: "org/model",
  system_fingerprint: null,
  choices: [{ index: 0, message: { role: "assistant", content: "Paris." }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
};
const MESSAGES = [{ role: "user", content: "Capital of France?" }];
const TABLE = { Repository: ["Transformers", "Datasets"], Stars: ["36542", "4512"] };
const TABLE_ANSWER = { answer: "AVERAGE > 36542", coordinates: [[0, 1]], cells: ["36542"], aggregator: "AVERAGE" };
const QA_ANSWER = { answer: "Clara", score: 0.98, start: 11, end: 16 };
const ROWS = { data: { sepal_length: ["5.1", "4.9"], sepal_width: ["3.5", "3.0"] } };

const CASES: Case[] = [
  // Chat and text generation -----------------------------------------------------------------------------
  {
    name: "chatCompletion",
    task: "conversational",
    provider: "hf-inference",
    call: (c, model) => c.chatCompletion!({ model, provider: "hf-inference", messages: MESSAGES }),
    reply: json(CHAT_ANSWER),
  },
  {
    name: "chatCompletion, optional fields (max_tokens, temperature...) absent, third-party provider",
    task: "conversational",
    provider: "together",
    call: (c, model) => c.chatCompletion!({ model, provider: "together", messages: MESSAGES }),
    reply: json({ ...CHAT_ANSWER, system_fingerprint: undefined }),
  },
  {
    name: "textGeneration",
    task: "text-generation",
    provider: "together",
    call: (c, model) =>
      c.textGeneration!({ model, provider: "together", inputs: "Once", parameters: { max_new_tokens: 5 } }),
    reply: json({
      id: "cmpl-1",
      object: "text_completion",
      created: 1733000000,
      model: "org/model",
      choices: [{ index: 0, text: " upon a time", finish_reason: "length", logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 4, total_tokens: 5 },
    }),
  },
  // Embeddings and similarity -----------------------------------------------------------------------------
  {
    name: "featureExtraction, one text -> number[]",
    task: "feature-extraction",
    provider: "hf-inference",
    call: (c, model) => c.featureExtraction!({ model, provider: "hf-inference", inputs: "a happy person" }),
    reply: json([0.1, -0.2, 0.3]),
  },
  {
    name: "featureExtraction, string[] -> number[][]",
    task: "feature-extraction",
    provider: "hf-inference",
    call: (c, model) => c.featureExtraction!({ model, provider: "hf-inference", inputs: ["a", "b"] }),
    reply: json([
      [0.1, 0.2],
      [0.3, 0.4],
    ]),
  },
  {
    name: "featureExtraction, one text, token embeddings -> number[][][]",
    task: "feature-extraction",
    provider: "hf-inference",
    call: (c, model) => c.featureExtraction!({ model, provider: "hf-inference", inputs: "ab" }),
    reply: json([
      [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
    ]),
  },
  {
    name: "featureExtraction, string[] with token embeddings -> number[][][][]",
    task: "feature-extraction",
    provider: "hf-inference",
    call: (c, model) => c.featureExtraction!({ model, provider: "hf-inference", inputs: ["ab", "cd"] }),
    reply: json([
      [
        [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
      ],
      [
        [
          [0.5, 0.6],
          [0.7, 0.8],
        ],
      ],
    ]),
  },
  {
    name: "featureExtraction, empty answer",
    task: "feature-extraction",
    provider: "hf-inference",
    call: (c, model) => c.featureExtraction!({ model, provider: "hf-inference", inputs: [] }),
    reply: json([]),
  },
  {
    name: "featureExtraction, OpenAI-style provider, optional fields set",
    task: "feature-extraction",
    provider: "together",
    call: (c, model) =>
      c.featureExtraction!({ model, provider: "together", inputs: ["a", "b"], encoding_format: "float" }),
    reply: json({
      object: "list",
      model: "org/model",
      data: [
        { object: "embedding", index: 0, embedding: [0.1, 0.2] },
        { object: "embedding", index: 1, embedding: [0.3, 0.4] },
      ],
    }),
  },
  {
    name: "sentenceSimilarity",
    task: "sentence-similarity",
    provider: "hf-inference",
    call: (c, model) =>
      c.sentenceSimilarity!({
        model,
        provider: "hf-inference",
        inputs: { source_sentence: "a happy person", sentences: ["a happy dog", "a sunny day"] },
      }),
    reply: json([0.8, 0.1]),
  },
  // Text pipelines ---------------------------------------------------------------------------------------
  {
    name: "fillMask",
    task: "fill-mask",
    provider: "hf-inference",
    call: (c, model) => c.fillMask!({ model, provider: "hf-inference", inputs: "[MASK] world!" }),
    reply: json([{ score: 0.9, token: 7592, token_str: "hello", sequence: "hello world!" }]),
  },
  {
    name: "summarization, parameters given",
    task: "summarization",
    provider: "hf-inference",
    call: (c, model) =>
      c.summarization!({ model, provider: "hf-inference", inputs: "A long text.", parameters: { max_length: 100 } }),
    reply: json([{ summary_text: "Short." }]),
  },
  {
    name: "summarization, string[] (the first summary is returned)",
    task: "summarization",
    provider: "hf-inference",
    call: (c, model) => c.summarization!({ model, provider: "hf-inference", inputs: ["One text.", "Another."] }),
    reply: json([{ summary_text: "One." }, { summary_text: "Two." }]),
  },
  {
    name: "questionAnswering, one answer as an object",
    task: "question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.questionAnswering!({
        model,
        provider: "hf-inference",
        inputs: { question: "What is my name?", context: "My name is Clara." },
      }),
    reply: json(QA_ANSWER),
  },
  {
    name: "questionAnswering, top answers as an array",
    task: "question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.questionAnswering!({
        model,
        provider: "hf-inference",
        inputs: { question: "What is my name?", context: "My name is Clara." },
        parameters: { top_k: 2 },
      }),
    reply: json([QA_ANSWER, { ...QA_ANSWER, answer: "Clara.", score: 0.01 }]),
  },
  {
    name: "tableQuestionAnswering, object answer",
    task: "table-question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.tableQuestionAnswering!({
        model,
        provider: "hf-inference",
        inputs: { question: "How many stars?", table: TABLE },
      }),
    reply: json(TABLE_ANSWER),
  },
  {
    name: "tableQuestionAnswering, array answer",
    task: "table-question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.tableQuestionAnswering!({
        model,
        provider: "hf-inference",
        inputs: { question: "How many stars?", table: TABLE },
      }),
    reply: json([TABLE_ANSWER]),
  },
  {
    name: "textClassification",
    task: "text-classification",
    provider: "hf-inference",
    call: (c, model) => c.textClassification!({ model, provider: "hf-inference", inputs: "I like you." }),
    reply: json([
      [
        { label: "POSITIVE", score: 0.99 },
        { label: "NEGATIVE", score: 0.01 },
      ],
    ]),
  },
  {
    name: "textClassification, string[] (the first text's classes are returned)",
    task: "text-classification",
    provider: "hf-inference",
    call: (c, model) => c.textClassification!({ model, provider: "hf-inference", inputs: ["I like you.", "Meh."] }),
    reply: json([[{ label: "POSITIVE", score: 0.99 }], [{ label: "NEGATIVE", score: 0.7 }]]),
  },
  {
    name: "tokenClassification",
    task: "token-classification",
    provider: "hf-inference",
    call: (c, model) => c.tokenClassification!({ model, provider: "hf-inference", inputs: "My name is Sarah" }),
    reply: json([{ entity_group: "PER", score: 0.99, word: "Sarah", start: 11, end: 16 }]),
  },
  {
    name: "translation, one text",
    task: "translation",
    provider: "hf-inference",
    call: (c, model) => c.translation!({ model, provider: "hf-inference", inputs: "My name is Wolfgang" }),
    reply: json([{ translation_text: "Mein Name ist Wolfgang" }]),
  },
  {
    name: "translation, string[] with parameters -> one translation each",
    task: "translation",
    provider: "hf-inference",
    call: (c, model) =>
      c.translation!({
        model,
        provider: "hf-inference",
        inputs: ["Hello", "Goodbye"],
        parameters: { src_lang: "en_XX", tgt_lang: "fr_XX" },
      }),
    reply: json([{ translation_text: "Bonjour" }, { translation_text: "Au revoir" }]),
  },
  {
    name: "translation, empty answer",
    task: "translation",
    provider: "hf-inference",
    call: (c, model) => c.translation!({ model, provider: "hf-inference", inputs: [] }),
    reply: json([]),
  },
  {
    name: "zeroShotClassification, string[] (as the reference README passes it)",
    task: "zero-shot-classification",
    provider: "hf-inference",
    call: (c, model) =>
      c.zeroShotClassification!({
        model,
        provider: "hf-inference",
        inputs: ["I want my money back"],
        parameters: { candidate_labels: ["refund", "legal", "faq"] },
      }),
    reply: json([
      { label: "refund", score: 0.9 },
      { label: "faq", score: 0.06 },
      { label: "legal", score: 0.04 },
    ]),
  },
  {
    name: "zeroShotClassification, legacy answer {sequence, labels, scores}",
    task: "zero-shot-classification",
    provider: "hf-inference",
    call: (c, model) =>
      c.zeroShotClassification!({
        model,
        provider: "hf-inference",
        inputs: "I want my money back",
        parameters: { candidate_labels: ["refund", "faq"] },
      }),
    reply: json({ sequence: "I want my money back", labels: ["refund", "faq"], scores: [0.9, 0.1] }),
  },
  // Audio ------------------------------------------------------------------------------------------------
  {
    name: "audioClassification, Blob",
    task: "audio-classification",
    provider: "hf-inference",
    call: (c, model) => c.audioClassification!({ model, provider: "hf-inference", inputs: wavBlob() }),
    reply: json([{ label: "speech", score: 0.9 }]),
  },
  {
    name: "audioClassification, legacy data: ArrayBuffer",
    task: "audio-classification",
    provider: "hf-inference",
    call: (c, model) => c.audioClassification!({ model, provider: "hf-inference", data: wavBuffer() }),
    reply: json([{ label: "music", score: 0.6 }]),
  },
  {
    name: "automaticSpeechRecognition, Blob",
    task: "automatic-speech-recognition",
    provider: "hf-inference",
    call: (c, model) => c.automaticSpeechRecognition!({ model, provider: "hf-inference", inputs: wavBlob() }),
    reply: json({ text: "hello world" }),
  },
  {
    name: "automaticSpeechRecognition, legacy data: ArrayBuffer, answer with chunks",
    task: "automatic-speech-recognition",
    provider: "hf-inference",
    call: (c, model) => c.automaticSpeechRecognition!({ model, provider: "hf-inference", data: wavBuffer() }),
    reply: json({
      text: "hello world",
      chunks: [
        { text: "hello", timestamp: [0, 0.5] },
        { text: " world", timestamp: [0.5, 1.1] },
      ],
    }),
  },
  {
    name: "textToSpeech",
    task: "text-to-speech",
    provider: "hf-inference",
    call: (c, model) => c.textToSpeech!({ model, provider: "hf-inference", inputs: "Hello" }),
    reply: bytes(FLAC, "audio/flac"),
  },
  {
    name: "textToAudio",
    task: "text-to-audio",
    provider: "hf-inference",
    call: (c, model) => c.textToAudio!({ model, provider: "hf-inference", inputs: "A jazz tune" }),
    reply: bytes(WAV, "audio/wav"),
  },
  {
    name: "audioToAudio, Blob",
    task: "audio-to-audio",
    provider: "hf-inference",
    call: (c, model) => c.audioToAudio!({ model, provider: "hf-inference", inputs: wavBlob() }),
    reply: json([{ label: "speech", blob: Buffer.from(WAV).toString("base64"), "content-type": "audio/wav" }]),
  },
  {
    name: "audioToAudio, legacy data: ArrayBuffer, empty answer",
    task: "audio-to-audio",
    provider: "hf-inference",
    call: (c, model) => c.audioToAudio!({ model, provider: "hf-inference", data: wavBuffer() }),
    reply: json([]),
  },
  // Vision -----------------------------------------------------------------------------------------------
  {
    name: "imageClassification, Blob",
    task: "image-classification",
    provider: "hf-inference",
    call: (c, model) => c.imageClassification!({ model, provider: "hf-inference", inputs: pngBlob() }),
    reply: json([{ label: "cat", score: 0.9 }]),
  },
  {
    name: "imageClassification, legacy data: ArrayBuffer",
    task: "image-classification",
    provider: "hf-inference",
    call: (c, model) => c.imageClassification!({ model, provider: "hf-inference", data: pngBuffer() }),
    reply: json([{ label: "dog", score: 0.8 }]),
  },
  {
    name: "objectDetection",
    task: "object-detection",
    provider: "hf-inference",
    call: (c, model) => c.objectDetection!({ model, provider: "hf-inference", inputs: pngBlob() }),
    reply: json([{ label: "cat", score: 0.9, box: { xmin: 1, ymin: 2, xmax: 30, ymax: 40 } }]),
  },
  {
    name: "zeroShotImageClassification, Blob",
    task: "zero-shot-image-classification",
    provider: "hf-inference",
    call: (c, model) =>
      c.zeroShotImageClassification!({
        model,
        provider: "hf-inference",
        inputs: pngBlob(),
        parameters: { candidate_labels: ["cat", "dog"] },
      }),
    reply: json([
      { label: "cat", score: 0.7 },
      { label: "dog", score: 0.3 },
    ]),
  },
  {
    name: "zeroShotImageClassification, legacy {image: ArrayBuffer}",
    task: "zero-shot-image-classification",
    provider: "hf-inference",
    call: (c, model) =>
      c.zeroShotImageClassification!({
        model,
        provider: "hf-inference",
        inputs: { image: pngBuffer() },
        parameters: { candidate_labels: ["cat", "dog"] },
      }),
    reply: json([{ label: "dog", score: 0.6 }]),
  },
  {
    name: "imageToText, Blob",
    task: "image-to-text",
    provider: "hf-inference",
    call: (c, model) => c.imageToText!({ model, provider: "hf-inference", inputs: pngBlob() }),
    reply: json({ generated_text: "a cat on a mat" }),
  },
  {
    name: "imageToText, legacy data: ArrayBuffer",
    task: "image-to-text",
    provider: "hf-inference",
    call: (c, model) => c.imageToText!({ model, provider: "hf-inference", data: pngBuffer() }),
    reply: json({ generated_text: "a dog" }),
  },
  {
    name: "visualQuestionAnswering",
    task: "visual-question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.visualQuestionAnswering!({
        model,
        provider: "hf-inference",
        inputs: { question: "What animal?", image: pngBlob() },
      }),
    reply: json([
      { answer: "cat", score: 0.9 },
      { answer: "dog", score: 0.1 },
    ]),
  },
  {
    name: "documentQuestionAnswering",
    task: "document-question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.documentQuestionAnswering!({
        model,
        provider: "hf-inference",
        inputs: { question: "Invoice number?", image: pngBlob() },
      }),
    reply: json([{ answer: "us-001", score: 0.9, start: 16, end: 16 }]),
  },
  {
    name: "documentQuestionAnswering, score/start/end absent",
    task: "document-question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.documentQuestionAnswering!({
        model,
        provider: "hf-inference",
        inputs: { question: "Invoice number?", image: pngBlob() },
      }),
    reply: json([{ answer: "us-001" }]),
  },
  {
    name: "imageSegmentation",
    task: "image-segmentation",
    provider: "hf-inference",
    call: (c, model) => c.imageSegmentation!({ model, provider: "hf-inference", inputs: pngBlob() }),
    reply: json([
      { label: "cat", score: 0.9, mask: Buffer.from(PNG).toString("base64") },
      { label: "background", mask: Buffer.from(PNG).toString("base64") },
    ]),
  },
  {
    name: "textToImage, no options -> Blob",
    task: "text-to-image",
    provider: "hf-inference",
    call: (c, model) => c.textToImage!({ model, provider: "hf-inference", inputs: "a red fox" }),
    reply: bytes(PNG, "image/png"),
  },
  {
    name: "textToImage, empty options, parameters given -> Blob",
    task: "text-to-image",
    provider: "hf-inference",
    call: (c, model) =>
      c.textToImage!({ model, provider: "hf-inference", inputs: "a red fox", parameters: { width: 512 } }, {}),
    reply: bytes(PNG, "image/png"),
  },
  {
    name: 'textToImage, outputType "dataUrl"',
    task: "text-to-image",
    provider: "hf-inference",
    call: (c, model) =>
      c.textToImage!({ model, provider: "hf-inference", inputs: "a red fox" }, { outputType: "dataUrl" }),
    reply: bytes(PNG, "image/png"),
    differs: dataUrlsDifferOnlyInLabel,
  },
  {
    name: 'textToImage, outputType "json"',
    task: "text-to-image",
    provider: "hf-inference",
    call: (c, model) =>
      c.textToImage!({ model, provider: "hf-inference", inputs: "a red fox" }, { outputType: "json" }),
    reply: bytes(PNG, "image/png"),
    // The reference means `{output: dataUrl}` here, but an image answer is a Blob, which it takes for an
    // object and spreads into an object with no fields. Ours gives the image.
    differs: (mine, theirs) => {
      expect(Object.keys(theirs as object)).toEqual([]);
      expect(Object.keys(mine as object)).toEqual(["output"]);
      expect((mine as { output: string }).output).toBe(`data:image/png;base64,${Buffer.from(PNG).toString("base64")}`);
    },
  },
  {
    name: "imageToImage, Blob, no parameters",
    task: "image-to-image",
    provider: "hf-inference",
    call: (c, model) => c.imageToImage!({ model, provider: "hf-inference", inputs: pngBlob() }),
    reply: bytes(PNG, "image/png"),
  },
  {
    name: "imageTextToImage, prompt only (inputs absent)",
    task: "image-text-to-image",
    provider: "fal-ai",
    call: (c, model) =>
      c.imageTextToImage!({ model, provider: "fal-ai", parameters: { prompt: "a red fox in the snow" } }),
    reply: falQueue({ images: [{ url: "https://v3.fal.media/files/out.png" }] }, PNG, "image/png"),
  },
  {
    name: "textToVideo",
    task: "text-to-video",
    provider: "fal-ai",
    call: (c, model) => c.textToVideo!({ model, provider: "fal-ai", inputs: "a fox running" }),
    reply: falQueue({ video: { url: "https://v3.fal.media/files/out.mp4" } }, MP4, "video/mp4"),
  },
  {
    name: "imageToVideo, Blob",
    task: "image-to-video",
    provider: "fal-ai",
    call: (c, model) =>
      c.imageToVideo!({ model, provider: "fal-ai", inputs: pngBlob(), parameters: { prompt: "it moves" } }),
    reply: falQueue({ video: { url: "https://v3.fal.media/files/out.mp4" } }, MP4, "video/mp4"),
  },
  {
    name: "imageTextToVideo, Blob with prompt",
    task: "image-text-to-video",
    provider: "fal-ai",
    call: (c, model) =>
      c.imageTextToVideo!({ model, provider: "fal-ai", inputs: pngBlob(), parameters: { prompt: "it moves" } }),
    reply: falQueue({ video: { url: "https://v3.fal.media/files/out.mp4" } }, MP4, "video/mp4"),
  },
  // Tabular ----------------------------------------------------------------------------------------------
  {
    name: "tabularRegression",
    task: "tabular-regression",
    provider: "hf-inference",
    call: (c, model) => c.tabularRegression!({ model, provider: "hf-inference", inputs: ROWS }),
    reply: json([1.5, 2.25]),
  },
  {
    name: "tabularClassification",
    task: "tabular-classification",
    provider: "hf-inference",
    call: (c, model) => c.tabularClassification!({ model, provider: "hf-inference", inputs: ROWS }),
    reply: json([0, 1]),
  },
  // Generic requests -------------------------------------------------------------------------------------
  {
    name: "request (deprecated), task given",
    task: "text-classification",
    provider: "hf-inference",
    call: (c, model) =>
      c.request!({ model, provider: "hf-inference", inputs: "I like you." }, { task: "text-classification" }),
    reply: json([[{ label: "POSITIVE", score: 0.99 }]]),
  },
  {
    name: "request (deprecated), a third-party provider's task: its first answer as is",
    task: "text-to-image",
    provider: "together",
    call: (c, model) => c.request!({ model, provider: "together", inputs: "a red fox" }, { task: "text-to-image" }),
    reply: json({ id: "img-1", model: "m", object: "list", data: [{ index: 0, b64_json: "iVBORw0KGgo=" }] }),
  },
  {
    name: "request (deprecated), a queued job: the submission answer, not polled",
    task: "text-to-video",
    provider: "fal-ai",
    call: (c, model) => c.request!({ model, provider: "fal-ai", inputs: "a fox running" }, { task: "text-to-video" }),
    reply: falQueue({ video: { url: "https://v3.fal.media/files/out.mp4" } }, MP4, "video/mp4"),
  },
];

/** Blobs compared by type and bytes; everything else structurally. */
async function comparable(v: unknown): Promise<unknown> {
  if (v instanceof Blob)
    return { blob: v.type.split(";")[0], bytes: Buffer.from(await v.arrayBuffer()).toString("hex") };
  return v;
}

const mock = useMockProvider();
referenceOn(mock);
let reference: ReferenceClient;
let ours: InferenceClient;

beforeAll(() => {
  reference = new ReferenceClient(TOKEN, { fetch: mock.fetch });
  ours = new InferenceClient(TOKEN, { fetch: mock.fetch, maxRetries: 0 });
});

let seq = 0;
/** A model of its own per case (the reference caches mappings per model), mapped to the case's provider. */
function setUp(c: { task: string; provider: string; reply: Case["reply"] }): string {
  const model = `acceptance/model-${++seq}`;
  mock.reset();
  mock.mapModel(model, [{ provider: c.provider, providerId: `${c.provider}-id/model-${seq}`, task: c.task }]);
  mock.on((r) => r.host !== "huggingface.co", c.reply);
  return model;
}

describe("what the reference accepts is accepted, with the same result", () => {
  it("the table covers every task method of the reference's client", () => {
    const methods = new Set(CASES.map((c) => /^\w+/.exec(c.name)![0]));
    for (const streaming of ["chatCompletionStream", "textGenerationStream", "streamingRequest"])
      methods.add(streaming);
    // The reference defines its task functions as own (non-enumerable) properties of each instance.
    const refMethods = Object.getOwnPropertyNames(reference).filter(
      (k) => typeof (reference as unknown as AnyClient)[k] === "function",
    );
    expect(refMethods.length).toBe(36);
    expect(refMethods.filter((m) => !methods.has(m))).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const model = setUp(c);
      const theirs = await c.call(reference as unknown as AnyClient, model);
      const sentToReference = mock.requests.filter((r) => r.host !== "huggingface.co").length;
      expect(sentToReference).toBeGreaterThan(0);
      const model2 = setUp(c);
      const mine = await c.call(ours as unknown as AnyClient, model2);
      if (c.differs) c.differs(mine, theirs);
      else expect(await comparable(mine)).toEqual(await comparable(theirs));
    });
  }

  it("chatCompletionStream: the same text from the same events", async () => {
    const events = [
      {
        id: "c1",
        object: "chat.completion.chunk",
        created: 1,
        model: "m",
        choices: [{ index: 0, delta: { role: "assistant", content: "Par" }, finish_reason: null }],
      },
      {
        id: "c1",
        object: "chat.completion.chunk",
        created: 1,
        model: "m",
        choices: [{ index: 0, delta: { content: "is." }, finish_reason: "stop" }],
      },
    ];
    const spec = { task: "conversational", provider: "together", reply: () => ({ events }) };
    const text = (chunks: unknown[]) => chunks.map((x: any) => x.choices?.[0]?.delta?.content ?? "").join("");
    const args = (model: string) => ({ model, provider: "together", messages: MESSAGES });
    const theirs = await collect(reference.chatCompletionStream(args(setUp(spec)) as never));
    const mine = await collect(ours.chatCompletionStream(args(setUp(spec)) as never));
    expect(text(mine)).toBe("Paris.");
    expect(text(mine)).toBe(text(theirs));
    expect(mine.length).toBe(theirs.length);
  });

  it("textGenerationStream: the same tokens from the same TGI events", async () => {
    const events = [
      { index: 1, token: { id: 1, text: " upon", logprob: -0.1, special: false }, generated_text: null, details: null },
      {
        index: 2,
        token: { id: 2, text: " a time", logprob: -0.2, special: false },
        generated_text: " upon a time",
        details: null,
      },
    ];
    const spec = { task: "text-generation", provider: "hf-inference", reply: () => ({ events }) };
    const args = (model: string) => ({ model, provider: "hf-inference", inputs: "Once" });
    const theirs = await collect(reference.textGenerationStream(args(setUp(spec)) as never));
    const mine = await collect(ours.textGenerationStream(args(setUp(spec)) as never));
    const tokens = (xs: unknown[]) => xs.map((x: any) => x.token.text);
    expect(tokens(mine)).toEqual([" upon", " a time"]);
    expect(tokens(mine)).toEqual(tokens(theirs));
  });

  it("streamingRequest (deprecated): the same events", async () => {
    const events = [{ a: 1 }, { a: 2, choices: [{ finish_reason: "stop" }] }];
    const spec = { task: "conversational", provider: "together", reply: () => ({ events }) };
    const args = (model: string) => ({ model, provider: "together", messages: MESSAGES });
    const theirs = await collect(reference.streamingRequest(args(setUp(spec)) as never, { task: "conversational" }));
    const mine = await collect(ours.streamingRequest(args(setUp(spec)) as never, { task: "conversational" }));
    expect(mine).toEqual(events);
    expect(mine).toEqual(theirs);
  });
});

/**
 * Deliberate differences: answers the reference returns as `undefined` where its type promises an object
 * (an empty list where one answer is expected). Ours refuses them with a typed output error naming the
 * provider, rather than hand the caller an `undefined` its types say cannot happen.
 */
const STRICTER: Case[] = [
  {
    name: "summarization, empty list",
    task: "summarization",
    provider: "hf-inference",
    call: (c, model) => c.summarization!({ model, provider: "hf-inference", inputs: "text" }),
    reply: json([]),
  },
  {
    name: "visualQuestionAnswering, empty list",
    task: "visual-question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.visualQuestionAnswering!({ model, provider: "hf-inference", inputs: { question: "q", image: pngBlob() } }),
    reply: json([]),
  },
  {
    name: "documentQuestionAnswering, empty list",
    task: "document-question-answering",
    provider: "hf-inference",
    call: (c, model) =>
      c.documentQuestionAnswering!({ model, provider: "hf-inference", inputs: { question: "q", image: pngBlob() } }),
    reply: json([]),
  },
];

describe("deliberately stricter: an empty list where one answer is promised", () => {
  for (const c of STRICTER) {
    it(c.name, async () => {
      const theirs = await c.call(reference as unknown as AnyClient, setUp(c));
      expect(theirs).toBeUndefined();
      const err = await c.call(ours as unknown as AnyClient, setUp(c)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
      expect(err).not.toBeInstanceOf(RefOutputError);
      expect((err as Error).message).toContain("hf-inference");
    });
  }
});

export type { Client };
