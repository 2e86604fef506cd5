import { createParser, type EventSourceParser } from "eventsource-parser";
import { InferenceClientProviderOutputError, type JsonLike } from "../errors.js";
import { BodyReader, MAX_ERROR_BODY, readAnswerBytes, readFailure } from "./body.js";
import { cleanError, streamApiError } from "./http-error.js";
import { cut, secretsOf } from "./request-info.js";
import { scrub } from "../lib/secrets.js";
import type { Answer, Transport } from "./types.js";
import { pauseWatch, providerName, resumeWatch } from "./scope.js";

/** One server-sent event: its type ("" when the stream named none) and its data lines joined by "\n". */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * The parsed events of a stream, as an async iterator, with `take()`: the next event already read, handed out
 * synchronously (undefined when none is), so a layer above passes a burst on without a promise per event.
 */
export interface JsonEvents extends AsyncGenerator<unknown, void, undefined> {
  take(): IteratorResult<unknown, void> | undefined;
}

/** Default bound on one SSE line and on one event (`Transport.maxEventBytes`): 8 MiB. */
export const MAX_EVENT_BYTES = 8_388_608;

/** Where a parser's events go. */
export interface SseSink {
  onEvent(event: { event?: string; data: string }): void;
}

/**
 * Incremental `text/event-stream` parsing, on the maintained `eventsource-parser`: lines end with LF, CR
 * or CRLF (also split across reads), a BOM is dropped, comments are skipped, `data` lines are joined with
 * "\n". An event is dispatched by the blank line after it: at the end of the stream, an event whose blank
 * line never came is discarded, as the WHATWG HTML "Interpreting an event stream" rules say.
 */
export class SseParser {
  private readonly parser: EventSourceParser;
  private started = false;
  private lastCR = false;
  /**
   * Where events go. With a sink object, events are passed as the parser made them (`event` undefined when
   * unnamed): no copy.
   */
  sink: SseSink;
  constructor(onEvent: (event: SseEvent) => void);
  constructor(sink: SseSink);
  constructor(to: SseSink | ((event: SseEvent) => void)) {
    this.sink = typeof to === "function" ? { onEvent: (e) => to({ event: e.event ?? "", data: e.data }) } : to;
    this.parser = createParser({ onEvent: (e) => this.sink.onEvent(e) });
  }
  feed(text: string): void {
    if (!text) return;
    if (!this.started) {
      this.started = true;
      // A byte-order mark before the first field is not part of it (the parser keeps it).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.lastCR = text.charCodeAt(text.length - 1) === 13;
    this.parser.feed(text);
  }
  /** The end of the stream: whatever is pending (an incomplete line or event) is discarded. */
  end(): void {
    // A CR at the very end did end its line, but the parser waits to see whether a LF follows: a LF
    // makes the same single line end.
    if (this.lastCR) this.parser.feed("\n");
    this.reset();
  }
  /** Forgets everything of the stream so far, as if new (nothing pending is dispatched). */
  reset(): void {
    this.lastCR = this.started = false;
    this.parser.reset();
  }
}

/**
 * Parsers of ended streams, kept for the next ones. Not for the allocation: V8 keeps a function's optimised
 * code only while a function object using it lives. A parser made per stream dies with it, and after every
 * full garbage collection the next streams ran its line splitting unoptimised until it was compiled again
 * (measured in-process: ~3x the reader's own CPU per chunk in the batch after a full collection). A parser
 * is reset before reuse; the reader that gave it back feeds it nothing more.
 */
const spareParsers: SseParser[] = [];
const SPARE_PARSERS = 32;

function parserFor(sink: SseSink): SseParser {
  const p = spareParsers.pop();
  if (!p) return new SseParser(sink);
  p.sink = sink;
  return p;
}

const NO_SINK: SseSink = { onEvent() {} };

function giveBack(p: SseParser): void {
  p.reset();
  p.sink = NO_SINK;
  if (spareParsers.length < SPARE_PARSERS) spareParsers.push(p);
}

/**
 * Bounds SSE lines and events on the raw bytes, before they reach the parser (which would buffer them
 * whole): `push` returns false as soon as one line, or the lines of one event (comments aside, field names
 * included), pass `max` bytes, even in the middle of a read.
 */
export class SseSizeGuard {
  private line = 0;
  private event = 0;
  private comment = false;
  private cr = false;
  constructor(readonly max: number) {}
  push(b: Uint8Array): boolean {
    const max = this.max;
    let { line, event, comment, cr } = this;
    // Most streams end lines with LF alone: then whole lines are measured with the runtime's indexOf
    // instead of one step per byte (the same counts as the byte loop below, which handles CR).
    if (b.indexOf(13) === -1) {
      if (event + line + b.length <= max) {
        // Nothing in this read can pass the bound: only what follows its last blank line (LF LF) counts
        // for the next reads. Streams mostly end a read there, so the lines before are not walked at all.
        for (let j = b.lastIndexOf(10); j > 0; j = b.lastIndexOf(10, j - 1)) {
          if (b[j - 1] === 10) {
            b = b.subarray(j + 1);
            line = event = 0;
            cr = false;
            break;
          }
        }
      }
      const n = b.length;
      for (let i = 0; i < n;) {
        const j = b.indexOf(10, i);
        const end = j === -1 ? n : j;
        if (end > i) {
          if (!line) comment = b[i] === 58;
          line += end - i;
          cr = false;
          if (line > max || (!comment && event + line > max)) return false;
        }
        if (j === -1) break;
        // LF right after a CR (the previous read's last byte): the same line end.
        if (!cr) {
          if (!line) event = 0;
          else if (!comment) event += line;
          line = 0;
        }
        cr = false;
        i = j + 1;
      }
      this.line = line;
      this.event = event;
      this.comment = comment;
      this.cr = cr;
      return true;
    }
    for (let i = 0; i < b.length; i++) {
      const x = b[i]!;
      if (x === 10 || x === 13) {
        // LF right after CR: the same line end. An empty line ends the event.
        if (x === 13 || !cr) {
          if (!line) event = 0;
          else if (!comment) event += line;
          line = 0;
        }
        cr = x === 13;
      } else {
        if (!line) comment = x === 58;
        cr = false;
        if (++line > max || (!comment && event + line > max)) return false;
      }
    }
    this.line = line;
    this.event = event;
    this.comment = comment;
    this.cr = cr;
    return true;
  }
}

/**
 * Turns an SSE response into parsed JSON events. `[DONE]` is handled here and nowhere else; an `error`
 * event or an `{error}` payload becomes an `InferenceClientProviderApiError`; a payload that is not JSON
 * becomes an `InferenceClientProviderOutputError`, and so does a line or an event longer than
 * `t.maxEventBytes` (default 8 MiB; the body is cancelled without reading the rest). A body that ends
 * cleanly ends the stream, with or without `[DONE]` (an incomplete last event is discarded); a connection
 * cut is an `InferenceClientConnectionError`. Stopping early (`return()`, as `break` in a `for await` does)
 * cancels the body so the socket is freed. The idle watch is paused while the consumer holds an event.
 */
export function jsonEvents(answer: Answer, t: Transport): JsonEvents {
  return new EventReader(answer, t);
}

/**
 * The reader behind {@link jsonEvents}. Written by hand rather than as an async generator: an event already
 * parsed (most of them, when a read carries several) is handed out without a generator's promise hops, and
 * the socket is read only when none is left. `next()` calls made before the previous one settled are served
 * in order, one read at a time. A class, not closures made per stream: its methods live as long as the
 * module, and so does their optimised code (see `spareParsers`).
 */
class EventReader implements JsonEvents, SseSink {
  private body: BodyReader | undefined;
  private reader!: ReadableStreamDefaultReader<Uint8Array>;
  private decoder!: TextDecoder;
  private guard!: SseSizeGuard;
  private parser: SseParser | undefined;
  /** The data of events not yet handed out (parsed when handed), from `head` on. */
  private queue: string[] = [];
  private head = 0;
  private failure: unknown = undefined;
  private sawDone = false;
  /** The body was read to its end. */
  private ended = false;
  /** Over: every `next()` resolves done. */
  private closed = false;
  /** An event was handed out and the idle watch paused since. */
  private held = false;
  /** A `next()` that reads is running: later calls wait for it. */
  private stepping = false;
  private pending: Promise<IteratorResult<unknown, void>> | undefined = undefined;

  constructor(
    private readonly answer: Answer,
    private readonly t: Transport,
  ) {}

  /** From the parser: one event's data, queued as text. */
  onEvent(ev: { event?: string; data: string }): void {
    if (this.failure !== undefined || this.sawDone) return;
    const data = ev.data;
    const trimmed = data.trim();
    if (trimmed === "[DONE]") {
      this.sawDone = true;
      return;
    }
    if (trimmed === "") return;
    if (ev.event === "error") {
      // Reported once the events before it are handed out.
      let payload: JsonLike = data;
      try {
        payload = JSON.parse(data) as JsonLike;
      } catch {
        // Not JSON: the text itself is the message.
      }
      this.failure = streamApiError(payload, this.answer, this.t);
      return;
    }
    // Queued as text and parsed when handed out: a read of many events then keeps one parsed chunk alive
    // at a time instead of all of them, which the garbage collector would have to copy (in the bench,
    // ~2.5 µs a chunk on a burst of 500).
    this.queue.push(data);
  }

  /** The next queued event, parsed; a payload that is not JSON or that is an `{error}` ends the stream. */
  private hand(): IteratorResult<unknown, void> {
    const queue = this.queue;
    const data = queue[this.head++]!;
    if (this.head === queue.length) queue.length = this.head = 0;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch (e) {
      const { answer, t } = this;
      const secrets = secretsOf(answer.request, t);
      const { provider, model } = t.scope.meta;
      throw new InferenceClientProviderOutputError(
        `${providerName(t.scope.meta)} sent a stream chunk that is not valid JSON for model ${model || "(none)"}: ${JSON.stringify(cut(scrub(data, secrets), 200))}`,
        { provider, model, servedBy: t.scope.meta.servedBy, cause: cleanError(e, secrets) },
      );
    }
    if (
      value !== null &&
      typeof value === "object" &&
      // `{error: ...}` (most providers) or vLLM's `{object: "error", message, code}`.
      ((value as { error?: unknown }).error != null || (value as { object?: unknown }).object === "error")
    ) {
      throw streamApiError(value as JsonLike, this.answer, this.t);
    }
    if (!this.held) {
      // Paused once while the consumer takes events already read; resumed before the next read.
      pauseWatch(this.answer.watch);
      this.held = true;
    }
    return { value, done: false };
  }

  /**
   * Ends the stream once: the attempt is over, and after [DONE] the end of the response is read in the
   * background (the connection is reused); after a failure, or when the consumer stopped early, whatever
   * is left is cancelled.
   */
  private finish(settled: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = this.head = 0;
    this.answer.done();
    // The parser goes back for another stream unless a read is still in flight (it would feed it).
    if (this.parser) giveBack(this.parser);
    this.parser = undefined;
    const body = this.body;
    // (Not opened: nothing to end; a stream that is not an event stream was read, bounded, by notAStream.)
    if (!body) return;
    if (settled && this.sawDone) drain(body);
    else body.close(!settled);
  }

  private async step(): Promise<IteratorResult<unknown, void>> {
    this.stepping = true;
    const { answer, t } = this;
    const signal = answer.signal;
    try {
      if (this.closed) return DONE;
      if (!this.body) {
        const type = answer.response.headers.get("content-type") ?? "";
        const stream = answer.response.body;
        if (!/text\/event-stream/i.test(type) || !stream) {
          // Not a stream: the answer is read (bounded) to say why.
          this.closed = true;
          throw await notAStream(answer, t, type);
        }
        // The BodyReader cancels the body when the attempt's signal aborts; reads go to the stream's reader.
        this.body = new BodyReader(stream, signal);
        this.reader = this.body.reader;
        this.decoder = new TextDecoder();
        this.guard = new SseSizeGuard(t.maxEventBytes ?? MAX_EVENT_BYTES);
        this.parser = parserFor(this);
      }
      for (;;) {
        // Aborted (or past the deadline) while the consumer held an event: nothing more is given.
        if (signal.aborted) throw readFailure(signal.reason, answer, t);
        if (this.head < this.queue.length) return this.hand();
        if (this.held) {
          this.held = false;
          resumeWatch(answer.watch);
        }
        if (this.failure !== undefined) throw this.failure;
        if (this.sawDone || this.ended) {
          this.finish(true);
          return DONE;
        }
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await this.reader.read();
          // A read that settles after an abort is not used (as in BodyReader.read).
          if (signal.aborted) throw signal.reason;
        } catch (e) {
          throw readFailure(e, answer, t);
        }
        // Ended meanwhile (`throw()`): the parser is not this stream's to feed any more.
        if (this.closed) return DONE;
        const parser = this.parser!;
        if (r.done) {
          this.ended = true;
          parser.feed(this.decoder.decode());
          parser.end();
        } else {
          answer.watch.touch();
          if (!this.guard.push(r.value)) {
            const { provider, model } = t.scope.meta;
            throw new InferenceClientProviderOutputError(
              `${providerName(t.scope.meta)} sent a stream line or event longer than ${this.guard.max} bytes for model ${model || "(none)"} (maxEventBytes)`,
              { provider, model, servedBy: t.scope.meta.servedBy },
            );
          }
          parser.feed(this.decoder.decode(r.value, { stream: true }));
        }
      }
    } catch (e) {
      this.finish(false);
      throw e;
    } finally {
      this.stepping = false;
      this.pending = undefined;
    }
  }

  /** Stopped by the consumer before the end: whatever is left of the body is cancelled. */
  private stop(): IteratorResult<unknown, void> {
    this.finish(false);
    return DONE;
  }

  /**
   * An event already read, handed out at once without a promise; undefined when the next one needs a read
   * (or when aborted meanwhile: `next()` reports it). Throws, having ended the stream, on an event that is
   * not JSON or that is an `{error}`.
   */
  take(): IteratorResult<unknown, void> | undefined {
    if (this.pending || this.head >= this.queue.length || this.closed || this.answer.signal.aborted) return undefined;
    try {
      return this.hand();
    } catch (e) {
      this.finish(false);
      throw e;
    }
  }

  next(): Promise<IteratorResult<unknown, void>> {
    if (this.pending) {
      const again = () => this.next();
      return this.pending.then(again, again);
    }
    let r: IteratorResult<unknown, void> | undefined;
    try {
      r = this.take();
    } catch (e) {
      return Promise.reject(e);
    }
    if (r) return Promise.resolve(r);
    const p = this.step();
    if (this.stepping) this.pending = p;
    return p;
  }

  return(): Promise<IteratorResult<unknown, void>> {
    if (this.pending) {
      const stop = () => this.stop();
      return this.pending.then(stop, stop);
    }
    return Promise.resolve(this.stop());
  }

  throw(e?: unknown): Promise<IteratorResult<unknown, void>> {
    this.finish(false);
    return Promise.reject(e);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

const DONE: IteratorReturnResult<void> = { value: undefined, done: true };

/**
 * After a stream's last event: reads what is left of the body (usually only the end of the response) in
 * the background, so the connection goes back to the pool instead of being closed, which would cost a new
 * TLS handshake on the next stream. Gives up, cancelling, after `ms` or `maxBytes` (a server that keeps
 * the response open after its last event holds a process at most `ms` longer); the timer does not keep
 * the process alive. A function of this module, not a method of `BodyReader`: only streams need it, and
 * a bundle without streams leaves it out.
 */
function drain(body: BodyReader, ms = 250, maxBytes = 65_536): void {
  if (!body.close(false)) return;
  const reader = body.reader;
  let left = maxBytes;
  const timer = setTimeout(() => reader.cancel().catch(() => {}), ms);
  (timer as { unref?: () => void }).unref?.();
  const pump = (): Promise<void> =>
    reader.read().then((r) => {
      if (r.done) return;
      left -= r.value.byteLength;
      if (left < 0) return reader.cancel();
      return pump();
    });
  pump()
    .catch(() => {})
    .finally(() => clearTimeout(timer));
}

/**
 * A 2xx answer to a streaming request that is not an event stream: an `{error}` JSON body is the
 * provider's failure, anything else an output error. The body is read (bounded) then cancelled.
 */
async function notAStream(answer: Answer, t: Transport, type: string): Promise<unknown> {
  const { provider, model } = t.scope.meta;
  let text: string;
  try {
    text = new TextDecoder().decode(await readAnswerBytes(answer, t, MAX_ERROR_BODY));
  } catch (e) {
    return e;
  }
  try {
    const value = JSON.parse(text) as JsonLike;
    if (value && typeof value === "object" && !Array.isArray(value) && value.error != null) {
      return streamApiError(value, answer, t);
    }
  } catch {
    // Not JSON: reported below.
  }
  return new InferenceClientProviderOutputError(
    `${providerName(t.scope.meta)} did not answer with an event stream for model ${model || "(none)"} (content-type "${type || "none"}"): ${JSON.stringify(cut(scrub(text, secretsOf(answer.request, t)), 200))}`,
    { provider, model, servedBy: t.scope.meta.servedBy },
  );
}
