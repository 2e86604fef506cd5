import { createParser } from "eventsource-parser";
import { InferenceClientProviderOutputError, type JsonLike } from "../errors.js";
import { readFailure, streamApiError, type Answer, type Transport } from "./http.js";

/**
 * Turns an SSE response into parsed JSON events. `[DONE]` is handled here and nowhere else; an `error`
 * event or an `{error}` payload becomes an `InferenceClientProviderApiError`; a payload that is not JSON
 * becomes an `InferenceClientProviderOutputError`; a stream that closes before `[DONE]` or a final chunk
 * (as judged by `isFinal`) is an error, not a silent truncation. Stopping early (break, return, throw in
 * the consumer) cancels the body so the socket is freed.
 */
export async function* jsonEvents(
  answer: Answer,
  t: Transport,
  isFinal: (event: unknown) => boolean,
): AsyncGenerator<unknown, void, undefined> {
  const { provider, model } = t.scope.meta;
  const type = answer.response.headers.get("content-type") ?? "";
  const body = answer.response.body;
  if (!/text\/event-stream/i.test(type) || !body) {
    answer.done();
    await answer.response.body?.cancel().catch(() => {});
    throw new InferenceClientProviderOutputError(
      `Provider ${provider} did not answer with an event stream for model ${model} (content-type "${type || "none"}")`,
      { provider, model },
    );
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let queue: unknown[] = [];
  let failure: unknown;
  let sawDone = false;
  let sawFinal = false;
  const parser = createParser({
    onEvent(ev) {
      if (failure !== undefined || sawDone) return;
      const data = ev.data;
      if (data === "[DONE]") {
        sawDone = true;
        return;
      }
      if (data === "" || data.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch (e) {
        failure =
          ev.event === "error"
            ? streamApiError(data, answer, t)
            : new InferenceClientProviderOutputError(
                `Provider ${provider} sent a stream chunk that is not valid JSON for model ${model}: ${JSON.stringify(data.slice(0, 200))}`,
                { provider, model, cause: e },
              );
        return;
      }
      if (
        ev.event === "error" ||
        (value !== null && typeof value === "object" && (value as { error?: unknown }).error != null)
      ) {
        failure = streamApiError(value as JsonLike, answer, t);
        return;
      }
      queue.push(value);
    },
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
        // A last event without its blank line still counts.
        parser.feed("\n\n");
      } else {
        answer.watch.touch();
        parser.feed(decoder.decode(r.value, { stream: true }));
      }
      if (queue.length) {
        const batch = queue;
        queue = [];
        for (const v of batch) {
          if (!sawFinal && isFinal(v)) sawFinal = true;
          yield v;
        }
      }
      if (failure !== undefined) throw failure;
      if (sawDone) break;
      if (r.done) {
        if (!sawFinal) {
          throw new InferenceClientProviderOutputError(
            `Stream from provider ${provider} for model ${model} ended before its final event (connection closed early?)`,
            { provider, model },
          );
        }
        break;
      }
    }
    settled = true;
  } finally {
    answer.done();
    if (!settled || sawDone) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}
