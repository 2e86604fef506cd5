/**
 * `unified-inference serve`: runs the token-keeping proxy of `unified-inference/server` on `node:http`.
 * Browsers call it with `new InferenceClient(undefined, { proxyUrl: "http://host:port" })`; the token
 * (from $HF_TOKEN or --token) stays in this process. Nothing is allowed unless listed with --allow-*.
 */
import { formatOptions, parseArgs, type OptSpec } from "./args.js";
import { PROXY_ENV, TOKEN_ENV } from "./common.js";
import { EXIT, UsageError, type ExitCode } from "./errors.js";
import { out, proxyFetch } from "./io.js";
import { createInferenceHandler, toNodeListener, type InferenceHandlerConfig } from "../server/index.js";

const SERVE_OPTIONS: OptSpec[] = [
  { name: "port", kind: "value", value: "n", help: "Port to listen on (default 8787; 0 picks a free one)" },
  { name: "host", kind: "value", value: "addr", help: "Address to listen on (default 127.0.0.1)" },
  {
    name: "allow-task",
    kind: "list",
    value: "task",
    help: "A task browsers may call: conversational, text-to-image, ... or a method name (repeatable)",
  },
  { name: "allow-model", kind: "list", value: "pattern", help: "Models browsers may use, * as wildcard (repeatable)" },
  {
    name: "allow-provider",
    kind: "list",
    value: "name",
    help: 'Providers browsers may ask for (repeatable; default: only "auto")',
  },
  { name: "cors-origin", kind: "list", value: "origin", help: "A page origin allowed cross-origin (repeatable)" },
  { name: "max-body", kind: "value", value: "bytes", help: "Largest request body (default 10485760)" },
  { name: "token", kind: "value", value: "token", help: `Access token (default: $${TOKEN_ENV}; prefer the variable)` },
  { name: "help", short: "h", kind: "flag", help: "Show help" },
];

export function serveHelp(): string {
  return `Usage: unified-inference serve --allow-task <task> --allow-model <pattern> [options]

Runs a proxy that keeps the token on this machine: a browser page sends task calls to it
(POST /<task>, JSON { args, options? }) and it calls the provider with $${TOKEN_ENV}.

Example:
  ${TOKEN_ENV}=hf_... unified-inference serve --port 8787 --allow-model 'Qwen/*' --allow-task conversational

Options:
${formatOptions(SERVE_OPTIONS)}
`;
}

function whole(v: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

export async function serve(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const { opts, positionals } = parseArgs(argv, SERVE_OPTIONS);
  if (opts.help === true) {
    await out(serveHelp());
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`serve takes no arguments, got ${JSON.stringify(positionals[0])}`);
  const list = (name: string) => (opts[name] as string[] | undefined) ?? [];
  const token = ((opts.token as string | undefined) ?? env[TOKEN_ENV] ?? "").trim();
  if (!token) throw new UsageError(`serve needs a token: set $${TOKEN_ENV} (or --token)`);
  const tasks = list("allow-task");
  const models = list("allow-model");
  if (!tasks.length || !models.length) {
    throw new UsageError("serve allows nothing by default: give at least one --allow-task and one --allow-model");
  }
  const providers = list("allow-provider");
  const origins = list("cors-origin");
  const config: InferenceHandlerConfig = {
    accessToken: token,
    allow: { tasks, models, ...(providers.length ? { providers } : {}) },
  };
  if (origins.length) config.cors = { origin: origins };
  if (typeof opts["max-body"] === "string") config.maxBodyBytes = whole(opts["max-body"], "max-body", 1, 2 ** 31);
  if (env[PROXY_ENV]) config.fetch = proxyFetch(env[PROXY_ENV]);
  let handler;
  try {
    handler = createInferenceHandler(config);
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^createInferenceHandler: /, ""));
  }
  const port = typeof opts.port === "string" ? whole(opts.port, "port", 0, 65535) : 8787;
  const host = typeof opts.host === "string" ? opts.host : "127.0.0.1";
  const { createServer } = await import("node:http");
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  const shown = host.includes(":") ? `[${host}]` : host;
  await out(
    `unified-inference serve: listening on http://${shown}:${actual} (POST /<task>); ` +
      `allows tasks ${tasks.join(", ")}; models ${models.join(", ")}; ` +
      `providers ${providers.length ? providers.join(", ") : "auto"}` +
      `${origins.length ? `; CORS origins ${origins.join(", ")}` : ""}\n`,
  );
  // Runs until interrupted (Ctrl-C / SIGTERM end the process).
  return new Promise<ExitCode>(() => {});
}
