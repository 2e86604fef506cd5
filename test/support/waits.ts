/**
 * The client's waits made fast for the tests of a file (test/support/fast-waits.ts, installed and removed by
 * vitest hooks).
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { fastWaits, type AskedWaits, type WaitScale } from "./fast-waits.js";

export { fastWaits, type AskedWaits, type WaitScale } from "./fast-waits.js";

/**
 * Fast waits for each test of a file (`"each"`, the default: cleared before every test), or for the whole file
 * (`"all"`). The returned delays are those of the running test (or file); `restore()` gives a test real waits.
 */
export function useFastWaits(scale: WaitScale = {}, per: "each" | "all" = "each"): AskedWaits & { restore(): void } {
  const asked: AskedWaits & { restore(): void } = { retry: [], poll: [], restore: () => installed?.restore() };
  let installed: ReturnType<typeof fastWaits> | undefined;
  const install = () => {
    installed = fastWaits(scale);
    // The caller's handle reads the live lists of the running installation.
    asked.retry = installed.retry;
    asked.poll = installed.poll;
  };
  const remove = () => asked.restore();
  if (per === "each") {
    beforeEach(install);
    afterEach(remove);
  } else {
    beforeAll(install);
    afterAll(remove);
  }
  return asked;
}
