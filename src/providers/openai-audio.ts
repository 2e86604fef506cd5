/**
 * The OpenAI audio wire family (`audio/speech`, `audio/transcriptions`), served by together and deepinfra:
 * speech is JSON in and audio bytes out; transcription is multipart/form-data in (the audio as `file`,
 * every other field as a string) and JSON out.
 */
import { InferenceClientInputError } from "../errors.js";
import { contentType, isHttpUrl, mediaInput } from "../lib/media.js";
import { bodyArgs, type Adapter, type Payload, type ProviderInfo, type RequestCtx } from "./adapter.js";

const AUDIO_EXT: Record<string, string> = {
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/vnd.wave": "wav",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/mp4": "mp4",
  "audio/m4a": "m4a",
  "audio/x-m4a": "m4a",
  "audio/flac": "flac",
  "audio/x-flac": "flac",
  "audio/ogg": "ogg",
  "audio/webm": "webm",
  "video/webm": "webm",
};

/** `audio.<ext>` from a MIME type (parameters ignored); servers pick the decoder from the extension. */
export function audioFileName(type: string): string {
  const base = type.split(";")[0]!.trim().toLowerCase();
  return `audio.${AUDIO_EXT[base] ?? "wav"}`;
}

const asObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The call's own fields, then `parameters` flattened, then the provider's model id (which nothing overrides). */
export function flatFields(args: Record<string, unknown>, ctx: RequestCtx): Record<string, unknown> {
  const { inputs: _inputs, data: _data, parameters, ...rest } = bodyArgs(args);
  const out: Record<string, unknown> = { ...rest, ...asObject(parameters) };
  if (ctx.providerId) out.model = ctx.providerId;
  return out;
}

type Transform = (body: Record<string, unknown>, ctx: RequestCtx) => Record<string, unknown>;

/** Text to speech at `path`: `{...fields, ...parameters, input, model}`, answered with audio bytes. */
export function openaiSpeech(provider: ProviderInfo, path: string, transform?: Transform): Adapter {
  return {
    provider,
    path: () => path,
    body: (args, ctx): Payload => {
      const { model, ...fields } = flatFields(args, ctx);
      const body = { ...fields, input: args.inputs, ...(model ? { model } : {}) };
      return { json: transform ? transform(body, ctx) : body };
    },
    response: "blob",
  };
}

/** Rejects an http(s) URL where the provider needs the audio bytes. */
export const needsAudioBytes =
  (provider: string) =>
  (args: Record<string, unknown>): void => {
    if (isHttpUrl(args.inputs ?? args.data)) {
      throw new InferenceClientInputError(
        `inputs must be the audio itself (a Blob, ArrayBuffer or Uint8Array) with provider ${provider}: ` +
          `only together, fal-ai and replicate accept an http(s) URL`,
      );
    }
  };

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * The multipart body of a transcription: `file` first, then every other field as a string. A list of
 * scalars (`timestamp_granularities: ["word", "segment"]`) is one part per item under the field's name, as
 * OpenAPI encodes an array in a form (and as form parsers read a list); an object is sent as JSON.
 */
export async function transcriptionForm(args: Record<string, unknown>, ctx: RequestCtx): Promise<Payload> {
  const audio = mediaInput(args, { allowUrl: true })!;
  const form = new FormData();
  if (typeof audio === "string") form.append("file", audio);
  else {
    // A Blob without a type is typed from its bytes, so the file name (and the part's type) are right.
    const type = await contentType(audio, "");
    form.append("file", type && type !== audio.type ? new Blob([audio], { type }) : audio, audioFileName(type));
  }
  for (const [key, value] of Object.entries(flatFields(args, ctx))) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.every(isScalar)) for (const item of value) form.append(key, String(item));
    else form.append(key, isScalar(value) ? String(value) : JSON.stringify(value));
  }
  return { form };
}

/**
 * `{text, segments?: [{text, start, end}]}` to `{text, chunks?: [{text, timestamp: [start, end]}]}`. A
 * plain-text answer (`response_format: "text"`) is the transcript itself; anything else is left for the
 * task to reject.
 */
export async function transcriptionOutput(raw: unknown): Promise<unknown> {
  if (raw instanceof Blob) return /^text\//i.test(raw.type) ? { text: (await raw.text()).trim() } : raw;
  const r = asObject(raw);
  if (typeof r.text !== "string") return raw;
  const out: { text: string; chunks?: { text: string; timestamp: number[] }[] } = { text: r.text };
  if (Array.isArray(r.segments)) out.chunks = segmentChunks(r.segments);
  return out;
}

/** `segments: [{text, start, end}]` as `chunks: [{text, timestamp: [start, end]}]`; segments without text are dropped. */
export function segmentChunks(segments: any[]): { text: string; timestamp: number[] }[] {
  return segments
    .filter((s) => typeof s?.text === "string")
    .map((s) => ({ text: s.text as string, timestamp: [Number(s.start ?? 0), Number(s.end ?? 0)] }));
}

/**
 * `{text, chunks}` from the `chunks: [{text, timestamp}]` or `segments: [{text, start, end}]` of a
 * provider's answer (fal, Replicate); `{text}` alone when there are none.
 */
export function transcript(text: string, r: Record<string, any>): { text: string; chunks?: unknown[] } {
  const chunks = Array.isArray(r.chunks)
    ? r.chunks
        .filter((c: any) => typeof c?.text === "string" && Array.isArray(c.timestamp))
        .map((c: any) => ({ text: c.text as string, timestamp: c.timestamp as number[] }))
    : Array.isArray(r.segments)
      ? segmentChunks(r.segments)
      : [];
  return chunks.length ? { text, chunks } : { text };
}

/** Speech to text at `path` (multipart). `acceptsUrl`: the provider also takes an http(s) URL as `file`. */
export function openaiTranscription(provider: ProviderInfo, path: string, acceptsUrl = false): Adapter {
  return {
    provider,
    path: () => path,
    body: transcriptionForm,
    response: "auto",
    output: transcriptionOutput,
    ...(acceptsUrl ? {} : { validate: needsAudioBytes(provider.id) }),
  };
}
