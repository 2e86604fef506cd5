/** The tasks the proxy handler can run (the library's list of tasks): method name -> pipeline task, function. */
import { TASKS } from "../tasks/list.js";

/** A task the proxy handler can run (`SERVER_TASKS`). */
export interface ServerTask {
  /** The client method name, e.g. `chatCompletion`. */
  method: string;
  /** The pipeline task, e.g. `conversational`. */
  task: string;
  /** Whether it answers a stream (the `...Stream` methods). */
  stream: boolean;
  /** Runs the task function with the checked arguments and options. */
  run: (args: any, options: any) => any;
}

/** Every task the handler serves, by method name. */
export const SERVER_TASKS: ReadonlyMap<string, ServerTask> = new Map(
  Object.entries(TASKS).map(([method, [run, def, stream]]) => [
    method,
    { method, task: def.task, stream: !!stream, run: run as ServerTask["run"] },
  ]),
);

/** The task a path segment names: a method name, or a pipeline task (its streaming form when `stream`). */
export function findTask(name: string, stream: boolean): ServerTask | undefined {
  const byMethod = SERVER_TASKS.get(name);
  if (byMethod) return byMethod;
  for (const t of SERVER_TASKS.values()) if (t.task === name && t.stream === stream) return t;
  return undefined;
}
