/**
 * The files that the mock's media routes generate: tiny but valid PNG, MP4 and WAV files, and the route
 * that serves them at the URLs the job answers link to.
 */
import type { MockReply, MockRequest } from "./types.js";

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

/** Serves the files that the media routes link to (job ids end in "mock"); undefined for anything else. */
export function fileReply(req: MockRequest): MockReply | undefined {
  if (req.method !== "GET" || req.host.endsWith("huggingface.co")) return undefined;
  // Only the files this module links to (job ids end in "mock"); other routes serve their own.
  if (!req.path.includes("mock") || req.path.includes("mock-audio")) return undefined;
  const m = /\.(png|mp4|wav)$/.exec(req.path);
  const f = m ? FILES[m[1]!] : undefined;
  return f ? { bytes: f.bytes, headers: { "content-type": f.type } } : undefined;
}
