/**
 * The wait before another attempt, as the retry policy decided it: recorded on the call
 * (`metaOf(result).waits`), shown to `onRetry`, and slept within the call's signal.
 */
import type { RetryInfo } from "../types.js";
import { sleep } from "./scope.js";
import type { Transport } from "./types.js";

/** Records the wait, tells `onRetry`, and sleeps `info.delayMs` (rejecting if the call is aborted). */
export async function waitToRetry(t: Transport, info: RetryInfo): Promise<void> {
  (t.scope.meta.waits ??= []).push(info);
  t.onRetry?.(info);
  await sleep(info.delayMs, t.scope.signal);
}
