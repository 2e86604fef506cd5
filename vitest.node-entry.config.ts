// The whole suite again, against the Node entry (src/index.node.ts, what dist/index.js and dist/index.cjs are
// built from): every import of src/index.js gets it instead, and the client gets client-deps.lazy.ts, as in the
// Node build (tsup.config.ts). So the functions that stand for the engine's until the first call loads it are
// held to every test of the functions they stand for.
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig, type Plugin } from "vitest/config";
import base from "./vitest.config.js";

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

const nodeEntry: Plugin = {
  name: "node-entry",
  enforce: "pre",
  resolveId(id, importer) {
    if (!importer) return null;
    if (/\/src\/index\.js$/.test(id) && !importer.endsWith("index.node.ts")) return src("index.node.ts");
    if (id === "./client-deps.js" && !importer.endsWith("client-deps.lazy.ts")) return src("client-deps.lazy.ts");
    return null;
  },
};

export default mergeConfig(
  base,
  defineConfig({
    plugins: [nodeEntry],
    test: {
      // Tests that do not import src/index.js (sizes, layers, the built command line and package, docs) ran once.
      exclude: [
        "test/bundle-size.test.ts",
        "test/layers.test.ts",
        "test/cli*.test.ts",
        "test/packaging.test.ts",
        "test/demo.test.ts",
        "test/docs-sync.test.ts",
        "test/runtimes-docs.test.ts",
        "test/readme-support-table.test.ts",
        "test/node-entry.test.ts",
      ],
    },
  }),
);
