/** Retry policy: pure functions, so the delays can be checked without sleeping. */

export const BASE_DELAY_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Delay the server asked for, from `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an
 * HTTP date). Values outside 0..60 s are ignored (a server asking for an hour is not waited for blindly).
 */
export function retryAfterMs(headers: Headers | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0 && v <= MAX_RETRY_AFTER_MS) return v;
  }
  const ra = headers.get("retry-after");
  if (ra !== null && ra.trim() !== "") {
    const s = ra.trim();
    let v: number;
    if (/^\d+(\.\d+)?$/.test(s)) v = Number(s) * 1000;
    else {
      // An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"); anything else (a negative number...) is ignored.
      if (!/[a-z]/i.test(s)) return undefined;
      const t = Date.parse(s);
      if (Number.isNaN(t)) return undefined;
      v = Math.max(0, t - nowMs);
    }
    if (v >= 0 && v <= MAX_RETRY_AFTER_MS) return v;
  }
  return undefined;
}

/**
 * Exponential backoff with jitter: 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s... each reduced by up to 25 % at
 * random so that many clients failing together do not retry in lock-step.
 * @param retry 1 for the first retry.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(base * (1 - 0.25 * random()));
}

/** The delay before retry number `retry`: what the server asked for, else backoff. */
export function computeRetryDelay(retry: number, headers?: Headers, random?: () => number): number {
  return retryAfterMs(headers) ?? backoffMs(retry, random);
}

/** Loading waits (model loading, endpoint scaled to zero) allowed in one call, on top of the retries. */
export const MAX_LOADING_WAITS = 120;
const LOADING_MIN_WAIT = 1_000;
const LOADING_MAX_WAIT = 10_000;
const LOADING_DEFAULT_WAIT = 2_000;

/** A model being loaded, or an endpoint scaled to zero: a 503 with a loading estimate or loading words. */
export function isLoading(status: number, estimatedTime: number | undefined, message: string | undefined): boolean {
  if (status !== 503) return false;
  if (estimatedTime !== undefined) return true;
  return /currently loading|is loading|scaled to zero|initiali[sz]ing|cold start/i.test(message ?? "");
}

/** The wait before asking a loading model again: what the server asked for, else its estimate (1 to 10 s). */
export function loadingDelay(headers: Headers, estimatedTime: number | undefined): number {
  const asked = retryAfterMs(headers);
  if (asked !== undefined) return asked;
  const est = estimatedTime !== undefined ? estimatedTime * 1000 : LOADING_DEFAULT_WAIT;
  return Math.min(LOADING_MAX_WAIT, Math.max(LOADING_MIN_WAIT, est));
}
