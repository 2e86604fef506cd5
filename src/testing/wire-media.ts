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
import type { MockReply, MockRequest } from "./wire.js";

const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);

/** A 1x1 transparent PNG. */
export const MOCK_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (c) => c.charCodeAt(0),
);

/** An MP4 file header: `ftyp` (isom) and an empty `free` box. */
export const MOCK_MP4 = (() => {
  const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
  return Uint8Array.from([
    0,
    0,
    0,
    0x18,
    ...ascii("ftypisom"),
    0,
    0,
    2,
    0,
    ...ascii("isomiso2"),
    0,
    0,
    0,
    8,
    ...ascii("free"),
  ]);
})();

/** A WAV file: 16 kHz mono 16-bit PCM, 8 silent samples. */
export const MOCK_WAV = (() => {
  const samples = 8;
  const b = new DataView(new ArrayBuffer(44 + samples * 2));
  const w = (o: number, s: string) => [...s].forEach((c, i) => b.setUint8(o + i, c.charCodeAt(0)));
  w(0, "RIFF");
  b.setUint32(4, 36 + samples * 2, true);
  w(8, "WAVE");
  w(12, "fmt ");
  b.setUint32(16, 16, true);
  b.setUint16(20, 1, true);
  b.setUint16(22, 1, true);
  b.setUint32(24, 16000, true);
  b.setUint32(28, 32000, true);
  b.setUint16(32, 2, true);
  b.setUint16(34, 16, true);
  w(36, "data");
  b.setUint32(40, samples * 2, true);
  return new Uint8Array(b.buffer);
})();

const FILES: Record<string, { bytes: Uint8Array; type: string }> = {
  png: { bytes: MOCK_PNG, type: "image/png" },
  mp4: { bytes: MOCK_MP4, type: "video/mp4" },
  wav: { bytes: MOCK_WAV, type: "audio/wav" },
};

const b64 = (bytes: Uint8Array) => {
  let s = "";
  for (const x of bytes) s += String.fromCharCode(x);
  return btoa(s);
};
export const MOCK_PNG_BASE64 = b64(MOCK_PNG);

/** Direct API hosts of the media providers. */
const HOSTS: Record<string, string> = {
  "queue.fal.run": "fal-ai",
  "fal.run": "fal-ai",
  "api.replicate.com": "replicate",
  "api.wavespeed.ai": "wavespeed",
  "api.novita.ai": "novita",
  "api.together.xyz": "together",
  "api.z.ai": "zai-org",
  "inference.api.nscale.com": "nscale",
  "api.hyperbolic.xyz": "hyperbolic",
  "api.studio.nebius.ai": "nebius",
  "api.deepinfra.com": "deepinfra",
};

/** Where a request goes: the provider and the path on its API (router prefix removed). */
function target(req: MockRequest): { provider: string; path: string } | undefined {
  if (req.host === "router.huggingface.co") {
    const m = /^\/([^/]+)(\/.*)?$/.exec(req.path);
    return m ? { provider: m[1]!, path: m[2] ?? "/" } : undefined;
  }
  if (req.host === "bfl.ai" || req.host.endsWith(".bfl.ai")) {
    return req.host.startsWith("delivery") ? undefined : { provider: "black-forest-labs", path: req.path };
  }
  const provider = HOSTS[req.host];
  return provider ? { provider, path: req.path } : undefined;
}

type Kind = "image" | "video" | "audio" | "mask";

interface Plan {
  queued: number;
  running: number;
  outcome: "done" | "fail" | "never";
  error: string;
  failPolls: number[];
  /** Log lines quote the credential headers received. */
  logCredentials: boolean;
}

interface Job {
  id: string;
  provider: string;
  model: string;
  task: string;
  kind: Kind;
  plan: Plan;
  /** Status requests received (answered or failed). */
  requests: number;
  /** Status answers given (the job's clock). */
  polls: number;
  auth: string;
  /** Every credential header value of the submit request. */
  credentials: string;
  body: Record<string, any>;
  created: string;
}

type Phase = { phase: "queued"; position: number } | { phase: "running"; logs: string[] } | { phase: "done" | "fail" };

const states = new WeakMap<object, Map<string, Job>>();
let seq = 0;
const newId = () => `${Date.now().toString(36)}${(++seq).toString(36).padStart(4, "0")}mock`;

function jobsOf(key: object): Map<string, Job> {
  let m = states.get(key);
  if (!m) states.set(key, (m = new Map()));
  return m;
}

function planOf(req: MockRequest, provider: string): Plan {
  const header = req.headers["x-mock-job"] ?? "";
  const kv = new Map<string, string>();
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0) kv.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
    else if (part.trim()) kv.set("outcome", part.trim());
  }
  const num = (k: string, d: number) => (kv.has(k) ? Math.max(0, Number(kv.get(k)) || 0) : d);
  const instant = provider === "replicate" && !kv.has("queued") && !kv.has("running");
  const outcome = kv.get("outcome");
  return {
    queued: num("queued", instant ? 0 : 1),
    running: num("running", instant ? 0 : 1),
    outcome: outcome === "fail" || outcome === "never" ? outcome : "done",
    error: kv.get("error") ?? "Generation failed: the mock was told to fail",
    failPolls: (kv.get("fail-polls") ?? "")
      .split(",")
      .map(Number)
      .filter((n) => n > 0),
    logCredentials: kv.has("log-credentials") || outcome === "log-credentials",
  };
}

const logLines = (n: number) =>
  Array.from({ length: n }, (_, i) => `step ${i + 1}: denoising ${Math.min(100, (i + 1) * 25)}%`);
/** Every log line of a finished job. */
const finalLogs = (job: Job) => [...logLines(job.plan.running), "done"];

/** The job's phase after `n` status answers. */
function phaseAt(job: Job, n: number): Phase {
  const { queued, running, outcome } = job.plan;
  if (n < queued) return { phase: "queued", position: queued - n };
  if (outcome === "never" || n < queued + running) {
    const logs = logLines(n - queued + 1);
    if (job.plan.logCredentials) logs.push(`loaded weights with ${job.credentials}`);
    return { phase: "running", logs };
  }
  return { phase: outcome === "fail" ? "fail" : "done" };
}

const authOf = (req: MockRequest) => req.headers.authorization ?? req.headers["x-key"] ?? "";

/** Counts a status request: an HTTP 500 when the plan says so, a 401 without the submit's credentials. */
function poll(job: Job, req: MockRequest): MockReply | Phase {
  job.requests++;
  if (job.auth && authOf(req) !== job.auth) {
    return { status: 401, json: { detail: "Unauthorized: missing or wrong credentials on a job poll" } };
  }
  if (job.plan.failPolls.includes(job.requests)) {
    return {
      status: 500,
      json: { detail: "Internal Server Error" },
      headers: { "x-request-id": `poll-${job.requests}` },
    };
  }
  job.polls++;
  return phaseAt(job, job.polls);
}

const isReply = (v: MockReply | Phase): v is MockReply => !("phase" in v);

/** The task of a provider model, from the Hub mappings registered on the mock. */
function taskOf(mappings: Map<string, unknown[]>, provider: string, model: string): string | undefined {
  for (const entries of mappings.values()) {
    for (const e of entries as Record<string, unknown>[]) {
      if (e.provider !== provider) continue;
      const id = String(e.providerId);
      if (id === model || model.startsWith(`${id}/`) || id.startsWith(`${model}:`) || id.split(":")[0] === model) {
        return String(e.task);
      }
    }
  }
  return undefined;
}

function kindOf(task: string | undefined, body: Record<string, any>, model: string): Kind {
  if (task === "image-segmentation") return "mask";
  if (task?.endsWith("video") || /video|t2v|i2v/i.test(model)) return "video";
  if (task === "text-to-speech" || task === "text-to-audio" || task === "audio-to-audio") return "audio";
  if (!task && body.sync_mode === true && typeof body.image_url === "string" && !body.prompt) return "mask";
  return "image";
}

const ext = (kind: Kind) => (kind === "video" ? "mp4" : kind === "audio" ? "wav" : "png");

const AUDIO = new Set(["text-to-speech", "text-to-audio", "audio-to-audio", "automatic-speech-recognition"]);

/** Audio jobs are answered by the audio routes of the mock. */
function isAudioJob(mappings: Map<string, unknown[]>, provider: string, model: string, body: unknown): boolean {
  const task = taskOf(mappings, provider, model);
  if (task) return AUDIO.has(task);
  if (!isObj(body)) return false;
  const input = isObj(body.input) ? body.input : body;
  return (
    typeof input.audio_url === "string" ||
    input.audio !== undefined ||
    (typeof input.text === "string" && input.prompt === undefined)
  );
}

function submitJob(req: MockRequest, mappings: Map<string, unknown[]>, provider: string, model: string): Job {
  const body = isObj(req.json) ? req.json : {};
  const task = taskOf(mappings, provider, model) ?? "";
  const job: Job = {
    id: newId(),
    provider,
    model,
    task,
    kind: kindOf(task, body, model),
    plan: planOf(req, provider),
    requests: 0,
    polls: 0,
    auth: authOf(req),
    credentials: Object.entries(req.headers)
      .filter(([k]) => /auth|key|token/i.test(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(" "),
    body,
    created: new Date(1_732_000_000_000).toISOString(),
  };
  jobsOf(mappings).set(job.id, job);
  return job;
}

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

function falReply(
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
  const status =
    p.phase === "queued"
      ? "starting"
      : p.phase === "running"
        ? "processing"
        : p.phase === "fail"
          ? "failed"
          : "succeeded";
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

function replicateReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
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
  const status =
    p.phase === "queued"
      ? "created"
      : p.phase === "running"
        ? "processing"
        : p.phase === "fail"
          ? "failed"
          : "completed";
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

function wavespeedReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
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

// novita ---------------------------------------------------------------------------------------------

/** Novita's MiniMax video route: submit `{model, content, ...}`, then query the task by id. */
function novitaMinimaxReply(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  const get = /^\/v3\/minimax\/v2\/query\/video_generation\/([^/]+)$/.exec(path);
  if (get && req.method === "GET") {
    const job = jobsOf(mappings).get(decodeURIComponent(get[1]!));
    if (!job) return { status: 404, json: { base_resp: { status_code: 2013, status_msg: "invalid task_id" } } };
    const p = poll(job, req);
    if (isReply(p)) return p;
    const status =
      p.phase === "queued" ? "queued" : p.phase === "running" ? "running" : p.phase === "fail" ? "failed" : "succeeded";
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
    const status =
      p.phase === "queued"
        ? "TASK_STATUS_QUEUED"
        : p.phase === "running"
          ? "TASK_STATUS_PROCESSING"
          : p.phase === "fail"
            ? "TASK_STATUS_FAILED"
            : "TASK_STATUS_SUCCEED";
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
  const status =
    p.phase === "queued"
      ? "queued"
      : p.phase === "running"
        ? "in_progress"
        : p.phase === "fail"
          ? "failed"
          : "completed";
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

// generated files ------------------------------------------------------------------------------------

function fileReply(req: MockRequest): MockReply | undefined {
  if (req.method !== "GET" || req.host.endsWith("huggingface.co")) return undefined;
  // Only the files this module links to (job ids end in "mock"); other routes serve their own.
  if (!req.path.includes("mock") || req.path.includes("mock-audio")) return undefined;
  const m = /\.(png|mp4|wav)$/.exec(req.path);
  const f = m ? FILES[m[1]!] : undefined;
  return f ? { bytes: f.bytes, headers: { "content-type": f.type } } : undefined;
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
