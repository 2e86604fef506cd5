import { createParser, type EventSourceParser } from "eventsource-parser";
import { InferenceClientProviderOutputError, type JsonLike } from "../errors.js";
import {
  BodyReader,
  cleanError,
  cut,
  MAX_ERROR_BODY,
  readAnswerBytes,
  readFailure,
  scrub,
  secretsOf,
  streamApiError,
  type Answer,
  type Transport,
} from "./http.js";

/** One server-sent event: its type ("" when the stream named none) and its data lines joined by "\n". */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental `text/event-stream` parsing, on the maintained `eventsource-parser`: lines end with LF, CR
 * or CRLF (also split across reads), a BOM is dropped, comments are skipped, `data` lines are joined with
 * "\n". `end()` dispatches a last event whose closing blank line never came (some servers omit it).
 */
export class SseParser {
  private readonly parser: EventSourceParser;
  private started = false;
  constructor(onEvent: (event: SseEvent) => void) {
    this.parser = createParser({ onEvent: (e) => onEvent({ event: e.event ?? "", data: e.data }) });
  }
  feed(text: string): void {
    if (!text) return;
    if (!this.started) {
      this.started = true;
      // A byte-order mark before the first field is not part of it (the parser keeps it).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.parser.feed(text);
  }
  end(): void {
    this.parser.feed("\n\n");
  }
}

/**
 * Turns an SSE response into parsed JSON events. `[DONE]` is handled here and nowhere else; an `error`
 * event or an `{error}` payload becomes an `InferenceClientProviderApiError`; a payload that is not JSON
 * becomes an `InferenceClientProviderOutputError`; a stream that closes before `[DONE]` or a final chunk
 * (as judged by `isFinal`) is an error, not a silent truncation, and a connection cut is an
 * `InferenceClientConnectionError`. Stopping early (break, return, throw in the consumer) cancels the
 * body so the socket is freed. The idle watch is paused while the consumer holds an event.
 */
export async function* jsonEvents(
  answer: Answer,
  t: Transport,
  isFinal: (event: unknown) => boolean,
): AsyncGenerator<unknown, void, undefined> {
  const { provider, model } = t.scope.meta;
  const type = answer.response.headers.get("content-type") ?? "";
  const body = answer.response.body;
  if (!/text\/event-stream/i.test(type) || !body) throw await notAStream(answer, t, type);
  const reader = new BodyReader(body, answer.signal);
  const decoder = new TextDecoder();
  let queue: unknown[] = [];
  let failure: unknown;
  let sawDone = false;
  let sawFinal = false;
  const parser = new SseParser((ev) => {
    if (failure !== undefined || sawDone) return;
    const data = ev.data;
    const trimmed = data.trim();
    if (trimmed === "[DONE]") {
      sawDone = true;
      return;
    }
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch (e) {
      const secrets = secretsOf(answer.request, t);
      failure =
        ev.event === "error"
          ? streamApiError(data, answer, t)
          : new InferenceClientProviderOutputError(
              `Provider ${provider} sent a stream chunk that is not valid JSON for model ${model || "(none)"}: ${JSON.stringify(cut(scrub(data, secrets), 200))}`,
              { provider, model, cause: cleanError(e, secrets) },
            );
      return;
    }
    if (
      ev.event === "error" ||
      (value !== null &&
        typeof value === "object" &&
        // `{error: ...}` (most providers) or vLLM's `{object: "error", message, code}`.
        ((value as { error?: unknown }).error != null || (value as { object?: unknown }).object === "error"))
    ) {
      failure = streamApiError(value as JsonLike, answer, t);
      return;
    }
    queue.push(value);
  });
  let settled = false;
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        throw readFailure(e, answer, t);
      }
      if (r.done) {
        parser.feed(decoder.decode());
        parser.end();
      } else {
        answer.watch.touch();
        parser.feed(decoder.decode(r.value, { stream: true }));
      }
      if (queue.length) {
        const batch = queue;
        queue = [];
        for (const v of batch) {
          if (!sawFinal && isFinal(v)) sawFinal = true;
          answer.watch.pause();
          yield v;
          answer.watch.resume();
          // Aborted (or past the deadline) while the consumer held the event: nothing more is given.
          if (answer.signal.aborted) throw readFailure(answer.signal.reason, answer, t);
        }
      }
      if (failure !== undefined) throw failure;
      if (sawDone) break;
      if (r.done) {
        if (!sawFinal) {
          throw new InferenceClientProviderOutputError(
            `Stream from provider ${provider} for model ${model || "(none)"} ended before its final event (connection closed early?)`,
            { provider, model },
          );
        }
        break;
      }
    }
    settled = true;
  } finally {
    answer.done();
    // After [DONE] the end of the response is read in the background (the connection is reused); after
    // a failure, or when the consumer stopped early, whatever is left is cancelled.
    if (settled && sawDone) reader.drain();
    else reader.close(!settled);
  }
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
    `Provider ${provider} did not answer with an event stream for model ${model || "(none)"} (content-type "${type || "none"}"): ${JSON.stringify(cut(scrub(text, secretsOf(answer.request, t)), 200))}`,
    { provider, model },
  );
}
