#!/usr/bin/env node
/**
 * The `unified-inference` command line. Built to dist/cli.js (the package's `bin`); the library never
 * imports it. See docs/cli.md.
 */
import { PACKAGE_VERSION } from "../config.js";
import { formatOptions } from "./args.js";
import { chat, CHAT_OPTIONS, chatHelp } from "./chat.js";
import { COMMON_OPTIONS, installSignalHandlers, PROXY_ENV, TOKEN_ENV } from "./common.js";
import { EXIT, exitCodeOf, formatError, headerArgs, headerSecrets, UsageError } from "./errors.js";
import { out } from "./io.js";
import { run, runHelp } from "./run.js";
import { serve, serveHelp } from "./serve.js";

export const HELP = `unified-inference ${PACKAGE_VERSION}: run ML inference on Hugging Face Inference Providers,
Inference Endpoints and local OpenAI-compatible servers.

Usage:
  unified-inference chat [prompt] [options]      Chat; streams the answer (a session on a terminal)
  unified-inference run <task> [inputs] [options]
                                                 Run one task (run --help lists the tasks)
  unified-inference serve --allow-task <task> --allow-model <pattern> [options]
                                                 Keep the token here: a proxy for browser apps
  unified-inference models [id] [--json]         The router's catalog: providers, prices, speed
  unified-inference help [chat|run|serve|models] Help on one command
  unified-inference --version

Examples:
  export ${TOKEN_ENV}=hf_...
  unified-inference chat -m Qwen/Qwen3-32B "What is the capital of France?"
  git diff | unified-inference chat -m Qwen/Qwen3-32B "Write a commit message for this diff"
  unified-inference chat -e http://localhost:8080 "Hello"        # a local llama.cpp / vLLM / Ollama server
  unified-inference run feature-extraction -m sentence-transformers/all-MiniLM-L6-v2 "A happy person"

Chat options:
${formatOptions(CHAT_OPTIONS)}

Options of every command:
${formatOptions(COMMON_OPTIONS)}

The token comes from $${TOKEN_ENV} (or --token). Progress and errors go to stderr; results to stdout.

Exit codes:
  0    success
  1    unexpected failure (a bug)
  2    usage or input error (bad option, missing input, unreadable file, invalid argument, no route)
  3    the provider or the Hub answered with an error (or an answer of the wrong shape)
  4    timeout (--timeout or --idle-timeout)
  5    network error (could not connect, connection broken)
  6    run --input-file: some items failed (each has an error line), the others succeeded
  130  interrupted (Ctrl-C, SIGINT)
  143  terminated (SIGTERM)

Testing aid: ${PROXY_ENV}=<url of a mock provider> sends every request to that server, with the
URL meant in the x-mock-forwarded-url header (see unified-inference/testing).
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "chat":
      return chat(rest);
    case "run":
      return run(rest);
    case "serve":
      return serve(rest);
    case "models":
      return (await import("./models.js")).models(rest);
    case "help":
      await out(
        rest[0] === "run"
          ? runHelp()
          : rest[0] === "chat"
            ? chatHelp()
            : rest[0] === "serve"
              ? serveHelp()
              : rest[0] === "models"
                ? (await import("./models.js")).modelsHelp()
                : HELP,
      );
      return EXIT.ok;
    case "--version":
    case "-V":
    case "version":
      await out(`${PACKAGE_VERSION}\n`);
      return EXIT.ok;
    case undefined:
    case "--help":
    case "-h":
      await out(HELP);
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(
        command.startsWith("-")
          ? `${command} must come after a command (chat, run, serve or models)`
          : `unknown command ${JSON.stringify(command)}; commands: chat, run, serve, models`,
      );
  }
}

function exit(code: number): void {
  // Let what is already written reach the pipe or file, then exit even if sockets are still open.
  process.stdout.write("", () => process.exit(code));
}

function start(): void {
  installSignalHandlers((code) => process.exit(code));
  // A closed stdout (`| head -1`) is not an error: stop quietly.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT.ok);
    throw e;
  });
  main(process.argv.slice(2)).then(exit, (e: unknown) => {
    const code = exitCodeOf(e);
    const argv = process.argv.slice(2);
    const token = process.env[TOKEN_ENV];
    const tokenAt = argv.findIndex((a) => a === "--token" || a.startsWith("--token="));
    const secrets = [
      token ?? "",
      tokenAt === -1
        ? ""
        : argv[tokenAt]!.includes("=")
          ? argv[tokenAt]!.slice(argv[tokenAt]!.indexOf("=") + 1)
          : (argv[tokenAt + 1] ?? ""),
      ...headerArgs(argv).flatMap(headerSecrets),
    ];
    process.stderr.write(`${formatError(e, { secrets })}\n`);
    if (code === EXIT.unexpected && process.env.UNIFIED_INFERENCE_DEBUG && e instanceof Error && e.stack) {
      process.stderr.write(`${e.stack}\n`);
    }
    exit(code);
  });
}

start();
