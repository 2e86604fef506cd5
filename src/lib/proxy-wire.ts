/**
 * The proxy protocol, shared by the browser side (src/tasks/proxy.ts) and the server side (src/server/).
 *
 * Request: `POST <proxyUrl>/<task>` with `Content-Type: application/json` and the body
 * `{ "args": {...}, "options"?: { "outputType"?: ... }, "stream"?: true }`. `<task>` is the pipeline task
 * (`conversational`, `text-to-image`, ...) or a client method name (`chatCompletion`, `textToImage`...).
 * Binary values anywhere in `args` (Blob, ArrayBuffer, typed arrays) travel as `{ "$blob": "data:<type>;base64,..." }`.
 *
 * Response: a JSON result as JSON (Blobs inside encoded the same way); a Blob result as the raw bytes with
 * their content type; a stream as `text/event-stream`, one `data: <json>` event per chunk, then
 * `event: done`, or `event: error` with an error body; a failure as JSON `{ "error": ProxyErrorBody }`.
 */
import { isBinary, toBlob, blobToDataUrl, dataUrlToBlob } from "./media.js";

/** What the proxy sends back for a failure (never a credential). */
export interface ProxyErrorBody {
  /** The error's name (the client's error class name, or `ProxyError` / `InputError` for a refusal). */
  name: string;
  /** What went wrong, with the server's secrets removed. */
  message: string;
  /** The HTTP status of the answer. */
  status: number;
  /** The provider of the call, when known. */
  provider?: string;
  /** The model of the call, when known. */
  model?: string;
  /** The provider's request id, when it sent one. */
  requestId?: string;
  /** TimeoutError only: "total" or "idle", and the limit in ms. */
  kind?: "total" | "idle";
  /** TimeoutError only: the limit that was reached, in milliseconds. */
  timeoutMs?: number;
}

/** Replaces every binary value (at any depth) by `{ $blob: dataUrl }`. */
export async function encodeBinary(v: unknown): Promise<unknown> {
  if (isBinary(v)) return { $blob: await blobToDataUrl(toBlob(v)) };
  if (Array.isArray(v)) return Promise.all(v.map(encodeBinary));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await encodeBinary(x);
    return out;
  }
  return v;
}

/** The inverse of {@link encodeBinary}: `{ $blob: "data:..." }` objects become Blobs again. */
export function decodeBinary(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeBinary);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.$blob === "string") return dataUrlToBlob(o.$blob);
    const out: Record<string, unknown> = {};
    // The server refuses "__proto__" keys when it parses (assigned here one would set the prototype).
    for (const [k, x] of Object.entries(o)) out[k] = decodeBinary(x);
    return out;
  }
  return v;
}
