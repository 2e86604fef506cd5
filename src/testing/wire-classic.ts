/**
 * The classic pipeline tasks of hf-inference (`POST models/{id}`: fill-mask, question answering,
 * classification, detection, tabular...) and zai-org's layout-parsing OCR, answered in the shapes the
 * real APIs use (from the Inference API documentation and the task specs of `@huggingface/tasks`).
 * Answers are deterministic and follow the input where that is cheap (the masked sentence, the
 * context's words, the candidate labels, `top_k`, the table's rows).
 *
 * Every classic task shares one URL shape, so the mock tells the task, in this order, from:
 *  1. the Hub mapping: the model id after `/models/` (routed calls, or an endpoint URL ending in
 *     `/models/{id}`) has an hf-inference entry registered with `mock.mapModel`, whose `task` is used;
 *  2. a path segment naming the task, for endpoint URLs: `endpointUrl: \`${mock.url}/fill-mask\``;
 *  3. the body, under a `/models/` path, when its shape is unambiguous: `{question, context}`,
 *     `{question, table}`, `{data: table}`, a masked sentence, text with `candidate_labels`, an image
 *     with `candidate_labels`.
 * Anything else is left to the other routes of the mock.
 */
import { isObj } from "./media-jobs.js";
import type { MockReply, MockRequest } from "./types.js";

export const CLASSIC_TASKS = [
  "fill-mask",
  "summarization",
  "question-answering",
  "table-question-answering",
  "text-classification",
  "token-classification",
  "translation",
  "zero-shot-classification",
  "audio-classification",
  "image-classification",
  "object-detection",
  "zero-shot-image-classification",
  "visual-question-answering",
  "document-question-answering",
  "tabular-regression",
  "tabular-classification",
  "image-to-text",
] as const;

export type ClassicTask = (typeof CLASSIC_TASKS)[number];

const isClassic = (t: unknown): t is ClassicTask => (CLASSIC_TASKS as readonly unknown[]).includes(t);
const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A stable number in [0, 1) from bytes or text. */
function hash01(data: Uint8Array | string): number {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return (h >>> 0) / 0x100000000;
}

/** Scores for n ranked items, decreasing, summing to 1. */
function ranked(n: number, seed: number): number[] {
  const raw = Array.from({ length: n }, (_, i) => Math.exp(-(i * (1.5 + seed))));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => round(r / sum));
}

function topK(parameters: unknown, fallback: number): number {
  const k = isObj(parameters) ? parameters.top_k : undefined;
  return typeof k === "number" && k > 0 ? Math.floor(k) : fallback;
}

const hfError = (status: number, error: string): MockReply => ({ status, json: { error } });

/** The task of a classic pipeline request, or undefined when the request is not one. */
export function classicTaskOf(req: MockRequest, mappings: Map<string, unknown[]>): ClassicTask | undefined {
  const m = /\/models\/(.+)$/.exec(req.path);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    for (const entries of mappings.values()) {
      for (const e of entries as Record<string, unknown>[]) {
        if (e.provider === "hf-inference" && (e.providerId === id || e.hfModelId === id) && isClassic(e.task)) {
          return e.task;
        }
      }
    }
  }
  const named = req.path.split("/").find(isClassic);
  if (named) return named;
  if (!m) return undefined;
  const inputs = req.json?.inputs;
  const parameters = req.json?.parameters;
  if (isObj(inputs)) {
    if (typeof inputs.question === "string" && typeof inputs.context === "string") return "question-answering";
    if (isObj(inputs.table)) return "table-question-answering";
    if (isObj(inputs.data)) return "tabular-regression";
    if (typeof inputs.image === "string" && isObj(parameters) && parameters.candidate_labels) {
      return "zero-shot-image-classification";
    }
  }
  if (typeof inputs === "string") {
    if (isObj(parameters) && parameters.candidate_labels) return "zero-shot-classification";
    if (/\[MASK\]|<mask>/.test(inputs)) return "fill-mask";
  }
  return undefined;
}

/** The answer of hf-inference for a classic pipeline request (undefined when not one). */
export function classicReply(req: MockRequest, mappings: Map<string, unknown[]>): MockReply | undefined {
  if (req.path.endsWith("/api/paas/v4/layout_parsing")) return layoutParsing(req);
  const task = classicTaskOf(req, mappings);
  if (!task || req.method !== "POST") return undefined;
  const json = isObj(req.json) ? req.json : undefined;
  const inputs = json?.inputs;
  const parameters = json?.parameters;
  // Binary tasks take raw bytes, or JSON `{inputs: <base64>, parameters}`.
  const media = json ? (typeof inputs === "string" ? inputs : undefined) : req.bytes.length ? req.bytes : undefined;
  switch (task) {
    case "fill-mask":
      return typeof inputs === "string" ? fillMask(inputs, parameters) : hfError(400, "inputs must be a string");
    case "summarization":
      return typeof inputs === "string"
        ? { json: [{ summary_text: summarize(inputs) }] }
        : hfError(400, "inputs must be a string");
    case "question-answering":
      return isObj(inputs) && typeof inputs.context === "string" && typeof inputs.question === "string"
        ? { json: answerFrom(inputs.question, inputs.context) }
        : hfError(400, "inputs must be {question, context}");
    case "table-question-answering":
      return isObj(inputs) && isObj(inputs.table)
        ? { json: tableAnswer(String(inputs.question ?? inputs.query ?? ""), inputs.table) }
        : hfError(400, "inputs must be {question, table}");
    case "text-classification":
      return typeof inputs === "string"
        ? { json: [sentiment(inputs, parameters)] }
        : hfError(400, "inputs must be a string");
    case "token-classification":
      return typeof inputs === "string" ? { json: entities(inputs) } : hfError(400, "inputs must be a string");
    case "translation":
      return typeof inputs === "string"
        ? { json: [{ translation_text: translate(inputs, parameters) }] }
        : hfError(400, "inputs must be a string");
    case "zero-shot-classification":
      return typeof inputs === "string" ? zeroShot(inputs, parameters) : hfError(400, "inputs must be a string");
    case "audio-classification":
      return media
        ? { json: labelled(["neu", "hap", "ang", "sad"], media, topK(parameters, 5)) }
        : hfError(400, "Malformed soundfile");
    case "image-classification":
      return media ? { json: labelled(IMAGENET, media, topK(parameters, 5)) } : hfError(400, "Incorrect image");
    case "object-detection":
      return media ? { json: detections(parameters) } : hfError(400, "Incorrect image");
    case "image-to-text":
      return media
        ? { json: [{ generated_text: "a cat laying on a blanket next to another cat" }] }
        : hfError(400, "Incorrect image");
    case "zero-shot-image-classification": {
      const image = isObj(inputs) ? inputs.image : inputs;
      if (typeof image !== "string") return hfError(400, "inputs must be {image: <base64>}");
      return zeroShot(image, parameters);
    }
    case "visual-question-answering":
    case "document-question-answering": {
      if (!isObj(inputs) || typeof inputs.image !== "string" || typeof inputs.question !== "string") {
        return hfError(400, "inputs must be {image: <base64>, question}");
      }
      return task === "visual-question-answering"
        ? { json: visualAnswers(inputs.question, parameters) }
        : { json: [{ score: 0.4251, answer: "us-001", start: 16, end: 16 }] };
    }
    case "tabular-regression":
    case "tabular-classification": {
      const data = isObj(inputs) ? inputs.data : undefined;
      if (!isObj(data)) return hfError(400, "inputs must be {data: {column: values}}");
      const rows = (Object.values(data)[0] as unknown[] | undefined)?.length ?? 0;
      return {
        json: Array.from({ length: rows }, (_, i) =>
          task === "tabular-regression" ? round(110 + i * 24.75, 2) : 5 + (i % 3),
        ),
      };
    }
  }
}

const FILLS: [string, number][] = [
  ["happiness", 8404],
  ["survival", 7691],
  ["salvation", 12611],
  ["freedom", 4071],
  ["unity", 8499],
];

function fillMask(text: string, parameters: unknown): MockReply {
  const mask = /\[MASK\]/.test(text) ? "[MASK]" : /<mask>/.test(text) ? "<mask>" : undefined;
  if (!mask) return hfError(400, "No mask_token ([MASK]) found on the input");
  const k = Math.min(topK(parameters, 5), FILLS.length);
  const scores = ranked(k, 0.2);
  return {
    json: FILLS.slice(0, k).map(([token_str, token], i) => ({
      score: scores[i],
      token,
      token_str,
      sequence: text.replace(mask, token_str),
    })),
  };
}

function summarize(text: string): string {
  const sentence = /^[^.!?]*[.!?]/.exec(text.trim())?.[0] ?? text.trim();
  const words = sentence.split(/\s+/);
  return words.length > 24 ? `${words.slice(0, 24).join(" ")} ...` : sentence;
}

const STOP = new Set([
  "My",
  "The",
  "I",
  "A",
  "An",
  "It",
  "We",
  "He",
  "She",
  "They",
  "This",
  "That",
  "Hi",
  "Hello",
  "What",
  "Where",
  "Who",
  "How",
]);

/** Spans of consecutive capitalised words (names), skipping common sentence openers. */
function names(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)*/gu)) {
    let word = m[0];
    let start = m.index!;
    const first = word.split(/\s+/)[0]!;
    if (STOP.has(first)) {
      const rest = word.slice(first.length).trimStart();
      if (!rest) continue;
      start += word.length - rest.length;
      word = rest;
    }
    out.push({ word, start, end: start + word.length });
  }
  return out;
}

function answerFrom(question: string, context: string) {
  const found = names(context).find((n) => !question.includes(n.word));
  if (found) return { score: 0.9731, start: found.start, end: found.end, answer: found.word };
  const w = /\S+/.exec(context);
  const answer = w?.[0] ?? "";
  return { score: 0.1207, start: w?.index ?? 0, end: (w?.index ?? 0) + answer.length, answer };
}

function tableAnswer(question: string, table: Record<string, unknown>) {
  const columns = Object.keys(table);
  const col = (i: number) => (Array.isArray(table[columns[i]!]) ? (table[columns[i]!] as unknown[]).map(String) : []);
  if (/^how many\b/i.test(question.trim())) {
    const cells = col(0);
    return {
      answer: `COUNT > ${cells.join(", ")}`,
      coordinates: cells.map((_, r) => [r, 0]),
      cells,
      aggregator: "COUNT",
    };
  }
  const last = columns.length - 1;
  const cell = col(last)[0] ?? "";
  return { answer: cell, coordinates: [[0, last]], cells: [cell], aggregator: "NONE" };
}

const NEGATIVE = /\b(bad|hate|terrible|awful|worst|sad|not|never|broken)\b/i;

function sentiment(text: string, parameters: unknown) {
  const neg = NEGATIVE.test(text);
  const top = round(0.9987 - hash01(text) * 0.01);
  const out = [
    { label: neg ? "NEGATIVE" : "POSITIVE", score: top },
    { label: neg ? "POSITIVE" : "NEGATIVE", score: round(1 - top) },
  ];
  return out.slice(0, topK(parameters, 2));
}

const PLACES = new Set(["Paris", "London", "Berlin", "France", "Germany", "Berkeley", "New York", "Tokyo", "Madrid"]);

function entities(text: string) {
  return names(text).map((n) => ({
    entity_group: PLACES.has(n.word) ? "LOC" : /(Inc|Corp|Face|Labs)$/.test(n.word) ? "ORG" : "PER",
    score: round(0.99 - hash01(n.word) * 0.02),
    word: n.word,
    start: n.start,
    end: n.end,
  }));
}

function translate(text: string, parameters: unknown): string {
  const tgt = isObj(parameters) && typeof parameters.tgt_lang === "string" ? parameters.tgt_lang : "en";
  return `(${tgt}) ${text}`;
}

function zeroShot(input: string, parameters: unknown): MockReply {
  const raw = isObj(parameters) ? parameters.candidate_labels : undefined;
  const labels: string[] = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === "string"
      ? raw.split(",").map((s) => s.trim())
      : [];
  if (!labels.length)
    return hfError(400, "The following `model_kwargs` are not used by the model: candidate_labels is required");
  const lower = input.toLowerCase();
  const order = [...labels].sort(
    (a, b) => Number(lower.includes(b.toLowerCase())) - Number(lower.includes(a.toLowerCase())),
  );
  const scores = ranked(order.length, hash01(input));
  return { json: order.map((label, i) => ({ label, score: scores[i] })) };
}

const IMAGENET = ["Egyptian cat", "tabby, tabby cat", "tiger cat", "lynx, catamount", "Siamese cat, Siamese"];

function labelled(labels: string[], media: Uint8Array | string, k: number) {
  const scores = ranked(labels.length, hash01(media));
  return labels.slice(0, Math.min(k, labels.length)).map((label, i) => ({ label, score: scores[i]! }));
}

const DETECTIONS = [
  { score: 0.9982, label: "remote", box: { xmin: 40, ymin: 70, xmax: 175, ymax: 117 } },
  { score: 0.9961, label: "remote", box: { xmin: 333, ymin: 72, xmax: 368, ymax: 187 } },
  { score: 0.9955, label: "couch", box: { xmin: 0, ymin: 1, xmax: 639, ymax: 473 } },
  { score: 0.9988, label: "cat", box: { xmin: 13, ymin: 52, xmax: 314, ymax: 470 } },
  { score: 0.9987, label: "cat", box: { xmin: 345, ymin: 23, xmax: 640, ymax: 368 } },
  { score: 0.6123, label: "bed", box: { xmin: 0, ymin: 0, xmax: 640, ymax: 480 } },
];

function detections(parameters: unknown) {
  const t = isObj(parameters) && typeof parameters.threshold === "number" ? parameters.threshold : 0.9;
  return DETECTIONS.filter((d) => d.score >= t);
}

function visualAnswers(question: string, parameters: unknown) {
  const answers = /^how many\b/i.test(question.trim()) ? ["2", "1", "3", "4", "0"] : ["yes", "no", "cat", "couch", "2"];
  const scores = ranked(answers.length, hash01(question));
  return answers.slice(0, topK(parameters, 5)).map((answer, i) => ({ score: scores[i]!, answer }));
}

/** zai-org `POST api/paas/v4/layout_parsing`: `{model, file}` -> Markdown and layout details. */
function layoutParsing(req: MockRequest): MockReply {
  const body = req.json;
  if (!isObj(body) || typeof body.model !== "string" || typeof body.file !== "string" || !body.file) {
    return {
      status: 400,
      json: { error: { code: "1214", message: "The request parameters are invalid: model and file are required" } },
    };
  }
  const file: string = body.file;
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(file);
  const source = data ? `a ${data[1]} file (${Math.floor((data[2]!.length * 3) / 4)} bytes)` : file;
  const md = `# Mock document\n\nText recognised from ${source}.`;
  return {
    json: {
      id: `task_${Math.floor(hash01(file) * 1e9)}`,
      created: 1_732_000_000,
      model: "GLM-OCR",
      md_results: md,
      layout_details: [
        [
          {
            index: 1,
            label: "title",
            bbox_2d: [0.1, 0.05, 0.9, 0.12],
            content: "Mock document",
            height: 800,
            width: 600,
          },
          {
            index: 2,
            label: "text",
            bbox_2d: [0.1, 0.15, 0.9, 0.3],
            content: `Text recognised from ${source}.`,
            height: 800,
            width: 600,
          },
        ],
      ],
      data_info: { num_pages: 1, pages: [{ width: 600, height: 800 }] },
      usage: {
        prompt_tokens: 812,
        completion_tokens: 24,
        prompt_tokens_details: { cached_tokens: 0 },
        total_tokens: 836,
      },
      request_id: `req_${Math.floor(hash01(md) * 1e9)}`,
    },
  };
}
