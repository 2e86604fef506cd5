/**
 * The route to one named provider (given by the caller, or picked by "auto"): its adapter, the provider's
 * model id from the Hub mapping (OpenAI: from the model id itself), and where and how to send the token.
 */
import { HF_ROUTER_URL } from "../config.js";
import { InferenceClientInputError } from "../errors.js";
import type { Transport } from "../transport/http.js";
import type { InferenceProvider, InferenceProviderMappingEntry } from "../types.js";
import { bearer } from "./args.js";
import { servesTask } from "./auto.js";
import { getMapping, localMapping } from "./hub.js";
import type { CallShape, Route, RouteDef } from "../contracts/task.js";

/** `entry` is the mapping entry "auto" picked it from; for a provider the caller named, it is looked up here. */
export async function namedRoute(
  def: RouteDef,
  chosen: InferenceProvider,
  entry: InferenceProviderMappingEntry | undefined,
  model: string,
  token: string | undefined,
  routed: boolean,
  call: CallShape,
  t: Transport,
): Promise<Route> {
  const adapter = def.adapters[chosen];
  if (!adapter) {
    const serving = Object.keys(def.adapters);
    throw new InferenceClientInputError(
      `Task '${def.task}' not supported for provider '${chosen}'. Providers that serve it: ${serving.join(", ")}`,
    );
  }
  let providerId: string;
  if (chosen === "openai") providerId = openaiModel(model, token, routed);
  else {
    entry ??= await mappingEntry(def, chosen, model, token, t);
    providerId = entry.providerId;
  }
  const base =
    chosen === "hf-inference"
      ? adapter.provider.baseUrl
      : routed
        ? `${HF_ROUTER_URL}/${chosen}`
        : adapter.provider.baseUrl;
  let auth: Record<string, string> = {};
  if (token) auth = routed ? bearer(token) : (adapter.provider.auth?.(token) ?? bearer(token));
  return {
    adapter,
    provider: chosen,
    auth,
    ctx: {
      task: def.task,
      model,
      providerId,
      mapping: entry,
      routed: routed || chosen === "hf-inference",
      base,
      ...call,
    },
  };
}

/** OpenAI is reached only with its own key and is not in the Hub mapping: `openai/<id>` sends `<id>`. */
function openaiModel(model: string, token: string | undefined, routed: boolean): string {
  if (!token || routed) {
    throw new InferenceClientInputError(
      `Provider openai is closed-source and does not support HF tokens: pass an OpenAI API key`,
    );
  }
  if (!model.startsWith("openai/")) {
    throw new InferenceClientInputError(`Models from openai must be prefixed by "openai/". Got "${model}".`);
  }
  return model.slice("openai/".length);
}

/** The mapping entry of `model` for `chosen` (a local registration first), which must serve the task. */
async function mappingEntry(
  def: RouteDef,
  chosen: InferenceProvider,
  model: string,
  token: string | undefined,
  t: Transport,
): Promise<InferenceProviderMappingEntry> {
  const local = localMapping(model);
  const entries = local?.some((e) => e.provider === chosen) ? local : await getMapping(model, token, t);
  const entry = entries.find((e) => e.provider === chosen);
  if (!entry) {
    const others = entries.map((e) => e.provider);
    throw new InferenceClientInputError(
      `We have not been able to find inference provider information for model ${model}: not served by provider "${chosen}"` +
        (others.length ? `; it is served by: ${[...new Set(others)].join(", ")}` : "") +
        `. To use a model the Hub does not list, register it with registerModelMapping().`,
    );
  }
  if (!def.anyTask && !servesTask(entry.task, def.task)) {
    throw new InferenceClientInputError(
      `Model ${model} is not supported for task ${def.task} and provider ${chosen}. Supported task: ${entry.task}. Call the ${entry.task} task instead`,
    );
  }
  return entry;
}
