/**
 * Long-running jobs described as data. A provider says how to read a status answer, where to poll,
 * where the result is once done and which media file to download; the transport runs the loop
 * (`runJob` in poll.ts: capped exponential backoff, the call's deadline, one transient failure
 * tolerated, abort at every step, progress events, media downloads checked for status and type).
 *
 * Every function of a spec is pure: it reads answers and the request context and returns data.
 * A spec without `statusUrl` polls nothing: it only describes the media download of an answer that
 * is already final (for example an image URL in a synchronous answer).
 */
import type { RequestCtx } from "../providers/adapter.js";

export interface JobState {
  state: "pending" | "done" | "failed";
  /** The provider's own status word ("IN_QUEUE", "processing", ...). */
  status: string;
  queuePosition?: number;
  /**
   * Every log line the provider has sent for the job so far (cumulative, as fal and Replicate send
   * them). The runner reports only the lines not reported yet.
   */
  logs?: string[];
  /** Failure text, when `state` is "failed". */
  error?: string;
}

/** Where the call was sent: polls and downloads derive their URLs and credentials from it. */
export interface JobCall {
  /** The submit request's URL (with its query string). */
  submitUrl: string;
  ctx: RequestCtx;
  /** The caller passed `onProgress`: ask for progress details (logs) where a provider sends them only on request. */
  wantsProgress?: boolean;
}

export type MediaKind = "image" | "video" | "audio";

export interface JobSpec {
  /**
   * Reads a status answer (the submit answer first, then every poll answer). Returns undefined when the
   * answer carries no status: for the submit answer that means "pending, poll"; for a poll answer it is
   * an output error.
   */
  status?: (answer: any, call: JobCall) => JobState | undefined;
  /**
   * Whether an answer (the submit answer or a poll answer) already holds the job's output although its
   * status is not final: a provider that answers early (Replicate with `Prefer: wait` answers
   * `status: "processing"` with `output` already set). Such an answer is the result at once: no more
   * polls, and no `resultUrl` fetch.
   */
  ready?: (answer: any, call: JobCall) => boolean;
  /** The URL to poll with GET, from the submit answer. Absent: the submit answer is the result. */
  statusUrl?: (submit: any, call: JobCall) => string | undefined;
  /**
   * Where the result is once done: a URL to GET (JSON). Undefined (or absent): the last status answer
   * (or the submit answer when it was already done) is the result.
   */
  resultUrl?: (submit: any, last: any, call: JobCall) => string | undefined;
  /**
   * The media file of the result to download (an http(s) or `data:` URL), or undefined when nothing is
   * to be downloaded (for example when the caller asked for the URL itself). When set, the runner
   * returns a {@link JobOutcome} whose `blob` is the downloaded file.
   */
  media?: (result: any, call: JobCall) => string | undefined;
  /** What the media file is, for checking the download's content type and for error messages. */
  mediaKind?: MediaKind;
  /**
   * Hosts other than the submit URL's host that may receive the submit request's credentials on polls
   * (for example a provider's regional API hosts). Credentials never go to any other host.
   */
  trustedHost?: (host: string, call: JobCall) => boolean;
  /** First poll delay in ms (then x1.5 per poll). Default 500. */
  interval?: number;
  /** Cap of the delay between polls in ms. Default 5000. */
  maxInterval?: number;
}

/** What `runJob` gives the adapter's `output`: the final JSON answer and, when downloaded, the media file. */
export interface JobOutcome {
  /** The final answer of the job (result JSON, or the last status answer). */
  result: any;
  /** The downloaded media file, with its real content type. */
  blob?: Blob;
  /** The URL the media file was downloaded from. */
  mediaUrl?: string;
}

/**
 * `path?query` of `url` placed under `base` (`https://router.huggingface.co/wavespeed` +
 * `/api/v3/predictions/1/result`): routed calls poll through the router, never the provider's host
 * directly (the Hugging Face token must not go there).
 */
export function underBase(base: string, url: string): string {
  const u = new URL(url);
  return `${base.replace(/\/+$/, "")}${u.pathname}${u.search}`;
}

/** A spec that polls nothing and downloads the media of an answer that is already final. */
export function downloadOnly(media: NonNullable<JobSpec["media"]>, mediaKind: MediaKind): JobSpec {
  return { media, mediaKind };
}
