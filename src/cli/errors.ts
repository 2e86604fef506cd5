/**
 * Exit codes and the one-line error messages of the command line. Scripts rely on the codes; the
 * message names provider, model, HTTP status and request id when they are known, and never the token.
 */
import {
  InferenceClientConnectionError,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
  InferenceClientTimeoutError,
  isCredentialHeader,
} from "../errors.js";
import { scrub } from "../lib/secrets.js";
import { printable } from "./progress.js";

/** The exit codes of `unified-inference`. They are part of its interface: they do not change meaning. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** An unexpected failure (a bug: please report it). */
  unexpected: 1,
  /** Bad command line or input: unknown option, missing prompt, unreadable file, invalid argument, no route. */
  usage: 2,
  /** The provider or the Hub answered with an error, or with an answer of the wrong shape. */
  provider: 3,
  /** The call ran past `--timeout`, or the connection was silent past `--idle-timeout`. */
  timeout: 4,
  /** The provider could not be reached, or the connection broke. */
  network: 5,
  /** `run --input-file`: some items failed (each failure is a line of the output); the others succeeded. */
  partial: 6,
  /** Interrupted by Ctrl-C (SIGINT). */
  interrupted: 130,
  /** Terminated (SIGTERM). */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The run was stopped by a signal; used as the abort reason. */
export class Interrupted extends Error {
  constructor(readonly signal: "SIGINT" | "SIGTERM") {
    super(`interrupted (${signal})`);
    this.name = "Interrupted";
  }
}

/** Which exit code a failure maps to. */
export function exitCodeOf(e: unknown): ExitCode {
  if (e instanceof Interrupted) return e.signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted;
  if (e instanceof UsageError || e instanceof InferenceClientInputError || e instanceof InferenceClientRoutingError)
    return EXIT.usage;
  if (
    e instanceof InferenceClientProviderApiError ||
    e instanceof InferenceClientHubApiError ||
    e instanceof InferenceClientProviderOutputError
  )
    return EXIT.provider;
  if (e instanceof InferenceClientTimeoutError) return EXIT.timeout;
  if (e instanceof InferenceClientConnectionError) return EXIT.network;
  if (e instanceof Error && e.name === "AbortError") return EXIT.interrupted;
  return EXIT.unexpected;
}

const KIND: Record<number, string> = {
  [EXIT.unexpected]: "unexpected error",
  [EXIT.usage]: "usage error",
  [EXIT.provider]: "provider error",
  [EXIT.timeout]: "timeout",
  [EXIT.network]: "network error",
  [EXIT.partial]: "some items failed",
  [EXIT.interrupted]: "interrupted",
  [EXIT.terminated]: "terminated",
};

/**
 * The values never printed that a `--header "Name: value"` brings: the value of a credential header
 * (Authorization, X-Key, x-api-key...), and its credential without the scheme word; nothing otherwise.
 */
export function headerSecrets(header: string): string[] {
  const colon = header.indexOf(":");
  const value = header.slice(colon + 1).trim();
  if (colon <= 0 || !value || !isCredentialHeader(header.slice(0, colon).trim())) return [];
  return [value, ...value.split(/\s+/).slice(1).filter(Boolean)];
}

/** The `--header` values of a command line (`-H v`, `--header v`, `--header=v`). */
export function headerArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if ((a === "-H" || a === "--header") && argv[i + 1] !== undefined) out.push(argv[i + 1]!);
    else if (a.startsWith("--header=")) out.push(a.slice("--header=".length));
  });
  return out;
}

/** What the command was about, named in the message when the error does not say. */
export interface ErrorContext {
  provider?: string | readonly string[];
  model?: string;
  /** Values that must never be printed (the token). */
  secrets?: string[];
}

/**
 * One line for stderr, e.g.
 * `unified-inference: provider error: provider=together model=org/m status=500 request-id=abc: boom`.
 */
export function formatError(e: unknown, ctx: ErrorContext = {}): string {
  const code = exitCodeOf(e);
  const fields: string[] = [];
  const err = (e ?? {}) as {
    provider?: string;
    model?: string;
    status?: number;
    requestId?: string;
    providerMessage?: string;
    message?: string;
  };
  let message: string;
  if (code === EXIT.interrupted || code === EXIT.terminated) message = "";
  else if (code === EXIT.usage && e instanceof UsageError) message = `${err.message} (see unified-inference --help)`;
  else {
    const given = err.provider ?? ctx.provider;
    const provider = Array.isArray(given) ? given.join(",") : (given as string | undefined);
    const model = err.model || ctx.model;
    if (provider) fields.push(`provider=${provider}`);
    if (model) fields.push(`model=${model}`);
    if (typeof err.status === "number" && err.status > 0) fields.push(`status=${err.status}`);
    if (err.requestId) fields.push(`request-id=${err.requestId}`);
    message =
      (e instanceof InferenceClientProviderApiError || e instanceof InferenceClientHubApiError) && err.providerMessage
        ? err.providerMessage
        : e instanceof Error
          ? e.message
          : String(e);
  }
  let line = `unified-inference: ${KIND[code]}${fields.length ? `: ${fields.join(" ")}` : ""}${message ? `: ${message}` : ""}`;
  line = line.replace(/\s*[\r\n]+\s*/g, " ");
  // The library's own scrubbing: also catches URL-encoded and cut-off secrets. A provider's message is
  // untrusted: its control characters (ESC sequences...) are shown escaped, never sent to the terminal.
  return printable(scrub(line, [...(ctx.secrets ?? [])]));
}
