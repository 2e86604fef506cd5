/**
 * The stream runner: a streaming task from the first event to the last, as one iterator written by hand from
 * the SSE reader (another) to the caller, with fallback before the first event.
 */
import type { RequestCtx } from "../contracts/provider.js";
import { sendAndRead, type Transport } from "../transport/http.js";
import { now, records, type CallMeta } from "../transport/scope.js";
import { jsonEvents, type JsonEvents } from "../transport/sse.js";
import type { BaseArgs, Options } from "../types.js";
import { fallbackCandidates, inTurn } from "./fallback.js";
import { checkFirst, ended, prepare, scopeFor, secretsOf, transportFor, type TaskDef, type ViaProxy } from "./run.js";

/** Shapes a stream one chunk at a time; may hold chunks back and give them out later or at the end. */
export interface StreamPipe<C> {
  push(chunk: any): C[];
  end?(): C[];
}

/**
 * Runs a streaming task, yielding each (adapted, piped) event. Fallback happens only before the first
 * event. One iterator from the socket to the caller (plus the SSE reader): per-chunk shaping is plain
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

/**
 * The stream itself. Written by hand rather than as an async generator: a chunk goes from the SSE reader's
 * `next()` to the caller's in one `then`, without a generator's own awaits and request queue, and the
 * first chunk without an extra hop. It keeps a generator's contract: nothing runs before the first
 * `next()`; `next()`, `return()` and `throw()` made before the previous call settled run in order, after it;
 * `return()` (a caller's `break`) or `throw()` ends the call and cancels the body; once over, every call
 * answers done. (State in closure variables, not object fields: a bundler shortens their names.)
 */
function streamOf<C>(
  def: TaskDef,
  args: BaseArgs & Record<string, any>,
  options: Options | undefined,
  meta: CallMeta,
  pipe?: StreamPipe<C>,
  validate?: () => void,
): AsyncGenerator<C, void, undefined> {
  type Step = IteratorResult<C, void>;
  /** 0: not started; 1: open (or opening); 2: over; 3: handed to a proxy (`inner`). */
  let state = 0;
  let opts: Options;
  let scope: ReturnType<typeof scopeFor>;
  let inner: AsyncGenerator<C, void, undefined>;
  let events: JsonEvents | undefined;
  let adapt: OpenStream["adapt"];
  let ctx: RequestCtx;
  /** Chunks the pipe gave for one event and not yet handed out, from `head` on. */
  let out: C[] = [];
  let head = 0;
  /** The events are over (and the pipe's last chunks are in `out`): the next call past `out` ends the call. */
  let drained = false;
  /** A call is running: later ones wait for `pending`. */
  let busy = false;
  let pending: Promise<Step> | undefined;

  /** A call's result is ready: the next call runs at once. */
  const settle = <T>(r: T): T => {
    busy = false;
    pending = undefined;
    return r;
  };
  /** Runs `op` as the current call (when it does not settle at once, later calls wait for it). */
  const run = (op: () => Promise<Step>): Promise<Step> => {
    busy = true;
    const p = op();
    if (busy) pending = p;
    return p;
  };

  // Hands out the next held chunk; the next event (or the end) replaces `out` and `head` with its own.
  const give = (): Step => ({ value: out[head++] as C, done: false });

  /** The call is over (read to its end, stopped early, or failed): as a generator's `finally` did. */
  const close = async (): Promise<void> => {
    state = 2;
    out = [];
    head = 0;
    if (!meta.t3) ended(opts, meta);
    // Ends the SSE reader (cancelling the body) when the caller stopped early; a no-op after the end.
    await events?.return(undefined);
    scope.dispose();
  };

  const fail = async (e: unknown): Promise<Step> => {
    try {
      throw ended(opts, meta, undefined, e);
    } finally {
      await finish();
    }
  };

  /** Shapes one event; asks for the next when the pipe holds it back. */
  const onEvent = (raw: unknown): Step | Promise<Step> => {
    // Usage comes in one event (the last, mostly): kept by reference, nothing built per event.
    if (carriesUsage(raw)) meta.raw = raw;
    const chunk = adapt ? adapt(raw, ctx) : raw;
    if (!pipe) return settle({ value: chunk as C, done: false });
    out = pipe.push(chunk);
    head = 0;
    if (out.length) return settle(give());
    return events!.next().then(onRead, fail);
  };

  const onRead = (r: IteratorResult<unknown, void>): Step | Promise<Step> => {
    try {
      return r.done ? atEnd() : onEvent(r.value);
    } catch (e) {
      return fail(e);
    }
  };

  const atEnd = (): Step | Promise<Step> => {
    drained = true;
    if (pipe?.end) {
      out = pipe.end();
      head = 0;
      if (out.length) return settle(give());
    }
    return finish();
  };

  /** Ends the call, then answers done (with `value`, as a generator's `return(value)` does). */
  const finish = async (value?: any): Promise<Step> => {
    try {
      await close();
      return { value, done: true };
    } finally {
      settle(0);
    }
  };

  const start = async (): Promise<Step> => {
    try {
      validate?.();
      checkFirst(def, args, options);
      opts = options ?? {};
      const proxy = (opts as { viaProxy?: ViaProxy }).viaProxy;
      if (proxy) {
        inner = proxy(def, args, opts, true);
        state = 3;
        return await inner.next();
      }
      opts.meter?.check(opts);
      scope = scopeFor(opts, def, args, meta);
    } catch (e) {
      if (state !== 3) state = 2;
      throw e;
    } finally {
      if (state !== 0) settle(0);
    }
    state = 1;
    try {
      const t = transportFor(opts, scope, secretsOf(args, opts));
      const candidates = await fallbackCandidates(def, args, opts, t);
      const { opened, first } = candidates
        ? await inTurn(def, t, candidates, (call) => openFirst(def, call, opts, t))
        : await openFirst(def, args, opts, t);
      events = opened.events;
      ctx = opened.ctx;
      adapt = def.raw ? undefined : opened.adapt;
      if (first.done) return atEnd();
      meta.t2 = now();
      return onEvent(first.value);
    } catch (e) {
      return fail(e);
    }
  };

  const next = (): Promise<Step> => {
    if (pending) return pending.then(next, next);
    if (state === 1) {
      if (head < out.length) return Promise.resolve(give());
      if (drained) return run(finish);
      busy = true;
      // An event the reader already holds (a burst): shaped now, without waiting on its `next()`.
      let r: IteratorResult<unknown, void> | undefined;
      try {
        r = events!.take();
      } catch (e) {
        return (pending = fail(e));
      }
      if (!r) return (pending = events!.next().then(onRead, fail));
      const p = Promise.resolve(onRead(r));
      if (busy) pending = p;
      return p;
    }
    if (state === 0) return run(start);
    if (state === 3) return inner.next();
    return Promise.resolve(DONE);
  };

  const stop = (value?: any): Promise<Step> => {
    if (pending) return pending.then(...twice(() => stop(value)));
    if (state === 3) return inner.return(value);
    if (state === 1) return run(() => finish(value));
    state = 2;
    return Promise.resolve({ value, done: true });
  };

  const raise = (e?: unknown): Promise<Step> => {
    if (pending) return pending.then(...twice(() => raise(e)));
    if (state === 3) return inner.throw(e);
    // Thrown where the stream stands: the call fails with it, as a failed read would.
    if (state === 1) return run(() => fail(e));
    state = 2;
    return Promise.reject(e);
  };

  const it: AsyncGenerator<C, void, undefined> = {
    next,
    return: stop,
    throw: raise,
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

const DONE: IteratorReturnResult<void> = { value: undefined, done: true };

/** The same callback for both outcomes of a promise. */
const twice = <F>(f: F): [F, F] => [f, f];

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
  events: JsonEvents;
  adapt?: (raw: any, ctx: RequestCtx) => unknown;
  ctx: RequestCtx;
}
