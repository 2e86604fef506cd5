/**
 * Input and output of the command line: stdin, media files and URLs in, files and JSON out, and the
 * testing hook that sends every request to a mock provider.
 */
import { constants as fsConstants, fstatSync, promises as fs } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../config.js";
import {
  InferenceClientConnectionError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
} from "../errors.js";
import { sniffType } from "../lib/media.js";
import { transportFor } from "../tasks/run.js";
import { MEDIA_TIMEOUT } from "../tasks/timeouts.js";
import { MAX_FILE_BYTES, readAnswerBytes, send } from "../transport/http.js";
import { createScope } from "../transport/scope.js";
import { refusedUrl } from "../transport/url-policy.js";
import type { Options } from "../types.js";
import { UsageError } from "./errors.js";
import { forwardingFetch } from "../lib/forward.js";

/** Reads all of stdin. */
export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Whether stdin was redirected by the shell (`cmd | unified-inference ...`, `< file`): a pipe or a file.
 * Other non-terminal stdins (a socket or /dev/null from a service manager or CI runner) are not read
 * when the command line already has its input, so the command cannot hang waiting for them.
 */
export function stdinIsRedirected(): boolean {
  if (process.stdin.isTTY) return false;
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile();
  } catch {
    return false;
  }
}

const BY_EXTENSION: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".svg": "image/svg+xml",
  ".flac": "audio/flac",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".ogg": "audio/ogg",
  ".opus": "audio/ogg",
  ".m4a": "audio/mp4",
  ".webm": "video/webm",
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".csv": "text/csv",
  ".txt": "text/plain",
};

const EXTENSION_OF: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/jpg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/bmp": "bmp",
  "image/tiff": "tiff",
  "image/svg+xml": "svg",
  "audio/flac": "flac",
  "audio/x-flac": "flac",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/ogg": "ogg",
  "audio/mp4": "m4a",
  "audio/webm": "weba",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "application/pdf": "pdf",
  "application/json": "json",
  "text/plain": "txt",
  "text/csv": "csv",
};

/** The file extension for a content type (without the dot), e.g. "image/png" -> "png". */
export function extensionFor(contentType: string): string {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const known = EXTENSION_OF[type];
  if (known) return known;
  const sub = type
    .split("/")[1]
    ?.replace(/^x-/, "")
    .replace(/[^a-z0-9]+/g, "");
  return sub && sub !== "octetstream" ? sub.slice(0, 8) : "bin";
}

/** A Blob's content type: its own, else sniffed from its first bytes, else "application/octet-stream". */
export async function typeOf(blob: Blob): Promise<string> {
  if (blob.type) return blob.type;
  return sniffType(new Uint8Array(await blob.slice(0, 16).arrayBuffer())) ?? "application/octet-stream";
}

/** How an http(s) `--input` is downloaded: the command's options (fetch, timeouts, retries) and its cap. */
export interface InputDownload {
  /** The command's call options: `fetch`, `timeout`, `idleTimeout`, `maxRetries`, `retry_on_error`, `onRetry`. */
  options: Options;
  /** Values never printed (the token). */
  secrets?: string[];
  /** Cap on the decoded bytes of the download (`--max-input-bytes`); default {@link MAX_FILE_BYTES}. */
  maxBytes?: number;
}

/**
 * Downloads an http(s) `--input` through the library's transport: GET with only Accept and User-Agent (no
 * token, no `--header`), at most `maxBytes` decoded bytes (a declared length past it is refused before
 * reading; a gzip or brotli body is counted as it is inflated, and cancelled past it), redirects followed by
 * hand with the library's rules (at most 5; to another origin only Accept and User-Agent go, never from https
 * to http; to a loopback or private host only when the URL given is itself on one), and an error answer
 * never read. The URL is the user's own, so a loopback or private host is allowed. Failures are usage errors
 * (exit 2) naming the host only: the path and query of a URL may hold a signature, and nothing the host
 * sent is quoted.
 */
async function download(source: string, how: InputDownload, signal?: AbortSignal): Promise<Blob> {
  let host = "?";
  try {
    host = new URL(source).host || "?";
  } catch {
    throw new UsageError("--input is not a valid URL");
  }
  const cap = how.maxBytes ?? MAX_FILE_BYTES;
  const scope = createScope(signal, how.options.timeout ?? MEDIA_TIMEOUT, { provider: host, model: "" });
  const t = transportFor({ ...how.options, maxResponseBytes: cap, allowPrivateUrls: false }, scope, how.secrets ?? []);
  // The URL policy applies to the URL and every redirect. A URL given on a loopback or private host marks
  // the download as local (as the library does for an endpoint URL on this machine): it is fetched, and so
  // are redirects within such a network; from a public URL, redirects to such a host are refused.
  t.localTarget = isLocalUrl(source);
  const fail = (why: string) => new UsageError(`cannot download --input from ${host}: ${why}`);
  const headers = { Accept: "*/*", "User-Agent": `${PACKAGE_NAME}/${PACKAGE_VERSION}` };
  try {
    const answer = await send({ url: source, method: "GET", headers, external: "media" }, t);
    const bytes = await readAnswerBytes(answer, t, undefined, MAX_FILE_BYTES);
    const served = answer.response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    const type = served && served !== "application/octet-stream" ? served : (sniffType(bytes) ?? served);
    return new Blob([bytes as BlobPart], { type });
  } catch (e) {
    if (scope.aborted && !(e instanceof InferenceClientTimeoutError)) throw scope.reason;
    if (e instanceof InferenceClientProviderApiError) throw fail(`HTTP ${e.status}`);
    if (e instanceof InferenceClientTimeoutError) {
      throw fail(e.kind === "idle" ? "no data for the idle timeout (--idle-timeout)" : "timed out (--timeout)");
    }
    if (e instanceof InferenceClientConnectionError) throw fail(`the connection failed or broke (${causeCode(e)})`);
    if (e instanceof InferenceClientProviderOutputError) {
      if (e.message.includes("(maxResponseBytes)")) throw fail(`larger than ${cap} bytes (--max-input-bytes)`);
      const refused = /will not fetch \(([^)]*)\): (.*?)(?: \(allowPrivateUrls\))? for model/.exec(e.message);
      if (refused) throw fail(`redirected to ${refused[1]}, which is not followed: ${refused[2]}`);
    }
    throw e;
  } finally {
    scope.dispose();
  }
}

/** Whether `url` names a loopback or private host (the library's URL policy would refuse it from an answer). */
function isLocalUrl(url: string): boolean {
  return refusedUrl(url) !== undefined && refusedUrl(url, true) === undefined;
}

/** The system's error code of a connection failure ("ECONNREFUSED"), else "network error". */
function causeCode(e: InferenceClientConnectionError): string {
  for (let c: unknown = e.cause, depth = 0; c && typeof c === "object" && depth < 5; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
    c = (c as { cause?: unknown }).cause;
  }
  return "network error";
}

/**
 * A media input: a file path, an http(s) URL (downloaded as {@link download} says) or `-` (stdin), as a Blob
 * with its content type.
 */
export async function readMedia(source: string, how: InputDownload, signal?: AbortSignal): Promise<Blob> {
  if (source === "-") {
    if (process.stdin.isTTY) throw new UsageError("--input - reads stdin, but stdin is a terminal");
    const bytes = new Uint8Array(await readStdin());
    return new Blob([bytes as BlobPart], { type: sniffType(bytes) ?? "" });
  }
  if (/^https?:\/\//i.test(source)) return download(source, how, signal);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(source));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(
      `cannot read --input ${source}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message}`,
    );
  }
  const type = sniffType(bytes) ?? BY_EXTENSION[extname(source).toLowerCase()] ?? "";
  return new Blob([bytes as BlobPart], { type });
}

/** Reads a text file given on the command line. */
export async function readTextFile(path: string, option: string): Promise<string> {
  if (path === "-") return (await readStdin()).toString("utf8");
  try {
    return await fs.readFile(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(
      `cannot read --${option} ${path}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
}

/** A file name in the current directory that does not exist yet: `image.png`, then `image-1.png`, ... */
async function freeName(stem: string, ext: string): Promise<string> {
  for (let i = 0; ; i++) {
    const name = `${stem}${i ? `-${i}` : ""}.${ext}`;
    try {
      await fs.access(name);
    } catch {
      return name;
    }
  }
}

/**
 * Checks that `--output <path>` can be written, before any request is sent (a job may be paid for): the
 * path is not a directory, and it is in an existing directory that can be written to (and the file, if
 * it exists, can be overwritten). Throws a UsageError naming the path.
 */
export async function checkOutput(path: string): Promise<void> {
  const fail = (why: string) => new UsageError(`cannot write --output ${path}: ${why}`);
  if (/[/\\]$/.test(path)) throw fail("it names a directory; give a file name");
  const codeOf = (e: unknown) => (e as { code?: string }).code;
  const existing = await fs.stat(path).catch((e: unknown) => {
    if (codeOf(e) === "ENOENT") return undefined;
    throw fail(codeOf(e) === "ENOTDIR" ? `${dirname(path)} is not a directory` : (e as Error).message);
  });
  if (existing?.isDirectory()) throw fail("it is a directory");
  if (existing) {
    await fs.access(path, fsConstants.W_OK).catch(() => {
      throw fail("the file is not writable");
    });
    return;
  }
  const dir = dirname(resolve(path));
  const parent = await fs.stat(dir).catch(() => undefined);
  if (!parent) throw fail(`no such directory ${dirname(path)}`);
  if (!parent.isDirectory()) throw fail(`${dirname(path)} is not a directory`);
  await fs.access(dir, fsConstants.W_OK | fsConstants.X_OK).catch(() => {
    throw fail(`the directory ${dirname(path)} is not writable`);
  });
}

export interface WrittenFile {
  /** Where the bytes went ("-" for stdout). */
  file: string;
  contentType: string;
  bytes: number;
}

/**
 * Writes a media output. `output` is a path, `-` for stdout, or undefined for a new file in the current
 * directory named after the content type (`image.png`, `audio.flac`, `video.mp4`, `output.bin`).
 */
export async function writeMedia(blob: Blob, output: string | undefined): Promise<WrittenFile> {
  const contentType = await typeOf(blob);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  if (output === "-") {
    await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
    return { file: "-", contentType, bytes: bytes.byteLength };
  }
  const major = contentType.split("/")[0]!;
  const stem = ["image", "audio", "video"].includes(major) ? major : "output";
  const file = output ?? (await freeName(stem, extensionFor(contentType)));
  try {
    await fs.writeFile(file, bytes);
  } catch (e) {
    throw new UsageError(`cannot write --output ${file}: ${(e as Error).message}`);
  }
  return { file, contentType, bytes: bytes.byteLength };
}

/** JSON for stdout: indented for a person at a terminal, one line for a pipe. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined);
}

/** Writes to stdout and waits until the bytes are handed to the system. */
export function out(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}

/**
 * Testing aid: a fetch that sends every request to `proxyBase` (a mock provider started with
 * `startMockProvider()`), keeping the URL it was meant for in the `x-mock-forwarded-url` header, as the
 * mock's own `fetch` does. Enabled by the environment variable `UNIFIED_INFERENCE_FETCH_PROXY`.
 */
export function proxyFetch(proxyBase: string, base: typeof fetch = globalThis.fetch): typeof fetch {
  let root: URL;
  try {
    root = new URL(proxyBase);
  } catch {
    throw new UsageError(`UNIFIED_INFERENCE_FETCH_PROXY must be a URL, got ${JSON.stringify(proxyBase)}`);
  }
  return forwardingFetch(root.origin, base);
}
