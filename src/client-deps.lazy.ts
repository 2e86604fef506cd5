/**
 * client-deps.ts for the Node build (tsup.config.ts puts this module in its place): the same functions, standing
 * for those of the engine (src/engine.ts), which the first call loads (src/lazy.ts). Importing the package then
 * compiles only the client's shell, the errors, the checks and client-wide limits.
 */
import type * as Eager from "./client-deps.js";
import { TASK_NAMES } from "./tasks/names.js";
import { lazyCall, lazyStream, loadedEngine } from "./lazy.js";

type AnyTask = Eager.AnyTask;
type Name = keyof typeof TASK_NAMES;

const runners: Partial<Record<Name, AnyTask>> = {};

export const METHODS: typeof Eager.METHODS = TASK_NAMES;

export function taskRunner(name: Name): AnyTask {
  const pick = (e: typeof import("./engine.js")) => e.TASKS[name][0] as AnyTask;
  return (runners[name] ??= TASK_NAMES[name] ? lazyStream(pick) : lazyCall(pick));
}

export const request = lazyCall((e) => e.request) as typeof Eager.request;
export const streamingRequest = lazyStream((e) => e.streamingRequest) as typeof Eager.streamingRequest;
export const chatCompletion: typeof Eager.chatCompletion = lazyCall((e) => e.chatCompletion);
export const chatCompletionStream: typeof Eager.chatCompletionStream = lazyStream((e) => e.chatCompletionStream);
export const listModels: typeof Eager.listModels = lazyCall((e) => e.listModels);
export const getModel: typeof Eager.getModel = lazyCall((e) => e.getModel);
export const bulkMap: typeof Eager.bulkMap = lazyCall((e) => e.bulkMap);
export const bulkIter = lazyStream((e) => e.bulkIter) as typeof Eager.bulkIter;
/** Only the engine's runner calls it, so the engine is loaded by then. */
export const viaProxy: typeof Eager.viaProxy = (...a) => loadedEngine()!.proxyCall(...a);

// The two modules export the same names with the same types (a type error here otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type MatchesEager = Assert<Same<typeof import("./client-deps.lazy.js"), typeof Eager>>;
