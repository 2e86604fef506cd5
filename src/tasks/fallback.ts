/**
 * Fallback: the providers a call may try in turn (a list of providers, or "auto" with `fallback: true`), which
 * failures are worth trying the next one for, and the error when every one failed. Used by the runner
 * (run.ts) and the stream runner (stream.ts).
 */
import { HF_ROUTER_URL } from "../config.js";
import type { RouteDef } from "../contracts/task.js";
import {
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
} from "../errors.js";
import { splitModel } from "../routing/args.js";
import { servingEntries } from "../routing/auto.js";
import { defaultModelFor, getMapping, localMapping } from "../routing/hub.js";
import { isCutOrStall, type Transport } from "../transport/http.js";
import type { CallScope } from "../transport/scope.js";
import type { BaseArgs, Options } from "../types.js";

/** One provider tried by a fallback call, and how it failed. */
export interface FallbackAttempt {
  /** The provider tried. */
  provider: string;
  /** What its call failed with (usually an error of this library). */
  error: unknown;
}

/**
 * The calls to try in order (one per provider), or undefined for a single-provider call. `provider` may be
 * a list, or "auto" with `fallback: true` (then: the live providers of the Hub mapping that serve the task,
 * in the Hub's order; a `:fastest` or `:preferred` model suffix means the same order, `:<provider>` one
 * provider).
 */
export async function fallbackCandidates(
  def: RouteDef,
  args: BaseArgs & Record<string, any>,
  opts: Options,
  t: Transport,
): Promise<(BaseArgs & Record<string, any>)[] | undefined> {
  const p = args.provider as unknown;
  const given = typeof args.model === "string" && !args.endpointUrl ? args.model : undefined;
  if (Array.isArray(p)) {
    if (!p.length || !p.every((x) => typeof x === "string")) {
      throw new InferenceClientInputError(`provider must be a provider name or a non-empty list of provider names`);
    }
    // A model suffix that picks a provider or a policy conflicts with a list: an input error, at once.
    splitModel(given, p);
    return usable(
      p.map((provider) => ({ ...args, provider })),
      t,
    );
  }
  if (!opts.fallback || (p !== undefined && p !== "auto") || args.endpointUrl) return undefined;
  const ref = splitModel(given, p);
  if (ref.provider !== p) return undefined;
  if (ref.policy === "cheapest") {
    throw new InferenceClientInputError(`fallback cannot follow ":cheapest" (model "${given}"): drop one`);
  }
  const token = typeof args.accessToken === "string" ? args.accessToken : undefined;
  if (!token?.startsWith("hf_")) {
    throw new InferenceClientRoutingError(`fallback with provider "auto" needs a Hugging Face token (hf_...)`);
  }
  const model =
    ref.model ?? args.model ?? (await defaultModelFor(def.task === "conversational" ? "text-generation" : def.task, t));
  if (!model) {
    throw new InferenceClientInputError(
      `No default model defined for task ${def.task}, please define the model explicitly.`,
    );
  }
  const entries = localMapping(model) ?? (await getMapping(model, token, t));
  const list = servingEntries(entries, def.task, def.adapters).map((e) => e.provider);
  if (!list.length) {
    throw new InferenceClientInputError(`No Inference Provider available for model ${model} and task ${def.task}`);
  }
  return usable(
    [...new Set(list)].map((provider) => ({ ...args, model, provider })),
    t,
  );
}

/** Fallback candidates without the providers whose circuit is open (client-wide limits, src/limits). */
const usable = <C extends { provider?: unknown }>(calls: C[], t: Transport) => t.limiter?.usable(calls) ?? calls;

/**
 * Failures worth trying another provider for: retryable ones, routing or mapping failures, and a 402 from
 * the router that names the provider tried ("Pay-as-you-go is not enabled for provider X": that provider only).
 */
function canFallBack(e: unknown, scope: CallScope): boolean {
  if (scope.aborted) return false;
  if (e instanceof InferenceClientProviderApiError) {
    return (
      e.retryable ||
      (e.status === 402 &&
        e.httpRequest.url.startsWith(HF_ROUTER_URL) &&
        !!e.providerMessage?.toLowerCase().includes(e.provider!))
    );
  }
  return (
    isCutOrStall(e) ||
    e instanceof InferenceClientInputError ||
    e instanceof InferenceClientRoutingError ||
    e instanceof InferenceClientProviderOutputError ||
    e instanceof InferenceClientHubApiError
  );
}

/**
 * Tries `attempt` with each candidate call in turn (the task runner's call, the stream runner's opening), until
 * one succeeds or fails in a way no other provider would fix; every provider failing is a routing error that
 * lists them. The failures tried are the call record's `fellBack`.
 */
export async function inTurn<C extends { provider?: unknown }, T>(
  def: RouteDef,
  t: Transport,
  candidates: readonly C[],
  attempt: (call: C) => Promise<T>,
): Promise<T> {
  const attempts: FallbackAttempt[] = (t.scope.meta.fellBack = []);
  for (const call of candidates) {
    try {
      return await attempt(call);
    } catch (e) {
      if (!canFallBack(e, t.scope)) throw e;
      attempts.push({ provider: call.provider as string, error: e });
    }
  }
  throw fallbackError(def, t, attempts);
}

function fallbackError(def: RouteDef, t: Transport, attempts: FallbackAttempt[]): InferenceClientRoutingError {
  const lines = attempts.map((a) => `${a.provider}: ${a.error instanceof Error ? a.error.message : String(a.error)}`);
  const err = new InferenceClientRoutingError(
    `Every provider failed for ${def.task} with model ${t.scope.meta.model || "(default)"}:\n  ${lines.join("\n  ")}`,
    { cause: attempts.at(-1)?.error },
  );
  err.attempts = attempts;
  return err;
}
