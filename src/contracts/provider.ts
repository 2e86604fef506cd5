/**
 * What a provider is and what its adapters read and write, as types: the provider's base URL and key header,
 * the read-only context routing decides for a call, and the request body an adapter describes. Every layer
 * takes these from here; the adapter's own interface is in providers/adapter.ts (it names a job's spec).
 */
import type { PipelineType, WidgetType } from "@huggingface/tasks";
import type { ProviderErrors } from "./wire.js";

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
