/**
 * The routing fields of a call, checked: the access token, and the model id with its router suffix. Shared by
 * the routes, fallback (tasks/fallback.ts) and the catalog.
 */
import { ROUTER_POLICIES } from "../config.js";
import { InferenceClientInputError } from "../errors.js";
import { INFERENCE_PROVIDERS } from "../types.js";

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

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
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
