/**
 * Who serves a call: token rules, endpoint URLs, the Hub mapping, "auto". Returns the adapter to use
 * and the context it needs; sends nothing but Hub look-ups.
 */
import { HF_ROUTER_URL, ROUTER_DROPPED_PROVIDERS, ROUTER_POLICIES } from "../config.js";
import { InferenceClientInputError, InferenceClientRoutingError } from "../errors.js";
import type { Adapter, RequestCtx } from "../providers/adapter.js";
import type { Transport } from "../transport/http.js";
import {
  INFERENCE_PROVIDERS,
  type InferenceProvider,
  type InferenceProviderMappingEntry,
  type InferenceTask,
} from "../types.js";
import { defaultModelFor, getMapping, localMapping } from "./hub.js";

export type AdapterTable = Partial<Record<InferenceProvider, Adapter>>;

export interface Route {
  adapter: Adapter;
  ctx: RequestCtx;
  /** Headers carrying the credential (empty when there is none). */
  auth: Record<string, string>;
  /** The provider name used in errors. */
  provider: string;
}

/** What routing needs of a task definition (a `TaskDef` of tasks/run.ts). */
export interface RouteDef {
  task: InferenceTask;
  adapters: AdapterTable;
  /** Adapter for endpoint URLs when the task has no hf-inference adapter. */
  endpoint?: Adapter;
  /** Chat: "auto" goes to the router's own OpenAI-compatible route. */
  autoChat?: Adapter;
  /** Generic requests: accept a mapping whatever its task. */
  anyTask?: boolean;
}

/** The routing fields of a call's arguments (checked here: they come from the caller). */
export interface RouteArgs {
  accessToken?: unknown;
  model?: unknown;
  provider?: unknown;
  endpointUrl?: unknown;
}

const SAME_TASK: Record<string, string> = {
  "feature-extraction": "sentence-similarity",
  "sentence-similarity": "feature-extraction",
};

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
      (anyTask || e.task === task || SAME_TASK[e.task] === task) &&
      Object.hasOwn(adapters, e.provider) &&
      !ROUTER_DROPPED_PROVIDERS.includes(e.provider),
  );
}

export function checkToken(token: unknown): string | undefined {
  if (token === undefined || token === null || token === "") return undefined;
  if (typeof token !== "string") {
    throw new InferenceClientInputError(`accessToken must be a string, got ${typeof token}`);
  }
  // Never echo the token: it is the secret we are protecting. A line break, tab or other control
  // character (a copy-paste error) cannot go in an HTTP header, and fetch's own error would quote it.
  // Spaces inside are legal header text (the reference's README example token is "your access token").
  if (!/^[\x20-\x7e]+$/.test(token)) {
    throw new InferenceClientInputError(
      "accessToken contains a line break, tab or other character that cannot be sent in an HTTP header (copy-paste error?)",
    );
  }
  return token;
}

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

function isUrlLike(s: string): boolean {
  return /^(https?:)?\/\//i.test(s) || s.startsWith("/");
}

/** A Hub model id: one or two segments of letters, digits, `_`, `-` and `.`, none of them `.` or `..`. */
const HUB_ID = /^(?!\.\.?(\/|$))[\w.-]+(\/(?!\.\.?$)[\w.-]+)?$/;

/** A model id split from its routing suffix. */
export interface ModelRef {
  /** The Hub model id, without the suffix. */
  model?: string;
  /** The provider asked for: `provider`, or the one a `:<provider>` suffix names. */
  provider?: unknown;
  /** A router policy suffix: "fastest", "cheapest" or "preferred". */
  policy?: string;
}

/**
 * Splits the router's suffix off a model id (`org/model:fastest`, `:cheapest`, `:preferred`, or
 * `:<provider>`, which is the same as passing `provider`) and checks that what is left is a Hub model id, so
 * that neither the suffix nor anything else can reach a Hub look-up path or a provider URL. A suffix that
 * disagrees with `provider` is an input error. With the openai provider the model (`openai/<id>`, sent only
 * in the body) is left as given.
 */
export function splitModel(model: string | undefined, provider: unknown): ModelRef {
  if (model === undefined || provider === "openai") return { model, provider };
  const i = model.lastIndexOf(":");
  const suffix = model.slice(i + 1);
  const policy = ROUTER_POLICIES.includes(suffix) ? suffix : undefined;
  let base = model;
  if (i > 0 && (policy || (INFERENCE_PROVIDERS as readonly string[]).includes(suffix))) {
    base = model.slice(0, i);
    if (provider !== undefined && provider !== "auto" && provider !== suffix) {
      throw new InferenceClientInputError(
        `model "${model}" has the suffix ":${suffix}" but provider is ${JSON.stringify(provider)}: pass one or the other`,
      );
    }
    if (!policy) provider = suffix;
  }
  if (!HUB_ID.test(base)) {
    throw new InferenceClientInputError(
      `model must be a Hub model id ("org/name"), with an optional ":fastest", ":cheapest", ":preferred" or ":<provider>" suffix; got ${JSON.stringify(model)}`,
    );
  }
  return { model: base, provider, policy };
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
  const task = def.task;
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

  if (args.endpointUrl !== undefined && args.endpointUrl !== "") {
    const endpointUrl = args.endpointUrl;
    if (typeof endpointUrl !== "string" || !/^https?:\/\/[^/]/i.test(endpointUrl.trim())) {
      throw new InferenceClientInputError(`endpointUrl must be an http(s) URL, got ${JSON.stringify(endpointUrl)}`);
    }
    if (provider && provider !== "hf-inference" && provider !== "auto") {
      throw new InferenceClientInputError(
        `Specifying both endpointUrl and provider is not supported: an endpoint URL is its own route`,
      );
    }
    const adapter = def.adapters["hf-inference"] ?? def.endpoint;
    if (!adapter) throw new InferenceClientInputError(`Task ${task} cannot be sent to an endpoint URL`);
    return {
      adapter,
      provider: "endpoint",
      auth: token ? bearer(token) : {},
      ctx: {
        task,
        model,
        providerId: model ?? "",
        routed: false,
        base: endpointUrl.trim(),
        endpointUrl: endpointUrl.trim(),
        stream: stream,
        outputType: outputType,
      },
    };
  }

  // The suffix is split off here: only the chat route of the router ever sees it (below, as given).
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
  // with a Hugging Face token (the router then picks that provider), the model id sent as given.
  if (def.autoChat && (policy === "auto" || (ref.provider !== provider && routed && token))) {
    if (!token || !routed) {
      throw new InferenceClientRoutingError(
        `Cannot select auto-router when using non-Hugging Face API key: provider "auto" needs a Hugging Face token (hf_...), or name a provider and use its key`,
      );
    }
    const m = model ?? (await defaultModelFor("text-generation", t));
    if (!m) {
      throw new InferenceClientInputError(
        `No default model defined for task ${task}, please define the model explicitly.`,
      );
    }
    t.scope.meta.model = m;
    return {
      adapter: def.autoChat,
      provider: "auto",
      auth: bearer(token),
      ctx: { task, model: m, providerId: m, routed: true, base: HF_ROUTER_URL, stream: stream },
    };
  }

  if (ref.policy === "cheapest") {
    throw new InferenceClientInputError(
      `model "${model}": ":cheapest" is a router policy for chat only; for ${task} use ":fastest", ":preferred" or a provider`,
    );
  }
  const hfModel = ref.model ?? (await defaultModelFor(task, t));
  if (!hfModel) {
    throw new InferenceClientInputError(
      `No default model defined for task ${task}, please define the model explicitly.`,
    );
  }
  t.scope.meta.model = hfModel;

  let chosen: InferenceProvider;
  let entry: InferenceProviderMappingEntry | undefined;
  if (policy === "auto") {
    const entries = localMapping(hfModel) ?? (await getMapping(hfModel, token, t));
    entry = servingEntries(entries, task, def.adapters, def.anyTask)[0];
    if (!entry) {
      const offered = entries.map((e) => `${e.provider} (${e.task}${e.status === "staging" ? ", staging" : ""})`);
      throw new InferenceClientInputError(
        offered.length
          ? `Model ${hfModel} is not supported for task ${task}; the Hub lists: ${offered.join(", ")}`
          : `No Inference Provider available for model ${hfModel}.`,
      );
    }
    chosen = entry.provider as InferenceProvider;
    // A key that is not a Hugging Face token belongs to one provider we cannot name: it may go to the
    // Hugging Face router (hf-inference, where the reference sends it too), never to a third party
    // "auto" happened to pick (the reference would send it there).
    if (!routed && chosen !== "hf-inference") {
      throw new InferenceClientRoutingError(
        `provider "auto" picked "${chosen}" for model ${hfModel}, but the access token is not a Hugging Face token (hf_...) ` +
          `and is never sent to a provider it may not belong to: pass provider explicitly, or use a Hugging Face token`,
      );
    }
  } else {
    chosen = policy as InferenceProvider;
  }

  const adapter = def.adapters[chosen];
  if (!adapter) {
    const serving = Object.keys(def.adapters);
    throw new InferenceClientInputError(
      `Task '${task}' not supported for provider '${chosen}'. Providers that serve it: ${serving.join(", ")}`,
    );
  }
  t.scope.meta.provider = chosen;

  let providerId: string;
  if (chosen === "openai") {
    // OpenAI is reached only with its own key and is not in the Hub mapping.
    if (!token || routed) {
      throw new InferenceClientInputError(
        `Provider openai is closed-source and does not support HF tokens: pass an OpenAI API key`,
      );
    }
    if (!hfModel.startsWith("openai/")) {
      throw new InferenceClientInputError(`Models from openai must be prefixed by "openai/". Got "${hfModel}".`);
    }
    providerId = hfModel.slice("openai/".length);
  } else {
    if (!entry) {
      const local = localMapping(hfModel);
      const entries = local?.some((e) => e.provider === chosen) ? local : await getMapping(hfModel, token, t);
      entry = entries.find((e) => e.provider === chosen);
      if (!entry) {
        const others = entries.map((e) => e.provider);
        throw new InferenceClientInputError(
          `We have not been able to find inference provider information for model ${hfModel}: not served by provider "${chosen}"` +
            (others.length ? `; it is served by: ${[...new Set(others)].join(", ")}` : "") +
            `. To use a model the Hub does not list, register it with registerModelMapping().`,
        );
      }
      if (!def.anyTask && entry.task !== task && SAME_TASK[entry.task] !== task) {
        throw new InferenceClientInputError(
          `Model ${hfModel} is not supported for task ${task} and provider ${chosen}. Supported task: ${entry.task}. Call the ${entry.task} task instead`,
        );
      }
    }
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
      task,
      model: hfModel,
      providerId,
      mapping: entry,
      routed: routed || chosen === "hf-inference",
      base,
      stream: stream,
      outputType: outputType,
    },
  };
}
