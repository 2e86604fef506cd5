import { configDefaults, defineConfig } from "vitest/config";

/**
 * Tests against real servers built on this machine (`npm run test:servers`, after scripts/llama/setup.mjs):
 * slower, and not part of `npm test`.
 */
export default defineConfig({
  test: {
    include: ["test/servers/**/*.test.ts"],
    exclude: configDefaults.exclude,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
