/**
 * Reading answer bodies with their caps: whole bodies up to a decoded-size cap (an output error past it),
 * error bodies up to {@link MAX_ERROR_BODY} (the rest cancelled), every read resetting the idle watch and
 * failing as soon as the attempt's signal aborts. Whatever is not read is cancelled so the socket is freed.
 */
import { InferenceClientProviderOutputError, InferenceClientTimeoutError } from "../errors.js";
import { scrub } from "../lib/secrets.js";
import { cleanError, connectionError, errorBodyOf, outputError, type ErrorBody } from "./http-error.js";
import { cut, secretsOf } from "./request-info.js";
import type { IdleWatch } from "./scope.js";
import type { Answer, Transport } from "./types.js";

/** Bodies up to this size with a known length (and no content encoding) are read in one go. */
const SMALL_BODY = 262_144;
/**
 * Default cap on the decoded bytes of a JSON or text answer (64 MiB): far above any real answer (a long
 * chat answer is kilobytes, a batch of embeddings or a base64 image a few megabytes), far below what hurts
 * a server process. Past it the answer is an `InferenceClientProviderOutputError`, its body cancelled.
 */
export const MAX_TEXT_BYTES = 67_108_864;
/** Default cap on the decoded bytes of a file answer or download (512 MiB: a long generated video). */
export const MAX_FILE_BYTES = 536_870_912;
/** At most this much of an error body is read; the rest is cancelled. */
export const MAX_ERROR_BODY = 65_536;

/** Maps a failure while reading a body to the error the caller should see. */
export function readFailure(e: unknown, answer: Answer, t: Transport): unknown {
  if (t.scope.aborted) return t.scope.reason;
  if (answer.watch.fired) return new InferenceClientTimeoutError("idle", t.idleTimeout, t.scope.meta);
  if (e instanceof InferenceClientProviderOutputError) return e;
  return connectionError(e, answer.request, t, true);
}

/**
 * A body reader that fails as soon as the attempt's signal aborts. A fetch aborted after its body was
 * fully received can leave a pending `read()` unsettled forever (Node's fetch), so on abort the reader
 * is cancelled (which settles any pending read) and the signal is checked after every read.
 */
export class BodyReader {
  /** The stream's own reader (the SSE reader drains it after a stream's last event: `drain` in sse.ts). */
  readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private closed = false;
  private readonly onAbort = () => {
    this.reader.cancel(this.signal.reason).catch(() => {});
  };
  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly signal: AbortSignal,
  ) {
    this.reader = body.getReader();
    signal.addEventListener("abort", this.onAbort, { once: true });
  }
  async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    if (this.signal.aborted) throw this.signal.reason;
    const r = await this.reader.read();
    if (this.signal.aborted) throw this.signal.reason;
    return r;
  }
  /**
   * Detaches from the signal, and cancels what is left unless the body was read to its end. (A body read
   * to its end needs nothing more: releasing its lock would only build an error for the closed promise.)
   * Returns false when the reader was already closed.
   */
  close(cancel: boolean): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.signal.removeEventListener("abort", this.onAbort);
    if (cancel) this.reader.cancel().catch(() => {});
    return true;
  }
}

/**
 * Reads a whole body (resetting the idle watch on every chunk), up to `limit` decoded bytes: past it the
 * body is cut, or with `tooBig` that error is thrown. Whatever is not read (past the limit, after a
 * failure) is cancelled so the socket is freed. Resolves with the chunks as they came (cut to `limit` in
 * all): joined only by the readers that need one array, a Blob is made of them without another copy.
 */
async function readChunks(
  response: Response,
  watch: IdleWatch,
  signal: AbortSignal,
  limit = Infinity,
  tooBig?: () => Error,
): Promise<Uint8Array[]> {
  const body = response.body;
  const chunks: Uint8Array[] = [];
  if (!body) return chunks;
  const reader = new BodyReader(body, signal);
  let size = 0;
  let complete = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        complete = true;
        break;
      }
      watch.touch();
      let chunk = r.value;
      size += chunk.byteLength;
      if (size > limit) {
        if (tooBig) throw tooBig();
        chunk = chunk.subarray(0, chunk.byteLength - (size - limit));
      }
      chunks.push(chunk);
      if (size >= limit && !tooBig) break;
    }
  } finally {
    reader.close(!complete);
  }
  return chunks;
}

/** The chunks of a body as one array (no copy for a body that came in one chunk). */
function joined(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let size = 0;
  for (const c of chunks) size += c.byteLength;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/** Reads at most MAX_ERROR_BODY bytes of an error answer (cancelling the rest) and finds its message. */
export async function readErrorBody(
  response: Response,
  watch: IdleWatch,
  signal: AbortSignal,
  t: Transport,
  secrets: string[],
): Promise<ErrorBody> {
  let text = "";
  try {
    const bytes = joined(await readChunks(response, watch, signal, MAX_ERROR_BODY));
    // Secrets go before anything is parsed or cut, so no part of one can survive.
    text = scrub(new TextDecoder().decode(bytes), secrets);
  } catch {
    if (t.scope.aborted) throw t.scope.reason;
    // An unreadable error body still gives a useful error from the status alone.
  }
  return errorBodyOf(text, response.headers.get("content-type") ?? "");
}

/**
 * Reads the whole body of an answer, or its first `limit` bytes (cancelling the rest). Without `limit`,
 * more than `maxResponseBytes` decoded bytes (default: `cap`, {@link MAX_TEXT_BYTES}; a file is read with
 * {@link MAX_FILE_BYTES}) is an output error, the body cancelled. Decoded bytes are counted as they arrive: fetch
 * inflates a gzip or brotli body on its own, whose Content-Length (the compressed size) says nothing.
 */
export async function readAnswerBytes(
  answer: Answer,
  t: Transport,
  limit?: number,
  byDefault = MAX_TEXT_BYTES,
): Promise<Uint8Array> {
  return joined(await readAnswerChunks(answer, t, limit, byDefault));
}

/** {@link readAnswerBytes}, resolving with the chunks as they came. */
async function readAnswerChunks(
  answer: Answer,
  t: Transport,
  limit: number | undefined,
  byDefault: number,
): Promise<Uint8Array[]> {
  const cap = limit ?? t.maxResponseBytes ?? byDefault;
  const tooBig = () => outputError(t, `sent more than ${cap} bytes (maxResponseBytes)`);
  try {
    const headers = answer.response.headers;
    const length = headers.has("content-encoding") ? NaN : Number(headers.get("content-length") ?? NaN);
    if (limit === undefined && length > cap) throw tooBig();
    if (t.nativeFetch && limit === undefined && length >= 0 && length <= SMALL_BODY) {
      // A small body of known length: read in one go (the runtime's fast path, fewer promise hops). The
      // idle watch keeps running from the headers, the attempt's signal still aborts the read. Only with
      // the runtime's fetch: a caller's fetch may ignore the signal, and nothing else would end this read.
      return [new Uint8Array(await answer.response.arrayBuffer())];
    }
    return await readChunks(
      answer.response,
      answer.watch,
      answer.signal,
      cap,
      limit === undefined ? tooBig : undefined,
    );
  } catch (e) {
    answer.response.body?.cancel().catch(() => {});
    throw readFailure(e, answer, t);
  } finally {
    answer.done();
  }
}

/** Reads and parses a JSON body; a body that is not JSON is an output error. */
export async function readJson(answer: Answer, t: Transport): Promise<unknown> {
  const bytes = await readAnswerBytes(answer, t);
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    const secrets = secretsOf(answer.request, t);
    const { provider, model } = t.scope.meta;
    throw new InferenceClientProviderOutputError(
      `Provider ${provider} returned a body that is not valid JSON for model ${model || "(none)"}: ${JSON.stringify(cut(scrub(text, secrets), 200))}`,
      { provider, model, cause: cleanError(e, secrets) },
    );
  }
}

/** Reads a body as a Blob, keeping the served content type. */
export async function readBlob(answer: Answer, t: Transport): Promise<Blob> {
  const type = answer.response.headers.get("content-type") ?? "";
  // Made of the chunks as read: one copy (the Blob's), not two.
  return new Blob((await readAnswerChunks(answer, t, undefined, MAX_FILE_BYTES)) as BlobPart[], { type });
}

/** JSON if the response says it is JSON, else a Blob (the generic `request` contract). */
export async function readAuto(answer: Answer, t: Transport): Promise<unknown> {
  const type = answer.response.headers.get("content-type") ?? "";
  if (/^application\/(.+\+)?json/i.test(type)) return readJson(answer, t);
  return readBlob(answer, t);
}

/**
 * The readers of answers that are not JSON, by an adapter's `response`: the `readers` of the task
 * definitions (tasks/run.ts) whose adapters have such answers.
 */
export const BODY_READERS = { blob: readBlob, auto: readAuto } as const;
