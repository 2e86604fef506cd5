/**
 * What a call reports about itself: job progress, retries, each request as sent, and the record of the whole
 * call (`metaOf`, `onResponse`, `onError`, meters) with its usage and estimated cost.
 */

/** Progress of a long-running job, given to `onProgress`. */
export interface JobProgress {
  /** The provider's status word, as sent ("IN_QUEUE", "processing", ...). */
  status: string;
  /** Position in the provider's queue, when it says. */
  queuePosition?: number;
  /** New log lines since the last event, when the provider sends logs. */
  logs?: string[];
  /** Number of status polls so far. */
  polls: number;
  /** Milliseconds since the job was submitted. */
  elapsedMs: number;
}

/** What `onRetry` receives before each retry wait. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the client waits before sending again. */
  delayMs: number;
  /** The status that caused the retry, if it was an HTTP answer. */
  status?: number;
  /** The failure that caused the retry. */
  error: unknown;
}

/** What `onRequest` receives before each attempt: the request as sent, scrubbed (credential headers redacted). */
export interface RequestInfo {
  /** The URL the request goes to. */
  url: string;
  /** The HTTP method. */
  method: string;
  /** The request headers, credentials redacted. */
  headers?: Record<string, string>;
  /** The body (parsed JSON), or a placeholder for a file or a form. */
  body?: unknown;
  /** The provider the request goes to. */
  provider: string;
  /** The Hub model id. */
  model: string;
  /** 1 for the first attempt of the request. */
  attempt: number;
}

/** Token counts of a call, whatever names the provider gives them; undefined when it did not say. */
export interface CallUsage {
  /** Tokens of the prompt. */
  inputTokens?: number;
  /** Tokens generated. */
  outputTokens?: number;
  /** Tokens of the prompt read from the provider's cache (part of `inputTokens`). */
  cachedInputTokens?: number;
  /** Tokens of reasoning (part of `outputTokens`). */
  reasoningTokens?: number;
}

/**
 * What a call cost: an ESTIMATE in US dollars (the router bills asynchronously). "provider-estimate": the
 * answer's `usage.estimated_cost`; "catalog-estimate": the `prices` of the provider that served the call
 * times the tokens used; "unknown" otherwise.
 */
export type CallCost =
  | {
      /** The estimate, in US dollars. */
      usd: number;
      /** Where the estimate comes from. */
      source: "provider-estimate" | "catalog-estimate";
    }
  | "unknown";

/** What one call did: `metaOf(result)`, `onResponse`, `onError`. Unknown values are undefined. */
export interface CallInfo {
  /** The task (`conversational` for chat). */
  task?: string;
  /** The request id the provider or the router answered with (`x-request-id`...), when it sent one. */
  requestId?: string;
  /** The provider asked for ("auto" unless one was named), or the one tried last by a fallback call. */
  provider?: string;
  /** The provider that served the call (the router's `x-inference-provider` answer header). */
  servedBy?: string;
  /** The Hub model id. */
  model?: string;
  /** The model id on the provider's side. */
  providerModel?: string;
  /** The model the answer names (its `model` field), when it names one. */
  responseModel?: string;
  /** Why generation stopped, per choice (`stop`, `length`, `tool_calls`...), when the answer says. */
  finishReasons?: string[];
  /** Each provider tried, in order (one unless the call fell back), and how it failed. */
  attempts: {
    /** The provider tried. */
    provider: string;
    /** The model id on its side. */
    providerModel?: string;
    /** How the attempt failed (the error's class name and message); none for the one that answered. */
    error?: ErrorSummary;
  }[];
  /** Each status poll of a long-running job: ms from the call's start, and the job's state then. */
  polls: {
    /** Milliseconds from the call's start. */
    atMs: number;
    /** The provider's status word for the job. */
    state: string;
  }[];
  /** Each retry wait. */
  retries: {
    /** 1 for the first retry. */
    attempt: number;
    /** The wait before it, in milliseconds. */
    delayMs: number;
    /** The HTTP status that caused it, if it was an answer. */
    status?: number;
    /** The failure that caused it. */
    error: ErrorSummary;
  }[];
  /** Milliseconds from the call's start to the first answer headers, the first stream event, the end. */
  timings: {
    /** To the first answer headers. */
    firstByteMs?: number;
    /** To the first event of a stream. */
    firstTokenMs?: number;
    /** To the end of the call. */
    totalMs?: number;
  };
  /** The tokens the answer reported. */
  usage: CallUsage;
  /** What the call cost, estimated. */
  cost: CallCost;
}

/** A failure as a call record keeps it: the error's class name and message (no other field, no secret). */
export interface ErrorSummary {
  /** The error's class name. */
  name: string;
  /** Its message. */
  message: string;
}

/** Prices in US dollars per 1M tokens. */
export interface TokenPrices {
  /** Per 1M prompt tokens. */
  input: number;
  /** Per 1M generated tokens. */
  output: number;
}
