/**
 * clock.ts for the module tree that bundlers get (dist/modules/): no shared clock, every bound keeps a timer of
 * its own. Apps bundled for browsers and workers, where timers cannot be unref'd, would never use the clock, and
 * its code would only add to their bundles. (A server bundle gets this too: its calls keep two timers each, as
 * before the clock.)
 */
import type { Alarm } from "./clock.js";

export function startAlarm(a: Alarm, ms: number): boolean {
  void a;
  void ms;
  return false;
}
// Never called: no alarm is ever started.
export function stopAlarm(a: Alarm): void {
  void a;
}
export function refAlarm(a: Alarm, on: boolean): void {
  void a;
  void on;
}
