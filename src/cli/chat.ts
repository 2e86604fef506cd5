/**
 * `unified-inference chat`: streams the answer to stdout. The prompt comes from the arguments, from
 * stdin, or both (`cat notes.md | unified-inference chat "Summarize"`). On a terminal without a prompt
 * (or with `--interactive`) it is a multi-turn session.
 */
import { createInterface } from "node:readline";
import { chatCompletion, chatCompletionStream } from "../tasks/index.js";
import type { ChatCompletionArgs } from "../tasks/index.js";
import { formatOptions, parseCount, parseNumber, type OptSpec } from "./args.js";
import { abortOnInterrupt, COMMON_OPTIONS, contextFrom, interrupts, parseWith, type Context } from "./common.js";
import { EXIT, exitCodeOf, formatError, Interrupted, UsageError, type ExitCode } from "./errors.js";
import { out, readStdin, stdinIsRedirected, toJson } from "./io.js";
import { printCallInfo, VERBOSE_OPTION } from "./verbose.js";

export const CHAT_OPTIONS: OptSpec[] = [
  { name: "system", short: "s", kind: "value", value: "text", help: "System message" },
  { name: "interactive", short: "I", kind: "flag", help: "Multi-turn session (the default on a terminal)" },
  { name: "max-tokens", kind: "value", value: "n", help: "Most tokens to generate per answer" },
  { name: "temperature", kind: "value", value: "x", help: "Sampling temperature" },
  { name: "json", kind: "flag", help: "Do not stream: print the whole completion as JSON" },
  VERBOSE_OPTION,
];

type Message = { role: string; content: string };

/** A chat turn's arguments: routing, `--param`s and flags at the top level (OpenAI style), `--args` last. */
function chatArgs(ctx: Context, opts: Record<string, unknown>, messages: Message[]): ChatCompletionArgs {
  const args: Record<string, unknown> = { ...ctx.target, ...ctx.params };
  if (typeof opts["max-tokens"] === "string") args.max_tokens = parseCount(opts["max-tokens"], "max-tokens");
  if (typeof opts.temperature === "string") args.temperature = parseNumber(opts.temperature, "temperature");
  Object.assign(args, ctx.extra);
  args.messages = messages;
  return args as ChatCompletionArgs;
}

/** Streams one answer to stdout and returns its text. */
async function streamTurn(ctx: Context, args: ChatCompletionArgs, signal: AbortSignal): Promise<string> {
  let text = "";
  const stream = chatCompletionStream(args, { ...ctx.options, signal, normalize: true });
  try {
    for await (const chunk of stream) {
      const piece = chunk.choices?.[0]?.delta?.content;
      if (typeof piece === "string" && piece) {
        ctx.progress.done();
        process.stdout.write(piece);
        text += piece;
      }
    }
  } finally {
    ctx.progress.done();
    if (text && !text.endsWith("\n")) await out("\n");
  }
  // The stream's record is complete now that it ended.
  if (ctx.verbose) await printCallInfo(ctx, stream, signal);
  return text;
}

export function chatHelp(): string {
  return `Usage: unified-inference chat [prompt] [options]

Streams the answer to stdout. The prompt is the arguments, or stdin when there are none; with both, the
text piped in is appended to the prompt (cat notes.md | unified-inference chat "Summarize"). On a terminal
without a prompt, or with --interactive, it is a multi-turn session.
Other chat fields: --param key=value (top_p=0.9, stop='["\\n"]', seed=1).

Chat options:
${formatOptions(CHAT_OPTIONS)}

Options:
${formatOptions(COMMON_OPTIONS)}
`;
}

export async function chat(argv: readonly string[]): Promise<ExitCode> {
  const { opts, positionals } = parseWith(argv, CHAT_OPTIONS);
  if (opts.help === true) {
    await out(chatHelp());
    return EXIT.ok;
  }
  const ctx = contextFrom(opts);
  const system = typeof opts.system === "string" ? opts.system : undefined;
  const base: Message[] = system ? [{ role: "system", content: system }] : [];
  let prompt = positionals.join(" ");
  const interactive = opts.interactive === true || (!prompt && !!process.stdin.isTTY);
  if (opts.json === true && interactive) throw new UsageError("--json answers one prompt; it cannot be interactive");

  if (interactive) return session(ctx, opts, base, prompt);

  // One prompt: the arguments, then whatever the shell piped in.
  if (!prompt || stdinIsRedirected()) {
    const piped = process.stdin.isTTY ? "" : (await readStdin()).toString("utf8").trim();
    prompt = [prompt, piped].filter(Boolean).join("\n\n");
  }
  if (!prompt.trim()) throw new UsageError("chat needs a prompt: pass it as an argument or on stdin");
  const args = chatArgs(ctx, opts, [...base, { role: "user", content: prompt }]);
  const ctrl = abortOnInterrupt();
  if (opts.json === true) {
    const result = await chatCompletion(args, { ...ctx.options, signal: ctrl.signal });
    await out(`${toJson(result)}\n`);
    if (ctx.verbose) await printCallInfo(ctx, result, ctrl.signal);
    return EXIT.ok;
  }
  await streamTurn(ctx, args, ctrl.signal);
  return EXIT.ok;
}

const SESSION_HELP = "Commands: /reset (forget the conversation), /exit (or Ctrl-D). Ctrl-C stops an answer.";

/**
 * A multi-turn session: each line is a user message; answers stream to stdout. Ctrl-C during an answer
 * stops that answer and keeps the session; Ctrl-C at the prompt ends it (exit 130). A failed turn prints
 * its error and the session goes on; the session's exit code is that of its last turn.
 */
async function session(ctx: Context, opts: Record<string, unknown>, base: Message[], first: string): Promise<ExitCode> {
  const terminal = !!(process.stdin.isTTY && process.stderr.isTTY);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal, historySize: 200 });
  let history: Message[] = [...base];
  let turn: AbortController | undefined;
  let code = EXIT.ok as ExitCode;
  let closedBySignal = false;
  const interrupt = (reason: Interrupted) => {
    if (turn) {
      turn.abort(reason);
      interrupts.pending = false;
      return;
    }
    closedBySignal = true;
    code = reason.signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted;
    rl.close();
  };
  interrupts.handler = interrupt;
  // On a terminal, readline receives Ctrl-C itself (raw mode) instead of the process.
  rl.on("SIGINT", () => interrupt(new Interrupted("SIGINT")));
  if (terminal) process.stderr.write(`${SESSION_HELP}\n`);
  let closed = false;
  let byCommand = false;
  rl.on("close", () => (closed = true));
  const ask = () => {
    if (terminal && !closed) rl.prompt();
  };
  rl.setPrompt("> ");

  const runTurn = async (line: string) => {
    const text = line.trim();
    if (!text) return;
    if (text === "/exit" || text === "/quit") {
      byCommand = true;
      rl.close();
      return;
    }
    if (text === "/reset") {
      history = [...base];
      process.stderr.write("(conversation reset)\n");
      return;
    }
    if (text === "/help") {
      process.stderr.write(`${SESSION_HELP}\n`);
      return;
    }
    const messages = [...history, { role: "user", content: text }];
    turn = new AbortController();
    try {
      const answer = await streamTurn(ctx, chatArgs(ctx, opts, messages), turn.signal);
      history = [...messages, { role: "assistant", content: answer }];
      code = EXIT.ok;
    } catch (e) {
      code = exitCodeOf(e);
      if (e instanceof Interrupted) process.stderr.write("(answer stopped)\n");
      else process.stderr.write(`${formatError(e, { ...ctx.target, secrets: ctx.secrets })}\n`);
      if (code === EXIT.unexpected) throw e;
    } finally {
      turn = undefined;
    }
  };

  if (first) await runTurn(first);
  ask();
  for await (const line of rl) {
    await runTurn(line);
    ask();
  }
  // Ctrl-C or Ctrl-D leave the cursor after the prompt: end that line.
  if (terminal && !byCommand) process.stderr.write("\n");
  return closedBySignal ? code : code === EXIT.interrupted ? EXIT.ok : code;
}
