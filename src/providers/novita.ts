import type { ProviderInfo } from "./adapter.js";
import { chatAsCompletions, openaiChat } from "./openai-compatible.js";
import { isObj, modelPath, type Adapter } from "./adapter.js";
import type { JobOutcome, JobSpec, JobState } from "./adapter.js";
import * as media from "./media-output.js";
import { InferenceClientInputError } from "../errors.js";

export const novita: ProviderInfo = { id: "novita", baseUrl: "https://api.novita.ai" };

export const chat = /* @__PURE__ */ openaiChat(novita, "v3/openai/chat/completions");
// The Hub maps novita's text-generation models to its chat route: send the prompt as one user message.
export const textGeneration = /* @__PURE__ */ chatAsCompletions(novita, "v3/openai/chat/completions");

/** Reads a Novita async task result (`{task: {status: "TASK_STATUS_QUEUED" | ... , reason}, videos}`). */
export function novitaTaskStatus(a: unknown): JobState | undefined {
  if (!isObj(a) || !isObj(a.task) || typeof a.task.status !== "string") return undefined;
  const status = a.task.status;
  if (status === "TASK_STATUS_SUCCEED") return { state: "done", status };
  if (status === "TASK_STATUS_FAILED") {
    return {
      state: "failed",
      status,
      error: typeof a.task.reason === "string" && a.task.reason ? a.task.reason : undefined,
    };
  }
  return { state: "pending", status };
}

const novitaVideo = (r: any): string | undefined =>
  isObj(r) && Array.isArray(r.videos) && isObj(r.videos[0]) ? r.videos[0].video_url : undefined;

/**
 * Novita's async tasks (https://novita.ai/docs/api-reference/model-apis-task-result): the submit answer is
 * `{task_id}`; poll `v3/async/task-result?task_id={id}` until `TASK_STATUS_SUCCEED` (or an answer that
 * already holds the video).
 */

export const novitaTaskJob: JobSpec = {
  status: novitaTaskStatus,
  ready: (a) => typeof novitaVideo(a) === "string",
  statusUrl: (submit, call) => media.pollUrl(call, submit, "task_id", "/v3/async/task-result?task_id="),
  media: novitaVideo,
  mediaKind: "video",
  interval: 500,
  maxInterval: 5_000,
};

/** Text-to-video: `POST v3/async/{model}` with `{prompt, steps, ...parameters}`. */
export const textToVideo: Adapter = {
  provider: novita,
  path: /* @__PURE__ */ modelPath("v3/async/"),
  body: (args: Record<string, unknown>) => ({
    json: { ...media.extraArgs(args), ...media.stepsParams(args), prompt: args.inputs },
  }),
  job: novitaTaskJob,
  output: (o: JobOutcome) => o.blob ?? o.result,
};

/** Novita models served by its MiniMax video route (the body below is MiniMax H3's). */
export const NOVITA_MINIMAX_VIDEO_MODELS: readonly string[] = ["MiniMax-H3"];

const MINIMAX_RATIOS = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"] as const;

/** `target_size` when it has a positive width and height. */
function targetSize(v: unknown): { width: number; height: number } | undefined {
  if (!isObj(v)) return undefined;
  const { width, height } = v;
  return typeof width === "number" && typeof height === "number" && width > 0 && height > 0
    ? { width, height }
    : undefined;
}

/** Seconds of video from a frame count (24 fps), within MiniMax H3's 4 to 15 s; 4 s by default. */
export function minimaxDuration(numFrames: unknown): number {
  if (typeof numFrames !== "number" || !Number.isFinite(numFrames)) return 4;
  return Math.min(15, Math.max(4, Math.round(numFrames / 24)));
}

/** "768P" or "2K": the tier whose short edge (768 or 1440) is nearest the target's. */
export function minimaxResolution(size: unknown): string {
  const t = targetSize(size);
  if (!t) return "768P";
  const short = Math.min(t.width, t.height);
  return Math.abs(short - 768) <= Math.abs(short - 1440) ? "768P" : "2K";
}

/** The supported aspect ratio nearest the target's (the first listed on a tie); "16:9" by default. */
export function minimaxRatio(size: unknown): string {
  const t = targetSize(size);
  if (!t) return "16:9";
  const want = t.width / t.height;
  let best: string = MINIMAX_RATIOS[0];
  let bestGap = Infinity;
  for (const r of MINIMAX_RATIOS) {
    const [w, h] = r.split(":").map(Number) as [number, number];
    const gap = Math.abs(want - w / h);
    if (gap < bestGap) {
      best = r;
      bestGap = gap;
    }
  }
  return best;
}

/** Reads a MiniMax video task (`{task: {status: "queued" | "running" | "succeeded" | ..., content, error}}`). */
export function minimaxTaskStatus(a: unknown): JobState | undefined {
  if (!isObj(a) || !isObj(a.task) || typeof a.task.status !== "string") return undefined;
  const status = a.task.status;
  if (status === "succeeded") return { state: "done", status };
  if (status === "failed" || status === "cancelled") {
    const message = isObj(a.task.error) ? a.task.error.message : undefined;
    return { state: "failed", status, error: typeof message === "string" && message ? message : undefined };
  }
  return { state: "pending", status };
}

const minimaxVideo = (r: any): string | undefined =>
  isObj(r) && isObj(r.task) && isObj(r.task.content) ? r.task.content.url : undefined;

/**
 * Novita's MiniMax video tasks: the submit answer is `{task_id}`; poll
 * `v3/minimax/v2/query/video_generation/{id}` until `succeeded`, then download `task.content.url`.
 */

export const novitaMinimaxJob: JobSpec = {
  status: minimaxTaskStatus,
  ready: (a) => typeof minimaxVideo(a) === "string",
  statusUrl: (submit, call) => media.pollUrl(call, submit, "task_id", "/v3/minimax/v2/query/video_generation/"),
  media: minimaxVideo,
  mediaKind: "video",
  interval: 2_000,
  maxInterval: 10_000,
};

/** Parameters MiniMax H3 does not take. */
const MINIMAX_DROPPED = [
  "prompt",
  "num_frames",
  "target_size",
  "guidance_scale",
  "negative_prompt",
  "num_inference_steps",
  "seed",
];

/**
 * Image-text-to-video (MiniMax H3): `POST v3/minimax/v2/video_generation` with the prompt and the optional
 * first frame as `content` items; `duration`, `resolution` and `ratio` default from `num_frames` and
 * `target_size` (a first frame sets the ratio: "adaptive").
 */
export const imageTextToVideo: Adapter = {
  provider: novita,
  path: () => "v3/minimax/v2/video_generation",
  validate: (args: Record<string, unknown>, ctx) => {
    if (!NOVITA_MINIMAX_VIDEO_MODELS.includes(ctx.providerId)) {
      throw new InferenceClientInputError(
        `Unsupported Novita image-text-to-video model: ${ctx.providerId} (provider novita serves it only for ${NOVITA_MINIMAX_VIDEO_MODELS.join(", ")})`,
      );
    }
    const prompt = media.promptParam(args);
    if (!prompt?.trim()) {
      throw new InferenceClientInputError(
        `Novita MiniMax H3 requires a non-empty parameters.prompt (a non-empty string, even with an image)`,
      );
    }
  },
  body: async (args: Record<string, unknown>, ctx) => {
    const p = media.paramsOf(args);
    const image = await media.imageDataUrl(args, { allowUrl: true, optional: true });
    const rest: Record<string, unknown> = { ...p };
    for (const k of MINIMAX_DROPPED) delete rest[k];
    const content: Record<string, unknown>[] = [{ type: "text", text: p.prompt }];
    if (image) content.push({ type: "image_url", image_url: { url: image }, role: "first_frame" });
    return {
      json: {
        ...media.extraArgs(args),
        ...rest,
        model: ctx.providerId,
        content,
        resolution: p.resolution ?? minimaxResolution(p.target_size),
        duration: p.duration ?? minimaxDuration(p.num_frames),
        ratio: image ? "adaptive" : (p.ratio ?? minimaxRatio(p.target_size)),
      },
    };
  },
  job: novitaMinimaxJob,
  output: (o: JobOutcome) => o.blob ?? o.result,
};
