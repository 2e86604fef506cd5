/**
 * `unified-inference run <task> --input-file items.jsonl`: one task over every line of a JSON-lines file
 * (each line the task's arguments, or a bare string meaning `inputs`), through `InferenceClient.mapIter`.
 * The file is read as a stream, results are written to stdout as JSON lines in input order, media outputs
 * go to `--output <dir>` as `<index>.<ext>`. Exit code 0 when every item succeeded, 6 when some failed.
 */
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { InferenceClient } from "../client.js";
import type { BulkTaskName } from "../bulk.js";
import { scrub } from "../lib/secrets.js";
import { parseCount } from "./args.js";
import { abortOnInterrupt, contextFrom } from "./common.js";
import { EXIT, UsageError, type ExitCode } from "./errors.js";
import { extensionFor, out, typeOf } from "./io.js";
import { printable } from "./progress.js";
import type { TaskEntry } from "./tasks.js";
import type { ParsedOpts } from "./args.js";

/** Tasks whose answer is media: they need `--output <dir>`. */
const MEDIA_TASKS = new Set([
  "text-to-image",
  "image-to-image",
  "image-text-to-image",
  "text-to-video",
  "image-to-video",
  "image-text-to-video",
  "text-to-speech",
  "text-to-audio",
  "audio-to-audio",
]);

/** The lines of a JSON-lines file (or stdin for `-`) as argument objects, read as a stream. */
async function* readItems(path: string): AsyncGenerator<Record<string, unknown>> {
  const input = path === "-" ? process.stdin : createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    if (path === "-") return resolve();
    input.once("open", () => resolve());
    input.once("error", (e: Error) => reject(new UsageError(`cannot read --input-file ${path}: ${e.message}`)));
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new UsageError(`--input-file line ${n} is not JSON`);
      }
      if (typeof v === "string") yield { inputs: v };
      else if (v && typeof v === "object" && !Array.isArray(v)) yield v as Record<string, unknown>;
      else throw new UsageError(`--input-file line ${n} must be an object (the task's arguments) or a string`);
    }
  } finally {
    lines.close();
    if (path !== "-") (input as ReturnType<typeof createReadStream>).destroy();
  }
}

/** Writes every Blob of `value` to `dir` (`<index>.<ext>`, then `<index>-1.<ext>`, ...), in its place `{file, contentType, bytes}`. */
async function saveBlobs(value: unknown, dir: string | undefined, index: number, n = { i: 0 }): Promise<unknown> {
  if (value instanceof Blob) {
    if (!dir) throw new UsageError("a media output needs --output <dir>");
    const contentType = await typeOf(value);
    const file = join(dir, `${index}${n.i ? `-${n.i}` : ""}.${extensionFor(contentType)}`);
    n.i++;
    const bytes = new Uint8Array(await value.arrayBuffer());
    await fs.writeFile(file, bytes);
    return { file, contentType, bytes: bytes.byteLength };
  }
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    for (const v of value) list.push(await saveBlobs(v, dir, index, n));
    return list;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) obj[k] = await saveBlobs(v, dir, index, n);
    return obj;
  }
  return value;
}

export async function runBulk(
  taskName: string,
  entry: TaskEntry,
  opts: ParsedOpts,
  positionals: readonly string[],
): Promise<ExitCode> {
  const file = opts["input-file"] as string;
  if (positionals.length)
    throw new UsageError(`--input-file takes no argument (got ${JSON.stringify(positionals[0])})`);
  if (typeof opts.input === "string") throw new UsageError("--input-file and --input cannot be used together");
  if (opts.stream === true) throw new UsageError("--input-file and --stream cannot be used together");
  const method = taskName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as BulkTaskName;
  const client = new InferenceClient();
  if (typeof (client as unknown as Record<string, unknown>)[method] !== "function") {
    throw new UsageError(`task ${taskName} cannot run over an --input-file`);
  }
  const concurrency = opts.concurrency === undefined ? 4 : parseCount(String(opts.concurrency), "concurrency");
  const batchSize = opts["batch-size"] === undefined ? 1 : parseCount(String(opts["batch-size"]), "batch-size");
  if (concurrency < 1) throw new UsageError("--concurrency must be at least 1");
  if (batchSize < 1) throw new UsageError("--batch-size must be at least 1");
  const dir = typeof opts.output === "string" ? opts.output : undefined;
  if (dir === "-") throw new UsageError("with --input-file, --output names a directory (not -)");
  if (MEDIA_TASKS.has(taskName) && !dir) {
    throw new UsageError(`task ${taskName} answers media: give --output <dir> (files are named <index>.<ext>)`);
  }
  if (dir)
    await fs.mkdir(dir, { recursive: true }).catch((e: Error) => {
      throw new UsageError(`cannot create --output ${dir}: ${e.message}`);
    });
  if (file !== "-")
    await fs.access(file).catch((e: Error) => {
      throw new UsageError(`cannot read --input-file ${file}: ${e.message}`);
    });

  const ctx = contextFrom(opts);
  const ctrl = abortOnInterrupt();
  // Job status lines of many calls at once would interleave: the bar below stands for them.
  const { onProgress: _job, onRetry: _retry, ...options } = ctx.options;
  const tty = !!process.stderr.isTTY;
  const quiet = opts.quiet === true;
  let done = 0;
  let failed = 0;
  const bar = (final: boolean) => {
    if (quiet) return;
    const text = `unified-inference: ${done} done, ${failed} failed`;
    if (tty) process.stderr.write(`\r\x1b[K${text}${final ? "\n" : ""}`);
    else if (final) process.stderr.write(`${text}\n`);
  };

  async function* items() {
    for await (const line of readItems(file)) {
      const args: Record<string, unknown> = { ...ctx.target, ...ctx.extra, ...line };
      if (Object.keys(ctx.params).length) {
        if (entry.params === "top") Object.assign(args, { ...ctx.params, ...line });
        else args.parameters = { ...ctx.params, ...(line.parameters as object | undefined) };
      }
      yield args;
    }
  }

  try {
    for await (const item of client.mapIter(method, items() as AsyncIterable<never>, {
      concurrency,
      batchSize,
      ordered: true,
      signal: ctrl.signal,
      options,
    })) {
      done++;
      let error: (Error & { status?: number }) | undefined = item.error;
      let line = "";
      if (!error) {
        try {
          const value = entry.output ? entry.output(item.value) : item.value;
          line = JSON.stringify({ index: item.index, value: await saveBlobs(value, dir, item.index) });
        } catch (e) {
          // A media output nobody expected (no --output) or a file that cannot be written: this item fails.
          error = e as Error;
        }
      }
      if (error) {
        failed++;
        const shown: Record<string, unknown> = {
          name: error.name,
          message: printable(scrub(String(error.message), ctx.secrets)),
        };
        if (typeof error.status === "number") shown.status = error.status;
        line = JSON.stringify({ index: item.index, error: shown });
      }
      await out(`${line}\n`);
      bar(false);
    }
  } finally {
    bar(true);
  }
  if (ctrl.signal.aborted) throw ctrl.signal.reason;
  return failed ? EXIT.partial : EXIT.ok;
}
