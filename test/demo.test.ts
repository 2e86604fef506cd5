/** `npm run demo` is one of the README's two first commands: it must keep working (it runs the built dist/). */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const built = existsSync(new URL("../dist/index.js", import.meta.url));

describe("the demo", () => {
  it.skipIf(!built)("runs offline against the mock provider and tours every section", async () => {
    const { stdout } = await run(process.execPath, ["examples/demo.mjs"], { timeout: 30_000 });
    for (const section of [
      "chatCompletion through the router",
      "chatCompletionStream",
      "a local OpenAI-compatible server",
      "a rate limit, retried with Retry-After",
      "an error you can act on",
      "featureExtraction",
      "textToImage on fal-ai",
      "provider fallback",
      "the openai SDK's call shape",
    ]) {
      expect(stdout).toContain(`== ${section}`);
    }
    expect(stdout).toContain("Bearer [redacted]");
    expect(stdout).not.toContain("hf_demo_token");
    expect(stdout).toMatch(/got a image\/png image of \d+ bytes/);
  });
});
