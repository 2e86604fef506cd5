/**
 * Binary inputs and outputs: Blob, ArrayBuffer and typed arrays in, with their real content type kept
 * (from the Blob, else sniffed from the bytes), base64 and data URLs out. Works in every runtime (no Buffer).
 */
import { InferenceClientInputError } from "../errors.js";

/** Media bytes as a caller passes them: a Blob (its content type is kept), an ArrayBuffer or a typed array (the type is sniffed from the bytes). */
export type BinaryInput = Blob | ArrayBuffer | ArrayBufferView;

export function isBinary(v: unknown): v is BinaryInput {
  return (
    (typeof Blob !== "undefined" && v instanceof Blob) || v instanceof ArrayBuffer || ArrayBuffer.isView(v as object)
  );
}

export function isHttpUrl(v: unknown): v is string {
  return typeof v === "string" && /^https?:\/\/\S+$/i.test(v.trim());
}

/**
 * The media input of a task: `inputs` (or the legacy `data`) as a Blob. With `allowUrl`, an http(s) URL
 * string is returned as is. Throws an input error naming the field otherwise.
 */
export function mediaInput(
  args: Record<string, unknown>,
  opts: { field?: string; allowUrl?: boolean; optional?: boolean } = {},
): Blob | string | undefined {
  const field = opts.field ?? "inputs";
  const v = args[field] ?? (field === "inputs" ? args.data : undefined);
  if (v === undefined || v === null) {
    if (opts.optional) return undefined;
    throw new InferenceClientInputError(
      `${field} is required: a Blob, ArrayBuffer or Uint8Array${opts.allowUrl ? " or an http(s) URL" : ""}` +
        (field === "inputs" ? " (or the legacy `data` field)" : ""),
    );
  }
  if (opts.allowUrl && isHttpUrl(v)) return v.trim();
  if (!isBinary(v)) {
    throw new InferenceClientInputError(
      `${field} must be a Blob, ArrayBuffer or Uint8Array${opts.allowUrl ? " or an http(s) URL" : ""}, got ${describe(v)}`,
    );
  }
  return toBlob(v);
}

function describe(v: unknown): string {
  if (typeof v === "string") return v.length > 40 ? "a string" : `the string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return "an array";
  return v === null ? "null" : typeof v;
}

export function toBlob(v: BinaryInput): Blob {
  if (v instanceof Blob) return v;
  const bytes =
    v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  return new Blob([bytes as BlobPart], { type: sniffType(bytes) ?? "" });
}

const SIGNATURES: [number, number[], string][] = [
  [0, [0x89, 0x50, 0x4e, 0x47], "image/png"],
  [0, [0xff, 0xd8, 0xff], "image/jpeg"],
  [0, [0x47, 0x49, 0x46, 0x38], "image/gif"],
  [0, [0x25, 0x50, 0x44, 0x46], "application/pdf"],
  [0, [0x66, 0x4c, 0x61, 0x43], "audio/flac"],
  [0, [0x4f, 0x67, 0x67, 0x53], "audio/ogg"],
  [0, [0x49, 0x44, 0x33], "audio/mpeg"],
  [0, [0xff, 0xfb], "audio/mpeg"],
  [0, [0xff, 0xf3], "audio/mpeg"],
  [0, [0x1a, 0x45, 0xdf, 0xa3], "video/webm"],
];

/** Content type from the first bytes (images, audio, video, PDF), or undefined. */
export function sniffType(b: Uint8Array): string | undefined {
  for (const [off, sig, type] of SIGNATURES) {
    if (sig.every((x, i) => b[off + i] === x)) return type;
  }
  const ascii = (o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));
  if (b.length >= 12 && ascii(0, 4) === "RIFF") {
    const kind = ascii(8, 4);
    if (kind === "WAVE") return "audio/wav";
    if (kind === "WEBP") return "image/webp";
  }
  if (b.length >= 12 && ascii(4, 4) === "ftyp") {
    const brand = ascii(8, 4);
    return brand.startsWith("M4A") ? "audio/mp4" : "video/mp4";
  }
  return undefined;
}

/** The content type of a Blob: its own, else sniffed, else `fallback`. */
export async function contentType(blob: Blob, fallback = "application/octet-stream"): Promise<string> {
  if (blob.type) return blob.type;
  return sniffType(new Uint8Array(await blob.slice(0, 16).arrayBuffer())) ?? fallback;
}

/** Standard base64 of bytes, without Buffer (runs in browsers and workers). */
export function bytesToBase64(bytes: Uint8Array): string {
  const g = globalThis as { Buffer?: { from(b: Uint8Array): { toString(enc: string): string } } };
  if (g.Buffer) return g.Buffer.from(bytes).toString("base64");
  // btoa takes a binary string: one char per byte, built in slices (argument count limits of the spread).
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function base64ToBytes(b64: string): Uint8Array {
  const g = globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } };
  if (g.Buffer) return new Uint8Array(g.Buffer.from(b64, "base64"));
  const bin = atob(b64.replace(/\s/g, ""));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function blobToBase64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

/** `data:<type>;base64,...` with the Blob's real content type (sniffed when the Blob has none). */
export async function blobToDataUrl(blob: Blob, type?: string): Promise<string> {
  return `data:${type ?? (await contentType(blob))};base64,${await blobToBase64(blob)}`;
}

/** A Blob from a `data:` URL, without fetch. */
export function dataUrlToBlob(url: string): Blob {
  const m = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
  if (!m) throw new InferenceClientInputError(`Not a data URL: ${url.slice(0, 40)}`);
  const bytes = m[2] ? base64ToBytes(m[3]!) : new TextEncoder().encode(decodeURIComponent(m[3]!));
  return new Blob([bytes as BlobPart], { type: m[1] || "application/octet-stream" });
}
