/**
 * The one check of a call's options and arguments, made once per call before anything is sent (and once
 * more, early, by the client constructor). A wrong type, a header that cannot be sent or an endpoint URL
 * with a password is an `InferenceClientInputError` naming the field, never a raw TypeError and never a
 * "connection failure" retried three times. Values are never echoed: they may be secrets.
 */
import { InferenceClientInputError } from "./errors.js";

const fail = (field: string, what: string): never => {
  throw new InferenceClientInputError(`${field} must be ${what}`);
};

/** What an HTTP header value may hold: visible characters, spaces, tabs and Latin-1 (no CR, LF, NUL...). */
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** An HTTP header name (RFC 9110 token). */
const NAME = /^[\w!#$%&'*+.^`|~-]+$/;
const NO_CONTROL = "a string without control characters";

const fn = (v: unknown) => typeof v === "function";
const bool = (v: unknown) => typeof v === "boolean";

/**
 * [check, what the options must be, the options], in the order options are checked; a missing (undefined
 * or null) option is not checked.
 */
const RULES: [(v: any) => boolean, string, ...string[]][] = [
  [fn, "a function", "fetch", "onRetry", "onProgress", "onRequest"],
  // Duck-typed: an AbortSignal of another realm or a polyfill is welcome.
  [
    (v) => typeof v.aborted === "boolean" && fn(v.addEventListener) && fn(v.removeEventListener),
    "an AbortSignal",
    "signal",
  ],
  [(v) => typeof v === "number" && v >= 0, "a number >= 0 (ms)", "timeout", "idleTimeout"],
  [(v) => Number.isInteger(v) && v >= 0, "a whole number >= 0", "maxRetries"],
  [(v) => typeof v === "number" && v > 0, "a number of bytes > 0", "maxResponseBytes", "maxEventBytes"],
  [bool, "a boolean", "allowPrivateUrls", "retry_on_error", "fallback"],
  [(v) => bool(v) || typeof v === "string", "a boolean or string", "includeCredentials"],
  [(v) => typeof v === "string" && !BAD_VALUE.test(v), NO_CONTROL, "billTo"],
  [(v) => typeof v === "string" && v !== "" && !BAD_VALUE.test(v), "a URL or path", "proxyUrl"],
];

/** Checks one header: a valid name, a string value that can be sent (the value is never shown). */
export function checkHeader(field: string, name: string, value: unknown): void {
  if (!NAME.test(name)) fail(`${field} name ${JSON.stringify(name)}`, "an HTTP token");
  if (typeof value !== "string" || BAD_VALUE.test(value)) fail(`${field} ${JSON.stringify(name)}`, NO_CONTROL);
}

/** The options `observe()` (src/meta.ts) checks: those only observed options act on. */
export const OBSERVED_RULES: typeof RULES = [
  [fn, "a function", "onResponse", "onError", "prices"],
  [(v) => fn(v.check) && fn(v.add), "a meter (createMeter())", "meter"],
];

/** Checks per-call (or client-wide) options; `where` names them in messages. */
export function checkOptions(options: unknown, where = "options", rules = RULES): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) fail(where, "an object");
  const o = options as Record<string, any>;
  for (const rule of rules) {
    for (let i = 2; i < rule.length; i++) {
      const key = rule[i] as string;
      const v = o[key];
      if (v !== undefined && v !== null && !rule[0](v)) fail(`${where}.${key}`, rule[1]);
    }
  }
  const h = o.headers;
  if (h === undefined || h === null) return;
  if (typeof h !== "object" || Array.isArray(h)) fail(`${where}.headers`, "an object");
  for (const name of Object.keys(h)) checkHeader(`${where}.headers`, name, h[name]);
}

/**
 * Checks the client option `retryBudget`: `false`, or an object whose fields (all optional) are numbers
 * `capacity` >= 1, `retryCost`, `timeoutCost` and `refill` >= 0.
 */
export function checkRetryBudget(v: unknown): void {
  if (v === undefined || v === false) return;
  if (!v || typeof v !== "object" || Array.isArray(v)) fail("options.retryBudget", "false or an object");
  const o = v as Record<string, unknown>;
  for (const key of ["capacity", "retryCost", "timeoutCost", "refill"]) {
    const n = o[key];
    const min = key === "capacity" ? 1 : 0;
    if (n !== undefined && !(typeof n === "number" && Number.isFinite(n) && n >= min)) {
      fail(`options.retryBudget.${key}`, `a number >= ${min}`);
    }
  }
}

/**
 * Checks an endpoint URL: absolute http(s), without user name or password (they would travel in clear in
 * logs and errors; a credential goes in `accessToken` or `headers`). The URL itself is never echoed.
 */
export function checkEndpointUrl(url: unknown): void {
  if (url === undefined || url === null || url === "" || url === lastGoodEndpoint) return;
  let u: URL | undefined;
  try {
    u = new URL(String(url).trim());
  } catch {
    // Not echoed: an unparsable URL may still hold a password.
  }
  if (typeof url !== "string" || !u || !/^https?:$/.test(u.protocol)) {
    fail("endpointUrl", "an http:// or https:// URL");
  }
  if (u!.username || u!.password) {
    fail("endpointUrl", "without user name or password (use accessToken or headers)");
  }
  lastGoodEndpoint = url as string;
}

/** The last endpoint URL that passed: calls to one endpoint parse its URL once (the verdict is the string's). */
let lastGoodEndpoint: string | undefined;

/** Checks a call: the arguments object, its endpoint URL, and the options. */
export function checkCall(args: unknown, options: unknown): void {
  if (!args || typeof args !== "object" || Array.isArray(args))
    fail("The first argument", "an object of task arguments");
  checkEndpointUrl((args as { endpointUrl?: unknown }).endpointUrl);
  checkOptions(options);
}

/**
 * The error for arguments JSON cannot encode (a BigInt, a cycle, nesting too deep for the encoder), naming
 * the first field that fails; undefined when every field encodes. Only the fields are encoded, one by one:
 * callers use it after the whole body failed, or before a Hub look-up would be sent.
 */
export function unencodable(fields: object): InferenceClientInputError | undefined {
  for (const [key, v] of Object.entries(fields)) {
    try {
      JSON.stringify(v);
    } catch (e) {
      const m = String((e as Error)?.message);
      const why =
        e instanceof RangeError
          ? "nested too deeply"
          : /bigint/i.test(m)
            ? "a BigInt"
            : /circular/i.test(m)
              ? "a cycle"
              : "toJSON failed";
      return new InferenceClientInputError(`${key} cannot be sent as JSON (${why})`);
    }
  }
  return undefined;
}
