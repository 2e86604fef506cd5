/**
 * The stream runner: a streaming task from the first event to the last, as one generator from the socket to
 * the caller (plus the SSE reader), with fallback before the first event.
 */
import type { RequestCtx } from "../contracts/provider.js";
import { sendAndRead, type Transport } from "../transport/http.js";
import { now, records, type CallMeta } from "../transport/scope.js";
import { jsonEvents } from "../transport/sse.js";
import type { BaseArgs, Options } from "../types.js";
import { canFallBack, fallbackCandidates, fallbackError, type FallbackAttempt } from "./fallback.js";
import { checkFirst, ended, prepare, scopeFor, secretsOf, transportFor, type TaskDef, type ViaProxy } from "./run.js";

/** Shapes a stream one chunk at a time; may hold chunks back and give them out later or at the end. */
export interface StreamPipe<C> {
  push(chunk: any): C[];
  end?(): C[];
}

/**
 * Runs a streaming task, yielding each (adapted, piped) event. Fallback happens only before the first
 * event. One generator from the socket to the caller (plus the SSE reader): per-chunk shaping is plain
 * function calls, not nested generators. `validate` runs on the first `next()`, before any request.
 */
export function runStream<C>(
  def: TaskDef,
  args: BaseArgs & Record<string, any>,
  options: Options | undefined,
  pipe?: StreamPipe<C>,
  validate?: () => void,
): AsyncGenerator<C, void, undefined> {
  // The stream's record fills in as the stream goes (`metaOf(stream)`).
  const meta = {} as CallMeta;
  const stream = streamOf(def, args, options, meta, pipe, validate);
  records.set(stream, meta);
  return stream;
}

async function* streamOf<C>(
  def: TaskDef,
  args: BaseArgs & Record<string, any>,
  options: Options | undefined,
  meta: CallMeta,
  pipe?: StreamPipe<C>,
  validate?: () => void,
): AsyncGenerator<C, void, undefined> {
  validate?.();
  checkFirst(def, args, options);
  const opts = options ?? {};
  const proxy = (opts as { viaProxy?: ViaProxy }).viaProxy;
  if (proxy) return yield* proxy(def, args, opts, true);
  opts.meter?.check(opts);
  const scope = scopeFor(opts, def, args, meta);
  let opened: OpenStream | undefined;
  try {
    const t = transportFor(opts, scope, secretsOf(args, opts));
    const candidates = await fallbackCandidates(def, args, opts, t);
    let first: IteratorResult<unknown, void> | undefined;
    if (!candidates) ({ opened, first } = await openFirst(def, args, opts, t));
    else {
      const attempts: FallbackAttempt[] = (meta.fellBack = []);
      for (const call of candidates) {
        try {
          ({ opened, first } = await openFirst(def, call, opts, t));
        } catch (e) {
          if (!canFallBack(e, scope)) throw e;
          attempts.push({ provider: call.provider as string, error: e });
          continue;
        }
        break;
      }
      if (!opened || !first) throw fallbackError(def, t, attempts);
    }
    const { events, ctx } = opened;
    const adapt = def.raw ? undefined : opened.adapt;
    if (!first.done) {
      meta.t2 = now();
      if (carriesUsage(first.value)) meta.raw = first.value;
      const chunk = adapt ? adapt(first.value, ctx) : first.value;
      if (!pipe) yield chunk as C;
      else for (const c of pipe.push(chunk)) yield c;
    }
    if (!first.done) {
      for await (const raw of events) {
        // Usage comes in one event (the last, mostly): kept by reference, nothing built per event.
        if (carriesUsage(raw)) meta.raw = raw;
        const chunk = adapt ? adapt(raw, ctx) : raw;
        if (!pipe) yield chunk as C;
        else for (const c of pipe.push(chunk)) yield c;
      }
    }
    if (pipe?.end) for (const c of pipe.end()) yield c;
  } catch (e) {
    throw ended(opts, meta, undefined, e);
  } finally {
    // Read to its end, or stopped early by the caller: the call is over either way.
    if (!meta.t3) ended(opts, meta);
    // Ends the SSE reader (cancelling the body) when the caller stopped early; a no-op after the end.
    await opened?.events.return(undefined);
    scope.dispose();
  }
}

/** A stream event with token counts: OpenAI `usage`, TGI's last event `details`. */
const carriesUsage = (raw: any): unknown => raw && (raw.usage || raw.details);

/**
 * Opens the stream and reads its first event. The request goes through `sendAndRead`, so a connection cut,
 * or silence past `idleTimeout`, after the headers but before that first event is retried by the
 * transport like a failure before the headers (nothing has reached the caller yet).
 */
async function openFirst(
  def: TaskDef,
  args: BaseArgs & Record<string, any>,
  opts: Options,
  t: Transport,
): Promise<{ opened: OpenStream; first: IteratorResult<unknown, void> }> {
  const p = await prepare(def, args, opts, t, true);
  return sendAndRead(p.request, t, async (answer) => {
    const events = jsonEvents(answer, t);
    // A failed first read has already closed the reader (the generator's own cleanup).
    const first = await events.next();
    return { opened: { events, adapt: p.adapter.chunk, ctx: p.ctx }, first };
  });
}

interface OpenStream {
  events: AsyncGenerator<unknown, void, undefined>;
  adapt?: (raw: any, ctx: RequestCtx) => unknown;
  ctx: RequestCtx;
}
