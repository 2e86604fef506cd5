/**
 * WaveSpeed: async task API (`POST api/v3/{model}`), polled until the task completes
 * (https://wavespeed.ai/docs). Submit and poll answers share one envelope:
 * `{code, message, data: {id, status: "created" | "processing" | "completed" | "failed", outputs, error,
 * urls: {get}}}`. Images are sent as plain base64 in `image` and `images`.
 */
import type { JobSpec, JobState, MediaKind } from "./adapter.js";
import { isObj, modelPath, type Adapter, type ProviderInfo, type RequestCtx } from "./adapter.js";
import {
  extraArgs,
  firstString,
  imageBase64,
  isLora,
  jobMedia,
  paramsOf,
  predictionUrl,
  promptParam,
  TRANSPARENT_PNG_BASE64,
  wantsBytes,
} from "./media-output.js";

export const wavespeed: ProviderInfo = { id: "wavespeed", baseUrl: "https://api.wavespeed.ai" };

/** Reads a WaveSpeed envelope (submit or poll answer). */
export function wavespeedStatus(a: unknown): JobState | undefined {
  if (!isObj(a)) return undefined;
  const d = isObj(a.data) ? a.data : undefined;
  if (typeof a.code === "number" && a.code !== 200 && !d) {
    return { state: "failed", status: String(a.code), error: typeof a.message === "string" ? a.message : undefined };
  }
  if (!d || typeof d.status !== "string") return undefined;
  const status = d.status;
  if (status === "completed") return { state: "done", status };
  if (status === "failed") {
    return { state: "failed", status, error: (typeof d.error === "string" && d.error) || a.message || undefined };
  }
  return { state: "pending", status };
}

/** The generated file: `data.outputs[0]`. */
export const wavespeedOutputUrl = (r: any): string | undefined =>
  isObj(r) && isObj(r.data) ? firstString(r.data.outputs) : undefined;

/**
 * A WaveSpeed task as a job: poll `data.urls.get` (placed under the router when routed), or
 * `api/v3/predictions/{id}/result`.
 */
export const wavespeedJob: JobSpec = {
  status: wavespeedStatus,
  // A task created in sync mode (or answering early) may carry its outputs before its status says so.
  ready: (a) => wavespeedOutputUrl(a) !== undefined,
  statusUrl: (submit, call) =>
    predictionUrl(call, isObj(submit) ? submit.data : undefined, "/api/v3/predictions/", "/result"),
  interval: 500,
  maxInterval: 5_000,
};

// The helpers below build the adapters at the top of the module: calls without side effects rather than
// object spreads (which bundlers must keep), so a bundle that does not use an adapter can drop it.

/** {@link wavespeedJob} downloading the output file when the caller wants its bytes. */
/* @__NO_SIDE_EFFECTS__ */
function wavespeedMedia(kind: MediaKind): JobSpec {
  return {
    ...wavespeedJob,
    media: (r, call) => (wantsBytes(call.ctx) ? wavespeedOutputUrl(r) : undefined),
    mediaKind: kind,
  };
}

function loras(ctx: RequestCtx): Record<string, unknown> {
  return isLora(ctx) && ctx.mapping ? { loras: [{ path: ctx.mapping.hfModelId, scale: 1 }] } : {};
}

function params(args: Record<string, unknown>): Record<string, unknown> {
  const p = paramsOf(args);
  delete p.images;
  return p;
}

const textBody = (args: Record<string, unknown>, ctx: RequestCtx) => ({
  json: { ...extraArgs(args), ...params(args), prompt: args.inputs, ...loras(ctx) },
});

/** Image tasks: the image as plain base64 in `image` and `images` (or the caller's own `images` list). */
async function imageBody(args: Record<string, unknown>, ctx: RequestCtx, optional: boolean) {
  const b64 = (await imageBase64(args, { optional })) ?? TRANSPARENT_PNG_BASE64;
  const own = (args.images ?? paramsOf(args).images) as unknown;
  const images = Array.isArray(own) && own.length && own.every((x) => typeof x === "string") ? own : [b64];
  const rest = extraArgs(args);
  delete rest.images;
  return { json: { ...rest, ...params(args), prompt: promptParam(args), image: b64, images, ...loras(ctx) } };
}

const wavespeedPath = /* @__PURE__ */ modelPath("api/v3/");

/** An adapter at `api/v3/{model}` whose file, `data.outputs[0]`, is a `kind`. */
/* @__NO_SIDE_EFFECTS__ */
function adapter(kind: MediaKind, body: Adapter["body"]): Adapter {
  return {
    provider: wavespeed,
    path: wavespeedPath,
    body,
    job: wavespeedMedia(kind),
    output: jobMedia(wavespeedOutputUrl),
  };
}

export const textToImage: Adapter = /* @__PURE__ */ adapter("image", textBody);

export const textToVideo: Adapter = /* @__PURE__ */ adapter("video", textBody);

export const imageToImage: Adapter = /* @__PURE__ */ adapter("image", (args, ctx) => imageBody(args, ctx, false));

/** Without an input image a 1x1 transparent PNG is sent, as WaveSpeed's edit models require one. */
export const imageTextToImage: Adapter = /* @__PURE__ */ adapter("image", (args, ctx) => imageBody(args, ctx, true));

export const imageToVideo: Adapter = /* @__PURE__ */ adapter("video", (args, ctx) => imageBody(args, ctx, false));

export const imageTextToVideo: Adapter = /* @__PURE__ */ adapter("video", (args, ctx) => imageBody(args, ctx, true));
