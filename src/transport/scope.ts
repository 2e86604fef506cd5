import { InferenceClientTimeoutError } from "../errors.js";
import { refAlarm, startAlarm, stopAlarm, type Alarm } from "./clock.js";

/** Provider and model named in errors raised by the transport layer. */
export interface CallMeta {
  provider: string;
  model: string;
  /** The provider that served the call, from the router's `x-inference-provider` answer header. */
  servedBy?: string;
  // What the call did, filled in as it goes (a few property writes) and read by `metaOf` (src/meta.ts).
  /** Request id of the last inference answer (scrubbed), or the function that finds it (called once, by `metaOf`). */
  requestId?: string | (() => string);
  /** The providers tried, in order, with what each request was built from (its task, the provider's model id). */
  tried?: [provider: string, ctx: { task: string; providerId: string }][];
  /** The providers a fallback call gave up on (the list its error carries). */
  fellBack?: { provider: string; error: unknown }[];
  /** Each status poll of a job: when its answer came and the job's state then. */
  polls?: { at: number; state: string }[];
  /** Each retry wait, as `onRetry` sees it. */
  waits?: { attempt: number; delayMs: number; status?: number; error: unknown }[];
  /** Clock readings (`now()`): start, first answer headers, first stream event, end. */
  t0?: number;
  t1?: number;
  t2?: number;
  t3?: number;
  /** The answer (or the stream event) carrying usage, as the provider sent it. */
  raw?: unknown;
  /** The error the call failed with. */
  failed?: unknown;
  /** The price look-up of observed options (for `metaOf`). */
  prices?: (model: string, provider: string) => { input: number; output: number } | undefined;
}

/** The record of each call's result, stream or error (read by `metaOf`). */
export const records = /* @__PURE__ */ new WeakMap<object, CallMeta>();

/** How output errors name the provider: "Provider x", with "(served by y)" when the router said who served. */
export function providerName(meta: CallMeta): string {
  return `Provider ${meta.provider}${meta.servedBy ? ` (served by ${meta.servedBy})` : ""}`;
}

/**
 * The life of one call: the caller's signal and the total deadline. Each attempt's controller is
 * `attach`ed and aborted with the call; `signal` (a merged AbortSignal for waits, polls and shared Hub
 * look-ups) is only built when something asks for it, so a plain call creates one AbortController (its
 * attempt's), not two. `dispose()` removes the listener from the caller's signal and clears the timer, so
 * nothing outlives the call (no listener leak, nothing holding the event loop open). While the call runs
 * the timer is a normal (ref'd) timer: a script awaiting a long job must not exit early; only while the
 * caller holds a stream event is it unref'd (`hold(false)`), so a stream dropped half-read holds nothing.
 */
export interface CallScope {
  /** Aborted when the call is (built on first use). */
  readonly signal: AbortSignal;
  /** The call was aborted by the caller or ran past its deadline. */
  readonly aborted: boolean;
  /** Why: the caller's abort reason, or an `InferenceClientTimeoutError`. */
  readonly reason: unknown;
  /** Absolute time (performance.now() clock) when the call times out, or Infinity. */
  readonly deadline: number;
  readonly timeoutMs: number;
  meta: CallMeta;
  remaining(): number;
  /** Aborts `ctrl` with the call (at once if the call is already over); returns the function that unties it. */
  attach(ctrl: AbortController): () => void;
  /**
   * `false` while the caller holds a stream event: the deadline timer then keeps no process alive (a stream
   * read in part and dropped lets a script exit); `true` when the client waits again.
   */
  hold(on: boolean): void;
  dispose(): void;
}

/** A monotonic clock where the runtime has one (chosen per call, so importing this module does nothing). */
export function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

const noop = () => {};

/** Ref or unref a timer where the runtime has the notion (Node, Bun; a plain number elsewhere). */
export function refTimer(timer: unknown, on: boolean): void {
  (timer as { ref?: () => void; unref?: () => void } | undefined)?.[on ? "ref" : "unref"]?.();
}

/** The calls waiting on each caller's signal, and the one listener they share on it. */
const waiting = /* @__PURE__ */ new WeakMap<AbortSignal, { fns: Set<() => void>; fire: () => void }>();

/**
 * Runs `fn` when `signal` aborts; returns the function that forgets it. Calls sharing one signal share one
 * listener on it (50 concurrent calls on one signal add one, not 50: no MaxListenersExceededWarning), and
 * the last of them to end removes it.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let w = waiting.get(signal);
  if (!w) {
    const fns = new Set<() => void>();
    const fire = () => {
      waiting.delete(signal);
      for (const f of fns) f();
    };
    waiting.set(signal, (w = { fns, fire }));
    signal.addEventListener("abort", fire, { once: true });
  }
  const entry = w;
  entry.fns.add(fn);
  return () => {
    if (!entry.fns.delete(fn) || entry.fns.size || waiting.get(signal) !== entry) return;
    waiting.delete(signal);
    signal.removeEventListener("abort", entry.fire);
  };
}

export function createScope(userSignal: AbortSignal | undefined, timeoutMs: number, meta: CallMeta): CallScope {
  return new Scope(userSignal, timeoutMs, meta);
}

/**
 * The {@link CallScope} of one call. A class, not an object literal of closures: a literal with getters
 * gets a map of its own, per call, and V8's maps live outside the young generation, so each call's closures
 * and everything they held survived every minor garbage collection until the next full one (measured:
 * ~1.7 KB a call moved to the old generation, for nothing).
 */
class Scope implements CallScope, Alarm {
  readonly deadline: number;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** The deadline is on the shared clock (`startAlarm`), not a timer of its own. */
  private onClock = false;
  refd = false;
  private isAborted = false;
  private why: unknown = undefined;
  private merged: AbortController | undefined = undefined;
  /** The attempt's controller (attempts of one call run one at a time); more only in the rare case. */
  private one: AbortController | undefined = undefined;
  private more: Set<AbortController> | undefined = undefined;
  private unlisten = noop;

  constructor(
    userSignal: AbortSignal | undefined,
    readonly timeoutMs: number,
    public meta: CallMeta,
  ) {
    const finite = Number.isFinite(timeoutMs) && timeoutMs > 0;
    this.deadline = finite ? now() + timeoutMs : Infinity;
    if (userSignal) {
      if (userSignal.aborted) this.abort(userSignal.reason);
      else this.unlisten = onAbort(userSignal, () => this.abort(userSignal.reason));
    }
    if (finite && !this.isAborted) {
      if (startAlarm(this, timeoutMs)) this.onClock = true;
      else this.timer = setTimeout(() => this.timeUp(), timeoutMs);
    }
  }

  /** From the shared clock. */
  due(t: number): boolean {
    if (t < this.deadline) return false;
    this.timeUp();
    return true;
  }

  private timeUp(): void {
    this.abort(new InferenceClientTimeoutError("total", this.timeoutMs, this.meta));
  }

  /** The deadline is not watched any more. */
  private unwatch(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onClock) stopAlarm(this);
  }

  private abort(why: unknown): void {
    if (this.isAborted) return;
    this.isAborted = true;
    this.why = why;
    this.unwatch();
    const { one, more } = this;
    this.one = this.more = undefined;
    one?.abort(why);
    if (more) for (const c of more) c.abort(why);
    this.merged?.abort(why);
  }

  get signal(): AbortSignal {
    if (!this.merged) {
      this.merged = new AbortController();
      if (this.isAborted) this.merged.abort(this.why);
    }
    return this.merged.signal;
  }
  get aborted(): boolean {
    return this.isAborted;
  }
  get reason(): unknown {
    return this.why;
  }
  remaining(): number {
    return this.deadline - now();
  }
  attach(ctrl: AbortController): () => void {
    if (this.isAborted) {
      ctrl.abort(this.why);
      return noop;
    }
    if (!this.one) this.one = ctrl;
    else (this.more ??= new Set()).add(ctrl);
    return () => this.detach(ctrl);
  }
  private detach(ctrl: AbortController): void {
    if (this.one === ctrl) this.one = undefined;
    else this.more?.delete(ctrl);
  }
  hold(on: boolean): void {
    if (this.onClock) refAlarm(this, on);
    else refTimer(this.timer, on);
  }
  dispose(): void {
    this.unwatch();
    this.one = this.more = undefined;
    this.unlisten();
  }
}

/**
 * Watches one connection for silence. `touch()` is called on every byte received and costs one clock
 * read: the timer is only re-armed when it fires early, not on every chunk (a bound of 30 s or more is on the
 * shared clock of clock.ts instead). `pauseWatch()` stops the watch while the caller holds a stream event
 * (a slow consumer is not a silent server); `resumeWatch()` restarts it from zero. `stop()` ends it for good.
 * (Pausing is for streams only, so it lives in functions a bundle without streams leaves out; the fields they
 * use are not private for that.)
 */
export class IdleWatch implements Alarm {
  last = now();
  timer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;
  paused = false;
  fired = false;
  /** On the shared clock (`startAlarm`), not a timer of its own. */
  onClock = false;
  refd = false;
  constructor(
    readonly ms: number,
    private readonly ctrl: AbortController,
    private readonly meta: CallMeta,
    readonly scope?: Pick<CallScope, "hold">,
  ) {
    if (!this.active()) return;
    if (startAlarm(this, ms)) this.onClock = true;
    else this.arm(ms);
  }
  active(): boolean {
    return Number.isFinite(this.ms) && this.ms > 0 && !this.ended && !this.fired && !this.paused;
  }
  arm(ms: number) {
    this.timer = setTimeout(() => this.check(), ms);
  }
  private check() {
    this.timer = undefined;
    if (!this.active()) return;
    const quiet = now() - this.last;
    if (quiet >= this.ms - 1) this.fire();
    else this.arm(this.ms - quiet);
  }
  /** From the shared clock: a paused watch waits; an ended one is dropped. */
  due(t: number): boolean {
    if (this.ended || this.fired) return true;
    if (this.paused || t - this.last < this.ms - 1) return false;
    this.fire();
    return true;
  }
  private fire() {
    this.fired = true;
    this.ctrl.abort(new InferenceClientTimeoutError("idle", this.ms, this.meta));
  }
  touch() {
    this.last = now();
  }
  stop() {
    this.ended = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onClock) stopAlarm(this);
  }
}

/**
 * While the consumer holds a stream event, silence is not the server's fault. Pausing only sets a flag
 * (no timer churn per event): a timer that fires while paused just lapses, and `resumeWatch` re-arms it.
 */
export function pauseWatch(w: IdleWatch): void {
  w.paused = true;
  // Nothing of the client keeps the process alive while the caller holds the event: a stream read in
  // part and then dropped lets a script end.
  if (w.onClock) refAlarm(w, false);
  else refTimer(w.timer, false);
  w.scope?.hold(false);
}

export function resumeWatch(w: IdleWatch): void {
  if (!w.paused) return;
  w.paused = false;
  w.last = now();
  w.scope?.hold(true);
  if (w.onClock) refAlarm(w, true);
  else if (w.timer === undefined) {
    if (w.active()) w.arm(w.ms);
  } else refTimer(w.timer, true);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * `p`, or the signal's reason as soon as `signal` aborts: lets a call wait on work shared with other
 * calls (a Hub look-up) without giving up its own abort and deadline. The listener is removed either way.
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
