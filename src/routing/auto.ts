/**
 * Routes that let the Hugging Face router or the Hub mapping choose: chat through the router's own
 * OpenAI-compatible route, and provider "auto" for other tasks (the first live provider of the mapping).
 */
import { HF_ROUTER_URL, ROUTER_DROPPED_PROVIDERS } from "../config.js";
import { InferenceClientInputError, InferenceClientRoutingError } from "../errors.js";
import type { Adapter } from "../providers/adapter.js";
import type { Transport } from "../transport/http.js";
import type { InferenceProvider, InferenceProviderMappingEntry } from "../types.js";
import { bearer } from "./args.js";
import { defaultModelFor, getMapping, localMapping } from "./hub.js";
import type { AdapterTable, CallShape, Route, RouteDef } from "../contracts/task.js";

const SAME_TASK: Record<string, string> = {
  "feature-extraction": "sentence-similarity",
  "sentence-similarity": "feature-extraction",
};

/** A mapping entry of `entryTask` serves `task` (feature-extraction and sentence-similarity serve each other). */
export function servesTask(entryTask: string, task: string): boolean {
  return entryTask === task || SAME_TASK[entryTask] === task;
}

/**
 * The live mapping entries that can serve `task` with one of `adapters`, in the Hub's order
 * (feature-extraction and sentence-similarity serve each other; `anyTask` accepts any task). Providers the
 * router dropped are left out: "auto" and fallback route through the router. A provider name that is not
 * an own key of `adapters` (`__proto__`, `constructor`...) is simply unknown.
 */
export function servingEntries(
  entries: InferenceProviderMappingEntry[],
  task: string,
  adapters: AdapterTable,
  anyTask = false,
): InferenceProviderMappingEntry[] {
  return entries.filter(
    (e) =>
      e.status !== "staging" &&
      (anyTask || servesTask(e.task, task)) &&
      Object.hasOwn(adapters, e.provider) &&
      !ROUTER_DROPPED_PROVIDERS.includes(e.provider),
  );
}

/** Chat through the router (provider "auto", a policy suffix, or a `:<provider>` suffix): the model id as given. */
export async function routerChatRoute(
  def: RouteDef,
  adapter: Adapter,
  model: string | undefined,
  token: string | undefined,
  routed: boolean,
  call: CallShape,
  t: Transport,
): Promise<Route> {
  if (!token || !routed) {
    throw new InferenceClientRoutingError(
      `Cannot select auto-router when using non-Hugging Face API key: provider "auto" needs a Hugging Face token (hf_...), or name a provider and use its key`,
    );
  }
  const m = model ?? (await defaultModelFor("text-generation", t));
  if (!m) {
    throw new InferenceClientInputError(
      `No default model defined for task ${def.task}, please define the model explicitly.`,
    );
  }
  return {
    adapter,
    provider: "auto",
    auth: bearer(token),
    ctx: { task: def.task, model: m, providerId: m, routed: true, base: HF_ROUTER_URL, stream: call.stream },
  };
}

/** Provider "auto" for a task other than chat: the first live entry of the model's mapping that serves the task. */
export async function pickProvider(
  def: RouteDef,
  model: string,
  token: string | undefined,
  routed: boolean,
  t: Transport,
): Promise<InferenceProviderMappingEntry & { provider: InferenceProvider }> {
  const entries = localMapping(model) ?? (await getMapping(model, token, t));
  const entry = servingEntries(entries, def.task, def.adapters, def.anyTask)[0];
  if (!entry) {
    const offered = entries.map((e) => `${e.provider} (${e.task}${e.status === "staging" ? ", staging" : ""})`);
    throw new InferenceClientInputError(
      offered.length
        ? `Model ${model} is not supported for task ${def.task}; the Hub lists: ${offered.join(", ")}`
        : `No Inference Provider available for model ${model}.`,
    );
  }
  // A key that is not a Hugging Face token belongs to one provider we cannot name: it may go to the
  // Hugging Face router (hf-inference, where the reference sends it too), never to a third party
  // "auto" happened to pick (the reference would send it there).
  if (!routed && entry.provider !== "hf-inference") {
    throw new InferenceClientRoutingError(
      `provider "auto" picked "${entry.provider}" for model ${model}, but the access token is not a Hugging Face token (hf_...) ` +
        `and is never sent to a provider it may not belong to: pass provider explicitly, or use a Hugging Face token`,
    );
  }
  return entry as InferenceProviderMappingEntry & { provider: InferenceProvider };
}
