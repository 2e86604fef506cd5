/**
 * The queue APIs of fal, Replicate and WaveSpeed as the mock answers them: submit, status polls with queue
 * positions and logs, and results, for the jobs of ./media-jobs.ts.
 */
import { MOCK_MP4, MOCK_PNG_BASE64, MOCK_WAV } from "./media-files.js";
import {
  ext,
  finalLogs,
  isAudioJob,
  isObj,
  isReply,
  jobsOf,
  phaseAt,
  poll,
  submitJob,
  taskOf,
  type Job,
  type Phase,
  type PhaseWords,
} from "./media-jobs.js";
import type { MockReply, MockRequest } from "./types.js";

// fal ------------------------------------------------------------------------------------------------

function falResult(job: Job): Record<string, unknown> {
  const url = `https://v3.fal.media/files/mock/${job.id}.${ext(job.kind)}`;
  switch (job.kind) {
    case "video":
      return {
        video: { url, content_type: "video/mp4", file_name: `${job.id}.mp4`, file_size: MOCK_MP4.length },
        seed: 42,
      };
    case "audio":
      return { audio: { url, content_type: "audio/wav", file_name: `${job.id}.wav`, file_size: MOCK_WAV.length } };
    case "mask":
      return {
        image: {
          url: job.body.sync_mode ? `data:image/png;base64,${MOCK_PNG_BASE64}` : url,
          content_type: "image/png",
          width: 1,
          height: 1,
        },
      };
    default:
      return {
        images: [{ url, width: 1024, height: 768, content_type: "image/png" }],
        timings: { inference: 1.234 },
        seed: 42,
        has_nsfw_concepts: [false],
        prompt: job.body.prompt ?? "",
      };
  }
}

function falStatus(job: Job, p: Phase, base: string, logs: boolean): Record<string, unknown> {
  const response_url = `${base}/requests/${job.id}`;
  if (p.phase === "queued") return { status: "IN_QUEUE", queue_position: p.position, response_url };
  const entries = (lines: string[]) =>
    logs ? lines.map((message) => ({ message, level: "INFO", source: "stdout", timestamp: job.created })) : null;
  if (p.phase === "running") return { status: "IN_PROGRESS", logs: entries(p.logs), response_url };
  return {
    status: "COMPLETED",
    logs: entries(finalLogs(job)),
    response_url,
    metrics: { inference_time: 1.234 },
    ...(p.phase === "fail" ? { error: job.plan.error, error_type: "runner_error" } : {}),
  };
}

export function falReply(
  req: MockRequest,
  path: string,
  mappings: Map<string, unknown[]>,
  routed: boolean,
): MockReply | undefined {
  const queue = routed ? req.query.get("_subdomain") === "queue" : req.host === "queue.fal.run";
  if (!queue) return undefined;
  const m = /^\/(.+?)\/requests\/([^/]+)(\/status)?$/.exec(path);
  if (m && req.method === "GET") {
    const job = jobsOf(mappings).get(m[2]!);
    if (!job) return undefined;
    const app = job.model.split("/").slice(0, 2).join("/");
    if (m[1] !== app) return { status: 404, json: { detail: `Request not found under ${m[1]}` } };
    if (m[3]) {
      const p = poll(job, req);
      if (isReply(p)) return p;
      return { json: falStatus(job, p, `https://queue.fal.run/${app}`, req.query.get("logs") === "1") };
    }
    const p = phaseAt(job, job.polls);
    if (p.phase === "fail") return { status: 500, json: { detail: job.plan.error } };
    if (p.phase !== "done") return { status: 400, json: { detail: "Request is still in progress" } };
    return { json: falResult(job) };
  }
  if (req.method !== "POST") return undefined;
  const model = path.replace(/^\/+|\/+$/g, "");
  if (!model || isAudioJob(mappings, "fal-ai", model, req.json)) return undefined;
  const job = submitJob(req, mappings, "fal-ai", model);
  const app = model.split("/").slice(0, 2).join("/");
  const base = `https://queue.fal.run/${app}/requests/${job.id}`;
  return {
    json: {
      status: "IN_QUEUE",
      request_id: job.id,
      response_url: base,
      status_url: `${base}/status`,
      cancel_url: `${base}/cancel`,
      queue_position: job.plan.queued,
    },
  };
}

// replicate ------------------------------------------------------------------------------------------

function replicatePrediction(job: Job, p: Phase): Record<string, unknown> {
  const words: PhaseWords = { queued: "starting", running: "processing", fail: "failed", done: "succeeded" };
  const status = words[p.phase];
  const url = `https://replicate.delivery/xezq/mock/${job.id}/out-0.${ext(job.kind)}`;
  const [name, version] = job.model.split(":");
  return {
    id: job.id,
    model: name,
    version: version ?? "hidden",
    input: job.body.input ?? {},
    logs: p.phase === "running" ? p.logs.join("\n") : p.phase === "queued" ? "" : `${finalLogs(job).join("\n")}\n`,
    output: status === "succeeded" ? (job.kind === "image" ? [url] : url) : null,
    data_removed: false,
    error: status === "failed" ? job.plan.error : null,
    status,
    created_at: job.created,
    urls: {
      get: `https://api.replicate.com/v1/predictions/${job.id}`,
      cancel: `https://api.replicate.com/v1/predictions/${job.id}/cancel`,
      stream: `https://stream.replicate.com/v1/files/${job.id}`,
    },
    ...(status === "succeeded" ? { metrics: { predict_time: 1.234 } } : {}),
  };
}

export function replicateReply(
  req: MockRequest,
  path: string,
  mappings: Map<string, unknown[]>,
): MockReply | undefined {
  const get = /^\/v1\/predictions\/([^/]+)$/.exec(path);
  if (get && req.method === "GET") {
    const job = jobsOf(mappings).get(get[1]!);
    if (!job)
      return { status: 404, json: { title: "Prediction not found", detail: "Prediction not found", status: 404 } };
    const p = poll(job, req);
    return isReply(p) ? p : { json: replicatePrediction(job, p) };
  }
  if (req.method !== "POST") return undefined;
  const byModel = /^\/v1\/models\/([^/]+\/[^/]+)\/predictions$/.exec(path);
  let model: string | undefined = byModel?.[1];
  if (!model && path === "/v1/predictions") {
    const version = isObj(req.json) ? req.json.version : undefined;
    if (typeof version !== "string") {
      return { status: 422, json: { title: "Invalid request", detail: "version is required", status: 422 } };
    }
    model = findByVersion(mappings, version) ?? `mock/model:${version}`;
  }
  if (!model || isAudioJob(mappings, "replicate", model, req.json)) return undefined;
  if (!isObj(req.json) || !isObj(req.json.input)) {
    return { status: 422, json: { title: "Input validation failed", detail: "input is required", status: 422 } };
  }
  const job = submitJob(req, mappings, "replicate", model);
  return { status: 201, json: replicatePrediction(job, phaseAt(job, 0)) };
}

function findByVersion(mappings: Map<string, unknown[]>, version: string): string | undefined {
  for (const entries of mappings.values()) {
    for (const e of entries as Record<string, unknown>[]) {
      if (e.provider === "replicate" && String(e.providerId).endsWith(`:${version}`)) return String(e.providerId);
    }
  }
  return undefined;
}

// wavespeed ------------------------------------------------------------------------------------------

function wavespeedEnvelope(job: Job, p: Phase): Record<string, unknown> {
  const words: PhaseWords = { queued: "created", running: "processing", fail: "failed", done: "completed" };
  const status = words[p.phase];
  return {
    code: 200,
    message: "success",
    data: {
      id: job.id,
      model: job.model,
      outputs:
        status === "completed"
          ? [`https://d1q70pf5vjeyhc.cloudfront.net/predictions/${job.id}/1.${ext(job.kind)}`]
          : [],
      urls: { get: `https://api.wavespeed.ai/api/v3/predictions/${job.id}/result` },
      has_nsfw_contents: status === "completed" ? [false] : [],
      status,
      created_at: job.created,
      error: status === "failed" ? job.plan.error : "",
      executionTime: status === "completed" ? 1234 : 0,
      timings: { inference: status === "completed" ? 1234 : 0 },
    },
  };
}

export function wavespeedReply(
  req: MockRequest,
  path: string,
  mappings: Map<string, unknown[]>,
): MockReply | undefined {
  const get = /^\/api\/v3\/predictions\/([^/]+)\/result$/.exec(path);
  if (get && req.method === "GET") {
    const job = jobsOf(mappings).get(get[1]!);
    if (!job) return { status: 404, json: { code: 404, message: "prediction not found", data: null } };
    const p = poll(job, req);
    return isReply(p) ? p : { json: wavespeedEnvelope(job, p) };
  }
  const m = /^\/api\/v3\/(.+)$/.exec(path);
  if (!m || req.method !== "POST") return undefined;
  const body = isObj(req.json) ? req.json : {};
  const task = taskOf(mappings, "wavespeed", m[1]!);
  if (task?.startsWith("image-") && (typeof body.image !== "string" || body.image.startsWith("data:"))) {
    return { status: 400, json: { code: 400, message: "image must be base64 data", data: null } };
  }
  const job = submitJob(req, mappings, "wavespeed", m[1]!);
  return { json: wavespeedEnvelope(job, { phase: "queued", position: 1 }) };
}
