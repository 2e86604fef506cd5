/**
 * Long-running jobs described as data. A provider says how to find the status URL in the submit
 * answer, how to read a status answer, and where the result is; the transport runs the loop (capped
 * exponential backoff, the call's deadline, one transient failure tolerated, abort at every step,
 * progress events).
 */
import type { RequestCtx } from "../providers/adapter.js";

export interface JobState {
  state: "pending" | "done" | "failed";
  /** The provider's own status word. */
  status: string;
  queuePosition?: number;
  logs?: string[];
  /** Failure text, when `state` is "failed". */
  error?: string;
}

export interface JobSpec {
  /** Is the submit answer already the final result (for example Replicate's `Prefer: wait`)? */
  finished?: (submit: any, ctx: RequestCtx) => boolean;
  /** The URL to poll, from the submit answer. */
  statusUrl: (submit: any, ctx: RequestCtx) => string;
  /** Reads one status answer. */
  status: (poll: any, ctx: RequestCtx) => JobState;
  /** Where the result is once done: a URL to GET (JSON), or the poll answer itself. */
  resultUrl?: (submit: any, poll: any, ctx: RequestCtx) => string | undefined;
  /** First poll delay and the cap of the backoff, in ms. */
  interval?: number;
  maxInterval?: number;
}
