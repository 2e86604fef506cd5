/**
 * The shapes the transport's parts share (the request itself is a contract: contracts/wire.ts): the request it sends, the per-call transport settings, the
 * limiter it asks for a turn, and an OK answer with what is needed to read its body.
 */
import type { JobProgress, RequestInfo, RetryInfo } from "../types.js";
import type { WireRequest } from "../contracts/wire.js";
import type { RetryBudget } from "./budget.js";
import type { CallScope, IdleWatch } from "./scope.js";

export type { ProviderErrors, WireRequest } from "../contracts/wire.js";

export interface Transport {
  fetch: typeof fetch;
  scope: CallScope;
  /** Retries left to spend on retryable failures (0 when `retry_on_error: false`). */
  maxRetries: number;
  idleTimeout: number;
  onRetry?: (info: RetryInfo) => void;
  /** Before each attempt of the inference request, with the request scrubbed. */
  onRequest?: (info: RequestInfo) => void;
  /** Progress of a long-running job (status, queue position, new log lines). */
  onProgress?: (progress: JobProgress) => void;
  /** Values that must never appear in an error (the access token). */
  secrets: string[];
  /** Which error class a failed answer gets. */
  hub?: boolean;
  /** The runtime's own fetch, which honours its signal (a caller's fetch may not, and is raced with it). */
  nativeFetch?: boolean;
  /** Cap on the decoded bytes of one answer; undefined: `MAX_TEXT_BYTES` or `MAX_FILE_BYTES` (body.ts). */
  maxResponseBytes?: number;
  /** Cap on one server-sent event or line of a stream (read by the SSE reader). */
  maxEventBytes?: number;
  /** Fetch URLs from answers and redirects even when they name a loopback or private host. */
  allowPrivateUrls?: boolean;
  /** The call itself targets a loopback or private host (an endpoint on this machine): set by `send`. */
  localTarget?: boolean;
  /** Client-wide limits (src/limits), when the client has any. */
  limiter?: TransportLimiter;
  /** The client's retry budget (budget.ts), shared by its calls; none for standalone functions. */
  retryBudget?: RetryBudget;
}

/** What the transport and the fallback ask of client-wide limits (src/limits/limiter.ts). */
export interface TransportLimiter {
  /**
   * Waits for the request's turn (within the call's signal and deadline); resolves with the function that
   * ends the attempt, given its answer (status and headers) or none (a connection failure).
   */
  acquire(t: Transport, req: WireRequest): Promise<((res?: Response) => void) | undefined>;
  /** The calls a fallback should try: those to a provider whose circuit is not open (all of them if none is). */
  usable<C extends { provider?: unknown }>(calls: C[]): Promise<C[]>;
}

/** An OK response plus what is needed to read its body safely. */
export interface Answer {
  response: Response;
  watch: IdleWatch;
  /** Stops the idle watch and detaches from the call's signal. Idempotent. */
  done(): void;
  request: WireRequest;
  /** The attempt's signal: aborted by the call's signal, its deadline or the idle watch. */
  signal: AbortSignal;
}
