/**
 * Shared pieces of the image and video adapters: reading the media input of a call, LoRA fields from
 * the mapping, and turning a provider's answer (a URL, base64 or a downloaded file) into the output
 * type the caller asked for. Pure functions: downloads are done by the job runner (`runJob`), never here.
 */
import { HF_HUB_URL } from "../config.js";
import { InferenceClientInputError } from "../errors.js";
import { base64ToBytes, blobToBase64, blobToDataUrl, contentType, mediaInput, sniffType } from "../lib/media.js";
import type { JobCall, JobOutcome, JobSpec } from "./adapter.js";
import { underBase } from "../transport/job.js";
import type { OutputType } from "../types.js";
import { bodyArgs, isObj, type Adapter, type ProviderInfo, type RequestCtx } from "./adapter.js";

/** A 1x1 transparent PNG, for providers that need an image where the caller gave none. */
export const TRANSPARENT_PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

/** Task arguments without routing fields, `inputs`, `data` and `parameters`: extra top-level fields the caller set. */
export function extraArgs(args: Record<string, unknown>): Record<string, unknown> {
  const rest = bodyArgs(args);
  delete rest.inputs;
  delete rest.data;
  delete rest.parameters;
  return rest;
}

/** `args.parameters` as an object (empty when absent). */
export function paramsOf(args: Record<string, unknown>): Record<string, unknown> {
  const p = args.parameters;
  return p && typeof p === "object" && !Array.isArray(p) ? { ...(p as Record<string, unknown>) } : {};
}

/** The image input as a `data:` URL with its real content type, or an http(s) URL as given (when allowed). */
export async function imageDataUrl(
  args: Record<string, unknown>,
  opts: { allowUrl?: boolean; optional?: boolean } = {},
): Promise<string | undefined> {
  const v = mediaInput(args, opts);
  if (v === undefined || typeof v === "string") return v;
  return blobToDataUrl(v, await contentType(v, "image/png"));
}

/** The image input as plain base64 (no `data:` prefix). */
export async function imageBase64(args: Record<string, unknown>, opts: { optional?: boolean } = {}) {
  const v = mediaInput(args, opts);
  if (v === undefined) return undefined;
  return blobToBase64(v as Blob);
}

/** The prompt of a task whose `inputs` is an image: `parameters.prompt`. */
export function promptParam(args: Record<string, unknown>): string | undefined {
  const p = paramsOf(args).prompt;
  return typeof p === "string" ? p : undefined;
}

/** True when the mapping says the Hub model is a LoRA adapter over the provider's base model. */
export function isLora(ctx: RequestCtx): boolean {
  return ctx.mapping?.adapter === "lora";
}

/** The LoRA weights file on the Hub: `https://huggingface.co/{repo}/resolve/main/{adapterWeightsPath}`. */
export function loraWeightsUrl(ctx: RequestCtx): string | undefined {
  const m = ctx.mapping;
  if (m?.adapter !== "lora" || !m.adapterWeightsPath) return undefined;
  return `${HF_HUB_URL}/${m.hfModelId}/resolve/main/${m.adapterWeightsPath}`;
}

/** Rejects, before any request, an output type a provider cannot give. */
export function refuseOutputType(provider: string, ctx: RequestCtx, refused: OutputType[]): void {
  const asked = ctx.outputType;
  if (asked && refused.includes(asked)) {
    const ok = (["blob", "url", "dataUrl", "json"] as OutputType[]).filter((t) => !refused.includes(t));
    throw new InferenceClientInputError(
      `${provider} provider does not support ${asked === "url" ? "URL" : asked} output. Use outputType ${ok.map((t) => `'${t}'`).join(", ")} instead (it returns the file itself, not a link)`,
    );
  }
}

/** Should the job runner download the file? Only when the caller wants the bytes. */
export function wantsBytes(ctx: RequestCtx): boolean {
  return ctx.outputType === undefined || ctx.outputType === "blob" || ctx.outputType === "dataUrl";
}

/** A generated file as the provider gave it. */
export interface MediaAnswer {
  /** The provider's answer (what outputType "json" returns). */
  json: unknown;
  /** An http(s) URL of the file. */
  url?: string;
  /** The file as base64 (or a `data:` URL). */
  b64?: string;
  /** The file itself (an answer with a binary body, or a download by the job runner). */
  blob?: Blob;
}

/** A Blob from base64 or a data URL, typed from the data URL or the bytes. */
export function blobFromBase64(b64: string, fallback = "application/octet-stream"): Blob {
  const m = /^data:([^;,]*)(?:;[^,]*)?,(.*)$/s.exec(b64);
  const bytes = base64ToBytes(m ? m[2]! : b64);
  return new Blob([bytes as BlobPart], { type: (m?.[1] || sniffType(bytes)) ?? fallback });
}

/**
 * The output the caller asked for (`ctx.outputType`, default Blob) from a generated file. When the answer
 * lacks what is needed, the provider's answer is returned unchanged so the task's check reports it.
 */
export async function mediaOutput(a: MediaAnswer, ctx: RequestCtx): Promise<unknown> {
  switch (ctx.outputType) {
    case "json":
      if (a.json && typeof a.json === "object" && !(a.json instanceof Blob)) return a.json;
      if (a.blob) return { output: await blobToDataUrl(a.blob) };
      return a.json;
    case "url":
      return a.url ?? a.json;
    case "dataUrl":
      if (a.blob) return blobToDataUrl(a.blob);
      if (a.b64) return a.b64.startsWith("data:") ? a.b64 : blobToDataUrl(blobFromBase64(a.b64));
      return a.json;
    default:
      if (a.blob) return a.blob;
      if (a.b64) return blobFromBase64(a.b64);
      return a.json;
  }
}

/** `mediaOutput` for a job: the URL picked from the result, the file the runner downloaded. */
/* @__NO_SIDE_EFFECTS__ */
export function jobMedia(pick: (result: any) => string | undefined) {
  return (o: JobOutcome, ctx: RequestCtx): Promise<unknown> =>
    mediaOutput({ json: o.result, url: pick(o.result), blob: o.blob }, ctx);
}

/** First string of a value that is a string or an array starting with one. */
export function firstString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && typeof v[0] === "string") return v[0];
  return undefined;
}

/**
 * A poll URL from a job id: `{base}{prefix}{id}{suffix}` under the call's base (the router when routed, so
 * the Hugging Face token never goes to the provider's host), the id being the non-empty string
 * `answer[key]` (URL-encoded); undefined when the answer has none.
 */
export function pollUrl(call: JobCall, answer: unknown, key: string, prefix: string, suffix = ""): string | undefined {
  const id = isObj(answer) ? answer[key] : undefined;
  return typeof id === "string" && id
    ? `${call.ctx.base.replace(/\/+$/, "")}${prefix}${encodeURIComponent(id)}${suffix}`
    : undefined;
}

/**
 * The poll URL of a prediction-style answer (Replicate, WaveSpeed): the path of `urls.get` under the call's
 * base, else {@link pollUrl} with `id`.
 */
export function predictionUrl(call: JobCall, answer: unknown, prefix: string, suffix = ""): string | undefined {
  const get = isObj(answer) && isObj(answer.urls) && typeof answer.urls.get === "string" ? answer.urls.get : undefined;
  if (get) {
    try {
      return underBase(call.ctx.base, get);
    } catch {
      // fall through to the id
    }
  }
  return pollUrl(call, answer, "id", prefix, suffix);
}

/** `target_size: {width, height}` as top-level `width` and `height`. */
export function flattenTargetSize(p: Record<string, unknown>): Record<string, unknown> {
  const { target_size, ...rest } = p;
  if (target_size && typeof target_size === "object") {
    const t = target_size as { width?: unknown; height?: unknown };
    if (t.width !== undefined) rest.width = t.width;
    if (t.height !== undefined) rest.height = t.height;
  }
  return rest;
}

/** `data[0]` of an OpenAI-style images answer (`{data: [{url} | {b64_json}]}`). */
function openaiFirst(r: unknown): { url?: string; b64?: string } {
  const d = r && typeof r === "object" ? (r as { data?: unknown }).data : undefined;
  const first = Array.isArray(d) ? d[0] : undefined;
  if (!first || typeof first !== "object") return {};
  const f = first as { url?: unknown; b64_json?: unknown };
  return {
    url: typeof f.url === "string" ? f.url : undefined,
    b64: typeof f.b64_json === "string" ? f.b64_json : undefined,
  };
}

/**
 * OpenAI-style image generation answers: no polling; the runner downloads `data[0].url` only when the
 * caller wants bytes and the provider sent a link instead of base64.
 */
export const openaiImageJob: JobSpec = {
  media(r, call) {
    const f = openaiFirst(r);
    return wantsBytes(call.ctx) && !f.b64 ? f.url : undefined;
  },
  mediaKind: "image",
};

/** The asked output type from an OpenAI-style images answer (run through {@link openaiImageJob}). */
export function openaiImageOutput(o: JobOutcome, ctx: RequestCtx): Promise<unknown> {
  const f = openaiFirst(o.result);
  return mediaOutput({ json: o.result, url: f.url, b64: f.b64, blob: o.blob }, ctx);
}

/** `num_inference_steps` renamed `steps` (Together, Novita). */
export function stepsParams(args: Record<string, unknown>): Record<string, unknown> {
  const { num_inference_steps, ...rest } = paramsOf(args);
  if (num_inference_steps !== undefined) rest.steps = num_inference_steps;
  return rest;
}

/**
 * Text-to-image on an OpenAI-style `images/generations` route: base64 unless a URL is asked
 * (`response_format: "url"`); a link is downloaded only when the caller wants the bytes.
 */
/* @__NO_SIDE_EFFECTS__ */
export function openaiImageGeneration(provider: ProviderInfo, path: string): Adapter {
  return {
    provider,
    path: () => path,
    body: (args: Record<string, unknown>, ctx) => ({
      json: {
        ...extraArgs(args),
        ...paramsOf(args),
        response_format: ctx.outputType === "url" ? "url" : "b64_json",
        prompt: args.inputs,
        model: ctx.providerId,
      },
    }),
    job: openaiImageJob,
    output: openaiImageOutput,
  };
}
