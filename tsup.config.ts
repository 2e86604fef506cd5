import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";
// dist/modules/transport/clock.js is made from clock.bundled.ts: bundlers get no shared clock (see both).
import { clockForBundlers } from "./scripts/clock-for-bundlers.mjs";

const NODE_BUILTINS = [
  "node:http",
  "node:fs",
  "node:path",
  "node:process",
  "node:readline",
  "node:url",
  "node:stream",
  "node:buffer",
];

// Two builds. The library and the testing kit: ESM + CJS + .d.ts; the testing kit has two entries,
// testing/index (Node: with the loopback server) and testing/browser (no Node module; package.json's
// exports map serves it to every resolver without the `node` condition), which share one .d.ts and, with
// code splitting, one chunk of the mock's core; `treeshake` runs Rollup over esbuild's output, which drops unused
// code and keeps the `/* @__PURE__ */` and `@__NO_SIDE_EFFECTS__` annotations of the sources. Those
// matter to apps: dist/index.js is one flat file, where `"sideEffects": false` no longer drops whole
// modules, so an app's bundler drops an unused task table or adapter only if its top-level statement is
// side-effect free (test/bundle-size.test.ts measures bundles of dist/index.js and checks this). The
// command line (`bin`, dist/cli.js): one self-contained ESM file built on its own, so the library's files
// and chunks are exactly what they would be without it; its shebang comes from src/cli/main.ts. The
// library's clean step spares dist/cli.js, which the second build writes. `removeNodeProtocol: false`
// keeps `node:` in the built imports (tsup strips it by default), which Deno needs and which names a
// Node module for what it is.
// Node keeps a module's source text in the heap for as long as the module lives, one byte per character
// when the text is Latin-1 and two when a single character is not: one "…" in a regular expression doubled
// the main chunk's share of the heap after import (about 190 KB). esbuild escapes such characters in
// strings but leaves them in regular expression literals, so every emitted file is made ASCII here; a
// `\uXXXX` escape means the same character in a string, a template, a regular expression (with or without
// the `u` flag, where a surrogate pair still reads as one code point) and an identifier. No source uses
// `String.raw`, the one place where the escape would differ.
const asciiOnly: NonNullable<Options["plugins"]>[number] = {
  name: "ascii-only",
  renderChunk(code: string) {
    if (!/[^\0-\x7f]/.test(code)) return;
    return {
      code: code.replace(/[^\0-\x7f]/g, (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    };
  },
};

/**
 * The Node build's client loads the engine with its first call: client-deps.lazy.ts in place of client-deps.ts
 * (see both). Only for the build of dist/ with code splitting, where the engine becomes chunks of its own; an
 * app's bundler gets dist/modules/, whose client imports the engine directly.
 */
const lazyClientDeps: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "lazy-client-deps",
  setup(build) {
    build.onResolve({ filter: /^\.\/client-deps\.js$/ }, (args) =>
      args.importer.endsWith("client-deps.lazy.ts")
        ? undefined
        : { path: fileURLToPath(new URL("./src/client-deps.lazy.ts", import.meta.url)) },
    );
  },
};

export default defineConfig([
  {
    // The Node entry (src/index.node.ts) gives the same names as src/index.ts, whose types are published.
    entry: {
      index: "src/index.node.ts",
      "testing/index": "src/testing/index.ts",
      "testing/browser": "src/testing/browser.ts",
      "server/index": "src/server/index.ts",
      "otel/index": "src/otel/index.ts",
      "redis/index": "src/redis/index.ts",
    },
    format: ["esm", "cjs"],
    dts: {
      entry: {
        index: "src/index.ts",
        "testing/index": "src/testing/index.ts",
        "server/index": "src/server/index.ts",
        "otel/index": "src/otel/index.ts",
        "redis/index": "src/redis/index.ts",
      },
    },
    target: "es2022",
    platform: "neutral",
    splitting: true,
    sourcemap: false,
    clean: ["!cli.js", "!modules/**"],
    treeshake: true,
    external: NODE_BUILTINS,
    removeNodeProtocol: false,
    plugins: [asciiOnly],
    esbuildPlugins: [lazyClientDeps],
    // CommonJS loads the engine's chunk with require(), not import(): a CommonJS host without ES module
    // support in its module loader (Jest's default environment) can run it.
    esbuildOptions(options, { format }) {
      if (format === "cjs") options.supported = { ...options.supported, "dynamic-import": false };
    },
  },
  {
    // The ESM tree, one file per module of src/ (the command line's excepted), which package.json's
    // exports map gives to bundlers: with `"sideEffects": false` they drop whole unused modules, as they do
    // when bundling the sources, instead of relying on the annotations inside one flat file. Each file is
    // only transpiled (imports already name `.js` files), so the tree is src/ without types.
    entry: ["src/**/*.ts", "!src/cli/**"],
    outDir: "dist/modules",
    format: ["esm"],
    bundle: false,
    dts: false,
    target: "es2022",
    platform: "neutral",
    splitting: false,
    sourcemap: false,
    clean: true,
    treeshake: false,
    removeNodeProtocol: false,
    plugins: [asciiOnly],
    esbuildPlugins: [clockForBundlers],
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    dts: false,
    target: "es2022",
    platform: "node",
    splitting: false,
    sourcemap: false,
    clean: false,
    treeshake: true,
    removeNodeProtocol: false,
    plugins: [asciiOnly],
  },
]);
