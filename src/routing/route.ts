/**
 * Who serves a call. Checks the routing fields of the arguments, then hands the call to one of three routes:
 * an endpoint URL (endpoint.ts), chat through the router or a provider "auto" picks (auto.ts), or a named
 * provider (named.ts). Each returns a read-only record of what it decided; nothing here writes into the call's
 * scope, and nothing is sent but Hub look-ups.
 */
import { ROUTER_DROPPED_PROVIDERS } from "../config.js";
import { InferenceClientInputError, InferenceClientRoutingError } from "../errors.js";
import type { RequestCtx } from "../providers/adapter.js";
import type { Transport } from "../transport/http.js";
import { INFERENCE_PROVIDERS, type InferenceProvider } from "../types.js";
import { checkToken, splitModel } from "./args.js";
import { pickProvider, routerChatRoute } from "./auto.js";
import { endpointRoute } from "./endpoint.js";
import { defaultModelFor } from "./hub.js";
import { namedRoute } from "./named.js";
import type { Route, RouteArgs, RouteDef } from "../contracts/task.js";

function isUrlLike(s: string): boolean {
  return /^(https?:)?\/\//i.test(s) || s.startsWith("/");
}

/**
 * The route of one call: `def` is the task's definition, `args` the call's arguments (one provider: a list
 * was split into calls before), `stream` and `outputType` go to the adapter's context.
 */
export async function resolveRoute(
  def: RouteDef,
  args: RouteArgs,
  stream: boolean,
  outputType: RequestCtx["outputType"],
  t: Transport,
): Promise<Route> {
  const token = checkToken(args.accessToken);
  const model = args.model;
  if (model !== undefined && (typeof model !== "string" || model.trim() === "")) {
    throw new InferenceClientInputError(`model must be a non-empty string (a Hub model id such as "org/name")`);
  }
  if (model && isUrlLike(model)) {
    throw new InferenceClientInputError(
      `Model URLs are no longer supported. Use endpointUrl instead (model: "${model}")`,
    );
  }
  const provider = args.provider;
  if (provider !== undefined && typeof provider !== "string") {
    throw new InferenceClientInputError(`provider must be a string, got ${typeof provider}`);
  }
  const call = { stream, outputType };
  if (args.endpointUrl !== undefined && args.endpointUrl !== "") {
    return endpointRoute(def, args.endpointUrl, token, model, provider, call);
  }

  // The suffix is split off here: only the chat route of the router ever sees it (as given).
  const ref = splitModel(model, provider);
  const policy = (ref.provider as string | undefined) ?? "auto";
  if (policy !== "auto" && !(INFERENCE_PROVIDERS as readonly string[]).includes(policy)) {
    throw new InferenceClientInputError(
      `Provider '${policy}' not supported. Available providers: auto, ${INFERENCE_PROVIDERS.join(", ")}`,
    );
  }
  const routed = token === undefined || token.startsWith("hf_");
  if (routed && ROUTER_DROPPED_PROVIDERS.includes(policy)) {
    throw new InferenceClientRoutingError(
      `provider "${policy}" was dropped from the Hugging Face router (July 2026): call it directly, with its own API key`,
    );
  }
  // Chat through the router: "auto" (the router's `:fastest`), a policy suffix, or a `:<provider>` suffix
  // with a Hugging Face token (the router then picks that provider).
  if (def.autoChat && (policy === "auto" || (ref.provider !== provider && routed && token))) {
    return routerChatRoute(def, def.autoChat, model, token, routed, call, t);
  }
  if (ref.policy === "cheapest") {
    throw new InferenceClientInputError(
      `model "${model}": ":cheapest" is a router policy for chat only; for ${def.task} use ":fastest", ":preferred" or a provider`,
    );
  }
  const hfModel = ref.model ?? (await defaultModelFor(def.task, t));
  if (!hfModel) {
    throw new InferenceClientInputError(
      `No default model defined for task ${def.task}, please define the model explicitly.`,
    );
  }
  // What routing has resolved so far goes on the call's record at once: an error of the Hub look-ups that
  // follow (the provider mapping) then names this model and provider, not the caller's raw arguments.
  t.scope.meta.model = hfModel;
  const entry = policy === "auto" ? await pickProvider(def, hfModel, token, routed, t) : undefined;
  const chosen = entry ? entry.provider : (policy as InferenceProvider);
  t.scope.meta.provider = chosen;
  return namedRoute(def, chosen, entry, hfModel, token, routed, call, t);
}
