/**
 * The parameter types of `@huggingface/inference`'s provider helper API, kept as types for code written
 * against them (this library builds requests from its provider tables, not through such helpers).
 */
import type { InferenceProviderMappingEntry, InferenceTask, OutputType } from "./provider.js";

/** How a request is authenticated: no credential, a Hugging Face token, the browser's cookies, or a provider's key. */
export type AuthMethod = "none" | "hf-token" | "credentials-include" | "provider-key";

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
