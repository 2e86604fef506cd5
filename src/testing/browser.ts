/**
 * `unified-inference/testing` for browsers, workers and edge runtimes (the package's exports map serves it
 * to every resolver without the `node` condition). The same exports as ./index.ts, with no Node module:
 * `createMockFetch()` is the mock in-process; `startMockProvider()`, which needs a server, rejects.
 */
import type { MockProvider } from "./server.js";

export * from "./exports.js";
export type { MockProvider } from "./server.js";

/** Not available here: the loopback server needs Node's HTTP server. Use `createMockFetch()` instead. */
export async function startMockProvider(_options: { port?: number; host?: string } = {}): Promise<MockProvider> {
  throw new Error(
    "startMockProvider() needs Node's HTTP server, and this is the build of unified-inference/testing for " +
      "browsers and workers (resolved without the 'node' export condition): use createMockFetch() here.",
  );
}
