/**
 * A task as a declaration: its definition (pipeline task, timeout, adapters per provider), the check of its
 * arguments and the check of its answer. `defineTask` makes the standalone task function of them; the generic
 * runner (run.ts) validates the options, routes, sends and reads.
 */
import type { ArgsCheck, OutputCheck } from "../contracts/task.js";
import type { BaseArgs, Options } from "../types.js";
import { runTask, type TaskDef } from "./run.js";

/** The standalone function of a task: `args` checked by `check` (if any), the answer by `output`. */
/* @__NO_SIDE_EFFECTS__ */
export function defineTask<A, O>(
  def: TaskDef,
  check: ArgsCheck<A> | undefined,
  output: OutputCheck<O>,
): (args: A, options?: Options) => Promise<O> {
  // An async function: a failed check rejects the promise, as every task function does.
  return async (args, options) =>
    runTask(def, (check?.(args) ?? args) as BaseArgs & Record<string, unknown>, options, output);
}
