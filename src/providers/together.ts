import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";
import { openaiSpeech, openaiTranscription } from "./openai-audio.js";
import { isObj, type Adapter } from "./adapter.js";
import type { JobOutcome, JobSpec, JobState } from "./adapter.js";
import * as media from "./media-output.js";

export const together: ProviderInfo = { id: "together", baseUrl: "https://api.together.xyz" };

// Together takes a JSON schema as `response_format.schema`, not OpenAI's `response_format.json_schema.schema`.
export const chat = /* @__PURE__ */ openaiChat(together, "v1/chat/completions", (body) => {
  const rf = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  if (rf?.type === "json_schema" && rf.json_schema?.schema) {
    return { ...body, response_format: { type: "json_schema", schema: rf.json_schema.schema } };
  }
  return body;
});
export const textGeneration = /* @__PURE__ */ openaiCompletions(together);
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(together);
// Together needs a `voice`, and voices depend on the model: only Kokoro models get a default.
export const textToSpeech = /* @__PURE__ */ openaiSpeech(together, "v1/audio/speech", (body, ctx) =>
  body.voice === undefined && /kokoro/i.test(ctx.providerId) ? { ...body, voice: "af_alloy" } : body,
);
// Together also takes an http(s) URL of the audio as `file`.
export const automaticSpeechRecognition = /* @__PURE__ */ openaiTranscription(
  together,
  "v1/audio/transcriptions",
  true,
);

// Images and video (https://docs.together.ai/reference/post-images-generations, .../create-videos).

/** Text-to-image: base64 unless the caller asks for a URL (then Together's `url` is returned as is). */
export const textToImage: Adapter = {
  provider: together,
  path: () => "v1/images/generations",
  body: (args: Record<string, unknown>, ctx) => ({
    json: {
      ...media.extraArgs(args),
      ...media.stepsParams(args),
      prompt: args.inputs,
      response_format: ctx.outputType === "url" ? "url" : "base64",
      model: ctx.providerId,
    },
  }),
  job: media.openaiImageJob,
  output: media.openaiImageOutput,
};

/**
 * Image-to-image on the images endpoint: FLUX.1 Kontext models take the image as `image_url`, every
 * other model as `reference_images: [..]`; the prompt is `parameters.prompt`.
 */
export const imageToImage: Adapter = {
  provider: together,
  path: () => "v1/images/generations",
  async body(args: Record<string, unknown>, ctx) {
    const image = await media.imageDataUrl(args, { allowUrl: true });
    const { prompt, ...rest } = media.stepsParams(args);
    const id = ctx.providerId.toLowerCase();
    const field =
      id.includes("kontext") && id.includes("flux.1") ? { image_url: image } : { reference_images: [image] };
    return {
      json: {
        ...media.extraArgs(args),
        prompt: typeof prompt === "string" ? prompt : "",
        ...field,
        ...rest,
        response_format: "base64",
        model: ctx.providerId,
      },
    };
  },
  job: media.openaiImageJob,
  output: media.openaiImageOutput,
};

/** Reads a Together video job (`queued`, `in_progress`, `completed`, `failed`, `cancelled`). */
export function togetherVideoStatus(a: unknown): JobState | undefined {
  if (!isObj(a)) return undefined;
  const status = typeof a.status === "string" ? a.status : undefined;
  if (status === undefined) return typeof a.id === "string" ? { state: "pending", status: "queued" } : undefined;
  if (status === "completed") return { state: "done", status };
  if (status === "failed" || status === "cancelled" || status === "canceled") {
    const e = a.error;
    const error = typeof e === "string" ? e : isObj(e) && typeof e.message === "string" ? e.message : undefined;
    return { state: "failed", status, error: error ?? status };
  }
  return { state: "pending", status };
}

const videoUrl = (r: any): string | undefined =>
  isObj(r) && isObj(r.outputs) && typeof r.outputs.video_url === "string" ? r.outputs.video_url : undefined;

/** Together's video jobs: poll `v2/videos/{id}` until `completed`, then download `outputs.video_url`. */
export const togetherVideoJob: JobSpec = {
  status: togetherVideoStatus,
  ready: (a) => videoUrl(a) !== undefined,
  statusUrl: (submit, call) => media.pollUrl(call, submit, "id", "/v2/videos/"),
  media: videoUrl,
  mediaKind: "video",
  interval: 2_000,
  maxInterval: 5_000,
};

export const textToVideo: Adapter = {
  provider: together,
  path: () => "v2/videos",
  body: (args: Record<string, unknown>, ctx) => ({
    json: {
      ...media.extraArgs(args),
      ...media.flattenTargetSize(media.stepsParams(args)),
      prompt: args.inputs,
      model: ctx.providerId,
    },
  }),
  job: togetherVideoJob,
  output: (o: JobOutcome) => o.blob ?? o.result,
};

/** Image-to-video: the image is the first keyframe (`frame_images: [{input_image, frame: "first"}]`). */
export const imageToVideo: Adapter = {
  provider: together,
  path: () => "v2/videos",
  async body(args: Record<string, unknown>, ctx) {
    const image = await media.imageDataUrl(args, { allowUrl: true });
    const { prompt, ...rest } = media.flattenTargetSize(media.stepsParams(args));
    return {
      json: {
        ...media.extraArgs(args),
        ...rest,
        ...(typeof prompt === "string" ? { prompt } : {}),
        frame_images: [{ input_image: image, frame: "first" }],
        model: ctx.providerId,
      },
    };
  },
  job: togetherVideoJob,
  output: (o: JobOutcome) => o.blob ?? o.result,
};
