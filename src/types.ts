import type { ChatCompletionInput } from "@huggingface/tasks";
import type { CallInfo, JobProgress, RequestInfo, RetryInfo, TokenPrices } from "./contracts/calls.js";
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
export type { CircuitEvent, LimitOptions, ProviderLimits } from "./contracts/limits.js";
export type {
  CallCost,
  CallInfo,
  CallUsage,
  ErrorSummary,
  JobProgress,
  RequestInfo,
  RetryInfo,
  TokenPrices,
} from "./contracts/calls.js";
export type { AuthMethod, BodyParams, HeaderParams, UrlParams } from "./contracts/reference.js";

/** Prices of a model on a provider in US dollars per 1M tokens (the router catalog's unit), or undefined. */
export type PriceLookup = (model: string, provider: string) => TokenPrices | undefined;

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
   * quick tasks, 30 min for image, audio and video generation. `0` or `Infinity` means no bound. On Node and
   * Bun, a bound of 30 s or more is checked once a second by one timer shared by all calls, so it acts up to a
   * second late; shorter bounds, and every bound elsewhere, are exact.
   */
  timeout?: number;
  /**
   * Bound on silence on a live connection, in milliseconds: waiting for headers, for body bytes and between
   * stream chunks. Like `timeout`, a bound of 30 s or more may act up to a second late on Node and Bun.
   * @default 300000 (5 min)
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
