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
import {
  base64,
  byKeyword,
  FILES,
  isAudioTask,
  isObj,
  mappedTask,
  parseMultipart,
  transcript,
  wav,
} from "./audio-bodies.js";
import { falQueueGet, falSubmit, predictionGet, replicateSubmit } from "./wire-audio-queues.js";
import type { MockReply, MockRequest } from "./types.js";

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
