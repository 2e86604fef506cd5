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
 * `next()` to the caller's in one step, without a generator's own awaits and request queue, and the first
 * chunk without an extra hop. It keeps a generator's contract: nothing runs before the first `next()`;
 * `next()`, `return()` and `throw()` made before the previous call settled run in order, after it; `return()`
 * (a caller's `break`) or `throw()` ends the call and cancels the body; once over, every call answers done.
 * A class, not closures made per stream: its methods, and their optimised code, outlive each stream (V8
 * drops the optimised code of closures that died at the next full garbage collection).
 */
function streamOf<C>(
  def: TaskDef,
  args: BaseArgs & Record<string, any>,
  options: Options | undefined,
  meta: CallMeta,
  pipe?: StreamPipe<C>,
  validate?: () => void,
): AsyncGenerator<C, void, undefined> {
  return new TaskStream(def, args, options, meta, pipe, validate);
}

type Step<C> = IteratorResult<C, void>;

class TaskStream<C> implements AsyncGenerator<C, void, undefined> {
  /** 0: not started; 1: open (or opening); 2: over; 3: handed to a proxy (`inner`). */
  private state = 0;
  private opts!: Options;
  private scope!: ReturnType<typeof scopeFor>;
  private inner!: AsyncGenerator<C, void, undefined>;
  private events: JsonEvents | undefined = undefined;
  private adapt: OpenStream["adapt"] = undefined;
  private ctx!: RequestCtx;
  /** Chunks the pipe gave for one event and not yet handed out, from `head` on. */
  private out: C[] = [];
  private head = 0;
  /** The events are over (and the pipe's last chunks are in `out`): the next call past `out` ends the call. */
  private drained = false;
  /** A call is running: later ones wait for `pending`. */
  private busy = false;
  private pending: Promise<Step<C>> | undefined = undefined;

  constructor(
    private readonly def: TaskDef,
    private readonly args: BaseArgs & Record<string, any>,
    private readonly options: Options | undefined,
    private readonly meta: CallMeta,
    private readonly pipe: StreamPipe<C> | undefined,
    private readonly validate: (() => void) | undefined,
  ) {}

  /** A call's result is ready: the next call runs at once. */
  private settle<T>(r: T): T {
    this.busy = false;
    this.pending = undefined;
    return r;
  }

  /** Runs `op` as the current call (when it does not settle at once, later calls wait for it). */
  private run(op: () => Promise<Step<C>>): Promise<Step<C>> {
    this.busy = true;
    const p = op();
    if (this.busy) this.pending = p;
    return p;
  }

  /** Hands out the next held chunk; the next event (or the end) replaces `out` and `head` with its own. */
  private give(): Step<C> {
    return { value: this.out[this.head++] as C, done: false };
  }

  /** The call is over (read to its end, stopped early, or failed): as a generator's `finally` did. */
  private async close(): Promise<void> {
    this.state = 2;
    this.out = [];
    this.head = 0;
    if (!this.meta.t3) ended(this.opts, this.meta);
    // Ends the SSE reader (cancelling the body) when the caller stopped early; a no-op after the end.
    await this.events?.return(undefined);
    this.scope.dispose();
  }

  private async fail(e: unknown): Promise<Step<C>> {
    try {
      throw ended(this.opts, this.meta, undefined, e);
    } finally {
      await this.finish();
    }
  }

  /** Shapes one event; asks for the next when the pipe holds it back. */
  private onEvent(raw: unknown): Step<C> | Promise<Step<C>> {
    // Usage comes in one event (the last, mostly): kept by reference, nothing built per event.
    if (carriesUsage(raw)) this.meta.raw = raw;
    const chunk = this.adapt ? this.adapt(raw, this.ctx) : raw;
    const pipe = this.pipe;
    if (!pipe) return this.settle({ value: chunk as C, done: false });
    this.out = pipe.push(chunk);
    this.head = 0;
    if (this.out.length) return this.settle(this.give());
    return this.read();
  }

  /** The next event from the reader (a read of the socket when none is held), shaped. */
  private async read(): Promise<Step<C>> {
    let r: IteratorResult<unknown, void>;
    try {
      r = await this.events!.next();
    } catch (e) {
      return this.fail(e);
    }
    return this.onRead(r);
  }

  private onRead(r: IteratorResult<unknown, void>): Step<C> | Promise<Step<C>> {
    try {
      return r.done ? this.atEnd() : this.onEvent(r.value);
    } catch (e) {
      return this.fail(e);
    }
  }

  private atEnd(): Step<C> | Promise<Step<C>> {
    this.drained = true;
    if (this.pipe?.end) {
      this.out = this.pipe.end();
      this.head = 0;
      if (this.out.length) return this.settle(this.give());
    }
    return this.finish();
  }

  /** Ends the call, then answers done (with `value`, as a generator's `return(value)` does). */
  private async finish(value?: any): Promise<Step<C>> {
    try {
      await this.close();
      return { value, done: true };
    } finally {
      this.settle(0);
    }
  }

  private async start(): Promise<Step<C>> {
    const { def, args, options, meta } = this;
    let opts: Options;
    try {
      this.validate?.();
      checkFirst(def, args, options);
      opts = this.opts = options ?? {};
      const proxy = (opts as { viaProxy?: ViaProxy }).viaProxy;
      if (proxy) {
        this.inner = proxy(def, args, opts, true) as AsyncGenerator<C, void, undefined>;
        this.state = 3;
        return await this.inner.next();
      }
      opts.meter?.check(opts);
      this.scope = scopeFor(opts, def, args, meta);
    } catch (e) {
      if (this.state !== 3) this.state = 2;
      throw e;
    } finally {
      if (this.state !== 0) this.settle(0);
    }
    this.state = 1;
    try {
      const t = transportFor(opts, this.scope, secretsOf(args, opts));
      const candidates = await fallbackCandidates(def, args, opts, t);
      const { opened, first } = candidates
        ? await inTurn(def, t, candidates, (call) => openFirst(def, call, opts, t))
        : await openFirst(def, args, opts, t);
      this.events = opened.events;
      this.ctx = opened.ctx;
      this.adapt = def.raw ? undefined : opened.adapt;
      if (first.done) return this.atEnd();
      meta.t2 = now();
      return this.onEvent(first.value);
    } catch (e) {
      return this.fail(e);
    }
  }

  next(): Promise<Step<C>> {
    if (this.pending) {
      const again = () => this.next();
      return this.pending.then(again, again);
    }
    const state = this.state;
    if (state === 1) {
      if (this.head < this.out.length) return Promise.resolve(this.give());
      if (this.drained) return this.run(() => this.finish());
      this.busy = true;
      // An event the reader already holds (a burst): shaped now, without waiting on its `next()`.
      let r: IteratorResult<unknown, void> | undefined;
      try {
        r = this.events!.take();
      } catch (e) {
        return (this.pending = this.fail(e));
      }
      if (!r) return (this.pending = this.read());
      const p = Promise.resolve(this.onRead(r));
      if (this.busy) this.pending = p;
      return p;
    }
    if (state === 0) return this.run(() => this.start());
    if (state === 3) return this.inner.next();
    return Promise.resolve(DONE);
  }

  return(value?: any): Promise<Step<C>> {
    if (this.pending) {
      const again = () => this.return(value);
      return this.pending.then(again, again);
    }
    if (this.state === 3) return this.inner.return(value);
    if (this.state === 1) return this.run(() => this.finish(value));
    this.state = 2;
    return Promise.resolve({ value, done: true });
  }

  throw(e?: unknown): Promise<Step<C>> {
    if (this.pending) {
      const again = () => this.throw(e);
      return this.pending.then(again, again);
    }
    if (this.state === 3) return this.inner.throw(e);
    // Thrown where the stream stands: the call fails with it, as a failed read would.
    if (this.state === 1) return this.run(() => this.fail(e));
    this.state = 2;
    return Promise.reject(e);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

const DONE: IteratorReturnResult<void> = { value: undefined, done: true };

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
