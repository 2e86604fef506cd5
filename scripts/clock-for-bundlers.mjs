// An esbuild plugin: src/transport/clock.ts is loaded as src/transport/clock.bundled.ts. The build of the
// module tree that bundlers get (dist/modules/, tsup.config.ts) uses it, and so do the bundle measures made
// from the sources (test/bundle-size.test.ts, bench/footprint.mjs), so that they measure what an app's
// bundler gets: no shared clock (see both files).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundled = fileURLToPath(new URL("../src/transport/clock.bundled.ts", import.meta.url));

/** @type {import("esbuild").Plugin} */
export const clockForBundlers = {
  name: "clock-for-bundlers",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]transport[\\/]clock\.ts$/ }, () => ({
      contents: readFileSync(bundled, "utf8"),
      loader: "ts",
    }));
  },
};
