/**
 * The long-running jobs behind the mock's media routes: which provider a request is for, the plan a submit
 * asks for (the `x-mock-job` header, see ./wire-media.ts), each job's phase after each status poll, and the
 * job table of each mock instance.
 */
import type { MockReply, MockRequest } from "./types.js";

export const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);

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
export function target(req: MockRequest): { provider: string; path: string } | undefined {
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

export interface Job {
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

export type Phase =
  { phase: "queued"; position: number } | { phase: "running"; logs: string[] } | { phase: "done" | "fail" };

/** A provider's word for each phase of a job, as its status field says it. */
export type PhaseWords = Record<Phase["phase"], string>;

const states = new WeakMap<object, Map<string, Job>>();
let seq = 0;
export const newId = () => `${Date.now().toString(36)}${(++seq).toString(36).padStart(4, "0")}mock`;

export function jobsOf(key: object): Map<string, Job> {
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
export const finalLogs = (job: Job) => [...logLines(job.plan.running), "done"];

/** The job's phase after `n` status answers. */
export function phaseAt(job: Job, n: number): Phase {
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
export function poll(job: Job, req: MockRequest): MockReply | Phase {
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

export const isReply = (v: MockReply | Phase): v is MockReply => !("phase" in v);

/** The task of a provider model, from the Hub mappings registered on the mock. */
export function taskOf(mappings: Map<string, unknown[]>, provider: string, model: string): string | undefined {
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

export const ext = (kind: Kind) => (kind === "video" ? "mp4" : kind === "audio" ? "wav" : "png");

const AUDIO = new Set(["text-to-speech", "text-to-audio", "audio-to-audio", "automatic-speech-recognition"]);

/** Audio jobs are answered by the audio routes of the mock. */
export function isAudioJob(mappings: Map<string, unknown[]>, provider: string, model: string, body: unknown): boolean {
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

export function submitJob(req: MockRequest, mappings: Map<string, unknown[]>, provider: string, model: string): Job {
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
