/**
 * What a task is to routing and to its declaration, as types: its adapters per provider, what routing reads of
 * a call and the read-only record of what it decided, and the checks a task declares (tasks/define.ts). The
 * runner's own fields of a task (its job runner and body readers, which name transport types) are in
 * tasks/run.ts (`TaskDef`, which extends `RouteDef`).
 */
import type { Adapter, InferenceTask, RequestCtx } from "./provider.js";

/** A task's adapters by provider name (`P`: the provider names, `InferenceProvider` in task tables). */
export type AdapterTable<P extends string = string> = Partial<Record<P, Adapter>>;

/** What routing needs of a task definition. */
export interface RouteDef<P extends string = string> {
  task: InferenceTask;
  adapters: AdapterTable<P>;
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

/** What routing decided for one call. The runner copies `provider` and `ctx.model` into the call's record. */
export interface Route {
  readonly adapter: Adapter;
  /** The adapter's context; `ctx.model` is the Hub model id (the task's default model when none was given). */
  readonly ctx: RequestCtx;
  /** Headers carrying the credential (empty when there is none). */
  readonly auth: Readonly<Record<string, string>>;
  /** The provider name used in errors: a provider id, "auto" (the router's chat route) or "endpoint". */
  readonly provider: string;
}

/** The fields every route puts in its context from the call rather than from the route. */
export interface CallShape {
  stream: boolean;
  outputType: RequestCtx["outputType"];
}

/**
 * Checks a call's arguments before anything is sent (throwing `InferenceClientInputError`); may return other
 * arguments to send instead (e.g. the legacy `data` as `inputs`).
 */
export type ArgsCheck<A> = (args: A) => object | void;

/** Checks the provider's (adapter-shaped) answer and returns the task's output; `fail(expected)` throws. */
export type OutputCheck<O> = (value: any, ctx: RequestCtx, fail: (expected: string) => never) => O;
