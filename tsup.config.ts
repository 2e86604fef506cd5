import { defineConfig } from "tsup";

// Two entries: the library and the testing kit. ESM + CJS + .d.ts.
// Code splitting keeps shared chunks shared between the two ESM entries;
// `treeshake` lets esbuild drop unused provider adapters from each chunk.
export default defineConfig({
  entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" } },
  target: "es2022",
  platform: "neutral",
  splitting: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
  external: [
    "node:http",
    "node:fs",
    "node:path",
    "node:process",
    "node:readline",
    "node:url",
    "node:stream",
    "node:buffer",
  ],
});
