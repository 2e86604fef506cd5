/**
 * Audio wire formats, answered as the real APIs do (from their public documentation):
 * - hf-inference's pipeline API (`POST models/{id}`): speech recognition and audio to audio take the audio
 *   bytes (or JSON `{inputs: <base64>, parameters}`); text to speech and text to audio answer audio bytes;
 * - the OpenAI audio family of together and deepinfra: `audio/speech` (JSON in, audio out) and
 *   `audio/transcriptions` (multipart in, JSON or text out, per `response_format`);
 * - fal: synchronous `fal.run/{id}` (whisper, TTS) and the queue (`queue.fal.run/{id}`: submit, status,
 *   result), with fal's own rule that a data URL must carry a MIME label it can decode;
 * - replicate predictions (finished at once with `Prefer: wait`, else polled at `urls.get`; send
 *   `Prefer: respond-async` to get a prediction that is still `processing`);
 * - the generated files these answers link to (`https://v3.fal.media/files/mock-audio/...`,
 *   `https://replicate.delivery/mock-audio/...`), served as real WAV or MP3 bytes.
 *
 * The task of a request whose URL does not say it is told, in this order, from the Hub mapping (the
 * provider's model id in the path has an entry registered with `mock.mapModel`), a path segment naming the
 * task (for endpoint URLs: `endpointUrl: \`${mock.url}/automatic-speech-recognition\``), then the body and
 * model id when unambiguous. Anything else is left to the other routes of the mock.
 */
import type { MockReply, MockRequest } from "./wire.js";

export const AUDIO_TASKS = [
  "automatic-speech-recognition",
  "text-to-speech",
  "text-to-audio",
  "audio-to-audio",
] as const;
export type AudioTask = (typeof AUDIO_TASKS)[number];

const isAudioTask = (t: unknown): t is AudioTask => (AUDIO_TASKS as readonly unknown[]).includes(t);
const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);
const enc = new TextEncoder();
const dec = new TextDecoder();

let seq = 0;
/** A unique, UUID-shaped id (fal request ids and Replicate prediction ids look like this). */
function uid(): string {
  seq++;
  const hex = (n: number, len: number) => n.toString(16).padStart(len, "0").slice(-len);
  const r = Math.floor(Math.random() * 0xffffffff);
  return `${hex(r, 8)}-${hex(seq, 4)}-4${hex(r >>> 4, 3)}-a${hex(seq * 7919, 3)}-${hex(r * 31 + seq, 12)}`;
}

// ---------------------------------------------------------------------------------------------------
// Audio files

/** A valid WAV file: 16-bit mono PCM at `rate` Hz, a short sine tone of `samples` samples. */
export function wav(samples = 64, rate = 8_000, freq = 440): Uint8Array {
  const data = samples * 2;
  const out = new Uint8Array(44 + data);
  const v = new DataView(out.buffer);
  const ascii = (o: number, s: string) => [...s].forEach((c, i) => (out[o + i] = c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + data, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true); // byte rate
  v.setUint16(32, 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  v.setUint32(40, data, true);
  for (let i = 0; i < samples; i++) {
    v.setInt16(44 + i * 2, Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 8_000), true);
  }
  return out;
}

/** One silent MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz): a valid MP3 file of 26 ms. */
export function mp3(): Uint8Array {
  const out = new Uint8Array(417);
  out.set([0xff, 0xfb, 0x90, 0x64]);
  return out;
}

const FILES: Record<string, { type: string; bytes: () => Uint8Array }> = {
  wav: { type: "audio/wav", bytes: () => wav() },
  mp3: { type: "audio/mpeg", bytes: mp3 },
};

// ---------------------------------------------------------------------------------------------------
// Multipart bodies

export interface MultipartPart {
  name: string;
  /** The file name, for file parts. */
  filename?: string;
  /** The part's `Content-Type`, when sent. */
  type?: string;
  bytes: Uint8Array;
  /** The bytes as UTF-8 text. */
  text: string;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The parts of a `multipart/form-data` body, or undefined when the request is not one. */
export function parseMultipart(req: Pick<MockRequest, "headers" | "bytes">): MultipartPart[] | undefined {
  const m = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers["content-type"] ?? "");
  if (!m) return undefined;
  const boundary = enc.encode(`--${m[1] ?? m[2]}`);
  const bytes = req.bytes;
  const parts: MultipartPart[] = [];
  let pos = indexOf(bytes, boundary, 0);
  if (pos < 0) return undefined;
  for (;;) {
    let start = pos + boundary.length;
    if (bytes[start] === 0x2d && bytes[start + 1] === 0x2d) break; // "--": the last boundary
    start += 2; // CRLF
    const next = indexOf(bytes, boundary, start);
    if (next < 0) return undefined;
    const part = bytes.subarray(start, next - 2); // without the CRLF before the boundary
    const split = indexOf(part, enc.encode("\r\n\r\n"), 0);
    if (split < 0) return undefined;
    const head = dec.decode(part.subarray(0, split));
    const body = part.subarray(split + 4);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? "";
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim();
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(type ? { type } : {}),
      bytes: body,
      text: dec.decode(body),
    });
    pos = next;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------
// What the mock "model" hears and says

const SPOKEN = ["He hoped there would be stew for dinner,", "turnips and carrots and bruised potatoes."];

/** A deterministic transcript that says what audio arrived (its name or type, and its size). */
export function transcript(
  what: string,
  size: number,
): { text: string; segments: { text: string; start: number; end: number }[] } {
  const intro = `Mock transcript of ${what} (${size} bytes).`;
  const segments = [
    { text: ` ${intro} ${SPOKEN[0]}`, start: 0, end: 2.48 },
    { text: ` ${SPOKEN[1]}`, start: 2.48, end: 4.96 },
  ];
  return { text: segments.map((s) => s.text).join(""), segments };
}

/** `data:<type>;base64,...` to its type and size, or undefined. */
function dataUrlInfo(v: unknown): { type: string; size: number } | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(v);
  if (!m) return undefined;
  const b64 = m[2]!.replace(/\s/g, "");
  return {
    type: m[1] ?? "",
    size: Math.floor((b64.length * 3) / 4) - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0),
  };
}

function base64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

// ---------------------------------------------------------------------------------------------------
// Routing

const HOSTS: Record<string, string> = {
  "api.together.xyz": "together",
  "api.deepinfra.com": "deepinfra",
  "fal.run": "fal-ai",
  "queue.fal.run": "fal-ai",
  "api.replicate.com": "replicate",
};

/** The provider a request is for and the path on the provider's side (router prefix removed). */
function where(req: MockRequest): { provider?: string; path: string } {
  if (req.host === "router.huggingface.co") {
    const m = /^\/([^/]+)(\/.*)?$/.exec(req.path);
    return { provider: m?.[1], path: m?.[2] ?? "/" };
  }
  return { provider: HOSTS[req.host], path: req.path };
}

/** The task of a provider model id, from the mappings registered with `mapModel`. */
function mappedTask(mappings: Map<string, unknown[]>, provider: string, id: string): AudioTask | "other" | undefined {
  for (const entries of mappings.values()) {
    for (const e of entries as Record<string, unknown>[]) {
      if (e.provider !== provider) continue;
      if (
        e.providerId === id ||
        e.hfModelId === id ||
        (typeof e.providerId === "string" && e.providerId.split(":")[0] === id)
      ) {
        return isAudioTask(e.task) ? e.task : "other";
      }
    }
  }
  return undefined;
}

const KEYWORDS: [RegExp, AudioTask][] = [
  [/whisper|wav2vec|parakeet|canary|speech-recognition|\basr\b|wizper/i, "automatic-speech-recognition"],
  [/sepformer|metricgan|denois|enhance|audio-to-audio|voice-?conversion/i, "audio-to-audio"],
  [/\btts\b|-tts|tts-|speecht5|kokoro|bark|vits|parler|orpheus|text-to-speech|dia-/i, "text-to-speech"],
  [/musicgen|stable-audio|audioldm|mmaudio|audiogen|text-to-audio|ace-step|sound-effects/i, "text-to-audio"],
];

const byKeyword = (id: string): AudioTask | undefined => KEYWORDS.find(([re]) => re.test(id))?.[1];

/** An audio answer for `req`, or undefined when the request is not an audio request the mock knows. */
export function audioReply(req: MockRequest, mappings: Map<string, unknown[]>): MockReply | undefined {
  if (req.method === "GET") return mediaFile(req) ?? falQueueGet(req) ?? predictionGet(req);
  if (req.method !== "POST") return undefined;
  const { provider, path } = where(req);
  if (path.endsWith("/audio/transcriptions")) return transcription(req, provider);
  if (path.endsWith("/audio/speech")) return speech(req, provider);
  if (provider === "fal-ai") return falSubmit(req, path, mappings);
  if (provider === "replicate") return replicateSubmit(req, path, mappings);
  return hfPipeline(req, provider, path, mappings);
}

// ---------------------------------------------------------------------------------------------------
// hf-inference pipeline API

const hfError = (status: number, error: string): MockReply => ({ status, json: { error } });

function hfPipeline(
  req: MockRequest,
  provider: string | undefined,
  path: string,
  mappings: Map<string, unknown[]>,
): MockReply | undefined {
  if (provider !== undefined && provider !== "hf-inference") return undefined;
  const m = /\/models\/(.+)$/.exec(path);
  const id = m ? decodeURIComponent(m[1]!) : undefined;
  const mapped = id ? mappedTask(mappings, "hf-inference", id) : undefined;
  if (mapped === "other") return undefined;
  const named = path.split("/").find(isAudioTask);
  const task = mapped ?? named ?? (id ? byKeyword(id) : undefined);
  if (!task) return undefined;
  const json = isObj(req.json) ? req.json : undefined;
  if (task === "text-to-speech" || task === "text-to-audio") {
    if (typeof json?.inputs !== "string" || !json.inputs) return hfError(400, "inputs must be a non-empty string");
    return { bytes: wav(task === "text-to-audio" ? 256 : 128), headers: { "content-type": "audio/wav" } };
  }
  // Audio in: raw bytes with their type, or JSON `{inputs: <base64>, parameters}`.
  const audio = json ? (typeof json.inputs === "string" ? json.inputs : undefined) : req.bytes;
  const size = typeof audio === "string" ? Math.floor((audio.length * 3) / 4) : (audio?.length ?? 0);
  if (!size) return hfError(400, "Malformed soundfile");
  if (task === "audio-to-audio") {
    const out = base64(wav(32));
    return {
      json: [
        { label: "speech_0", "content-type": "audio/wav", blob: out },
        { label: "speech_1", "content-type": "audio/wav", blob: out },
      ],
    };
  }
  const type = json ? "base64 audio" : (req.headers["content-type"] ?? "untyped audio");
  const t = transcript(type, size);
  const parameters = isObj(json?.parameters) ? json.parameters : {};
  if (parameters.return_timestamps) {
    return { json: { text: t.text, chunks: t.segments.map((s) => ({ text: s.text, timestamp: [s.start, s.end] })) } };
  }
  return { json: { text: t.text } };
}

// ---------------------------------------------------------------------------------------------------
// OpenAI audio family (together, deepinfra)

const oaiError = (status: number, message: string, param?: string): MockReply => ({
  status,
  json: { error: { message, type: "invalid_request_error", param: param ?? null, code: null } },
});

function transcription(req: MockRequest, provider: string | undefined): MockReply {
  const parts = parseMultipart(req);
  if (!parts) return oaiError(400, "Expected a multipart/form-data body");
  const field = (name: string) => parts.find((p) => p.name === name);
  const file = field("file");
  if (!file) return oaiError(400, "file is required", "file");
  if (!field("model")?.text) return oaiError(400, "model is required", "model");
  const url = file.filename === undefined && /^https?:\/\//.test(file.text) ? file.text : undefined;
  if (url && provider === "deepinfra") return oaiError(400, "file must be an uploaded file", "file");
  const what = url ?? `${file.filename ?? "audio"}, ${file.type ?? "no type"}`;
  const t = transcript(what, url ? 0 : file.bytes.length);
  const format = field("response_format")?.text ?? "json";
  if (format === "text") return { text: t.text };
  if (format === "verbose_json") {
    return {
      json: {
        task: "transcribe",
        language: field("language")?.text ?? "english",
        duration: 4.96,
        text: t.text,
        segments: t.segments.map((s, i) => ({
          id: i,
          seek: 0,
          start: s.start,
          end: s.end,
          text: s.text,
          tokens: [50364, 634, 5262],
          temperature: 0,
          avg_logprob: -0.2,
          compression_ratio: 1.1,
          no_speech_prob: 0.01,
        })),
      },
    };
  }
  return { json: { text: t.text } };
}

function speech(req: MockRequest, provider: string | undefined): MockReply {
  const body = isObj(req.json) ? req.json : undefined;
  if (typeof body?.input !== "string" || !body.input) return oaiError(400, "input is required", "input");
  if (typeof body.model !== "string" || !body.model) return oaiError(400, "model is required", "model");
  // Together needs a voice; its voices depend on the model.
  if (provider === "together" && typeof body.voice !== "string") return oaiError(400, "voice is required", "voice");
  const format =
    typeof body.response_format === "string" ? body.response_format : provider === "deepinfra" ? "mp3" : "wav";
  const file = FILES[format] ?? FILES.wav!;
  return { bytes: file.bytes(), headers: { "content-type": file.type } };
}

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

function falSubmit(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
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
function falQueueGet(req: MockRequest): MockReply | undefined {
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

function replicateSubmit(req: MockRequest, path: string, mappings: Map<string, unknown[]>): MockReply | undefined {
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

function predictionGet(req: MockRequest): MockReply | undefined {
  const m = /\/v1\/predictions\/([^/]+)$/.exec(req.path);
  const p = m ? predictions.get(m[1]!) : undefined;
  return p ? { json: p } : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Generated files

function mediaFile(req: MockRequest): MockReply | undefined {
  const fal = req.host.endsWith("fal.media") && req.path.startsWith("/files/mock-audio/");
  const rep = req.host.endsWith("replicate.delivery") && req.path.startsWith("/mock-audio/");
  if (!fal && !rep) return undefined;
  const ext = /\.([a-z0-9]+)$/.exec(req.path)?.[1] ?? "";
  if (ext === "txt" || ext === "srt") {
    const t = transcript("replicate audio", 0);
    return { text: ext === "txt" ? t.text : `1\n00:00:00,000 --> 00:00:02,480\n${t.segments[0]!.text}\n` };
  }
  const file = FILES[ext];
  if (!file) return { status: 404, text: "Not Found" };
  return { bytes: file.bytes(), headers: { "content-type": file.type } };
}
