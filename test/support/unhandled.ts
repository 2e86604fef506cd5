/** Unhandled rejections while a file's tests run: a call that settled must leave none behind. */
import { afterAll, beforeAll, expect } from "vitest";

/**
 * Records every unhandled rejection from the file's start to its end, and fails the file if there was any.
 * Call it at the top of the file: its `afterAll` then runs after the file's own (a server closed there is
 * watched too). Returns the list, for a file that checks it after each test as well.
 */
export function watchUnhandledRejections(): readonly unknown[] {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => void unhandled.push(e);
  beforeAll(() => void process.on("unhandledRejection", record));
  afterAll(() => {
    process.off("unhandledRejection", record);
    expect(unhandled).toEqual([]);
  });
  return unhandled;
}
