/**
 * Black Forest Labs: `POST v1/{model}` returns `{id, polling_url}`; `GET polling_url` answers
 * `{status: "Pending" | "Ready" | "Error" | "Content Moderated" | "Request Moderated" | "Task not found",
 * result: {sample}}` (https://docs.bfl.ai). A direct key is sent as the `X-Key` header, as BFL's API
 * documents (the reference client sends `Authorization: X-Key <key>`, which BFL does not read); polls
 * carry it too (the reference polled without any key), and only to BFL's own hosts.
 */
import type { JobSpec, JobState } from "./adapter.js";
import { underBase } from "../transport/job.js";
import { isObj, modelPath, type Adapter, type ProviderInfo } from "./adapter.js";
import { extraArgs, mediaOutput, paramsOf, pollUrl, wantsBytes } from "./media-output.js";
import type { JobOutcome } from "./adapter.js";

export const blackForestLabs: ProviderInfo = {
  id: "black-forest-labs",
  baseUrl: "https://api.us1.bfl.ai",
  auth: (key) => ({ "X-Key": key }),
};

export function bflStatus(a: unknown): JobState | undefined {
  if (!isObj(a) || typeof a.status !== "string") return undefined;
  const status = a.status;
  if (status === "Ready") return { state: "done", status };
  if (status === "Pending" || status === "Queued" || status === "Processing") return { state: "pending", status };
  const detail = isObj(a.details) ? JSON.stringify(a.details) : typeof a.error === "string" ? a.error : undefined;
  return { state: "failed", status, error: detail ?? status };
}

const sampleOf = (r: any): string | undefined =>
  isObj(r) && isObj(r.result) && typeof r.result.sample === "string" ? r.result.sample : undefined;

/**
 * BFL's polling as a job. Routed calls poll the path of `polling_url` through the router (the Hugging
 * Face token never goes to BFL's host); direct calls poll `polling_url` itself, which may be on a
 * regional host (`api.eu1.bfl.ai`): the key goes to `*.bfl.ai` hosts only.
 */
export const bflJob: JobSpec = {
  status: bflStatus,
  ready: (a) => sampleOf(a) !== undefined,
  statusUrl(submit, call) {
    if (!isObj(submit)) return undefined;
    const base = call.ctx.base.replace(/\/+$/, "");
    if (typeof submit.polling_url === "string" && /^https?:\/\//.test(submit.polling_url)) {
      return call.ctx.routed ? underBase(base, submit.polling_url) : submit.polling_url;
    }
    return pollUrl(call, submit, "id", "/v1/get_result?id=");
  },
  trustedHost: (host, call) => !call.ctx.routed && (host === "bfl.ai" || host.endsWith(".bfl.ai")),
  media: (r, call) => (wantsBytes(call.ctx) ? sampleOf(r) : undefined),
  mediaKind: "image",
  interval: 500,
  maxInterval: 3_000,
};

export const textToImage: Adapter = {
  provider: blackForestLabs,
  path: /* @__PURE__ */ modelPath("v1/"),
  body: (args) => ({ json: { ...extraArgs(args), ...paramsOf(args), prompt: args.inputs } }),
  job: bflJob,
  // outputType "json" gives BFL's `result` object ({sample, prompt, seed, ...}).
  output: (o: JobOutcome, ctx) =>
    mediaOutput(
      {
        json: isObj(o.result) && isObj(o.result.result) ? o.result.result : o.result,
        url: sampleOf(o.result),
        blob: o.blob,
      },
      ctx,
    ),
};
