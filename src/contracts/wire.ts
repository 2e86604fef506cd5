/**
 * The contracts of the transport, as types only: the request it sends (`WireRequest`), what a provider says
 * of its failed answers (`ProviderErrors`), and a long-running job described as data (`JobSpec`, which the
 * job runner transport/poll.ts runs) with the prepared call it starts from (`PreparedCall`). The layers
 * above (providers, tasks) write these; the transport reads them; none of them imports upward for it.
 */

export interface WireRequest {
  url: string;
  method?: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Blob | ArrayBuffer | Uint8Array | FormData;
  credentials?: RequestCredentials;
  /**
   * A URL the client did not build (a poll, result or media URL from an answer): checked against the URL
   * policy before anything is sent. "media": a file download, whose error answers are never read or quoted.
   */
  external?: "api" | "media";
  /** Let the runtime follow redirects (a browser, which hides them from the client). */
  follow?: boolean;
  /** How the provider's failed answers read (its loading rule): from the provider's data, on its own requests. */
  errors?: ProviderErrors;
}

/** How a provider's failed answers are read, as data the send loop acts on (`ProviderInfo.errors`). */
export interface ProviderErrors {
  /**
   * A model being loaded, or an endpoint scaled to zero: an answer of `status` whose body gives an estimate
   * (`estimated_time`, seconds) or whose message matches `message`. Such answers are waited for (the
   * estimate, 1 to 10 s, or what `Retry-After` asks) within the call's deadline, without spending retries.
   */
  loading?: { status: number; message: RegExp };
}

/** A call as the task runner prepared it: the request to send and the context the adapter shaped it with. */
export interface PreparedCall<Ctx = unknown> {
  request: WireRequest;
  ctx: Ctx;
}

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

/**
 * Where the call was sent: polls and downloads derive their URLs and credentials from it. `Ctx` is the
 * request context the adapter shaped the call with (`RequestCtx`, bound by providers/adapter.ts).
 */
export interface JobCall<Ctx = unknown> {
  /** The submit request's URL (with its query string). */
  submitUrl: string;
  /** The request context of the call. */
  ctx: Ctx;
  /** The caller passed `onProgress`: ask for progress details (logs) where a provider sends them only on request. */
  wantsProgress?: boolean;
}

export type MediaKind = "image" | "video" | "audio";

export interface JobSpec<Ctx = unknown> {
  /**
   * Reads a status answer (the submit answer first, then every poll answer). Returns undefined when the
   * answer carries no status: for the submit answer that means "pending, poll"; for a poll answer it is
   * an output error.
   */
  status?: (answer: any, call: JobCall<Ctx>) => JobState | undefined;
  /**
   * Whether an answer (the submit answer or a poll answer) already holds the job's output although its
   * status is not final: a provider that answers early (Replicate with `Prefer: wait` answers
   * `status: "processing"` with `output` already set). Such an answer is the result at once: no more
   * polls, and no `resultUrl` fetch.
   */
  ready?: (answer: any, call: JobCall<Ctx>) => boolean;
  /** The URL to poll with GET, from the submit answer. Absent: the submit answer is the result. */
  statusUrl?: (submit: any, call: JobCall<Ctx>) => string | undefined;
  /**
   * Where the result is once done: a URL to GET (JSON). Undefined (or absent): the last status answer
   * (or the submit answer when it was already done) is the result.
   */
  resultUrl?: (submit: any, last: any, call: JobCall<Ctx>) => string | undefined;
  /**
   * The media file of the result to download (an http(s) or `data:` URL), or undefined when nothing is
   * to be downloaded (for example when the caller asked for the URL itself). When set, the runner
   * returns a {@link JobOutcome} whose `blob` is the downloaded file.
   */
  media?: (result: any, call: JobCall<Ctx>) => string | undefined;
  /** What the media file is, for checking the download's content type and for error messages. */
  mediaKind?: MediaKind;
  /**
   * Hosts other than the submit URL's host that may receive the submit request's credentials on polls
   * (for example a provider's regional API hosts). Credentials never go to any other host.
   */
  trustedHost?: (host: string, call: JobCall<Ctx>) => boolean;
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
