import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app` } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/integration/support/global-setup.ts", "tests/integration/support/build-once.ts"],
    // A focused test left in by mistake would silently skip the rest of the suite.
    allowOnly: false,
    pool: "forks",
    // Vitest keeps a CPU for itself by default, which on a 2-core machine means one test file at a
    // time; its main process does little here, and PostgreSQL runs apart: 610 s became 335 s.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
