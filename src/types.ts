import type { ChatCompletionInput } from "@huggingface/tasks";
import type { LimitStore } from "./contracts/limits.js";
import type { InferenceProviderMappingEntry, InferenceTask, OutputType } from "./contracts/provider.js";

/** A model id on the Hugging Face Hub (`owner/name`), optionally with a routing policy suffix (`:fastest`). */
export type ModelId = string;

/** Every provider this library can reach. */
export const INFERENCE_PROVIDERS = [
  "baseten",
  "black-forest-labs",
  "cerebras",
  "clarifai",
  "cohere",
  "deepinfra",
  "fal-ai",
  "featherless-ai",
  "fireworks-ai",
  "groq",
  "hf-inference",
  "hyperbolic",
  "nebius",
  "novita",
  "nscale",
  "nvidia",
  "openai",
  "ovhcloud",
  "publicai",
  "replicate",
  "sambanova",
  "scaleway",
  "together",
  "wavespeed",
  "zai-org",
] as const;

/**
 * The providers plus the "auto" policy. Spelled out rather than spread from INFERENCE_PROVIDERS: a spread at
 * the top of a module is a possible side effect to bundlers, which would then keep it in every bundle
 * (test/task-defs.test.ts checks the two lists agree).
 */
export const PROVIDERS_OR_POLICIES = [
  "baseten",
  "black-forest-labs",
  "cerebras",
  "clarifai",
  "cohere",
  "deepinfra",
  "fal-ai",
  "featherless-ai",
  "fireworks-ai",
  "groq",
  "hf-inference",
  "hyperbolic",
  "nebius",
  "novita",
  "nscale",
  "nvidia",
  "openai",
  "ovhcloud",
  "publicai",
  "replicate",
  "sambanova",
  "scaleway",
  "together",
  "wavespeed",
  "zai-org",
  "auto",
] as const;

/** A provider name of `INFERENCE_PROVIDERS`. */
export type InferenceProvider = (typeof INFERENCE_PROVIDERS)[number];
/** A provider name, or a routing policy of the router (`"auto"`, `"fastest"`, ...: `PROVIDERS_OR_POLICIES`). */
export type InferenceProviderOrPolicy = (typeof PROVIDERS_OR_POLICIES)[number];

/** Organisation names of the providers on the Hugging Face Hub. */
export const PROVIDERS_HUB_ORGS: Record<InferenceProvider, string> = {
  baseten: "baseten",
  "black-forest-labs": "black-forest-labs",
  cerebras: "cerebras",
  clarifai: "clarifai",
  cohere: "CohereLabs",
  deepinfra: "DeepInfra",
  "fal-ai": "fal",
  "featherless-ai": "featherless-ai",
  "fireworks-ai": "fireworks-ai",
  groq: "groq",
  "hf-inference": "hf-inference",
  hyperbolic: "Hyperbolic",
  nebius: "nebius",
  novita: "novita",
  nscale: "nscale",
  nvidia: "nvidia",
  openai: "openai",
  ovhcloud: "ovhcloud",
  publicai: "publicai",
  replicate: "replicate",
  sambanova: "sambanovasystems",
  scaleway: "scaleway",
  together: "togethercomputer",
  wavespeed: "wavespeed",
  "zai-org": "zai-org",
};

export type { InferenceProviderMappingEntry, InferenceTask, OutputType } from "./contracts/provider.js";

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

/** Prices of a model on a provider in US dollars per 1M tokens (the router catalog's unit), or undefined. */
export type PriceLookup = (model: string, provider: string) => TokenPrices | undefined;

/** Prices in US dollars per 1M tokens. */
export interface TokenPrices {
  /** Per 1M prompt tokens. */
  input: number;
  /** Per 1M generated tokens. */
  output: number;
}

/** Totals of a meter (one bucket). */
export interface MeterTotals {
  /** Calls counted. */
  requests: number;
  /** Prompt tokens, summed. */
  inputTokens: number;
  /** Generated tokens, summed. */
  outputTokens: number;
  /** Sum of the known cost estimates, in US dollars. */
  estimatedUsd: number;
  /** Calls whose cost is unknown. */
  unknownCost: number;
}

/** Counts calls, tokens and estimated cost (see `createMeter`). */
export interface Meter {
  /** Every call counted. */
  readonly total: MeterTotals;
  /** By the provider that served the call. */
  byProvider: Record<string, MeterTotals>;
  /** By Hub model id. */
  byModel: Record<string, MeterTotals>;
  /** By the organisation billed (`billTo`); calls billed to the token's owner are not in it. */
  byBillTo: Record<string, MeterTotals>;
  /** Calls that would start with the estimated spend at or past this fail with `InferenceClientBudgetError`. */
  budgetUsd?: number;
  /**
   * Throws `InferenceClientBudgetError` when the budget is spent (called before a call sends anything), and
   * `InferenceClientInputError` when the call's options were not passed through `observe()`.
   */
  check(options?: Options): void;
  /** Adds one finished call. */
  add(info: CallInfo, billTo?: string): void;
  /** Forgets every count (the budget stays). */
  reset(): void;
}

/** Per-call (or client-wide) options. The first five have the meaning they have in `@huggingface/inference`. */
export interface Options {
  /**
   * Retry failures that may pass (408, 409, 429, 5xx, connection failures). `false` means exactly one attempt.
   * @default true
   */
  retry_on_error?: boolean;
  /** A `fetch` to use for every request of the call (inference, Hub look-ups, job polls, media downloads). */
  fetch?: typeof fetch;
  /** Abort the call. Rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Passed to fetch as `credentials` (`true` means "include"). Not set by default. */
  includeCredentials?: string | boolean;
  /** Bill an organisation you belong to (header `X-HF-Bill-To`). Sent only to the Hugging Face router. */
  billTo?: string;
  /** Extra request headers, sent with the inference request (not to the Hub). */
  headers?: Record<string, string>;
  /**
   * How many times a retryable failure is retried.
   * @default 2
   */
  maxRetries?: number;
  /**
   * Bound on the whole call in milliseconds: routing, every attempt, retry waits and job polling.
   * Defaults depend on the task: 10 min for chat and text generation, 2 min for embeddings and other
   * quick tasks, 30 min for image, audio and video generation. `0` or `Infinity` means no bound.
   */
  timeout?: number;
  /**
   * Bound on silence on a live connection, in milliseconds: waiting for headers, for body bytes and between
   * stream chunks. @default 300000 (5 min)
   */
  idleTimeout?: number;
  /**
   * Cap on the decoded bytes of one answer (JSON, text or file, after any gzip or brotli is inflated).
   * Past it the call fails with `InferenceClientProviderOutputError` and the rest is not read.
   * @default 64 MiB for JSON and text, 512 MiB for files (images, audio, video)
   */
  maxResponseBytes?: number;
  /**
   * Cap on one event (or line) of a stream, in bytes; past it the stream fails with
   * `InferenceClientProviderOutputError` and the rest is not read.
   * @default 8 MiB
   */
  maxEventBytes?: number;
  /**
   * Fetch URLs found in a provider's answer (job polls, results, generated files) and redirect targets even
   * when they name a loopback, private or link-local host. Not needed when the call itself goes to such a
   * host (an `endpointUrl` on this machine or your network). @default false
   */
  allowPrivateUrls?: boolean;
  /** Called before each retry wait, with the delay chosen. */
  onRetry?: (info: RetryInfo) => void;
  /** Called when a long-running job reports progress. */
  onProgress?: (progress: JobProgress) => void;
  /** Called before each attempt of the inference request, with the request scrubbed. A throw is ignored. */
  onRequest?: (info: RequestInfo) => void;
  /**
   * Called once when a call succeeds (a stream: when it ends), with what it did. A throw is ignored. Acts
   * on options passed through `observe()`.
   */
  onResponse?: (info: CallInfo) => void;
  /** Called once when a call fails, with the error and what the call did. A throw is ignored. Needs `observe()`. */
  onError?: (error: unknown, info: CallInfo) => void;
  /** Prices per model and provider (USD per 1M tokens) for cost estimates, e.g. from the router catalog. Needs `observe()`. */
  prices?: PriceLookup;
  /** Counts every call (and may refuse calls past a budget): see `createMeter`. Needs `observe()`. */
  meter?: Meter;
  /**
   * With `provider: "auto"` (or no provider): on a retryable failure, a missing mapping or a 402 from the router
   * naming the provider (pay-as-you-go not enabled for it), try the next provider that serves the model and task,
   * in the Hub's order. A list in `provider` always falls back.
   * @default false
   */
  fallback?: boolean;
  /**
   * Send the call to a proxy that holds the token (`unified-inference/server`) instead of to the provider,
   * e.g. `"/api/inference"`. For browser apps: the page never sees a token. Used by `InferenceClient`
   * (client-wide or per call); results and error classes are the same as for direct calls.
   */
  proxyUrl?: string;
}

/** The arguments every task takes. */
export interface BaseArgs {
  /** A Hugging Face token (`hf_...`, routed through the Hugging Face router) or a provider's own key (sent directly). */
  accessToken?: string;
  /** The model id on the Hub. Defaults to the Hub's recommended model for the task when omitted. */
  model?: ModelId;
  /** Send the request to this URL (an Inference Endpoint or a local OpenAI-compatible server). */
  endpointUrl?: string;
  /**
   * Which provider serves the call. `"auto"` (default) is the router's `:fastest` policy: for chat the router
   * picks the provider; for other tasks, the first live provider of the Hub mapping that serves the task. A
   * model id may carry the policy instead (`org/model:fastest`, `:cheapest`, `:preferred`, `:<provider>`).
   * A list tries each provider in turn. Providers the router dropped (`ROUTER_DROPPED_PROVIDERS`) take only
   * their own key.
   */
  provider?: InferenceProviderOrPolicy | (string & {}) | InferenceProvider[];
}

/** The arguments of `request` and `streamingRequest`: the base arguments and one of the task inputs. */
export type RequestArgs = BaseArgs &
  (
    | {
        /** A binary input (an image, an audio file...). */
        data: Blob | ArrayBuffer;
      }
    | {
        /** The task's input, as the task's document names it. */
        inputs: unknown;
      }
    | {
        /** A text prompt. */
        prompt: string;
      }
    | {
        /** A text input. */
        text: string;
      }
    | {
        /** The URL of an audio file. */
        audio_url: string;
      }
    | ChatCompletionInput
  ) & {
    /** The task's parameters. */
    parameters?: Record<string, unknown>;
  };

/** How a request is authenticated: no credential, a Hugging Face token, the browser's cookies, or a provider's key. */
export type AuthMethod = "none" | "hf-token" | "credentials-include" | "provider-key";

/** A logger, as `setLogger` takes it (the shape of `console`). */
export interface Logger {
  /** Details, for debugging. */
  debug: (message: string, ...args: unknown[]) => void;
  /** Information. */
  info: (message: string, ...args: unknown[]) => void;
  /** Something to look at (a deprecated option, a dropped provider...). */
  warn: (message: string, ...args: unknown[]) => void;
  /** A failure. */
  error: (message: string, ...args: unknown[]) => void;
  /** A plain message. */
  log: (message: string, ...args: unknown[]) => void;
}

/**
 * What a provider's header builder receives, in `@huggingface/inference`'s helper API. Kept as a type
 * for code written against it; this library builds headers from its provider tables.
 */
export interface HeaderParams {
  /** The token or key. */
  accessToken?: string;
  /** How the request is authenticated. */
  authMethod: AuthMethod;
}

/** What a provider's URL builder receives, in `@huggingface/inference`'s helper API (type only). */
export interface UrlParams {
  /** How the request is authenticated (which decides between the router and the provider's own host). */
  authMethod: AuthMethod;
  /** The model id on the provider's side. */
  model: string;
  /** The task. */
  task?: InferenceTask;
  /** A last change to the URL. */
  urlTransform?: (url: string) => string;
}

/** What a provider's body builder receives, in `@huggingface/inference`'s helper API (type only). */
export interface BodyParams<T extends Record<string, unknown> = Record<string, unknown>> {
  /** The task's arguments. */
  args: T;
  /** The model id on the provider's side. */
  model: string;
  /** The model's mapping entry for the provider. */
  mapping?: InferenceProviderMappingEntry | undefined;
  /** The task. */
  task?: InferenceTask;
  /** The form of a media answer asked for. */
  outputType?: OutputType;
}

/** Limits of one provider (or of every other provider and endpoint, under `"*"`) for one client. */
export interface ProviderLimits {
  /** Calls in flight at once (per process). */
  concurrency?: number;
  /** Requests started per minute, paced smoothly (a token bucket; burst: a tenth of a second's share, at least 1). */
  requestsPerMinute?: number;
  /** Requests started per second, paced smoothly (a token bucket; burst: max(1, rate / 10)). */
  requestsPerSecond?: number;
}

/** A change of a provider's circuit: `open` (skipped by fallback), `half-open` (one probe call), `closed`. */
export interface CircuitEvent {
  /** The provider name, or an endpoint's origin. */
  provider: string;
  /** The circuit's new state. */
  state: "open" | "half-open" | "closed";
  /** Why it changed (the failures counted, the cooldown's end, the probe's outcome). */
  reason: string;
}

/**
 * Client-wide limits (`InferenceClient` options; see the README, "Many calls at once"): calls of the client
 * wait their turn, within their own `signal` and `timeout`.
 */
export interface LimitOptions {
  /** Limits per provider name; `"*"` applies to every provider and endpoint URL without its own entry. */
  limits?: Record<string, ProviderLimits>;
  /** The circuit breaker: `failures` 5xx or connection failures within `windowMs` skip a provider for `cooldownMs`. */
  circuit?:
    | {
        /** Failures that open the circuit. @default 5 */
        failures?: number;
        /** The window they are counted in, in milliseconds. @default 30000 */
        windowMs?: number;
        /** How long an open circuit skips the provider, in milliseconds. @default 30000 */
        cooldownMs?: number;
      }
    | false;
  /** Called when a provider's circuit changes state. */
  onCircuit?: (event: CircuitEvent) => void;
  /**
   * Where the pauses, rate buckets and circuits live: in memory by default; `redisLimitStore` of
   * `unified-inference/redis` shares them between processes.
   */
  limitStore?: LimitStore;
}
