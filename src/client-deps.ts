/**
 * What the client calls to do the work of a call: the task functions by method name, the generic requests, the
 * catalog, bulk work, the browser side of `proxyUrl` and the chat task for `client.chat.completions`.
 *
 * This module imports them; the Node build (tsup.config.ts) puts client-deps.lazy.ts in its place, which loads
 * them with the first call, so that importing the package compiles none of it. Bundlers get this one: a
 * dynamic import in their module graph would wrap every module under it in a lazy initialiser (larger
 * bundles, even for a program that never builds a client). The two export the same names with the same types
 * (client-deps.lazy.ts checks it).
 */
import type { Options } from "./types.js";
import { TASKS } from "./tasks/list.js";
import type { TASK_NAMES } from "./tasks/names.js";

export { request, streamingRequest } from "./tasks/custom/request.js";
export { chatCompletion, chatCompletionStream } from "./tasks/nlp/chat-completion.js";
export { listModels, getModel } from "./catalog.js";
export { bulkIter, bulkMap } from "./bulk.js";
export { proxyCall as viaProxy } from "./tasks/proxy.js";

/** A task method's function, as the client calls it. */
export type AnyTask = (args: object, options?: Options) => any;

/** The task methods by name (the keys are what the client reads). */
export const METHODS: { readonly [K in keyof typeof TASK_NAMES]: unknown } = TASKS;

/** The task function of a method name. */
export function taskRunner(name: keyof typeof TASK_NAMES): AnyTask {
  return TASKS[name][0] as AnyTask;
}
