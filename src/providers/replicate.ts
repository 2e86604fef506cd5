/**
 * Replicate: predictions API (`v1/models/{owner}/{name}/predictions`, or `v1/predictions` with a version).
 * Every submit carries `Prefer: wait`, so a quick prediction comes back finished. In this sync mode
 * Replicate may answer `status: "processing"` with `output` already holding the file URL(s): that output
 * is used at once. A prediction with no output yet when Replicate stops waiting is polled at `urls.get`
 * until it has an output, has `succeeded`, `failed` or been `canceled`
 * (https://replicate.com/docs/reference/http#predictions.get).
 */
import type { JobSpec, JobState, MediaKind } from "./adapter.js";
import { HF_HUB_URL } from "../config.js";
import { idPath, isObj, type Adapter, type ProviderInfo, type RequestCtx } from "./adapter.js";
import { extraArgs, firstString, imageDataUrl, jobMedia, paramsOf, predictionUrl, wantsBytes } from "./media-output.js";
import type { JobOutcome } from "./adapter.js";
import { blobToDataUrl, contentType, mediaInput } from "../lib/media.js";
import { transcript } from "./openai-audio.js";

export const replicate: ProviderInfo = {
  id: "replicate",
  baseUrl: "https://api.replicate.com",
  headers: { Prefer: "wait" },
};

/** `v1/predictions` for `owner/name:version` ids, else `v1/models/{owner}/{name}/predictions`. */
export function replicatePath(ctx: RequestCtx): string {
  return ctx.providerId.includes(":") ? "v1/predictions" : `v1/models/${idPath(ctx.providerId)}/predictions`;
}

/** The prediction body: `{input}`, plus `version` for `owner/name:version` ids. */
export function replicateBody(input: Record<string, unknown>, ctx: RequestCtx): { json: Record<string, unknown> } {
  const i = ctx.providerId.indexOf(":");
  return { json: i >= 0 ? { input, version: ctx.providerId.slice(i + 1) } : { input } };
}

/** `input` of a prediction: extra args, then parameters, then `prompt: inputs` (the common shape). */
export function replicateInput(args: Record<string, unknown>): Record<string, unknown> {
  return { ...extraArgs(args), ...paramsOf(args), prompt: args.inputs };
}

/** `lora_weights` (the Hub repo URL) when the mapping is a LoRA adapter. */
export function replicateLora(ctx: RequestCtx): Record<string, unknown> {
  const m = ctx.mapping;
  return m?.adapter === "lora" && m.adapterWeightsPath ? { lora_weights: `${HF_HUB_URL}/${m.hfModelId}` } : {};
}

/** Reads a prediction (the submit answer or a poll answer). */
export function replicateStatus(a: unknown): JobState | undefined {
  if (!isObj(a) || typeof a.status !== "string") return undefined;
  const status = a.status;
  const logs =
    typeof a.logs === "string" && a.logs ? a.logs.split(/\r?\n/).filter((l: string) => l.trim() !== "") : undefined;
  const base: JobState = { state: "pending", status, ...(logs ? { logs } : {}) };
  if (status === "succeeded") return { ...base, state: "done" };
  if (status === "failed" || status === "canceled" || status === "aborted") {
    const e = a.error;
    const error = typeof e === "string" ? e : isObj(e) && typeof e.detail === "string" ? e.detail : undefined;
    return { ...base, state: "failed", error: error ?? `prediction ${status}` };
  }
  return base;
}

/** Whether a prediction already has an output: a non-empty string, list or object. */
export function replicateHasOutput(a: unknown): boolean {
  const out = isObj(a) ? a.output : undefined;
  return typeof out === "string"
    ? out !== ""
    : Array.isArray(out)
      ? out.length > 0
      : isObj(out) && Object.keys(out).length > 0;
}

/**
 * A Replicate prediction as a job. The submit answer is read first (with `Prefer: wait` it is often
 * already `succeeded`, or still `processing` with its `output` set: both are used at once); otherwise `urls.get` (or `v1/predictions/{id}`) is polled, under the call's base
 * (the router when routed, so the Hugging Face token never goes to Replicate's host). {@link replicateMedia}
 * adds `media`/`mediaKind` to download the output file; {@link replicateOutputUrl} picks the usual `output`.
 */
export const replicatePrediction: JobSpec = {
  status: replicateStatus,
  ready: replicateHasOutput,
  statusUrl: (submit, call) => predictionUrl(call, submit, "/v1/predictions/"),
  interval: 1_000,
  maxInterval: 5_000,
};

/** The output file of a prediction: `output` as a URL, or the first URL of an `output` array. */
export function replicateOutputUrl(result: unknown): string | undefined {
  if (!isObj(result)) return undefined;
  const out = result.output;
  const s = firstString(out);
  if (s) return s;
  if (isObj(out))
    return firstString(out.url) ?? firstString(out.video) ?? firstString(out.image) ?? firstString(out.audio);
  return undefined;
}

/**
 * {@link replicatePrediction} downloading the output file when the caller wants its bytes. A call without
 * side effects rather than an object spread at the top of the module, so bundles can drop unused adapters.
 */
/* @__NO_SIDE_EFFECTS__ */
export function replicateMedia(kind: MediaKind, pick = replicateOutputUrl): JobSpec {
  return { ...replicatePrediction, media: (r, call) => (wantsBytes(call.ctx) ? pick(r) : undefined), mediaKind: kind };
}

export const textToImage: Adapter = {
  provider: replicate,
  path: replicatePath,
  body: (args, ctx) => replicateBody({ ...replicateInput(args), ...replicateLora(ctx) }, ctx),
  job: /* @__PURE__ */ replicateMedia("image"),
  output: /* @__PURE__ */ jobMedia(replicateOutputUrl),
};

export const imageToImage: Adapter = {
  provider: replicate,
  path: replicatePath,
  async body(args, ctx) {
    const image = await imageDataUrl(args, { allowUrl: true });
    // Models name their image input differently; each reads the field it knows.
    return replicateBody(
      {
        ...extraArgs(args),
        ...paramsOf(args),
        image,
        images: [image],
        input_image: image,
        input_images: [image],
        ...replicateLora(ctx),
      },
      ctx,
    );
  },
  job: /* @__PURE__ */ replicateMedia("image"),
  output: /* @__PURE__ */ jobMedia(replicateOutputUrl),
};

export const textToVideo: Adapter = {
  provider: replicate,
  path: replicatePath,
  body: (args, ctx) => replicateBody(replicateInput(args), ctx),
  job: /* @__PURE__ */ replicateMedia("video"),
  output: /* @__PURE__ */ jobMedia(replicateOutputUrl),
};

/**
 * A transcript from a prediction's `output`: a string (or an array of strings, joined), or an object with
 * `text`, `transcription` or `translation` and optional `chunks: [{text, timestamp}]` or
 * `segments: [{text, start, end}]` (openai/whisper).
 */
export function replicateTranscript(result: unknown): unknown {
  const out = isObj(result) ? result.output : undefined;
  if (typeof out === "string") return { text: out };
  if (Array.isArray(out) && out.length && out.every((x) => typeof x === "string")) return { text: out.join("") };
  if (!isObj(out)) return result;
  const text = [out.text, out.transcription, out.translation].find((t) => typeof t === "string");
  if (text === undefined) return result;
  return transcript(text, out);
}

/** Speech to text (e.g. `openai/whisper`): the audio in `input.audio`, as a data URL or an http(s) URL. */
export const automaticSpeechRecognition: Adapter = {
  provider: replicate,
  path: replicatePath,
  async body(args, ctx) {
    const audio = mediaInput(args, { allowUrl: true })!;
    const value = typeof audio === "string" ? audio : await blobToDataUrl(audio, await contentType(audio, "audio/wav"));
    return replicateBody({ ...extraArgs(args), ...paramsOf(args), audio: value }, ctx);
  },
  job: replicatePrediction,
  output: (o: JobOutcome) => replicateTranscript(o.result),
};

/** Text to speech: `input.text`; the output file is downloaded. */
export const textToSpeech: Adapter = {
  provider: replicate,
  path: replicatePath,
  body: (args, ctx) => replicateBody({ ...extraArgs(args), ...paramsOf(args), text: args.inputs }, ctx),
  job: /* @__PURE__ */ replicateMedia("audio"),
  output: (o: JobOutcome) => o.blob ?? o.result,
};
