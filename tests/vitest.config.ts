import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Each database's authorisation matrix and generated requests (two and a half and one minute
 * each) start first, one per worker, and the rest fill in around them. Without durations from an
 * earlier run (a clean clone, as in CI) vitest starts the largest files first, and these four are
 * small files that run a shared suite: they would start last and run alone at the end.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const longest = (file: TestSpecification) => /\/(authorization-matrix|input-fuzz)(-postgres)?\.test\.ts$/.test(file.moduleId);
    return [...sorted.filter(longest).sort((a, b) => a.moduleId.localeCompare(b.moduleId)), ...sorted.filter((file) => !longest(file))];
  }
}

export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app` } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "bench/**/*.test.ts", "db/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/integration/support/global-setup.ts", "tests/integration/support/build-once.ts"],
    // A focused test left in by mistake would silently skip the rest of the suite.
    allowOnly: false,
    sequence: { sequencer: LongestFirst },
    pool: "forks",
    // Vitest keeps a CPU for itself by default, which on a 2-core machine means one test file at a
    // time; its main process does little here, and PostgreSQL runs apart: 610 s became 335 s.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
