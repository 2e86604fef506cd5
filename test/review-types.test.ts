/**
 * Compatibility names of `@huggingface/inference` that user code may import: `setLogger` and its `Logger`
 * type, and the helper parameter types `HeaderParams`, `UrlParams` and `BodyParams`. Type-checked by
 * `tsc` (tests are part of the project) and run by vitest.
 */
import * as reference from "@huggingface/inference";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as ours from "../src/index.js";
import {
  setLogger,
  type BodyParams,
  type HeaderParams,
  type InferenceProviderMappingEntry,
  type Logger,
  type UrlParams,
} from "../src/index.js";
import { getLogger } from "../src/lib/logger.js";
import type {
  BodyParams as RefBodyParams,
  HeaderParams as RefHeaderParams,
  Logger as RefLogger,
  UrlParams as RefUrlParams,
} from "@huggingface/inference";

describe("compatibility exports", () => {
  it("setLogger takes console or any Logger, stores it, and returns nothing", () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m) => lines.push(m),
      info: (m) => lines.push(m),
      warn: (m) => lines.push(m),
      error: (m) => lines.push(m),
      log: (m) => lines.push(m),
    };
    expect(setLogger(logger)).toBeUndefined();
    expect(getLogger()).toBe(logger);
    setLogger(console);
    expect(getLogger()).toBe(console);
    expect(lines).toEqual([]);
    expectTypeOf(setLogger).parameter(0).toEqualTypeOf<Logger>();
  });

  it("the helper parameter types match the reference's", () => {
    expectTypeOf<Logger>().toEqualTypeOf<RefLogger>();
    expectTypeOf<HeaderParams>().toEqualTypeOf<RefHeaderParams>();
    expectTypeOf<UrlParams["model"]>().toEqualTypeOf<RefUrlParams["model"]>();
    expectTypeOf<UrlParams["authMethod"]>().toEqualTypeOf<RefUrlParams["authMethod"]>();
    expectTypeOf<BodyParams["args"]>().toEqualTypeOf<RefBodyParams["args"]>();
    expectTypeOf<BodyParams["mapping"]>().toEqualTypeOf<InferenceProviderMappingEntry | undefined>();
    // Type-level checks: `npm run check` type-checks the tests, and a mismatch above or below fails it.
    const h: HeaderParams = { accessToken: "hf_x", authMethod: "hf-token" };
    const u: UrlParams = { authMethod: "provider-key", model: "m", task: "text-to-image" };
    const b: BodyParams<{ inputs: string }> = { args: { inputs: "x" }, model: "m", outputType: "blob" };
    void [h, u, b];
  });

  it("every value the reference exports is exported here, except its helper registry and snippets", () => {
    const absent = new Set([
      "PROVIDERS",
      "getProviderHelper",
      "makeRequestOptions",
      "makeRequestOptionsFromResolvedModel",
      "snippets",
    ]);
    const missing = Object.keys(reference).filter((k) => !absent.has(k) && !(k in ours));
    expect(missing).toEqual([]);
  });
});
