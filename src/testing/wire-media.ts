/**
 * Image and video generation in each provider's wire format (written from the providers' public API
 * docs), with long-running jobs simulated the way each provider runs them: queued, then in progress
 * (with queue positions and logs where the provider gives them), then done, failed or never finished.
 * Generated files are served by the mock too (tiny but valid PNG, MP4 and WAV files, with their type).
 *
 * Steering a job: send the header `x-mock-job` with the submit request (for example with the call
 * option `headers`). Its value is `;`-separated settings:
 * - `queued=N` polls answered "queued" (default 1), `running=N` polls "in progress" (default 1);
 * - `outcome=done|fail|never` (default done; `never` stays in progress), `error=<text>` for a failure;
 * - `fail-polls=2,3`: those status polls (1-based) answer HTTP 500 without moving the job on;
 * - `log-credentials`: a hostile provider, whose log lines quote the credentials it received (every
 *   header whose name speaks of auth, key or token), for secrecy tests.
 * Replicate answers a finished prediction to its `Prefer: wait` submit unless `queued` or `running` is set.
 *
 * Job state lives per mock instance (keyed on the instance's mapping table), so two mocks never share jobs.
 */
import { fileReply, MOCK_PNG, MOCK_PNG_BASE64 } from "./media-files.js";
import {
  isObj,
  isReply,
  jobsOf,
  newId,
  poll,
  submitJob,
  target,
  taskOf,
  type Job,
  type Phase,
  type PhaseWords,
} from "./media-jobs.js";
import { falReply, replicateReply, wavespeedReply } from "./wire-media-queues.js";
import type { MockReply, MockRequest } from "./types.js";

// novita ---------------------------------------------------------------------------------------------

/** Novita's MiniMax video route: submit `{model, content, ...}`, then query the task by id. */
function novitaMinimaxReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  const get = /^\/v3\/minimax\/v2\/query\/video_generation\/([^/]+)$/.exec(path);
  if (get && req.method === "GET") {
    const job = jobsOf(mappings).get(decodeURIComponent(get[1]!));
    if (!job) return { status: 404, json: { base_resp: { status_code: 2013, status_msg: "invalid task_id" } } };
    const p = poll(job, req);
    if (isReply(p)) return p;
    const words: PhaseWords = { queued: "queued", running: "running", fail: "failed", done: "succeeded" };
    const status = words[p.phase];
    return {
      json: {
        task: {
          id: job.id,
          model: job.model,
          status,
          created_at: 1_732_000_000,
          updated_at: 1_732_000_000 + job.polls,
          ...(status === "succeeded"
            ? {
                content: {
                  url: `https://novita-minimax-output.s3.us-west-2.amazonaws.com/video/${job.id}.mp4?X-Amz-Expires=32400`,
                },
                usage: { duration: job.body.duration ?? 4, resolution: job.body.resolution ?? "768P" },
              }
            : {}),
          ...(status === "failed" ? { error: { code: 1027, message: job.plan.error } } : {}),
        },
        base_resp: { status_code: 0, status_msg: "success" },
      },
    };
  }
  if (path !== "/v3/minimax/v2/video_generation" || req.method !== "POST") return undefined;
  const body = isObj(req.json) ? req.json : {};
  const content = Array.isArray(body.content) ? body.content : [];
  const texts = content.filter(
    (c: any) => isObj(c) && c.type === "text" && typeof c.text === "string" && c.text.trim(),
  );
  const invalid = (msg: string): MockReply => ({
    status: 400,
    json: { base_resp: { status_code: 2013, status_msg: `invalid params, ${msg}` } },
  });
  if (typeof body.model !== "string" || !body.model) return invalid("model is required");
  if (texts.length !== 1) return invalid("content must hold exactly one non-empty text item");
  if (typeof body.duration !== "number") return invalid("duration is required");
  const frames = content.filter((c: any) => isObj(c) && c.type === "image_url");
  for (const f of frames) {
    const url = isObj(f.image_url) ? f.image_url.url : undefined;
    if (typeof url !== "string" || !/^(https?:|data:image\/)/.test(url))
      return invalid("image_url.url must be a URL or an image data URI");
  }
  if (!frames.length && (body.ratio === "adaptive" || body.ratio === undefined)) {
    return invalid("ratio is required for text-to-video and cannot be adaptive");
  }
  const job = submitJob(req, mappings, "novita", body.model);
  job.kind = "video";
  return { json: { task_id: job.id, base_resp: { status_code: 0, status_msg: "success" } } };
}

function novitaReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  if (path.startsWith("/v3/minimax/")) return novitaMinimaxReply(req, path, mappings);
  if (path === "/v3/async/task-result" && req.method === "GET") {
    const job = jobsOf(mappings).get(req.query.get("task_id") ?? "");
    if (!job) return { status: 404, json: { code: 404, reason: "TASK_NOT_FOUND", message: "task not found" } };
    const p = poll(job, req);
    if (isReply(p)) return p;
    const words: PhaseWords = {
      queued: "TASK_STATUS_QUEUED",
      running: "TASK_STATUS_PROCESSING",
      fail: "TASK_STATUS_FAILED",
      done: "TASK_STATUS_SUCCEED",
    };
    const status = words[p.phase];
    return {
      json: {
        extra: {
          seed: "42",
          debug_info: { request_info: "", submit_time_ms: "", execute_time_ms: "", complete_time_ms: "" },
        },
        task: {
          task_id: job.id,
          task_type: "TXT_TO_VIDEO",
          status,
          reason: status === "TASK_STATUS_FAILED" ? job.plan.error : "",
          eta: p.phase === "done" ? 0 : 10,
          progress_percent: p.phase === "done" ? 100 : p.phase === "running" ? 50 : 0,
        },
        images: [],
        videos:
          status === "TASK_STATUS_SUCCEED"
            ? [
                {
                  video_url: `https://faas-output-video.s3.ap-southeast-1.amazonaws.com/prod/${job.id}.mp4`,
                  video_url_ttl: "3600",
                  video_type: "mp4",
                },
              ]
            : [],
        audios: [],
      },
    };
  }
  const m = /^\/v3\/async\/(.+)$/.exec(path);
  if (!m || req.method !== "POST") return undefined;
  const job = submitJob(req, mappings, "novita", m[1]!);
  job.kind = "video";
  return { json: { task_id: job.id } };
}

// together -------------------------------------------------------------------------------------------

function togetherVideo(job: Job, p: Phase): Record<string, unknown> {
  const words: PhaseWords = { queued: "queued", running: "in_progress", fail: "failed", done: "completed" };
  const status = words[p.phase];
  return {
    id: job.id,
    object: "video",
    model: job.model,
    status,
    created_at: 1_732_000_000,
    ...(status === "completed"
      ? {
          completed_at: 1_732_000_060,
          outputs: { video_url: `https://api.together.ai/shrt/mock/${job.id}.mp4`, cost: 0.2 },
        }
      : {}),
    ...(status === "failed" ? { error: { code: "generation_failed", message: job.plan.error } } : {}),
  };
}

function togetherReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  const get = /^\/v2\/videos\/([^/]+)$/.exec(path);
  if (get && req.method === "GET") {
    const job = jobsOf(mappings).get(get[1]!);
    if (!job)
      return { status: 404, json: { error: { message: "Video job not found", type: "invalid_request_error" } } };
    const p = poll(job, req);
    return isReply(p) ? p : { json: togetherVideo(job, p) };
  }
  if (path === "/v2/videos" && req.method === "POST") {
    const model = String(req.json?.model ?? "");
    const job = submitJob(req, mappings, "together", model);
    job.kind = "video";
    return { json: togetherVideo(job, { phase: "queued", position: 1 }) };
  }
  if (path === "/v1/images/generations" && req.method === "POST") return openaiImages(req, "together");
  return undefined;
}

// OpenAI-style image generation (together, nscale, nebius, deepinfra) and hyperbolic ----------------

function openaiImages(req: MockRequest, provider: string): MockReply {
  const body = isObj(req.json) ? req.json : {};
  if (typeof body.prompt !== "string") {
    return { status: 400, json: { error: { message: "prompt is required", type: "invalid_request_error" } } };
  }
  const id = newId();
  const asUrl = body.response_format === "url";
  const item = asUrl
    ? {
        url:
          provider === "nebius"
            ? `https://pictures-storage.storage.eu-north1.nebius.cloud/text2img-${id}.png`
            : provider === "deepinfra"
              ? `https://shared.deepinfra.com/models/generated/${id}.png`
              : `https://api.together.ai/imgproxy/mock/${id}.png`,
      }
    : { b64_json: MOCK_PNG_BASE64 };
  return { json: { id, model: body.model, object: "list", created: 1_732_000_000, data: [{ index: 0, ...item }] } };
}

function hyperbolicImages(req: MockRequest): MockReply {
  const body = isObj(req.json) ? req.json : {};
  if (typeof body.model_name !== "string" || typeof body.prompt !== "string") {
    return { status: 422, json: { detail: "model_name and prompt are required" } };
  }
  return { json: { images: [{ index: 0, image: MOCK_PNG_BASE64, random_seed: 42 }], inference_time: 1.234 } };
}

// zai-org --------------------------------------------------------------------------------------------

function zaiReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  const get = /^\/api\/paas\/v4\/async-result\/([^/]+)$/.exec(path);
  if (get && req.method === "GET") {
    const job = jobsOf(mappings).get(get[1]!);
    if (!job) return { status: 404, json: { error: { code: "1214", message: "task not found" } } };
    const p = poll(job, req);
    if (isReply(p)) return p;
    const status = p.phase === "fail" ? "FAIL" : p.phase === "done" ? "SUCCESS" : "PROCESSING";
    return {
      json: {
        model: job.model,
        request_id: job.id,
        task_status: status,
        ...(status === "SUCCESS"
          ? { image_result: [{ url: `https://aigc-files.bigmodel.cn/api/cogview/${job.id}.png` }] }
          : {}),
        ...(status === "FAIL" ? { error: { code: "1301", message: job.plan.error } } : {}),
      },
    };
  }
  if (path === "/api/paas/v4/async/images/generations" && req.method === "POST") {
    const job = submitJob(req, mappings, "zai-org", String(req.json?.model ?? ""));
    return { json: { model: job.model, id: job.id, request_id: job.id, task_status: "PROCESSING" } };
  }
  return undefined;
}

// black-forest-labs ----------------------------------------------------------------------------------

function bflReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  if (path === "/v1/get_result" && req.method === "GET") {
    const job = jobsOf(mappings).get(req.query.get("id") ?? "");
    if (!job) return { json: { id: req.query.get("id"), status: "Task not found", result: null } };
    const p = poll(job, req);
    if (isReply(p)) return p;
    const status = p.phase === "fail" ? "Error" : p.phase === "done" ? "Ready" : "Pending";
    return {
      json: {
        id: job.id,
        status,
        result:
          status === "Ready"
            ? {
                sample: `https://delivery-us1.bfl.ai/results/mock/${job.id}/sample.png?se=2030-01-01&sig=mock`,
                prompt: job.body.prompt ?? "",
                seed: 42,
                start_time: 1_732_000_000,
                end_time: 1_732_000_005,
                duration: 5,
              }
            : null,
        progress: status === "Pending" ? (p.phase === "running" ? 0.5 : 0) : null,
        ...(status === "Error" ? { details: { error: job.plan.error } } : {}),
      },
    };
  }
  const m = /^\/v1\/([^/]+)$/.exec(path);
  if (!m || req.method !== "POST") return undefined;
  const job = submitJob(req, mappings, "black-forest-labs", m[1]!);
  return { json: { id: job.id, polling_url: `https://api.us1.bfl.ai/v1/get_result?id=${job.id}` } };
}

// hf-inference ---------------------------------------------------------------------------------------

function hfInferenceReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  const m = /^\/models\/(.+)$/.exec(path);
  if (!m || req.method !== "POST") return undefined;
  const task = taskOf(mappings, "hf-inference", decodeURIComponent(m[1]!));
  const json = isObj(req.json) ? req.json : undefined;
  const png = { bytes: MOCK_PNG, headers: { "content-type": "image/png" } };
  switch (task) {
    case "text-to-image":
      return typeof json?.inputs === "string" ? png : { status: 400, json: { error: "inputs must be a prompt" } };
    case "image-to-image":
      return (json ? typeof json.inputs === "string" : req.bytes.length > 0)
        ? png
        : { status: 400, json: { error: "Incorrect image" } };
    case "image-segmentation":
      return typeof json?.inputs === "string"
        ? {
            json: [
              { score: 0.9871, label: "cat", mask: MOCK_PNG_BASE64 },
              { score: 0.9532, label: "couch", mask: MOCK_PNG_BASE64 },
            ],
          }
        : { status: 400, json: { error: "inputs must be a base64 image" } };
    default:
      return undefined;
  }
}

/** Answers media generation requests, job polls and generated-file downloads; undefined for anything else. */
export function mediaReply(req: MockRequest, mappings: Map<string, unknown[]>): MockReply | undefined {
  const t = target(req);
  if (t) {
    const routed = req.host === "router.huggingface.co";
    let reply: MockReply | undefined;
    switch (t.provider) {
      case "fal-ai":
        reply = falReply(req, t.path, mappings, routed);
        break;
      case "replicate":
        reply = replicateReply(req, t.path, mappings);
        break;
      case "wavespeed":
        reply = wavespeedReply(req, t.path, mappings);
        break;
      case "novita":
        reply = novitaReply(req, t.path, mappings);
        break;
      case "together":
        reply = togetherReply(req, t.path, mappings);
        break;
      case "zai-org":
        reply = zaiReply(req, t.path, mappings);
        break;
      case "black-forest-labs":
        reply = bflReply(req, t.path, mappings);
        break;
      case "hf-inference":
        reply = hfInferenceReply(req, t.path, mappings);
        break;
      case "nscale":
      case "nebius":
        if (t.path === "/v1/images/generations" && req.method === "POST") reply = openaiImages(req, t.provider);
        break;
      case "deepinfra":
        if (t.path === "/v1/openai/images/generations" && req.method === "POST") reply = openaiImages(req, t.provider);
        break;
      case "hyperbolic":
        if (t.path === "/v1/images/generations" && req.method === "POST") reply = hyperbolicImages(req);
        break;
    }
    if (reply) return { ...reply, headers: { "x-request-id": `mock-${t.provider}`, ...reply.headers } };
  }
  return fileReply(req);
}
