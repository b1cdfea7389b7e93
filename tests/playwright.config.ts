import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = Number(process.env.E2E_PORT ?? 4173);
// One directory per port, so that runs on different ports do not share a database.
const dataDir = `.e2e-data/${port}`;

// Debian's Chromium where it is installed (CI, offline machines); otherwise Playwright's own browser.
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  outputDir: `${root}test-results`,
  fullyParallel: true,
  // The machines we run on are small and shared; a test waits on conditions, never on time, so a
  // generous ceiling only matters when something hangs.
  timeout: 60_000,
  // The same holds for one condition: in CI on a shared 2-core machine with two workers, a form
  // page that shows in under 1 s alone once failed to show within Playwright's default 5 s.
  expect: { timeout: 10_000 },
  forbidOnly: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? "list" : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    // Recorded for every test, traces made the tests take a third longer (board-work.spec.ts:
    // 142 s against 105 s); a failing test is run again with `--trace on` to see what it did.
    trace: "off",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // A fresh embedded database for every run: the demo data, plus a city-wide plan of 1,000
    // assignments to work the board at scale. `exec` makes the server the process Playwright
    // started, so it stops with the run instead of outliving its shell.
    command: `rm -rf ${dataDir} && npm run build && npm run db:seed -- --city-plan 1000 && exec node build/index.js`,
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { DATA_DIR: dataDir, PORT: String(port), PLANBOARD_DEMO: "1", NODE_ENV: "production" },
    stdout: "pipe",
  },
});
