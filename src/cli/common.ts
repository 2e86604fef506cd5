/**
 * What every command shares: the options that pick the model and provider, the token, timeouts and
 * retries, progress on stderr, Ctrl-C handling, and the testing hook.
 */
import type { BaseArgs, Options } from "../types.js";
import { parseArgs, parseCount, parseDuration, parseParams, type OptSpec, type Parsed } from "./args.js";
import { headerSecrets, Interrupted, UsageError } from "./errors.js";
import { proxyFetch } from "./io.js";
import { createProgress, type Progress } from "./progress.js";

/** Environment variable holding the token. */
export const TOKEN_ENV = "HF_TOKEN";
/** Testing aid: send every request to this mock provider URL (see docs/cli.md). */
export const PROXY_ENV = "UNIFIED_INFERENCE_FETCH_PROXY";

export const COMMON_OPTIONS: OptSpec[] = [
  { name: "model", short: "m", kind: "value", value: "id", help: "Model id on the Hub, e.g. Qwen/Qwen3-32B" },
  {
    name: "provider",
    short: "p",
    kind: "value",
    value: "name",
    help: 'Provider (together, groq, fal-ai, hf-inference, ...) or "auto" (default)',
  },
  {
    name: "endpoint-url",
    short: "e",
    kind: "value",
    value: "url",
    help: "Send the call to this URL (Inference Endpoint, local server)",
  },
  { name: "token", kind: "value", value: "token", help: `Access token (default: $${TOKEN_ENV}; prefer the variable)` },
  {
    name: "param",
    short: "P",
    kind: "list",
    value: "key=value",
    help: "A task parameter; the value is JSON when it parses (repeatable)",
  },
  { name: "args", kind: "value", value: "json", help: "Extra task arguments as a JSON object, merged in last" },
  { name: "timeout", kind: "value", value: "duration", help: "Bound on the whole call: 90 (seconds), 500ms, 2m" },
  { name: "idle-timeout", kind: "value", value: "duration", help: "Bound on silence on a live connection" },
  { name: "max-retries", kind: "value", value: "n", help: "Retries of failures that may pass (default 2)" },
  { name: "no-retry", kind: "flag", help: "Make exactly one attempt" },
  { name: "bill-to", kind: "value", value: "org", help: "Bill an organisation you belong to (router only)" },
  { name: "header", short: "H", kind: "list", value: "name: value", help: "Extra request header (repeatable)" },
  { name: "quiet", short: "q", kind: "flag", help: "No progress or retry messages on stderr" },
  { name: "help", short: "h", kind: "flag", help: "Show help" },
];

/** The routing arguments of every call, without undefined fields. */
type Target = BaseArgs;

export interface Context {
  target: Target;
  /** Options for every call; `signal` is set per call. */
  options: Options;
  progress: Progress;
  /** Values never printed. */
  secrets: string[];
  /** `--param` pairs as an object. */
  params: Record<string, unknown>;
  /** `--args` JSON. */
  extra: Record<string, unknown>;
  /** `-v` / `--verbose`: print what each call did and cost on stderr. */
  verbose: boolean;
}

export function parseWith(argv: readonly string[], specs: readonly OptSpec[]): Parsed {
  return parseArgs(argv, [...COMMON_OPTIONS, ...specs]);
}

export function contextFrom(opts: Parsed["opts"], env: NodeJS.ProcessEnv = process.env): Context {
  const str = (name: string) => {
    const v = opts[name];
    return typeof v === "string" ? v : undefined;
  };
  const token = str("token") ?? env[TOKEN_ENV] ?? undefined;
  const target: Target = {};
  if (token) target.accessToken = token.trim();
  for (const [opt, key] of [
    ["model", "model"],
    ["provider", "provider"],
    ["endpoint-url", "endpointUrl"],
  ] as const) {
    const v = str(opt);
    if (v !== undefined) {
      if (!v.trim()) throw new UsageError(`--${opt} must not be empty`);
      target[key] = v.trim();
    }
  }
  const proxy = env[PROXY_ENV];
  // Never printed: the token, and the value of every credential header given with --header.
  const secrets = token ? [token, token.trim()] : [];
  const progress = createProgress(process.stderr, { quiet: opts.quiet === true, secrets });
  const options: Options = { onProgress: progress.onProgress, onRetry: progress.onRetry };
  // Testing aid: every request (calls and `--input` downloads) goes to the mock provider.
  if (proxy) options.fetch = proxyFetch(proxy);
  if (str("timeout") !== undefined) options.timeout = parseDuration(str("timeout")!, "timeout");
  if (str("idle-timeout") !== undefined) options.idleTimeout = parseDuration(str("idle-timeout")!, "idle-timeout");
  if (str("max-retries") !== undefined) options.maxRetries = parseCount(str("max-retries")!, "max-retries");
  if (opts["no-retry"] === true) options.retry_on_error = false;
  if (str("bill-to")) options.billTo = str("bill-to");
  const headers = (opts.header as string[] | undefined) ?? [];
  if (headers.length) {
    options.headers = {};
    for (const h of headers) {
      const colon = h.indexOf(":");
      if (colon <= 0) throw new UsageError(`--header needs "Name: value", got ${JSON.stringify(h)}`);
      const name = h.slice(0, colon).trim();
      const value = h.slice(colon + 1).trim();
      options.headers[name] = value;
      secrets.push(...headerSecrets(h));
    }
  }
  const params = parseParams((opts.param as string[] | undefined) ?? []);
  let extra: Record<string, unknown> = {};
  if (str("args") !== undefined) {
    try {
      extra = JSON.parse(str("args")!) as Record<string, unknown>;
    } catch {
      throw new UsageError("--args must be a JSON object");
    }
    if (!extra || typeof extra !== "object" || Array.isArray(extra))
      throw new UsageError("--args must be a JSON object");
  }
  return {
    target,
    options,
    progress,
    secrets,
    params,
    extra,
    verbose: opts.verbose === true,
  };
}

/**
 * Ctrl-C and SIGTERM. The current handler decides what an interrupt means (abort the call, or only the
 * current chat turn); a second interrupt while the first is being handled exits at once.
 */
export const interrupts: { handler: ((signal: Interrupted) => void) | undefined; pending: boolean } = {
  /** Undefined while no call runs (parsing arguments, reading stdin): an interrupt then exits at once. */
  handler: undefined,
  pending: false,
};

export function installSignalHandlers(exit: (code: number) => void): void {
  const on = (name: "SIGINT" | "SIGTERM") => () => {
    if (interrupts.pending || !interrupts.handler) exit(name === "SIGINT" ? 130 : 143);
    interrupts.pending = true;
    interrupts.handler?.(new Interrupted(name));
  };
  process.on("SIGINT", on("SIGINT"));
  process.on("SIGTERM", on("SIGTERM"));
}

/** An AbortController that the next interrupt aborts. */
export function abortOnInterrupt(): AbortController {
  const ctrl = new AbortController();
  interrupts.pending = false;
  interrupts.handler = (reason) => ctrl.abort(reason);
  return ctrl;
}
