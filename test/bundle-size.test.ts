// Bundle-size budgets: what a browser app pays for a chat-only import and for the whole client, bundled
// from src the way an app's bundler would (esbuild, minified, ESM, browser) and gzipped. Sizes only, no timing.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

/** Budgets in bytes of gzip (1 KB = 1024 bytes). */
const BUDGETS = {
  chatOnly: 5 * 1024,
  wholeClient: 25 * 1024,
} as const;

const root = fileURLToPath(new URL("..", import.meta.url));
const index = fileURLToPath(new URL("../src/index.ts", import.meta.url));

interface Measured {
  minified: number;
  gzip: number;
  metafile: Metafile;
}

async function measure(entry: string): Promise<Measured> {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0]!.contents;
  return { minified: bytes.byteLength, gzip: gzipSync(bytes).byteLength, metafile: result.metafile };
}

/** The modules that weigh most in the bundle, for the failure message. */
function heaviest(metafile: Metafile, count = 12): string {
  const output = Object.values(metafile.outputs)[0];
  if (!output) return "";
  return Object.entries(output.inputs)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, count)
    .map(([file, info]) => `  ${String(info.bytesInOutput).padStart(6)} B minified  ${file}`)
    .join("\n");
}

function report(name: string, m: Measured, budget: number): string {
  return (
    `${name}: ${m.gzip} B gzip (${(m.gzip / 1024).toFixed(2)} KB; ${m.minified} B minified), ` +
    `budget ${budget} B gzip (${budget / 1024} KB), over by ${m.gzip - budget} B.\nHeaviest modules:\n${heaviest(m.metafile)}`
  );
}

describe("bundle size (esbuild, minified, browser, ESM, gzip)", () => {
  it(`a chat-only import (chatCompletion) is at most ${BUDGETS.chatOnly / 1024} KB gzip`, async () => {
    const m = await measure(`export { chatCompletion } from ${JSON.stringify(index)};`);
    expect(m.gzip, report("chatCompletion", m, BUDGETS.chatOnly)).toBeLessThanOrEqual(BUDGETS.chatOnly);
  });

  it(`the whole client (InferenceClient) is at most ${BUDGETS.wholeClient / 1024} KB gzip`, async () => {
    const m = await measure(`export { InferenceClient } from ${JSON.stringify(index)};`);
    expect(m.gzip, report("InferenceClient", m, BUDGETS.wholeClient)).toBeLessThanOrEqual(BUDGETS.wholeClient);
  });
});
