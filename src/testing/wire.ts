/**
 * Realistic answers in each provider family's wire format, written from the providers' public API
 * documentation. Runtime-agnostic: used by the loopback server and by the in-process fetch.
 */
import { classicReply } from "./wire-classic.js";
import { audioReply } from "./wire-audio.js";
import { mediaReply } from "./wire-media.js";
import type { MockReply, MockRequest } from "./types.js";

let seq = 0;
const id = (prefix: string) => `${prefix}-${(++seq).toString(36).padStart(6, "0")}`;

function lastUser(messages: any[] | undefined): string {
  if (!Array.isArray(messages)) return "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user") return typeof m.content === "string" ? m.content : JSON.stringify(m.content);
  }
  return "";
}

/** The text the mock "model" answers with: deterministic, mentions the prompt. */
export function mockAnswer(prompt: string): string {
  const p = prompt.length > 40 ? `${prompt.slice(0, 40)}…` : prompt;
  return `Mock answer to "${p}": Paris is the capital of France. ✓`;
}

/** Splits text into small pieces the way a tokenizer would (words with their leading space). */
export function tokens(text: string): string[] {
  return text.match(/\s*\S+/gu) ?? [text];
}

/**
 * The build id servers put in `system_fingerprint`: a string (TGI's document requires it on every chat and
 * completions object, OpenAI's types it as a string), never null.
 */
export const MOCK_FINGERPRINT = "mock-3.3.6-native";

/**
 * A chat completion, or its stream of chunks, as OpenAI's document (`CreateChatCompletionResponse`,
 * `CreateChatCompletionStreamResponse`) and TGI's (`ChatCompletion`, `ChatCompletionChunk`) both describe
 * them: `refusal` on the message, a string `system_fingerprint`, and every delta with its `role` and
 * `content` (TGI's `TextMessage` requires both; OpenAI's allows them).
 */
export function chatCompletionReply(body: any, model: string): MockReply {
  const content = mockAnswer(lastUser(body?.messages));
  const promptTokens = JSON.stringify(body?.messages ?? []).length >> 2;
  const completionTokens = tokens(content).length;
  const created = 1_732_000_000;
  const cid = id("chatcmpl");
  if (body?.stream) {
    const parts = tokens(content);
    const events: unknown[] = [
      {
        id: cid,
        object: "chat.completion.chunk",
        created,
        model,
        system_fingerprint: MOCK_FINGERPRINT,
        choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }],
      },
      ...parts.map((t) => ({
        id: cid,
        object: "chat.completion.chunk",
        created,
        model,
        system_fingerprint: MOCK_FINGERPRINT,
        choices: [{ index: 0, delta: { role: "assistant", content: t }, logprobs: null, finish_reason: null }],
      })),
      {
        id: cid,
        object: "chat.completion.chunk",
        created,
        model,
        system_fingerprint: MOCK_FINGERPRINT,
        choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: "stop" }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      },
    ];
    return { events };
  }
  return {
    json: {
      id: cid,
      object: "chat.completion",
      created,
      model,
      system_fingerprint: MOCK_FINGERPRINT,
      choices: [
        { index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
  };
}

/**
 * A completion, or its stream, as OpenAI's `CreateCompletionResponse` and TGI's `CompletionFinal` / `Chunk`
 * describe them. Streamed events before the last carry no finish reason: `null` from OpenAI-style servers,
 * `""` from TGI (`tgi`: hf-inference and endpoint URLs), whose document requires a string there.
 */
export function completionReply(body: any, model: string, tgi = false): MockReply {
  const text = ` ${mockAnswer(String(body?.prompt ?? ""))}`;
  const created = 1_732_000_000;
  const cid = id("cmpl");
  if (body?.stream) {
    const parts = tokens(text);
    const pending = tgi ? "" : null;
    return {
      events: parts.map((t, i) => ({
        id: cid,
        object: "text_completion",
        created,
        model,
        system_fingerprint: MOCK_FINGERPRINT,
        choices: [{ index: 0, text: t, logprobs: null, finish_reason: i === parts.length - 1 ? "stop" : pending }],
      })),
    };
  }
  return {
    json: {
      id: cid,
      object: "text_completion",
      created,
      model,
      system_fingerprint: MOCK_FINGERPRINT,
      choices: [{ index: 0, text, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 8, completion_tokens: tokens(text).length, total_tokens: 8 + tokens(text).length },
    },
  };
}

/** A deterministic unit-ish vector for a text. */
export function vector(text: string, dims = 8): number[] {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  const out: number[] = [];
  for (let i = 0; i < dims; i++) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
    out.push(Math.round((((h >>> 0) / 0xffffffff) * 2 - 1) * 1e4) / 1e4);
  }
  return out;
}

/** An OpenAI-style embeddings answer (`/v1/embeddings`): one {@link vector} per input text. */
export function embeddingsReply(body: any, model: string): MockReply {
  const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? "")];
  return {
    json: {
      object: "list",
      data: inputs.map((t, index) => ({ object: "embedding", index, embedding: vector(t, body?.dimensions ?? 8) })),
      model,
      usage: { prompt_tokens: inputs.length * 4, total_tokens: inputs.length * 4 },
    },
  };
}

function cosine(a: number[], b: number[]): number {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return Math.round((d / Math.sqrt(na * nb)) * 1e4) / 1e4;
}

/** hf-inference's sentence-similarity pipeline answer: the cosine of each sentence's vector with the source's. */
export function sentenceSimilarityReply(body: any): MockReply {
  const src = vector(String(body?.inputs?.source_sentence ?? ""));
  const sentences: string[] = body?.inputs?.sentences ?? [];
  return { json: sentences.map((s) => cosine(src, vector(s))) };
}

/** hf-inference's feature-extraction pipeline answer: one {@link vector} per input text (one, unnested, for a string). */
export function pipelineFeatureExtractionReply(body: any): MockReply {
  const inputs = body?.inputs;
  return { json: Array.isArray(inputs) ? inputs.map((t: string) => vector(String(t))) : vector(String(inputs ?? "")) };
}

/** The Hub's `/api/tasks`, trimmed to what the client reads. */
export const HUB_TASKS: Record<
  string,
  {
    /** The task's recommended models. */
    models: {
      /** The Hub model id. */
      id: string;
    }[];
  }
> = {
  "text-generation": { models: [{ id: "Qwen/Qwen2.5-7B-Instruct" }] },
  "feature-extraction": { models: [{ id: "sentence-transformers/all-MiniLM-L6-v2" }] },
  "sentence-similarity": { models: [{ id: "sentence-transformers/all-MiniLM-L6-v2" }] },
  "text-to-image": { models: [{ id: "black-forest-labs/FLUX.1-dev" }] },
};

/** The wire formats the mock answers by default, matched on the request path. */
export function defaultReply(req: MockRequest, mappings: Map<string, unknown[]>): MockReply | undefined {
  const { path, json } = req;
  if (req.host === "huggingface.co") {
    if (path === "/api/tasks") return { json: HUB_TASKS };
    const m = /^\/api\/models\/(.+)$/.exec(path);
    if (m) {
      const entries = mappings.get(decodeURIComponent(m[1]!));
      if (!entries)
        return { status: 404, json: { error: "Repository not found" }, headers: { "x-request-id": id("hub") } };
      return { json: { _id: id("model"), id: m[1], inferenceProviderMapping: entries } };
    }
  }
  const model = String(json?.model ?? /\/models\/(.+?)\/(?:pipeline|v1)/.exec(path)?.[1] ?? "mock-model");
  if (path.endsWith("/chat/completions")) return chatCompletionReply(json, model);
  if (path.endsWith("/completions")) {
    // hf-inference and endpoint URLs (the mock's own host, or a local server's) are TGI's OpenAI routes.
    const tgi = path.startsWith("/hf-inference/") || /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/.test(req.host);
    return completionReply(json, model, tgi);
  }
  if (path.endsWith("/embeddings")) return embeddingsReply(json, model);
  if (path.endsWith("/pipeline/feature-extraction")) return pipelineFeatureExtractionReply(json);
  if (path.endsWith("/pipeline/sentence-similarity")) return sentenceSimilarityReply(json);
  const classic = classicReply(req, mappings);
  if (classic) return classic;
  const audio = audioReply(req, mappings);
  if (audio) return audio;
  const media = mediaReply(req, mappings);
  if (media) return media;
  return undefined;
}
