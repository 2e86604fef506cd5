/**
 * What the mock's audio routes read and write: the audio tasks and how a request's task is told, valid WAV and
 * MP3 files, the parts of a multipart body, the transcript the mock "model" hears, and ids shaped as the
 * providers shape theirs.
 */
import { isObj } from "./media-jobs.js";
import type { MockRequest } from "./types.js";

export { isObj };

export const AUDIO_TASKS = [
  "automatic-speech-recognition",
  "text-to-speech",
  "text-to-audio",
  "audio-to-audio",
] as const;
export type AudioTask = (typeof AUDIO_TASKS)[number];

export const isAudioTask = (t: unknown): t is AudioTask => (AUDIO_TASKS as readonly unknown[]).includes(t);
const enc = new TextEncoder();
const dec = new TextDecoder();

let seq = 0;
/** A unique, UUID-shaped id (fal request ids and Replicate prediction ids look like this). */
export function uid(): string {
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

export const FILES: Record<string, { type: string; bytes: () => Uint8Array }> = {
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
export function dataUrlInfo(v: unknown): { type: string; size: number } | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(v);
  if (!m) return undefined;
  const b64 = m[2]!.replace(/\s/g, "");
  return {
    type: m[1] ?? "",
    size: Math.floor((b64.length * 3) / 4) - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0),
  };
}

export function base64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The task of a provider model id, from the mappings registered with `mapModel`. */
export function mappedTask(
  mappings: Map<string, unknown[]>,
  provider: string,
  id: string,
): AudioTask | "other" | undefined {
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

/** Model ids whose task the id itself says, for requests that say nothing else. */
const KEYWORDS: [RegExp, AudioTask][] = [
  [/whisper|wav2vec|parakeet|canary|speech-recognition|\basr\b|wizper/i, "automatic-speech-recognition"],
  [/sepformer|metricgan|denois|enhance|audio-to-audio|voice-?conversion/i, "audio-to-audio"],
  [/\btts\b|-tts|tts-|speecht5|kokoro|bark|vits|parler|orpheus|text-to-speech|dia-/i, "text-to-speech"],
  [/musicgen|stable-audio|audioldm|mmaudio|audiogen|text-to-audio|ace-step|sound-effects/i, "text-to-audio"],
];

/** The audio task a model id names, if any. */
export const byKeyword = (id: string): AudioTask | undefined => KEYWORDS.find(([re]) => re.test(id))?.[1];
