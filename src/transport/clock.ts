/**
 * The shared clock of long bounds (a call's deadline, an idle watch): see {@link COARSE_MS}. The Node entry
 * (dist/index.js) has it; the module tree that bundlers get (dist/modules/) has clock.bundled.ts in its place,
 * where every bound keeps a timer of its own, as browsers and workers need.
 */
/**
 * Bounds of at least this many ms (the defaults: a call's deadline of minutes, an idle watch of 5 minutes) are
 * watched by one shared clock that ticks every {@link TICK_MS}, instead of a timer each: they act up to a
 * second late. Shorter bounds get a timer of their own, exact to the millisecond.
 *
 * Why: two timers per call (deadline and idle watch) that are nearly always cleared before they fire cost more
 * than the call's own work. Each `setTimeout` with a duration no other live timer has makes Node build a
 * timer list and queue it; clearing the last timer of a duration throws the list away. The optimised code of
 * Node's timer functions then depends on lists that die, and is thrown away at every full garbage collection;
 * and while a call is in flight its timers keep everything they refer to out of the young generation's
 * collections. Measured in-process (chat completions answered from memory, a full collection before each
 * batch of 150): ~46 µs a call, against ~2 µs for adding to and removing from a set.
 *
 * Only where timers can be unref'd (Node, Bun): there the clock never keeps a process alive for a call whose
 * result nobody waits for (see `hold`). Elsewhere (browsers, Deno, workers) every bound keeps its own timer.
 */
export const COARSE_MS = 30_000;
/** How often the shared clock checks its alarms. */
export const TICK_MS = 1_000;

/** What the shared clock checks on each tick: fires itself and answers true when it is done. */
export interface Alarm {
  due(t: number): boolean;
  /** Whether it keeps the process alive (a call in flight), or not (the caller holds a stream event). */
  refd: boolean;
}

const alarms = new Set<Alarm>();
type Ticker = { ref(): unknown; unref(): unknown };
let ticker: Ticker | undefined;
/** Alarms that keep the process alive: the clock is ref'd while there is one. */
let refs = 0;
/**
 * The `setInterval` that made the clock, and the `clearInterval` that goes with it. Another `setInterval` in its
 * place means the clock's timer may be gone: a test's fake timers, installed and uninstalled around each test,
 * take their timers with them. The clock is then made again with the current pair, and the old one is cleared
 * with its own `clearInterval` (and clears itself at its next tick if that did not take).
 */
let madeBy: unknown;
let unmake: (h: Ticker) => void = () => {};
/** This runtime's timers cannot be unref'd: every bound keeps a timer of its own. */
let noClock = typeof setInterval !== "function";

function tick(): void {
  // The clock of `now()` in scope.ts, on the runtimes that have this clock.
  const t = performance.now();
  for (const a of alarms) if (a.due(t)) stopAlarm(a);
  // Stopped only at a tick that finds nothing to watch: calls made one after another keep the same clock.
  if (!alarms.size && ticker) {
    unmake(ticker);
    ticker = undefined;
  }
}

/** Makes the clock with the runtime's timers as they are now; false when they cannot be unref'd. */
function makeClock(): boolean {
  if (ticker) unmake(ticker);
  ticker = undefined;
  const clear = clearInterval as (h: unknown) => void;
  const h: unknown = setInterval(() => (ticker === h ? tick() : clear(h)), TICK_MS);
  if (typeof (h as { unref?: unknown }).unref !== "function") {
    clear(h);
    return !(noClock = true);
  }
  ticker = h as Ticker;
  madeBy = setInterval;
  unmake = clear;
  if (!refs) ticker.unref();
  return true;
}

/**
 * Watches `a`, a bound of `ms`, on the shared clock; false when the bound is shorter than {@link COARSE_MS} or the
 * runtime cannot (the caller then sets a timer of its own).
 */
export function startAlarm(a: Alarm, ms: number): boolean {
  if (ms < COARSE_MS || noClock || ((!ticker || madeBy !== setInterval) && !makeClock())) return false;
  alarms.add(a);
  a.refd = false;
  refAlarm(a, true);
  return true;
}

export function stopAlarm(a: Alarm): void {
  refAlarm(a, false);
  alarms.delete(a);
}

/** Whether `a` keeps the process alive. */
export function refAlarm(a: Alarm, on: boolean): void {
  if (a.refd === on || !alarms.has(a)) return;
  a.refd = on;
  refs += on ? 1 : -1;
  if (refs === +on) ticker![on ? "ref" : "unref"]();
}
