/**
 * `unified-inference run <task>`: runs one task of the table in ./tasks.ts. Media outputs go to files,
 * everything else is printed as JSON on stdout.
 */
import { formatOptions, parseCount, type OptSpec } from "./args.js";
import { abortOnInterrupt, COMMON_OPTIONS, contextFrom, parseWith, type Context } from "./common.js";
import { EXIT, UsageError, type ExitCode } from "./errors.js";
import { checkOutput, out, readMedia, readStdin, readTextFile, toJson, writeMedia } from "./io.js";
import { findTask, streamSource, TASKS, type TaskCli, type TaskEntry } from "./tasks.js";
import { runBulk } from "./bulk.js";
import { printCallInfo, VERBOSE_OPTION } from "./verbose.js";

export const RUN_OPTIONS: OptSpec[] = [
  {
    name: "input",
    short: "i",
    kind: "value",
    value: "file|url|-",
    help: "Media input: a file, an http(s) URL, or - for stdin",
  },
  {
    name: "max-input-bytes",
    kind: "value",
    value: "n",
    help: "Cap on the bytes of an http(s) --input download (default 536870912, 512 MiB)",
  },
  {
    name: "output",
    short: "o",
    kind: "value",
    value: "path|-",
    help: "Where a media output goes (- for stdout); default: a new file named by content type. With --input-file: a directory",
  },
  {
    name: "input-file",
    kind: "value",
    value: "file|-",
    help: "Bulk: one call per line of a JSON-lines file (the task's arguments, or a string for inputs); results as JSON lines in input order",
  },
  { name: "concurrency", kind: "value", value: "n", help: "Bulk: calls in flight at most (default 4)" },
  {
    name: "batch-size",
    kind: "value",
    value: "n",
    help: "Bulk: texts per call where the task takes lists (feature-extraction, text-classification; default 1)",
  },
  VERBOSE_OPTION,
];
const STREAM: OptSpec = { name: "stream", kind: "flag", help: "Print the answer as it is generated" };

function taskOptions(entry: TaskEntry): OptSpec[] {
  return [...(entry.options ?? []), ...(entry.stream ? [STREAM] : [])];
}

/** Every option any task takes, to find the task name wherever options are placed. */
function allTaskOptions(): OptSpec[] {
  const seen = new Map<string, OptSpec>();
  for (const e of Object.values(TASKS)) for (const o of taskOptions(e)) seen.set(o.name, o);
  return [...seen.values()];
}

export function runHelp(): string {
  const names = Object.keys(TASKS).sort();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return `Usage: unified-inference run <task> [inputs] [options]

Runs one task. Text inputs are the arguments (or stdin when there are none), media inputs are
--input <file|url|->, parameters are --param key=value. Media outputs are written to a file (printed
as {"file", "contentType", "bytes"} on stdout); every other output is printed as JSON.

Tasks:
${names.map((n) => `  ${n.padEnd(width)}${TASKS[n]!.summary}`).join("\n")}

Options:
${formatOptions([...RUN_OPTIONS, ...COMMON_OPTIONS])}

Help on one task: unified-inference run <task> --help
`;
}

function taskHelp(name: string, entry: TaskEntry): string {
  const own = taskOptions(entry);
  return `Usage: unified-inference run ${name} ${entry.usage} [options]

${entry.summary}.
--param key=value goes into ${entry.params === "top" ? "the top level of the arguments" : "`parameters`"}.
${own.length ? `\nTask options:\n${formatOptions(own)}\n` : ""}
Options:
${formatOptions([...RUN_OPTIONS, ...COMMON_OPTIONS])}
`;
}

/** The command line as a task entry sees it (exported for tests). */
export class CommandLineInputs implements TaskCli {
  usedPositionals = false;
  usedInput = false;
  private stdinUsed = false;
  constructor(
    readonly positionals: readonly string[],
    private readonly opts: Record<string, unknown>,
    private readonly ctx: Context,
    private readonly signal: AbortSignal,
  ) {}
  private async stdinText(what: string): Promise<string> {
    if (this.stdinUsed) throw new UsageError(`missing <${what}>: stdin is already used by --input -`);
    if (process.stdin.isTTY) throw new UsageError(`missing <${what}>: pass it as an argument or on stdin`);
    this.stdinUsed = true;
    return (await readStdin()).toString("utf8");
  }
  async text(what = "text"): Promise<string> {
    this.usedPositionals = true;
    const text = this.positionals.length ? this.positionals.join(" ") : (await this.stdinText(what)).trim();
    if (!text) throw new UsageError(`missing <${what}>: pass it as an argument or on stdin`);
    return text;
  }
  optionalText(): string | undefined {
    this.usedPositionals = true;
    return this.positionals.length ? this.positionals.join(" ") : undefined;
  }
  async texts(what = "text"): Promise<string[]> {
    this.usedPositionals = true;
    if (this.positionals.length) return [...this.positionals];
    const lines = (await this.stdinText(what))
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (!lines.length) throw new UsageError(`missing <${what}>: pass it as an argument or on stdin`);
    return lines;
  }
  async media(what = "file"): Promise<Blob> {
    this.usedInput = true;
    const source = this.opts.input;
    if (typeof source !== "string" || !source) {
      const hint = this.positionals[0] ? ` (is ${JSON.stringify(this.positionals[0])} meant as --input?)` : "";
      throw new UsageError(`missing --input <${what} file|url|->${hint}`);
    }
    if (source === "-") {
      if (this.stdinUsed) throw new UsageError("stdin can be read only once");
      this.stdinUsed = true;
    }
    const cap = this.option("max-input-bytes");
    const maxBytes = cap === undefined ? undefined : parseCount(cap, "max-input-bytes");
    if (maxBytes === 0) throw new UsageError("--max-input-bytes must be at least 1");
    return readMedia(source, { options: this.ctx.options, secrets: this.ctx.secrets, maxBytes }, this.signal);
  }
  async optionalMedia(what = "file"): Promise<Blob | undefined> {
    this.usedInput = true;
    return typeof this.opts.input === "string" ? this.media(what) : undefined;
  }
  option(name: string): string | undefined {
    const v = this.opts[name];
    return typeof v === "string" ? v : undefined;
  }
  required(name: string): string {
    const v = this.option(name);
    if (v === undefined) throw new UsageError(`missing --${name}`);
    return v;
  }
  async file(name: string): Promise<string | undefined> {
    const path = this.option(name);
    if (path === "-") {
      if (this.stdinUsed) throw new UsageError("stdin can be read only once");
      this.stdinUsed = true;
    }
    return path === undefined ? undefined : readTextFile(path, name);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

/** How many Blobs an output holds (at any depth in arrays and plain objects). */
function countBlobs(value: unknown): number {
  if (value instanceof Blob) return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countBlobs(v), 0);
  if (isPlainObject(value)) return Object.values(value).reduce((n: number, v) => n + countBlobs(v), 0);
  return 0;
}

/**
 * Writes every Blob of an output to a file and puts `{file, contentType, bytes}` in its place. With
 * `output`, the first Blob goes there and the next ones next to it (`out.png`, `out-1.png`, ...).
 */
async function saveBlobs(value: unknown, output: string | undefined, saved: { n: number }): Promise<unknown> {
  if (value instanceof Blob) {
    const target = output && saved.n > 0 ? output.replace(/(\.[^./\\]*)?$/, `-${saved.n}$1`) : output;
    saved.n++;
    return writeMedia(value, target);
  }
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    for (const v of value) list.push(await saveBlobs(v, output, saved));
    return list;
  }
  if (isPlainObject(value)) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) obj[k] = await saveBlobs(v, output, saved);
    return obj;
  }
  return value;
}

export async function run(argv: readonly string[]): Promise<ExitCode> {
  const first = parseWith(argv, [...RUN_OPTIONS, ...allTaskOptions()]);
  const name = first.positionals[0];
  if (!name) {
    if (first.opts.help === true) {
      await out(runHelp());
      return EXIT.ok;
    }
    throw new UsageError("run needs a task name (unified-inference run --help lists them)");
  }
  const found = findTask(name);
  if (!found) throw new UsageError(`unknown task ${JSON.stringify(name)} (unified-inference run --help lists them)`);
  const [taskName, entry] = found;
  // Parse again with exactly the options of this task, so another task's option is an error here.
  const { opts, positionals } = parseWith(argv, [...RUN_OPTIONS, ...taskOptions(entry)]);
  if (opts.help === true) {
    await out(taskHelp(taskName, entry));
    return EXIT.ok;
  }
  if (typeof opts["input-file"] === "string") {
    if (opts.verbose === true)
      throw new UsageError("--verbose describes one call; it cannot be used with --input-file");
    return runBulk(taskName, entry, opts, positionals.slice(1));
  }
  // A file that cannot be written is found now, not after a (possibly paid) job has run.
  if (typeof opts.output === "string" && opts.output !== "-") await checkOutput(opts.output);
  const ctx = contextFrom(opts);
  const ctrl = abortOnInterrupt();
  const cli = new CommandLineInputs(positionals.slice(1), opts, ctx, ctrl.signal);
  const built = await entry.args(cli);
  if (!cli.usedPositionals && cli.positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(cli.positionals[0])} for task ${taskName}`);
  }
  if (!cli.usedInput && typeof opts.input === "string") throw new UsageError(`task ${taskName} takes no --input`);

  const args: Record<string, unknown> = { ...ctx.target, ...built };
  if (Object.keys(ctx.params).length) {
    if (entry.params === "top") Object.assign(args, ctx.params);
    else args.parameters = { ...(args.parameters as object | undefined), ...ctx.params };
  }
  Object.assign(args, ctx.extra);
  const options = { ...ctx.options, ...entry.callOptions?.(cli), signal: ctrl.signal };

  if (opts.stream === true && entry.stream) {
    let last = "";
    const pieces = entry.stream(args, options);
    try {
      for await (const piece of pieces) {
        ctx.progress.done();
        process.stdout.write(piece);
        last = piece;
      }
    } finally {
      ctx.progress.done();
      if (last && !last.endsWith("\n")) await out("\n");
    }
    if (ctx.verbose) await printCallInfo(ctx, streamSource.get(pieces) ?? pieces, ctrl.signal);
    return EXIT.ok;
  }

  let raw: unknown;
  try {
    raw = await entry.fn(args, options);
  } finally {
    // A status line rewritten in place on a terminal is ended before the result or an error is printed.
    ctx.progress.done();
  }
  await printOutput(taskName, entry.output ? entry.output(raw) : raw, opts);
  if (ctx.verbose) await printCallInfo(ctx, raw, ctrl.signal);
  return EXIT.ok;
}

/** Prints a task's output as JSON, or writes its media to files (or stdout with `-o -`). */
async function printOutput(taskName: string, result: unknown, opts: Record<string, unknown>): Promise<void> {
  const output = typeof opts.output === "string" ? opts.output : undefined;
  if (output === "-") {
    // Raw bytes on stdout, for piping: only for a single media output.
    if (result instanceof Blob) await writeMedia(result, "-");
    else if (countBlobs(result)) {
      throw new UsageError(`task ${taskName} gives several media outputs: use --output <path> instead of -`);
    } else await out(`${toJson(result)}\n`);
    return;
  }
  const saved = { n: 0 };
  const shown = await saveBlobs(result, output, saved);
  if (output && saved.n === 0) {
    // A JSON output with --output goes to that file.
    const json = new Blob([`${JSON.stringify(result, null, 2)}\n`], { type: "application/json" });
    await out(`${toJson(await writeMedia(json, output))}\n`);
    return;
  }
  await out(`${toJson(shown)}\n`);
}
