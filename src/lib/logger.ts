/**
 * The logger set with `setLogger`, kept for code written against `@huggingface/inference`. This library
 * logs nothing on its own: the logger is stored (and returned by `getLogger`) so that callers migrating
 * from the reference keep a working call, and so a future deprecation notice has a place to go.
 */
import type { Logger } from "../types.js";

let current: Logger | undefined;

/**
 * Sets the logger (the shape of `console`). Accepted for compatibility with `@huggingface/inference`; this
 * library does not log on its own, so nothing is written to it today.
 * @example
 * setLogger({ debug() {}, info() {}, warn: console.warn, error: console.error, log() {} });
 */
export function setLogger(logger: Logger): void {
  current = logger;
}

/** The logger set with `setLogger`, or undefined when none was set. */
export function getLogger(): Logger | undefined {
  return current;
}
