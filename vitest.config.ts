import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real servers built on this machine: `npm run test:servers` (vitest.servers.config.ts).
    exclude: [...configDefaults.exclude, "test/servers/**"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "threads",
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
