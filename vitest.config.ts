import { defineConfig } from "vitest/config";

// The JSON report is what .ci/run counts; CI does not read vitest's own summary.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
