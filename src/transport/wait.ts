/**
 * The wait before another attempt, as the retry policy decided it: recorded on the call
 * (`metaOf(result).waits`), shown to `onRetry`, and slept within the call's signal.
 */
import type { RetryInfo } from "../types.js";
import { sleep } from "./scope.js";
import type { Transport } from "./types.js";

/** Test hook: replaces the wait between retries (tests record delays instead of sleeping). */
export const retryWait: { fn: (ms: number, signal: AbortSignal) => Promise<void> } = { fn: sleep };

/** Records the wait, tells `onRetry`, and sleeps `info.delayMs` (rejecting if the call is aborted). */
export async function waitToRetry(t: Transport, info: RetryInfo): Promise<void> {
  (t.scope.meta.waits ??= []).push(info);
  t.onRetry?.(info);
  await retryWait.fn(info.delayMs, t.scope.signal);
}
