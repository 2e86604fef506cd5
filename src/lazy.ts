/**
 * The engine (src/engine.ts), loaded with the first call that needs it, and functions that stand for its
 * functions until then. Once it is loaded a call goes straight to the engine's function: the cost is one
 * test of a variable. A call made before runs when it has loaded (a task function is async: its promise
 * settles later, with the same value or error).
 */
import type * as Engine from "./engine.js";
import { records, type CallMeta } from "./transport/scope.js";

type EngineModule = typeof Engine;

let engine: EngineModule | undefined;
let loading: Promise<EngineModule> | undefined;

/** The engine, loaded once (a failed load is tried again by the next call). */
export function loadEngine(): Promise<EngineModule> {
  if (engine) return Promise.resolve(engine);
  return (loading ??= import("./engine.js").then(
    (m) => (engine = m),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  ));
}

/** The engine if it is loaded: code that only the engine calls (the proxy runner) finds it there. */
export function loadedEngine(): EngineModule | undefined {
  return engine;
}

/** A function that stands for the engine's async function `pick` gives. */
export function lazyCall<A extends unknown[], R>(
  pick: (e: EngineModule) => (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args) => (engine ? pick(engine)(...args) : loadEngine().then((e) => pick(e)(...args)));
}

/** A function that stands for the engine's function `pick` gives, which returns an async iterator. */
export function lazyStream<A extends unknown[], T>(
  pick: (e: EngineModule) => (...args: A) => AsyncGenerator<T, void, undefined>,
): (...args: A) => AsyncGenerator<T, void, undefined> {
  return (...args) => (engine ? pick(engine)(...args) : deferred(() => loadEngine().then((e) => pick(e)(...args))));
}

/**
 * An async iterator for one made later, by `open`, at the first `next()` (as a generator does nothing before
 * it). Calls go to that iterator in the order they were made; `return()` or `throw()` before the first
 * `next()` end it without opening it. `metaOf` finds the call's record on it as on the iterator it stands for.
 */
function deferred<T>(open: () => Promise<AsyncGenerator<T, void, undefined>>): AsyncGenerator<T, void, undefined> {
  let inner: Promise<AsyncGenerator<T, void, undefined>> | undefined;
  let over = false;
  const start = () =>
    (inner ??= open().then((s) => {
      const meta = records.get(s);
      if (meta) records.set(it, meta);
      return s;
    }));
  const it: AsyncGenerator<T, void, undefined> = {
    next: (...v: [] | [undefined]) =>
      over && !inner ? Promise.resolve({ value: undefined, done: true }) : start().then((s) => s.next(...v)),
    return: (value?: any) => {
      if (inner) return inner.then((s) => s.return(value));
      over = true;
      return Promise.resolve({ value, done: true });
    },
    throw: (e?: unknown) => {
      if (inner) return inner.then((s) => s.throw(e));
      over = true;
      return Promise.reject(e);
    },
    [Symbol.asyncIterator]: () => it,
  };
  // Like the stream it stands for, it has a record from the start (filled once the call runs).
  records.set(it, {} as CallMeta);
  return it;
}
