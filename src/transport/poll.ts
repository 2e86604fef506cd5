/**
 * The job runner: runs a {@link JobSpec} to its end. Every poll, result fetch and media download goes
 * through `send` (retries, idle timeout, typed errors) and listens to the call's scope (abort and the
 * total deadline). Waits between polls grow by 1.5 from `interval` up to `maxInterval`; a wait that
 * would pass the deadline ends the call with the timeout error at once; one transient poll failure
 * (5xx, 429, connection error, idle timeout) is tolerated, two in a row fail the call.
 */
import { InferenceClientProviderOutputError, InferenceClientTimeoutError, isCredentialHeader } from "../errors.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../config.js";
import { dataUrlToBlob, sniffType } from "../lib/media.js";
import { scrub } from "../lib/secrets.js";
import { readBlob, readJson } from "./body.js";
import { send } from "./http.js";
import { isCutOrStall } from "./http-error.js";
import { secretsOf } from "./request-info.js";
import type { Transport, WireRequest } from "./types.js";
import type { JobCall, JobOutcome, JobSpec, JobState, MediaKind, PreparedCall } from "../contracts/wire.js";
import { now, providerName, sleep } from "./scope.js";

export const DEFAULT_INTERVAL = 500;
export const DEFAULT_MAX_INTERVAL = 5_000;
const BACKOFF = 1.5;

/**
 * Headers never sent to a host other than the submit request's (or one the spec trusts): every header the
 * error redaction treats as a credential, plus the bill-to organisation.
 */
const isHostBound = (name: string): boolean => isCredentialHeader(name) || /^x-hf-bill-to$/i.test(name);
/** Headers that describe the submit body, meaningless on a GET. */
const BODY_HEADERS = /^(content-type|content-length|content-encoding|prefer)$/i;

/** The delay after `d` between polls: x1.5, capped. */
const nextDelay = (d: number, cap: number): number => Math.min(cap, Math.round(d * BACKOFF));

/** The delays between polls: `interval`, then x1.5 up to `maxInterval`. */
export function pollDelays(spec: Pick<JobSpec, "interval" | "maxInterval">, count: number): number[] {
  const out: number[] = [];
  let d = spec.interval ?? DEFAULT_INTERVAL;
  const cap = Math.max(d, spec.maxInterval ?? DEFAULT_MAX_INTERVAL);
  for (let i = 0; i < count; i++) {
    out.push(d);
    d = nextDelay(d, cap);
  }
  return out;
}

/**
 * Runs a long-running job to its end. `submit` is the parsed submit answer; the result is a
 * {@link JobOutcome}: the final answer and, when the spec names a media file, that file downloaded.
 */
export async function runJob<Ctx>(
  spec: JobSpec<Ctx>,
  submit: unknown,
  p: PreparedCall<Ctx>,
  t: Transport,
): Promise<JobOutcome> {
  const call: JobCall<Ctx> = { submitUrl: p.request.url, ctx: p.ctx, wantsProgress: !!t.onProgress };
  const started = now();
  let polls = 0;
  let logsSent = 0;
  const report = (s: JobState) => {
    if (!t.onProgress) return;
    const all = s.logs ?? [];
    // A provider that restarts its log (a retried worker) starts the count again.
    if (all.length < logsSent) logsSent = 0;
    // Scrubbed of the token and every credential header value: a provider may log what it received.
    const secrets = secretsOf(p.request, t);
    const fresh = all.slice(logsSent).map((line) => scrub(String(line), secrets));
    logsSent = all.length;
    t.onProgress({
      status: scrub(String(s.status), secrets),
      ...(s.queuePosition !== undefined ? { queuePosition: s.queuePosition } : {}),
      ...(fresh.length ? { logs: fresh } : {}),
      polls,
      elapsedMs: Math.round(now() - started),
    });
  };

  let last: unknown = submit;
  let state: JobState | undefined = spec.status?.(submit, call);
  // An answer that already holds the output is used at once, whatever its status says (not a failure).
  let early = state?.state !== "failed" && !!spec.ready?.(submit, call);
  if (spec.statusUrl) {
    if (state) report(state);
    if (state?.state === "failed") throw jobFailed(state, t);
    if (state?.state !== "done" && !early) {
      const url = spec.statusUrl(submit, call);
      if (!url || !/^https?:\/\//i.test(url)) {
        throw outputFailure(t, `a job id or status URL in the submit answer`, submit);
      }
      const req: WireRequest = {
        url,
        method: "GET",
        headers: pollHeaders(p.request, url, spec, call),
        external: "api",
      };
      let delay = spec.interval ?? DEFAULT_INTERVAL;
      const cap = Math.max(delay, spec.maxInterval ?? DEFAULT_MAX_INTERVAL);
      let failures = 0;
      for (;;) {
        await waitWithin(delay, t);
        delay = nextDelay(delay, cap);
        let answer: unknown;
        try {
          answer = await readJson(await send(req, t), t);
        } catch (e) {
          if (t.scope.aborted) throw t.scope.reason;
          if (isTransient(e) && failures === 0) {
            failures++;
            continue;
          }
          throw e;
        }
        failures = 0;
        polls++;
        last = answer;
        state = spec.status?.(answer, call);
        if (!state) throw outputFailure(t, "a job status answer", answer);
        // Kept on the call's record (`metaOf(result).polls`).
        (t.scope.meta.polls ??= []).push({ at: now(), state: state.state });
        report(state);
        if (state.state === "failed") throw jobFailed(state, t);
        if (state.state === "done") break;
        if (spec.ready?.(answer, call)) {
          early = true;
          break;
        }
      }
    }
  }

  let result: unknown = last;
  const resultUrl = early ? undefined : spec.resultUrl?.(submit, last, call);
  if (resultUrl) {
    const req: WireRequest = {
      url: resultUrl,
      method: "GET",
      headers: pollHeaders(p.request, resultUrl, spec, call),
      external: "api",
    };
    result = await readJson(await send(req, t), t);
  }

  const outcome: JobOutcome = { result };
  const media = spec.media?.(result, call);
  if (media) {
    outcome.mediaUrl = media;
    outcome.blob = await downloadMedia(media, spec.mediaKind, p.request, t);
  }
  return outcome;
}

/** Waits `ms` on the call's signal, or ends the call with its timeout error when the wait would pass the deadline. */
async function waitWithin(ms: number, t: Transport): Promise<void> {
  if (t.scope.aborted) throw t.scope.reason;
  if (ms >= t.scope.remaining()) {
    throw new InferenceClientTimeoutError("total", t.scope.timeoutMs, t.scope.meta);
  }
  await sleep(ms, t.scope.signal);
}

/** A poll failure worth one more try: a cut or silent connection, or a retryable answer (5xx, 429). */
function isTransient(e: unknown): boolean {
  return isCutOrStall(e) || (!!e && typeof e === "object" && (e as { retryable?: unknown }).retryable === true);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

/**
 * Headers of a poll or result request: the submit request's, without the body headers, and without
 * credentials when the URL is on another host than the submit request's (unless the spec trusts it).
 */
export function pollHeaders<Ctx>(
  submit: WireRequest,
  url: string,
  spec: JobSpec<Ctx>,
  call: JobCall<Ctx>,
): Record<string, string> {
  const same = originOf(url) === originOf(submit.url);
  let trusted = same;
  if (!same && spec.trustedHost) {
    try {
      trusted = new URL(url).protocol === "https:" && spec.trustedHost(new URL(url).host, call);
    } catch {
      trusted = false;
    }
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(submit.headers)) {
    if (BODY_HEADERS.test(k)) continue;
    if (!trusted && isHostBound(k)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Downloads a generated file through `send` (GET, no credentials unless the file is on the submit
 * request's host), checking the status and the content type: an HTML, JSON or text answer is an error
 * page, not media. A generic content type is replaced by the one sniffed from the bytes.
 */
export async function downloadMedia(
  url: string,
  kind: MediaKind | undefined,
  submit: WireRequest,
  t: Transport,
): Promise<Blob> {
  const what = kind ?? "media";
  if (/^data:/i.test(url)) {
    try {
      return dataUrlToBlob(url);
    } catch (e) {
      throw outputFailure(t, `a valid ${what} data URL`, url.slice(0, 60), e);
    }
  }
  if (!/^https?:\/\//i.test(url)) throw outputFailure(t, `an http(s) URL of the generated ${what}`, url);
  const same = originOf(url) === originOf(submit.url);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(submit.headers)) {
    if (/^user-agent$/i.test(k) || (same && isHostBound(k))) headers[k] = v;
  }
  if (!Object.keys(headers).some((k) => /^user-agent$/i.test(k)) && typeof window === "undefined") {
    headers["User-Agent"] = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;
  }
  const answer = await send({ url, method: "GET", headers, external: "media" }, t);
  const served = (answer.response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const where = `the generated ${what} at ${scrub(originOf(url), t.secrets)}`;
  // An error page is not media (an SVG image, image/svg+xml, is): it is not read, and never quoted.
  if ((/(html|json|xml)/.test(served) && !served.startsWith("image/")) || served.startsWith("text/")) {
    answer.done();
    answer.response.body?.cancel().catch(() => {});
    throw outputFailure(t, where, `a ${served.slice(0, 60)} answer`);
  }
  const blob = await readBlob(answer, t);
  if (blob.size === 0) throw outputFailure(t, where, "an empty body");
  const generic = !served || served === "application/octet-stream" || served === "binary/octet-stream";
  if (generic) {
    const sniffed = sniffType(new Uint8Array(await blob.slice(0, 16).arrayBuffer()));
    if (sniffed) return new Blob([blob], { type: sniffed });
  }
  return blob;
}

function jobFailed(state: JobState, t: Transport): InferenceClientProviderOutputError {
  const { provider, model, servedBy } = t.scope.meta;
  const text = state.error?.trim() || "no reason given";
  return new InferenceClientProviderOutputError(
    scrub(
      `${providerName(t.scope.meta)} job for model ${model || "(none)"} ended with status ${state.status}: ${text}`,
      t.secrets,
    ),
    { provider, model, servedBy },
  );
}

function outputFailure(
  t: Transport,
  expected: string,
  got: unknown,
  cause?: unknown,
): InferenceClientProviderOutputError {
  const { provider, model, servedBy } = t.scope.meta;
  let sample: string;
  try {
    sample = typeof got === "string" ? got.slice(0, 200) : (JSON.stringify(got)?.slice(0, 200) ?? String(got));
  } catch {
    sample = String(got);
  }
  return new InferenceClientProviderOutputError(
    scrub(
      `${providerName(t.scope.meta)} returned an unexpected answer for model ${model || "(none)"}: expected ${expected}, got ${sample}`,
      t.secrets,
    ),
    { provider, model, servedBy, cause },
  );
}
