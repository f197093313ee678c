import { defineConfig } from "vitest/config";

// End-to-end tests against real time-series databases (tools/e2e/install-tools.sh installs them).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
