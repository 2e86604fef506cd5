/**
 * fal: synchronous tasks on `https://fal.run/{model}`, queued tasks on `https://queue.fal.run/{model}`
 * (routed: `router.huggingface.co/fal-ai/{model}?_subdomain=queue`). Direct keys are sent as `Key <key>`.
 *
 * Queue protocol (https://docs.fal.ai/model-endpoints/queue): the submit answer is
 * `{request_id, status: "IN_QUEUE", queue_position, response_url, status_url}`; the status answer is
 * `{status: "IN_QUEUE", queue_position}`, `{status: "IN_PROGRESS", logs}` or `{status: "COMPLETED", logs,
 * error?}`; the result is `GET {response_url}`.
 */
import { idPath, isObj, type Adapter, type ProviderInfo, type RequestCtx } from "./adapter.js";
import type { JobCall, JobSpec, JobState, MediaKind } from "./adapter.js";
import {
  extraArgs,
  imageDataUrl,
  jobMedia,
  loraWeightsUrl,
  paramsOf,
  promptParam,
  wantsBytes,
} from "./media-output.js";
import type { JobOutcome } from "./adapter.js";
import { blobToBase64 } from "../lib/media.js";
import { InferenceClientInputError } from "../errors.js";
import { blobToDataUrl, contentType, mediaInput } from "../lib/media.js";
import { transcript } from "./openai-audio.js";
import { downloadOnly } from "../transport/job.js";

export const falAi: ProviderInfo = {
  id: "fal-ai",
  baseUrl: "https://fal.run",
  auth: (key) => ({ Authorization: `Key ${key}` }),
};

/** Base of fal's queue API for direct calls. */
export const FAL_QUEUE_BASE = "https://queue.fal.run";

/**
 * The submit URL of a queued fal task: routed `https://router.huggingface.co/fal-ai/{id}?_subdomain=queue`,
 * direct `https://queue.fal.run/{id}`. Use it as an adapter's `url` with {@link falQueueJob} as its `job`.
 */
export function falQueueUrl(ctx: RequestCtx): string {
  const id = idPath(ctx.providerId);
  return ctx.routed ? `${ctx.base}/${id}?_subdomain=queue` : `${FAL_QUEUE_BASE}/${id}`;
}

/** The URL of a synchronous fal task: routed `https://router.huggingface.co/fal-ai/{id}`, direct `https://fal.run/{id}`. */
export function falSyncUrl(ctx: RequestCtx): string {
  return `${ctx.base}/${idPath(ctx.providerId)}`;
}

function falLogs(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v
    .map((l) => (typeof l === "string" ? l : isObj(l) && typeof l.message === "string" ? l.message : undefined))
    .filter((l): l is string => l !== undefined);
}

function falError(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim()) return v;
  if (isObj(v)) return falError(v.message) ?? falError(v.detail) ?? JSON.stringify(v);
  if (Array.isArray(v) && v.length) return v.map((x) => falError(x) ?? "").join("; ");
  return undefined;
}

/** Reads a fal queue status answer (the submit answer has the same shape). */
export function falQueueStatus(a: unknown): JobState | undefined {
  if (!isObj(a) || typeof a.status !== "string") return undefined;
  const status = a.status;
  const logs = falLogs(a.logs);
  const base: JobState = { state: "pending", status, ...(logs ? { logs } : {}) };
  if (typeof a.queue_position === "number") base.queuePosition = a.queue_position;
  const upper = status.toUpperCase();
  const error = falError(a.error);
  if (upper === "COMPLETED") return error ? { ...base, state: "failed", error } : { ...base, state: "done" };
  if (/^(FAILED|ERROR|CANCELLED|CANCELED)$/.test(upper)) {
    return { ...base, state: "failed", error: error ?? status };
  }
  return base;
}

/** `{base}{path}` of a fal queue request: the path of `response_url` (fal's app id, which may differ from the mapped id). */
function falRequestUrl(submit: unknown, call: JobCall): { base: string; path: string; query: string } | undefined {
  if (!isObj(submit)) return undefined;
  let path: string | undefined;
  try {
    if (typeof submit.response_url === "string") path = new URL(submit.response_url).pathname;
    else if (typeof submit.status_url === "string") path = new URL(submit.status_url).pathname.replace(/\/status$/, "");
  } catch {
    path = undefined;
  }
  if (!path && typeof submit.request_id === "string" && submit.request_id) {
    // fal's queue addresses a request under the app id: the first two segments of the model id.
    const app = call.ctx.providerId.split("/").slice(0, 2).join("/");
    path = `/${app}/requests/${encodeURIComponent(submit.request_id)}`;
  }
  if (!path) return undefined;
  const submitUrl = new URL(call.submitUrl);
  const base = call.ctx.routed ? call.ctx.base.replace(/\/+$/, "") : submitUrl.origin;
  return { base, path: path.replace(/\/+$/, ""), query: submitUrl.search };
}

/**
 * fal's queue as a job: poll `{base}{path of response_url}/status` (base: the router's
 * `https://router.huggingface.co/fal-ai` when routed, the submit URL's origin when direct; the submit
 * URL's query string kept, plus `logs=1` when the caller listens to progress), then GET `{base}{path}` for the
 * result. COMPLETED with an `error` is a failed job. Add `media`/`mediaKind` with {@link falQueueWith} to
 * have the runner download the generated file:
 * @example
 * export const textToSpeech: Adapter = {
 *   provider: falAi, path: () => "", url: falQueueUrl, body: (args) => ({ json: { text: args.inputs } }),
 *   job: falQueueWith({ media: (r) => r?.audio?.url, mediaKind: "audio" }),
 *   output: (o: JobOutcome) => o.blob,
 * };
 */
export const falQueueJob: JobSpec = {
  status: falQueueStatus,
  // An answer with neither a request id nor a status is already the result (the call was served at once).
  ready: (a) => isObj(a) && a.request_id === undefined && a.status === undefined && Object.keys(a).length > 0,
  statusUrl(submit, call) {
    const r = falRequestUrl(submit, call);
    if (!r) return undefined;
    // fal sends logs only when asked; ask only when someone listens (`onProgress`), so a plain call polls
    // exactly the URL fal and the router document.
    if (!call.wantsProgress) return `${r.base}${r.path}/status${r.query}`;
    const q = new URLSearchParams(r.query);
    q.set("logs", "1");
    return `${r.base}${r.path}/status?${q.toString()}`;
  },
  resultUrl(submit, _last, call) {
    const r = falRequestUrl(submit, call);
    return r ? `${r.base}${r.path}${r.query}` : undefined;
  },
  interval: 500,
  maxInterval: 5_000,
};

// The helpers below build adapters and job specs at the top of the module. They are calls without side
// effects rather than object spreads (which bundlers must keep), so a bundle that does not use an adapter
// can drop it.

/** {@link falQueueJob} plus task fields. */
/* @__NO_SIDE_EFFECTS__ */
export function falQueueWith(fields: Partial<JobSpec>): JobSpec {
  return { ...falQueueJob, ...fields };
}

/** {@link falQueueJob} that downloads `pick(result)` when the caller wants the file's bytes. */
/* @__NO_SIDE_EFFECTS__ */
export function falQueueMedia(pick: (result: any) => string | undefined, kind: MediaKind): JobSpec {
  return falQueueWith({ media: (r, call) => (wantsBytes(call.ctx) ? pick(r) : undefined), mediaKind: kind });
}

/** `loras` (and the SDXL base model for `fal-ai/lora`) when the mapping is a LoRA adapter. */
export function falLoraFields(ctx: RequestCtx): Record<string, unknown> {
  const path = loraWeightsUrl(ctx);
  if (!path) return {};
  return {
    loras: [{ path, scale: 1 }],
    ...(ctx.providerId === "fal-ai/lora" ? { model_name: "stabilityai/stable-diffusion-xl-base-1.0" } : {}),
  };
}

const url = (r: any): string | undefined => (typeof r === "string" ? r : isObj(r) ? r.url : undefined);
/** The first generated image of a fal result: `images[0].url` (or `image.url`). */
export const falImageUrl = (r: any): string | undefined =>
  isObj(r) ? (url(Array.isArray(r.images) ? r.images[0] : undefined) ?? url(r.image)) : undefined;
/** The generated video of a fal result: `video.url` (or `videos[0].url`). */
export const falVideoUrl = (r: any): string | undefined =>
  isObj(r) ? (url(r.video) ?? url(Array.isArray(r.videos) ? r.videos[0] : undefined)) : undefined;

/**
 * Some fal apps serve the image-less variant one path segment higher (`fal-ai/flux-2/edit` -> `fal-ai/flux-2`):
 * the context of a call without an image, on direct calls only (through the router the path is the mapped id
 * the router resolves).
 */
function textOnlyRoute(args: Record<string, unknown>, ctx: RequestCtx): RequestCtx {
  if (ctx.routed || (args.inputs ?? args.data)) return ctx;
  const parts = ctx.providerId.split("/");
  return parts.length > 2 ? { ...ctx, providerId: parts.slice(0, -1).join("/") } : ctx;
}

const noPath = (): string => "";

/** An adapter of a queued task: submitted to {@link falQueueUrl}. */
/* @__NO_SIDE_EFFECTS__ */
function queued(fields: Omit<Adapter, "provider" | "path" | "url">): Adapter {
  return { provider: falAi, path: noPath, url: falQueueUrl, ...fields };
}

export const textToImage: Adapter = /* @__PURE__ */ queued({
  body: (args, ctx) => ({
    json: { ...extraArgs(args), ...paramsOf(args), prompt: args.inputs, ...falLoraFields(ctx) },
  }),
  job: /* @__PURE__ */ falQueueMedia(falImageUrl, "image"),
  output: /* @__PURE__ */ jobMedia(falImageUrl),
});

async function imageBody(args: Record<string, unknown>, ctx: RequestCtx) {
  const image = await imageDataUrl(args, { allowUrl: true });
  return {
    json: { ...extraArgs(args), ...paramsOf(args), image_url: image, image_urls: [image], ...falLoraFields(ctx) },
  };
}

export const imageToImage: Adapter = /* @__PURE__ */ queued({
  body: imageBody,
  job: /* @__PURE__ */ falQueueMedia(falImageUrl, "image"),
  output: /* @__PURE__ */ jobMedia(falImageUrl),
});

export const imageTextToImage: Adapter = /* @__PURE__ */ queued({
  refine: textOnlyRoute,
  async body(args, ctx) {
    if (args.inputs ?? args.data) return imageBody(args, ctx);
    return { json: { ...extraArgs(args), ...paramsOf(args), prompt: promptParam(args) } };
  },
  job: /* @__PURE__ */ falQueueMedia(falImageUrl, "image"),
  output: /* @__PURE__ */ jobMedia(falImageUrl),
});

export const textToVideo: Adapter = /* @__PURE__ */ queued({
  body: (args, ctx) => ({
    json: { ...extraArgs(args), ...paramsOf(args), prompt: args.inputs, ...falLoraFields(ctx) },
  }),
  job: /* @__PURE__ */ falQueueMedia(falVideoUrl, "video"),
  output: /* @__PURE__ */ jobMedia(falVideoUrl),
});

async function imageVideoBody(args: Record<string, unknown>, ctx: RequestCtx) {
  const image = await imageDataUrl(args, { allowUrl: true });
  return { json: { ...extraArgs(args), ...paramsOf(args), image_url: image, ...falLoraFields(ctx) } };
}

export const imageToVideo: Adapter = /* @__PURE__ */ queued({
  body: imageVideoBody,
  job: /* @__PURE__ */ falQueueMedia(falVideoUrl, "video"),
  output: /* @__PURE__ */ jobMedia(falVideoUrl),
});

export const imageTextToVideo: Adapter = /* @__PURE__ */ queued({
  refine: textOnlyRoute,
  async body(args, ctx) {
    if (args.inputs ?? args.data) return imageVideoBody(args, ctx);
    return { json: { ...extraArgs(args), ...paramsOf(args), prompt: promptParam(args) } };
  },
  job: /* @__PURE__ */ falQueueMedia(falVideoUrl, "video"),
  output: /* @__PURE__ */ jobMedia(falVideoUrl),
});

/** Segmentation (e.g. `fal-ai/birefnet`): the result is one mask image, returned as `{label: "mask", score: 1, mask}`. */
export const imageSegmentation: Adapter = /* @__PURE__ */ queued({
  body: async (args) => ({
    json: {
      ...extraArgs(args),
      ...paramsOf(args),
      image_url: await imageDataUrl(args, { allowUrl: true }),
      sync_mode: true,
    },
  }),
  job: /* @__PURE__ */ falQueueWith({ media: (r) => falImageUrl(r), mediaKind: "image" }),
  async output(o: JobOutcome) {
    if (!o.blob) return o.result;
    return [{ label: "mask", score: 1, mask: await blobToBase64(o.blob) }];
  },
});

// Audio. fal's data-URL decoder picks the file type from the declared MIME type and rejects labels it
// cannot map, whatever the bytes: browsers record "audio/webm" and uploads are often "audio/wav", which
// fal accepts only as "video/webm" and "audio/x-wav".
const FAL_AUDIO_TYPES: Record<string, string> = {
  "audio/mpeg": "audio/mpeg",
  "audio/mp3": "audio/mpeg",
  "audio/wav": "audio/x-wav",
  "audio/wave": "audio/x-wav",
  "audio/x-wav": "audio/x-wav",
  "audio/webm": "video/webm",
  "video/webm": "video/webm",
};

/** The label fal decodes for an audio content type, or an input error listing the accepted types. */
export function falAudioType(type: string): string {
  const base = type.split(";")[0]!.trim().toLowerCase();
  const mapped = FAL_AUDIO_TYPES[base];
  if (mapped) return mapped;
  const accepted = Object.keys(FAL_AUDIO_TYPES).join(", ");
  throw new InferenceClientInputError(
    base
      ? `Provider fal-ai does not support blob type ${base} - supported content types are: ${accepted} (inputs is ${base} audio, which provider fal-ai does not decode)`
      : `Unable to determine the input's content-type: inputs has no content type and its bytes are not a known audio format; provider fal-ai accepts ${accepted} (pass a Blob with its type)`,
  );
}

/** Rejects, before any request, audio whose type is known and not one fal decodes. */
function falAudioCheck(args: Record<string, unknown>): void {
  const v = args.inputs ?? args.data;
  if (v instanceof Blob && v.type) falAudioType(v.type);
}

/** `audio_url`: an http(s) URL as given, else a data URL under the label fal decodes. */
async function falAudioUrl(args: Record<string, unknown>): Promise<string> {
  const audio = mediaInput(args, { allowUrl: true })!;
  if (typeof audio === "string") return audio;
  return blobToDataUrl(audio, falAudioType(await contentType(audio, "")));
}

/** The generated audio of a fal result: `audio_file.url`, `audio.url` or `audio_url`. */
export const falAudioUrlOf = (r: any): string | undefined =>
  isObj(r) ? (url(r.audio_file) ?? url(r.audio) ?? url(r.audio_url)) : undefined;

/** A transcript: `text` (or `output`) with `chunks: [{text, timestamp}]` or `segments: [{text, start, end}]`. */
function falTranscript(r: unknown): unknown {
  if (!isObj(r)) return r;
  const text = typeof r.text === "string" ? r.text : typeof r.output === "string" ? r.output : undefined;
  if (text === undefined) return r;
  return transcript(text, r);
}

/** An adapter of a synchronous task: sent to {@link falSyncUrl}. */
/* @__NO_SIDE_EFFECTS__ */
function synced(fields: Omit<Adapter, "provider" | "path" | "url">): Adapter {
  return { provider: falAi, path: noPath, url: falSyncUrl, ...fields };
}
const audioFields = (args: Record<string, unknown>) => ({ ...extraArgs(args), ...paramsOf(args) });

/** Speech to text (e.g. `fal-ai/whisper`), synchronous: `{audio_url, ...parameters}`. */
export const automaticSpeechRecognition: Adapter = /* @__PURE__ */ synced({
  validate: falAudioCheck,
  body: async (args) => ({ json: { ...audioFields(args), audio_url: await falAudioUrl(args) } }),
  output: falTranscript,
});

/** Text to speech, synchronous: `{text, ...parameters}`; the answer's audio file is downloaded. */
export const textToSpeech: Adapter = /* @__PURE__ */ synced({
  body: (args) => ({ json: { ...audioFields(args), text: args.inputs } }),
  job: /* @__PURE__ */ downloadOnly(falAudioUrlOf, "audio"),
  output: (o: JobOutcome) => o.blob ?? o.result,
});

/** Text to audio (music, sound effects), queued: `{prompt, ...parameters}`. */
export const textToAudio: Adapter = /* @__PURE__ */ queued({
  body: (args) => ({ json: { ...audioFields(args), prompt: args.inputs } }),
  job: /* @__PURE__ */ falQueueMedia(falAudioUrlOf, "audio"),
  output: (o: JobOutcome) => o.blob ?? o.result,
});

/** Audio to audio (enhancement, separation, restyling), queued: `{audio_url, ...parameters}`; one audio out. */
export const audioToAudio: Adapter = /* @__PURE__ */ queued({
  validate: falAudioCheck,
  body: async (args) => ({ json: { ...audioFields(args), audio_url: await falAudioUrl(args) } }),
  job: /* @__PURE__ */ falQueueMedia(falAudioUrlOf, "audio"),
  async output(o: JobOutcome) {
    if (!o.blob) return o.result;
    const r = isObj(o.result) ? o.result : {};
    const generic = (t: unknown) => typeof t !== "string" || !t || /octet-stream/i.test(t);
    const declared = isObj(r.audio)
      ? r.audio.content_type
      : isObj(r.audio_file)
        ? r.audio_file.content_type
        : undefined;
    const type = !generic(o.blob.type) ? o.blob.type : !generic(declared) ? (declared as string) : "audio/wav";
    const label = typeof r.text === "string" && r.text ? r.text : "speech";
    return [{ label, blob: await blobToBase64(o.blob), "content-type": type }];
  },
});
