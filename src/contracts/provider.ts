/**
 * What a provider is and what its adapters read and write, as types: the provider's base URL and key header,
 * the read-only context routing decides for a call, the request body an adapter describes, and the adapter
 * itself: the pure functions of one task on one provider. Every layer takes these from here.
 */
import type { PipelineType, WidgetType } from "@huggingface/tasks";
import type { JobCall as WireJobCall, JobSpec as WireJobSpec, ProviderErrors } from "./wire.js";

/** A Hub pipeline task, or `"conversational"` for chat. */
export type InferenceTask = Exclude<PipelineType, "other"> | "conversational";

/** One entry of a model's provider mapping on the Hub. */
export interface InferenceProviderMappingEntry {
  /** The kind of adapter (`"lora"`) when the model is an adapter served on top of a base model. */
  adapter?: string;
  /** The adapter's weights file in the model repository. */
  adapterWeightsPath?: string;
  /** The model id on the Hub. */
  hfModelId: string;
  /** The provider that serves the model. */
  provider: string;
  /** The model id on the provider's side. */
  providerId: string;
  /** `"staging"`: only the provider's own organisation may call it yet. */
  status: "live" | "staging";
  /** The task the provider serves the model for. */
  task: WidgetType;
  /** How the entry was made: for one model, or for every model with a tag. */
  type?: "single-model" | "tag-filter";
}

/** What a media task returns: the file itself (`blob`), its URL, a data URL, or the provider's JSON answer. */
export type OutputType = "url" | "dataUrl" | "blob" | "json";

export interface ProviderInfo {
  /** The provider's name (an `InferenceProvider`). */
  id: string;
  /** The provider's own API base, used with the provider's own key. */
  baseUrl: string;
  /** Headers carrying a direct key. Default: `Authorization: Bearer <key>`. Routed calls always use Bearer. */
  auth?: (key: string) => Record<string, string>;
  /** Headers sent on every request to this provider. */
  headers?: Record<string, string>;
  /** How its failed answers read, as data the transport acts on (a model-loading rule). */
  errors?: ProviderErrors;
}

/** What an adapter knows about the call it shapes: decided by routing, read-only for everyone after. */
export interface RequestCtx {
  readonly task: InferenceTask;
  /** The Hub model id (or, with an endpoint URL and no model, undefined). */
  readonly model: string | undefined;
  /** The model id on the provider's side. */
  readonly providerId: string;
  readonly mapping?: InferenceProviderMappingEntry;
  /** True when the request goes through the Hugging Face router. */
  readonly routed: boolean;
  /** Where `path` is appended: the router prefix or the provider's base. */
  readonly base: string;
  /** Set when the call targets an Inference Endpoint or local server. */
  readonly endpointUrl?: string;
  readonly outputType?: OutputType;
  readonly stream: boolean;
}

/** A request body: JSON, raw bytes (with their content type), or multipart. */
export type Payload =
  | { json: Record<string, unknown> }
  | { data: Blob | ArrayBuffer | Uint8Array; contentType?: string }
  | { form: FormData };

/** A long-running job of a provider (contracts/wire.ts), its functions given the adapter's request context. */
export type JobSpec = WireJobSpec<RequestCtx>;
/** Where a job's call was sent, with the adapter's request context. */
export type JobCall = WireJobCall<RequestCtx>;

/**
 * One task on one provider, as pure functions: where the request goes, its body, how the answer (or each
 * stream chunk) becomes the task's output. Adapters never touch the network; the task runner hands their
 * request description to the transport.
 */
export interface Adapter<A = any, O = unknown> {
  provider: ProviderInfo;
  /** Path appended to `ctx.base`. */
  path: (ctx: RequestCtx) => string;
  /** Full URL, overriding base + path (used for endpoint URLs and special routes). */
  url?: (ctx: RequestCtx) => string;
  body: (args: A, ctx: RequestCtx) => Payload | Promise<Payload>;
  /** Reshapes the provider's answer (JSON, or a Blob for binary answers) into the task's output. */
  output?: (raw: any, ctx: RequestCtx) => O | Promise<O>;
  /** Reshapes one stream chunk. */
  chunk?: (raw: any, ctx: RequestCtx) => unknown;
  /** Extra headers for this task. */
  headers?: (ctx: RequestCtx) => Record<string, string>;
  /** How to read a successful answer. Default "json". */
  response?: "json" | "blob" | "auto";
  /** A long-running job: how to find its status and its result. */
  job?: JobSpec;
  /**
   * The context this call's request is built with, when the arguments change it (a new object, the routed
   * one left as is): e.g. fal serves the image-less variant of some apps one path segment higher. Runs once,
   * before `validate`, `body`, `url` and the job.
   */
  refine?: (args: A, ctx: RequestCtx) => RequestCtx;
  /** Input checks specific to this provider, run before any request. */
  validate?: (args: A, ctx: RequestCtx) => void;
}
