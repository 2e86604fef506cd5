/**
 * The reference (`@huggingface/inference`) in differential tests: quiet, and, when it looks up a default
 * model with the global fetch (it takes no custom fetch for that), answered by the mock provider.
 */
import { setLogger } from "@huggingface/inference";
import { afterAll, beforeAll } from "vitest";

const silent = { debug() {}, info() {}, warn() {}, error() {}, log() {} };

/** While the file's tests run, the reference logs nothing (its warnings about deprecated forms included). */
export function quietReference(): void {
  beforeAll(() => setLogger(silent));
  afterAll(() => setLogger(console));
}

/**
 * {@link quietReference}, and the global fetch is `fetch` (read when the file's tests start, e.g. the mock
 * provider's) until they end.
 */
export function referenceOn(fetch: { readonly fetch: typeof globalThis.fetch }): void {
  quietReference();
  let saved: typeof globalThis.fetch;
  beforeAll(() => {
    saved = globalThis.fetch;
    globalThis.fetch = fetch.fetch;
  });
  afterAll(() => {
    globalThis.fetch = saved;
  });
}
