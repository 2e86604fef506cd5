/**
 * What routing reads and what it decides. A route is a read-only record: the task runner copies its provider
 * and model (`ctx.model`: the Hub model id, the task's default model when none was given) into the call's record (which errors read); routing itself writes nowhere.
 */
import type { Adapter, RequestCtx } from "../providers/adapter.js";
import type { InferenceProvider, InferenceTask } from "../types.js";

export type AdapterTable = Partial<Record<InferenceProvider, Adapter>>;

/** What routing decided for one call. */
export interface Route {
  readonly adapter: Adapter;
  readonly ctx: RequestCtx;
  /** Headers carrying the credential (empty when there is none). */
  readonly auth: Readonly<Record<string, string>>;
  /** The provider name used in errors: a provider id, "auto" (the router's chat route) or "endpoint". */
  readonly provider: string;
}

/** What routing needs of a task definition (a `TaskDef` of tasks/run.ts). */
export interface RouteDef {
  task: InferenceTask;
  adapters: AdapterTable;
  /** Chat: "auto" goes to the router's own OpenAI-compatible route. */
  autoChat?: Adapter;
  /** Generic requests: accept a mapping whatever its task. */
  anyTask?: boolean;
}

/** The routing fields of a call's arguments (checked by routing: they come from the caller). */
export interface RouteArgs {
  accessToken?: unknown;
  model?: unknown;
  provider?: unknown;
  endpointUrl?: unknown;
}

/** The fields every route puts in its context from the call rather than from the route. */
export interface CallShape {
  stream: boolean;
  outputType: RequestCtx["outputType"];
}
