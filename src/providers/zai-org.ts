import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";
import { isObj, type Adapter } from "./adapter.js";
import type { JobSpec, JobState } from "./adapter.js";
import * as media from "./media-output.js";

export const zai: ProviderInfo = {
  id: "zai-org",
  baseUrl: "https://api.z.ai",
  headers: { "x-source-channel": "hugging_face", "accept-language": "en-US,en" },
};

export const chat = /* @__PURE__ */ openaiChat(zai, "api/paas/v4/chat/completions");

/**
 * Image-to-text through the layout-parsing (OCR) API: `POST api/paas/v4/layout_parsing` with
 * `{model, file}`. `file` is an http(s) URL as given (the API fetches it, so it is not downloaded here)
 * or the image/PDF as a data URL with its real content type. `parameters` (`return_crop_images`,
 * `need_layout_visualization`, `start_page_id`, `end_page_id`, ...) are sent as top-level fields; the
 * reference client drops them. Answer: `md_results` (Markdown) as `{generated_text, generatedText}`.
 */
export const imageToText: Adapter = {
  provider: zai,
  path: () => "api/paas/v4/layout_parsing",
  body: async (args: Record<string, unknown>, ctx) => {
    const file = await media.imageDataUrl(args, { allowUrl: true });
    return { json: { ...media.paramsOf(args), model: ctx.providerId, file } };
  },
  output: (raw: any) =>
    raw && typeof raw === "object" && typeof raw.md_results === "string"
      ? { generated_text: raw.md_results, generatedText: raw.md_results }
      : raw,
};

/** Reads a Z.ai async task (`task_status`: `PROCESSING`, `SUCCESS`, `FAIL`). */
export function zaiTaskStatus(a: unknown): JobState | undefined {
  if (!isObj(a) || typeof a.task_status !== "string") return undefined;
  const status = a.task_status;
  if (status === "SUCCESS") return { state: "done", status };
  if (status === "FAIL") {
    const e = a.error;
    const error = typeof e === "string" ? e : isObj(e) && typeof e.message === "string" ? e.message : undefined;
    return { state: "failed", status, error };
  }
  return { state: "pending", status };
}

const zaiImageUrl = (r: any): string | undefined =>
  isObj(r) && Array.isArray(r.image_result) && isObj(r.image_result[0]) ? r.image_result[0].url : undefined;

/** Z.ai async results: poll `api/paas/v4/async-result/{id}` until `SUCCESS`. */
export const zaiAsyncJob: JobSpec = {
  status: zaiTaskStatus,
  ready: (a) => typeof zaiImageUrl(a) === "string",
  statusUrl: (submit, call) => media.pollUrl(call, submit, "id", "/api/paas/v4/async-result/"),
  interval: 1_000,
  maxInterval: 5_000,
};

/**
 * `zaiAsyncJob` plus task fields. A call without side effects rather than an object spread, which
 * bundlers must keep: a chat-only bundle can then drop the image adapter and the media helpers.
 */
/* @__NO_SIDE_EFFECTS__ */
function withAsyncJob(fields: Partial<JobSpec>): JobSpec {
  return { ...zaiAsyncJob, ...fields };
}

/** Text-to-image: `POST api/paas/v4/async/images/generations` `{model, prompt, ...parameters}`, then polled. */
export const textToImage: Adapter = {
  provider: zai,
  path: () => "api/paas/v4/async/images/generations",
  body: (args: Record<string, unknown>, ctx) => ({
    json: { ...media.extraArgs(args), ...media.paramsOf(args), model: ctx.providerId, prompt: args.inputs },
  }),
  job: /* @__PURE__ */ withAsyncJob({
    media: (r, call) => (media.wantsBytes(call.ctx) ? zaiImageUrl(r) : undefined),
    mediaKind: "image",
  }),
  output: /* @__PURE__ */ media.jobMedia(zaiImageUrl),
};
