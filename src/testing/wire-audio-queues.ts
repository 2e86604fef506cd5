/**
 * The audio apps of fal (synchronous and queued) and Replicate's audio predictions, as the mock answers them
 * (see ./wire-audio.ts for the wire formats).
 */
import {
  byKeyword,
  dataUrlInfo,
  FILES,
  isAudioTask,
  isObj,
  mappedTask,
  transcript,
  uid,
  type AudioTask,
} from "./audio-bodies.js";
import type { MockReply, MockRequest } from "./types.js";

// ---------------------------------------------------------------------------------------------------
// fal

/** The MIME labels fal's data-URL decoder accepts for audio. */
const FAL_DECODES = new Set(["audio/mpeg", "audio/x-wav", "video/webm"]);

const falUnprocessable = (loc: string, msg: string): MockReply => ({
  status: 422,
  json: { detail: [{ loc: ["body", loc], msg, type: "value_error" }] },
});

function falMedia(ext: keyof typeof FILES = "wav") {
  const name = `${uid()}.${ext}`;
  const file = FILES[ext]!;
  return {
    url: `https://v3.fal.media/files/mock-audio/${name}`,
    content_type: file.type,
    file_name: name,
    file_size: file.bytes().length,
  };
}

interface FalJob {
  result: unknown;
  polls: number;
  /** The request's `response_url`. */
  base: string;
}
const falJobs = new Map<string, FalJob>();

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= 1_000) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/** The answer of a fal app for an audio task (the same for the synchronous and the queued API). */
function falAnswer(task: AudioTask, body: Record<string, any>): MockReply | { result: unknown } {
  if (task === "automatic-speech-recognition" || task === "audio-to-audio") {
    const audio = body.audio_url;
    if (typeof audio !== "string" || !audio) return falUnprocessable("audio_url", "field required");
    const info = dataUrlInfo(audio);
    if (audio.startsWith("data:") && (!info || !FAL_DECODES.has(info.type))) {
      return falUnprocessable("audio_url", "Unsupported data URL");
    }
    if (task === "audio-to-audio") return { result: { audio: falMedia(), text: "" } };
    const t = transcript(info ? `${info.type} audio` : audio, info?.size ?? 0);
    return {
      result: {
        text: t.text,
        chunks: t.segments.map((s) => ({ timestamp: [s.start, s.end], text: s.text, speaker: null })),
        inferred_languages: ["en"],
        diarization_segments: [],
      },
    };
  }
  if (task === "text-to-speech") {
    if (typeof body.text !== "string" || !body.text) return falUnprocessable("text", "field required");
    return { result: { audio: falMedia() } };
  }
  if (typeof body.prompt !== "string" || !body.prompt) return falUnprocessable("prompt", "field required");
  return {
    result: { audio_file: { ...falMedia(), content_type: "application/octet-stream", file_name: "output.wav" } },
  };
}

export function falSubmit(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
  const id = decodeURIComponent(path.replace(/^\/+/, ""));
  if (!id || id.includes("/requests/")) return undefined;
  const queued = req.host === "queue.fal.run" || req.query.get("_subdomain") === "queue";
  const body = isObj(req.json) ? req.json : {};
  const mapped = mappedTask(mappings, "fal-ai", id);
  if (mapped === "other") return undefined;
  let task = mapped;
  if (!task) {
    if (queued)
      task =
        typeof body.audio_url === "string"
          ? "audio-to-audio"
          : byKeyword(id) === "text-to-audio"
            ? "text-to-audio"
            : undefined;
    else
      task =
        typeof body.audio_url === "string"
          ? "automatic-speech-recognition"
          : typeof body.text === "string"
            ? "text-to-speech"
            : undefined;
  }
  if (!task) return undefined;
  const answer = falAnswer(task, body);
  if (!("result" in answer)) return answer;
  if (!queued) return { json: answer.result, headers: { "x-fal-request-id": uid() } };
  // fal addresses queued requests under the app id: the first two segments of the model id.
  const app = id.split("/").slice(0, 2).join("/");
  const rid = uid();
  const base = `https://queue.fal.run/${app}/requests/${rid}`;
  remember(falJobs, rid, { result: answer.result, polls: 0, base });
  return {
    json: {
      status: "IN_QUEUE",
      request_id: rid,
      response_url: base,
      status_url: `${base}/status`,
      cancel_url: `${base}/cancel`,
      queue_position: 0,
    },
  };
}

/** Status (IN_PROGRESS on the first poll, then COMPLETED) and result of a queued fal request. */
export function falQueueGet(req: MockRequest): MockReply | undefined {
  const m = /\/requests\/([^/]+)(\/status)?$/.exec(req.path);
  const job = m ? falJobs.get(m[1]!) : undefined;
  if (!m || !job) return undefined;
  const rid = m[1]!;
  const base = job.base;
  if (!m[2]) return { json: job.result };
  job.polls++;
  const logs = req.query.get("logs") === "1";
  if (job.polls === 1) {
    return {
      json: {
        status: "IN_PROGRESS",
        request_id: rid,
        response_url: base,
        ...(logs
          ? {
              logs: [{ message: "Generating audio", level: "INFO", source: "user", timestamp: "2025-01-01T00:00:00Z" }],
            }
          : {}),
      },
    };
  }
  return {
    json: {
      status: "COMPLETED",
      request_id: rid,
      response_url: base,
      metrics: { inference_time: 1.27 },
      ...(logs
        ? {
            logs: [
              { message: "Generating audio", level: "INFO", source: "user", timestamp: "2025-01-01T00:00:00Z" },
              { message: "Done", level: "INFO", source: "user", timestamp: "2025-01-01T00:00:01Z" },
            ],
          }
        : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// replicate

const predictions = new Map<string, Record<string, unknown>>();

export function replicateSubmit(
  req: MockRequest,
  path: string,
  mappings: Map<string, unknown[]>,
): MockReply | undefined {
  const m = /^\/v1\/(?:models\/([^/]+\/[^/]+)\/)?predictions$/.exec(path);
  if (!m) return undefined;
  const body = isObj(req.json) ? req.json : {};
  const input = isObj(body.input) ? body.input : undefined;
  const model = m[1] ?? (typeof body.version === "string" ? body.version : "");
  let task: AudioTask | "other" | undefined = mappedTask(mappings, "replicate", model);
  if (!task && typeof body.version === "string") {
    for (const entries of mappings.values()) {
      for (const e of entries as Record<string, unknown>[]) {
        if (e.provider === "replicate" && String(e.providerId).endsWith(`:${body.version}`)) {
          task = isAudioTask(e.task) ? e.task : "other";
        }
      }
    }
  }
  if (task === "other") return undefined;
  task ??=
    input?.audio !== undefined
      ? "automatic-speech-recognition"
      : input?.text !== undefined && input.prompt === undefined
        ? "text-to-speech"
        : undefined;
  if (task !== "automatic-speech-recognition" && task !== "text-to-speech") return undefined;
  if (!input) return { status: 422, json: { title: "Invalid input", detail: "input is required", status: 422 } };
  const pid = uid().replace(/-/g, "").slice(0, 26);
  let output: unknown;
  if (task === "automatic-speech-recognition") {
    const info = dataUrlInfo(input.audio);
    if (typeof input.audio !== "string" || (!info && !/^https?:\/\//.test(input.audio))) {
      return {
        status: 422,
        json: { title: "Invalid input", detail: "input.audio: a file or URL is required", status: 422 },
      };
    }
    const t = transcript(info ? `${info.type} audio` : input.audio, info?.size ?? 0);
    output = {
      detected_language: "english",
      transcription: t.text,
      segments: t.segments.map((s, i) => ({
        id: i,
        seek: 0,
        start: s.start,
        end: s.end,
        text: s.text,
        temperature: 0,
      })),
      translation: null,
      txt_file: `https://replicate.delivery/mock-audio/${pid}/transcription.txt`,
      srt_file: `https://replicate.delivery/mock-audio/${pid}/transcription.srt`,
    };
  } else {
    if (typeof input.text !== "string" || !input.text) {
      return { status: 422, json: { title: "Invalid input", detail: "input.text is required", status: 422 } };
    }
    output = `https://replicate.delivery/mock-audio/${pid}/output.wav`;
  }
  const wait = /\bwait\b/i.test(req.headers.prefer ?? "");
  const get = `https://api.replicate.com/v1/predictions/${pid}`;
  const done = {
    id: pid,
    model: m[1] ?? "mock/versioned-model",
    version: typeof body.version === "string" ? body.version : "hidden",
    input,
    logs: "Transcribing...\nDone.",
    output,
    data_removed: false,
    error: null,
    status: "succeeded",
    created_at: "2025-01-01T00:00:00.000Z",
    started_at: "2025-01-01T00:00:00.100Z",
    completed_at: "2025-01-01T00:00:01.300Z",
    urls: { cancel: `${get}/cancel`, get, web: `https://replicate.com/p/${pid}` },
    metrics: { predict_time: 1.2, total_time: 1.3 },
  };
  remember(predictions, pid, done);
  if (wait) return { status: 201, json: done };
  return {
    status: 201,
    json: { ...done, status: "processing", output: null, logs: "", completed_at: null, metrics: {} },
  };
}

export function predictionGet(req: MockRequest): MockReply | undefined {
  const m = /\/v1\/predictions\/([^/]+)$/.exec(req.path);
  const p = m ? predictions.get(m[1]!) : undefined;
  return p ? { json: p } : undefined;
}
