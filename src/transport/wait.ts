/**
 * The wait before another attempt: recorded on the call (`metaOf(result).waits`), shown to `onRetry`, and
 * slept within the call's signal. A wait that would pass the call's deadline is not started.
 */
import { sleep } from "./scope.js";
import type { Transport } from "./types.js";

/** Test hook: replaces the wait between retries (tests record delays instead of sleeping). */
export const retryWait: { fn: (ms: number, signal: AbortSignal) => Promise<void> } = { fn: sleep };

/** Waits `delayMs` before attempt `attempt` + 1; false (at once) when the wait would pass the deadline. */
export async function backOff(
  t: Transport,
  error: unknown,
  status: number | undefined,
  delayMs: number,
  attempt: number,
): Promise<boolean> {
  const scope = t.scope;
  if (delayMs >= scope.remaining()) return false;
  const info = { attempt, delayMs, status, error };
  (scope.meta.waits ??= []).push(info);
  t.onRetry?.(info);
  await retryWait.fn(delayMs, scope.signal);
  return true;
}
