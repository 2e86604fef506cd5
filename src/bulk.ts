/**
 * Bulk work: one task over many inputs, with a bound on calls in flight, batching where the provider takes
 * lists, per-item results (a failed item does not fail the others), progress and cancellation. Used by
 * `InferenceClient.map` and `InferenceClient.mapIter`; a chat-only import never reaches this module.
 *
 * - `map` resolves (never rejects because of an item) with one `{ value }` or `{ error }` per input, in
 *   input order. Aborting through `signal` keeps what finished; every other item gets the abort reason as
 *   its error, and the promise resolves.
 * - `mapIter` yields `{ index, value }` / `{ index, error }` as items finish (`ordered: true`: in input
 *   order). It reads at most `concurrency * batchSize` items ahead of what it has yielded. After an abort
 *   the items read so far end with the abort reason and no further input is read. Leaving the loop early
 *   (`break`) aborts the calls in flight and closes the input.
 */
import type { TaskMethods } from "./tasks/methods.js";
import { TEXT_CLASSIFICATION, isLabelScores } from "./tasks/nlp/text-classification.js";
import { runTask } from "./tasks/run.js";
import { onAbort } from "./transport/scope.js";
import { InferenceClientInputError } from "./errors.js";
import type { Options } from "./types.js";

/** A client method that answers with a Promise. */
export type AnyCall = (args: any, options?: any) => Promise<unknown>;
/** A client method's arguments, call options and answer, as a tuple. */
export type Last<F> = F extends { (a: infer A, o?: infer O): Promise<infer R> } ? [A, O, R] : never;

/** The client's task methods; `map` and `mapIter` can run every one that answers with a Promise. */
export type Candidates = keyof TaskMethods;
/** The name of a client task method that `map` and `mapIter` can run: every one that answers with a Promise. */
export type BulkTaskName = {
  [K in Candidates]: TaskMethods[K] extends AnyCall ? K : never;
}[Candidates];
/** The arguments of one item of a task (as the client method takes them). */
export type BulkArgs<K extends BulkTaskName> = Last<TaskMethods[K]>[0];
/** The call options of a task method, passed to every call. */
export type BulkCallOptions<K extends BulkTaskName> = NonNullable<Last<TaskMethods[K]>[1]>;
/** What one item of a task answers. */
export type BulkValue<K extends BulkTaskName> = Last<TaskMethods[K]>[2];

/** One item's outcome: its value, or the error its call ended with. */
export type BulkResult<T> =
  | {
      /** What the item's call answered. */
      value: T;
      /** Absent: the item succeeded. */
      error?: undefined;
    }
  | {
      /** The error the item's call ended with (the abort reason for an item cut by `signal`). */
      error: Error;
      /** Absent: the item failed. */
      value?: undefined;
    };
/** One item's outcome with its position in the input. */
export type BulkItem<T> = {
  /** The item's position in the input, from 0. */
  index: number;
} & BulkResult<T>;

/** The progress of bulk work, given to `onProgress` after each item finishes. */
export interface BulkProgress {
  /** Items finished (failed ones included). */
  done: number;
  /** Items in all (`map`), or read so far (`mapIter`). */
  total: number;
  /** Items finished with an error. */
  failed: number;
}

/** The options of `InferenceClient.map`: concurrency, batching, progress, cancellation and the options of each call. */
export interface BulkOptions<O = Options> {
  /** Calls in flight at most (a batch is one call). Default 4. */
  concurrency?: number;
  /**
   * Up to this many consecutive items that differ only in `inputs` (a string) go in one call, where the
   * task takes a list: featureExtraction (every provider) and textClassification (hf-inference). Default 1.
   */
  batchSize?: number;
  /** Called after each item finishes. */
  onProgress?: (progress: BulkProgress) => void;
  /** Stops the work: calls in flight are aborted; finished items are kept. */
  signal?: AbortSignal;
  /** Options of each call (retries, timeouts, ...), as the task method takes them. */
  options?: O;
}

/** The options of `InferenceClient.mapIter`: those of {@link BulkOptions}, and the order of the results. */
export interface BulkIterOptions<O = Options> extends BulkOptions<O> {
  /** Yield in input order instead of as items finish. */
  ordered?: boolean;
}

/** What the client hands to this module: its methods, and its arguments and options as a call sees them. */
export interface BulkClient {
  has(name: string): boolean;
  call(name: string, args: unknown, options: unknown): Promise<unknown>;
  prep(args: object, options: Options | undefined): [Record<string, unknown>, Options];
}

/** OpenAI-compatible embeddings providers: one text is answered `[vector]`, so each item of a list is too. */
const EMBEDDINGS_PROVIDERS = ["deepinfra", "nebius", "sambanova", "scaleway", "together"];

/**
 * The tasks that take a list of texts: for the arguments of an item (as the call sees them), how each
 * value of a list answer becomes what that item alone would have answered; undefined when the item must run
 * alone (featureExtraction with the provider picked by the Hub: where one text's answer nests is unknown).
 */
const BATCHABLE: Record<string, (args: Record<string, unknown>) => ((v: unknown) => unknown) | undefined> = {
  featureExtraction: ({ provider, endpointUrl }) =>
    endpointUrl !== undefined || provider === "hf-inference"
      ? (v) => v
      : EMBEDDINGS_PROVIDERS.includes(provider as string)
        ? (v) => [v]
        : undefined,
  textClassification: () => (v) => v,
};

/** One call for a list of `n` texts; the values, or undefined when the answer is not one value per text. */
async function callBatch(
  client: BulkClient,
  task: string,
  args: Record<string, unknown>,
  options: Options,
  n: number,
): Promise<unknown[] | undefined> {
  if (task === "featureExtraction") {
    const v = await client.call(task, args, options);
    return Array.isArray(v) && v.length === n && v.every(Array.isArray) ? v : undefined;
  }
  const [a, o] = client.prep(args, options);
  // The method keeps the first list of a list answer; a batch needs all of them.
  const v = await runTask(TEXT_CLASSIFICATION, a, o, (x: unknown) => x);
  return Array.isArray(v) && v.length === n && v.every(isLabelScores) ? v : undefined;
}

/** A text of the arguments without `inputs`, or undefined when they hold anything but plain JSON data. */
function batchKey(args: unknown): string | undefined {
  if (!args || typeof args !== "object" || typeof (args as { inputs?: unknown }).inputs !== "string") return;
  const plain = (v: unknown): boolean =>
    v === null ||
    ["string", "number", "boolean", "undefined"].includes(typeof v) ||
    (Array.isArray(v) && v.every(plain)) ||
    (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && Object.values(v!).every(plain));
  const { inputs: _, ...rest } = args as Record<string, unknown>;
  return plain(rest) ? JSON.stringify(rest) : undefined;
}

function count(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new InferenceClientInputError(`${name} must be an integer of at least 1`);
  return value;
}

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new DOMException("The bulk work was aborted", "AbortError");

/** The engine of both forms: items of `source` in, outcomes out (in finishing order, or input order). */
export async function* bulkIter(
  client: BulkClient,
  task: string,
  source: AsyncIterable<unknown> | Iterable<unknown>,
  bulk: BulkIterOptions<Options> = {},
  knownTotal?: number,
): AsyncGenerator<BulkItem<unknown>> {
  if (
    typeof task !== "string" ||
    !/^[a-z][A-Za-z]*$/.test(task) ||
    !client.has(task) ||
    ["map", "mapIter", "request", "endpoint", "streamingRequest"].includes(task)
  ) {
    throw new InferenceClientInputError(`taskName must name a task method of the client, got ${JSON.stringify(task)}`);
  }
  const concurrency = count(bulk.concurrency, "concurrency", 4);
  const splitFor = BATCHABLE[task];
  // A task that takes no list runs its items one by one, whatever the batch size.
  const asked = count(bulk.batchSize, "batchSize", 1);
  const batchSize = splitFor ? asked : 1;
  const limit = concurrency * batchSize;
  const { signal, onProgress } = bulk;
  // Calls see the work's signal, the call options' own, and a stop for a loop left early (break).
  // (Linked by hand: AbortSignal.any is missing before Node 20.3.)
  const stop = new AbortController();
  const unlink = [signal, bulk.options?.signal].map((s) => {
    if (s?.aborted) stop.abort(s.reason);
    return s ? onAbort(s, () => stop.abort(s.reason)) : () => {};
  });
  const options: Options = { ...bulk.options, signal: stop.signal };

  const it =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<unknown>)[Symbol.iterator]();
  let exhausted = false;
  /** An item read that belongs to the next unit. */
  let carried: { index: number; args: unknown; key: string | undefined } | undefined;
  let read = 0;
  /** Items read and not yet yielded. */
  let ahead = 0;
  let running = 0;
  let done = 0;
  let failed = 0;
  const finished = new Map<number, BulkItem<unknown>>();
  const order: number[] = [];
  let next = 0;
  let wake: (() => void) | undefined;

  const settle = (item: BulkItem<unknown>) => {
    finished.set(item.index, item);
    if (!bulk.ordered) order.push(item.index);
    done++;
    if (item.error) failed++;
    onProgress?.({ done, failed, total: knownTotal ?? read });
    wake?.();
  };
  const single = (index: number, args: unknown) =>
    Promise.resolve()
      .then(() => client.call(task, args, options))
      .then(
        (value) => settle({ index, value }),
        (e: unknown) => settle({ index, error: e instanceof Error ? e : new Error(String(e)) }),
      );

  async function runUnit(unit: { index: number; args: unknown }[]): Promise<void> {
    if (unit.length > 1) {
      const base = unit[0]!.args as Record<string, unknown>;
      const args = { ...base, inputs: unit.map((u) => (u.args as { inputs: string }).inputs) };
      const split = splitFor!(client.prep(base, undefined)[0])!;
      const values = await callBatch(client, task, args, options, unit.length).catch(() => undefined);
      if (values) return unit.forEach((u, i) => settle({ index: u.index, value: split(values[i]) }));
      // The batch failed: each item on its own, so that one bad input does not fail the others.
    }
    for (const u of unit) {
      if (signal?.aborted) settle({ index: u.index, error: abortError(signal) });
      else await single(u.index, u.args);
    }
  }

  async function readOne(): Promise<typeof carried> {
    if (exhausted || ahead >= limit) return;
    const r = await it.next();
    if (r.done) {
      exhausted = true;
      return;
    }
    ahead++;
    const index = read++;
    const key = batchSize > 1 && splitFor?.(client.prep(Object(r.value), undefined)[0]) ? batchKey(r.value) : undefined;
    return { index, args: r.value, key };
  }

  /** The next unit: one item, or consecutive items of one batch key. */
  async function nextUnit(): Promise<{ index: number; args: unknown }[] | undefined> {
    const first = carried ?? (await readOne());
    carried = undefined;
    if (!first) return;
    const unit = [first];
    while (first.key !== undefined && unit.length < batchSize && !signal?.aborted) {
      const item = await readOne();
      if (!item) break;
      if (item.key !== first.key) {
        carried = item;
        break;
      }
      unit.push(item);
    }
    return unit;
  }

  try {
    const readyIndex = () => (bulk.ordered ? (finished.has(next) ? next : undefined) : order[0]);
    for (;;) {
      if (signal?.aborted && carried) {
        settle({ index: carried.index, error: abortError(signal) });
        carried = undefined;
      }
      // What is ready goes out first: a full batch then has room within the read-ahead bound.
      const ready = readyIndex();
      if (ready !== undefined) {
        const item = finished.get(ready)!;
        finished.delete(ready);
        if (bulk.ordered) next++;
        else order.shift();
        ahead--;
        yield item;
        continue;
      }
      while (running < concurrency && !signal?.aborted) {
        const unit = await nextUnit();
        if (!unit) break;
        running++;
        void runUnit(unit).finally(() => {
          running--;
          wake?.();
        });
      }
      if (readyIndex() !== undefined || (signal?.aborted && carried)) continue;
      // Nothing in flight and nothing to yield: the input is exhausted (or the work aborted).
      if (running === 0) break;
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    // Left early: calls in flight are aborted, the input is closed.
    if (running) stop.abort();
    for (const f of unlink) f();
    if (!exhausted) await (it as AsyncIterator<unknown>).return?.();
  }
}

/** `map`: every item's outcome, in input order. */
export async function bulkMap(
  client: BulkClient,
  task: string,
  list: readonly unknown[],
  bulk: BulkOptions<Options> = {},
): Promise<BulkResult<unknown>[]> {
  if (!Array.isArray(list)) throw new InferenceClientInputError("argsList must be an array");
  const results: BulkResult<unknown>[] = Array.from({ length: list.length });
  for await (const { index, ...result } of bulkIter(client, task, list, bulk, list.length)) results[index] = result;
  const { signal } = bulk;
  for (let i = 0; i < list.length; i++)
    results[i] ??= { error: signal?.aborted ? abortError(signal) : new Error("not run") };
  return results;
}
