/** The proxy handler's event-stream answers: a task's stream, or a job's progress then its result. */
import { encodeBinary } from "../lib/proxy-wire.js";
import type { JobProgress } from "../types.js";
import { errorBody } from "./checks.js";
import type { ServerTask } from "./tasks.js";

/**
 * An SSE answer of the events of `it`, then `event: done`; a failure after the first event becomes an
 * `event: error`. Every event's JSON goes through `scrub` (the server's secrets out).
 */
export async function streamResponse(
  it: AsyncGenerator<SseOut>,
  cors: Record<string, string>,
  meta: { provider?: string; model?: string },
  scrub: (text: string) => string,
): Promise<Response> {
  // The first event is awaited before answering: a failure before it gets its own status.
  const first = await it.next();
  const enc = new TextEncoder();
  const event = (data: unknown, name?: string) =>
    enc.encode(`${name ? `event: ${name}\n` : ""}data: ${scrub(JSON.stringify(data))}\n\n`);
  let pending: IteratorResult<SseOut> | undefined = first;
  const body = new ReadableStream<Uint8Array>({
    // Pull-based: the next upstream chunk is read only when the client has taken the last one.
    async pull(ctrl) {
      try {
        const r = pending ?? (await it.next());
        pending = undefined;
        if (r.done) {
          ctrl.enqueue(event({}, "done"));
          ctrl.close();
          return;
        }
        ctrl.enqueue(event(r.value.data, r.value.event));
      } catch (e) {
        ctrl.enqueue(event({ error: errorBody(e, meta) }, "error"));
        ctrl.close();
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: { ...cors, "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}

/** One server-sent event to send: `data` as JSON, under `event` when named. */
export interface SseOut {
  event?: string;
  data: unknown;
}

/** A stream's chunks as unnamed events. */
export async function* tagged(chunks: AsyncGenerator<unknown>): AsyncGenerator<SseOut> {
  try {
    for await (const data of chunks) yield { data };
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * A job task whose caller wants progress: `event: progress` for each `onProgress` report, then the result
 * as one `data` event (Blobs as `{ $blob }`), then `event: done`.
 */
export async function* withProgress(
  task: ServerTask,
  args: Record<string, unknown>,
  options: Record<string, unknown>,
): AsyncGenerator<SseOut> {
  const queue: JobProgress[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
  let outcome: Outcome = { ok: true, value: undefined };
  const onProgress = (p: JobProgress) => {
    queue.push(p);
    wake?.();
  };
  void Promise.resolve()
    .then(() => task.run(args, { ...options, onProgress }))
    .then(
      (value: unknown) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    )
    .finally(() => {
      settled = true;
      wake?.();
    });
  for (;;) {
    while (queue.length) yield { event: "progress", data: queue.shift() };
    if (settled) break;
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
  const end = outcome as Outcome;
  if (!end.ok) throw end.error;
  yield { data: await encodeBinary(end.value) };
}
