// How fast a large board loads: loadBoard on PGlite (and PostgreSQL when BENCH_DATABASE_URL is
// set), then the built app in Chromium. Prints figures next to their targets; asserts nothing.
//
//   npx tsx bench/board-load.ts
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/board-load.ts

import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { loadBoard } from "../app/models/board.server";
import {
  launchChromium,
  measurePageLoad,
  measurePageScripts,
  newProbedContext,
  type PageLoad,
  type ScriptFile,
} from "./support/browser";
import { createPostgresBench, openPgliteBench, type BenchDatabase } from "./support/databases";
import { benchPlanShape, createBenchPlan } from "./support/plan";
import { ensureBuild, startServer } from "./support/server";
import { createPassword, signIn, type Credentials } from "./support/sign-in";
import { formatCount, formatKb, formatMs, formatTable, max, median, percentile } from "./support/stats";

const root = fileURLToPath(new URL("..", import.meta.url));
const sizes = [1000, 5000] as const;
type BoardSize = (typeof sizes)[number];
const serverRuns = { warmups: 3, measured: 20 };
const browserRuns = { warmups: 1, measured: 5 };
const targets = {
  statements: 5,
  interactiveMs: { 1000: 400, 5000: 1500 } satisfies Record<BoardSize, number>,
  scriptGzipBytes: 120_000,
};

interface BoardPlan {
  cards: BoardSize;
  planId: string;
  viewer: { id: string; email: string };
}

interface ServerFigures {
  database: string;
  cards: BoardSize;
  buildMs: number;
  statements: number;
  medianMs: number;
  p95Ms: number;
  boardJsonBytes: number;
}

interface BrowserFigures {
  cards: BoardSize;
  loads: PageLoad[];
}

/** Builds one plan per size, then times loadBoard on each and counts its statements. */
async function benchmarkServer(bench: BenchDatabase): Promise<{ figures: ServerFigures[]; plans: BoardPlan[] }> {
  const figures: ServerFigures[] = [];
  const plans: BoardPlan[] = [];
  for (const cards of sizes) {
    const buildStart = performance.now();
    const plan = await createBenchPlan(bench.db, { cards });
    const buildMs = performance.now() - buildStart;
    plans.push({ cards, planId: plan.planId, viewer: plan.viewer });

    bench.statements.length = 0;
    const board = await loadBoard(bench.db, plan.planId);
    const statements = bench.statements.length;
    if (board?.cards.length !== cards) throw new Error(`loadBoard found ${board?.cards.length ?? "no"} cards, expected ${cards}`);

    for (let run = 0; run < serverRuns.warmups; run++) await loadBoard(bench.db, plan.planId);
    const samples: number[] = [];
    for (let run = 0; run < serverRuns.measured; run++) {
      const start = performance.now();
      await loadBoard(bench.db, plan.planId);
      samples.push(performance.now() - start);
    }
    figures.push({
      database: bench.label,
      cards,
      buildMs,
      statements,
      medianMs: median(samples),
      p95Ms: percentile(samples, 95),
      boardJsonBytes: Buffer.byteLength(JSON.stringify(board)),
    });
  }
  return { figures, plans };
}

function printServerFigures(figures: ServerFigures[]) {
  console.log(`\nServer: loadBoard(db, planId), ${serverRuns.warmups} warm-up + ${serverRuns.measured} measured runs`);
  console.log(
    formatTable([
      ["database", "cards", "plan built in", "statements", "median", "p95", "board as JSON"],
      ...figures.map((row) => [
        row.database,
        formatCount(row.cards),
        formatMs(row.buildMs),
        String(row.statements),
        formatMs(row.medianMs),
        formatMs(row.p95Ms),
        formatKb(row.boardJsonBytes),
      ]),
    ]),
  );
}

/** Serves `dataDir` with the built app and loads each plan's board page in Chromium, signed in as its viewer. */
async function benchmarkBrowser(dataDir: string, plans: Array<BoardPlan & { credentials: Credentials }>) {
  ensureBuild(root);
  const app = await startServer({ root, dataDir });
  try {
    const chromium = await launchChromium();
    try {
      const figures: BrowserFigures[] = [];
      let scripts: ScriptFile[] = [];
      for (const { cards, planId, credentials } of plans) {
        const url = `${app.origin}/plans/${planId}`;
        const context = await newProbedContext(chromium);
        try {
          await signIn(context, app.origin, credentials);
          // A fresh server is slow on its first requests (JIT, caches): warm it up before the browser measures.
          for (let request = 0; request < 5; request++) await (await context.request.get(url)).body();
          if (scripts.length === 0) scripts = await measurePageScripts(context, url);
          const loads: PageLoad[] = [];
          for (let run = 0; run < browserRuns.warmups + browserRuns.measured; run++) {
            const load = await measurePageLoad(context, url);
            if (run >= browserRuns.warmups) loads.push(load);
          }
          figures.push({ cards, loads });
        } finally {
          await context.close();
        }
      }
      return { figures, scripts, chromiumVersion: chromium.version() };
    } finally {
      await chromium.close();
    }
  } finally {
    await app.stop();
  }
}

function printBrowserFigures(result: Awaited<ReturnType<typeof benchmarkBrowser>>) {
  const spread = (values: number[]) => `${formatMs(median(values))} / ${formatMs(max(values))}`;
  console.log(
    `\nBrowser: Chromium ${result.chromiumVersion}, /plans/<planId>, ${browserRuns.warmups} warm-up + ${browserRuns.measured} measured loads, fresh page each (median / max)`,
  );
  console.log(
    formatTable([
      ["cards", "interactive", "response start", "response end", "DOMContentLoaded", "HTML transferred", "HTML decoded"],
      ...result.figures.map(({ cards, loads }) => [
        formatCount(cards),
        spread(loads.map((load) => load.interactiveMs)),
        spread(loads.map((load) => load.responseStartMs)),
        spread(loads.map((load) => load.responseEndMs)),
        spread(loads.map((load) => load.domContentLoadedMs)),
        formatKb(median(loads.map((load) => load.htmlTransferBytes))),
        formatKb(median(loads.map((load) => load.htmlDecodedBytes))),
      ]),
    ]),
  );
  console.log("\nMain thread until interactive (Chromium's Performance metrics, median)");
  console.log(
    formatTable([
      ["cards", "tasks", "script", "style + layout", "other", "DOM nodes"],
      ...result.figures.map(({ cards, loads }) => {
        const threads = loads.map((load) => load.mainThread);
        return [
          formatCount(cards),
          formatMs(median(threads.map((thread) => thread.taskMs))),
          formatMs(median(threads.map((thread) => thread.scriptMs))),
          formatMs(median(threads.map((thread) => thread.styleAndLayoutMs))),
          formatMs(median(threads.map((thread) => thread.taskMs - thread.scriptMs - thread.styleAndLayoutMs))),
          formatCount(median(threads.map((thread) => thread.domNodes))),
        ];
      }),
    ]),
  );

  console.log("\nJavaScript the board page loads (gzip with node:zlib, default level)");
  const total = { bytes: 0, gzipBytes: 0 };
  for (const file of result.scripts) {
    total.bytes += file.bytes;
    total.gzipBytes += file.gzipBytes;
  }
  console.log(
    formatTable([
      ["file", "raw", "gzip"],
      ...result.scripts.map((file) => [new URL(file.url).pathname, formatKb(file.bytes), formatKb(file.gzipBytes)]),
      [`total (${result.scripts.length} files)`, formatKb(total.bytes), formatKb(total.gzipBytes)],
    ]),
  );
  return total.gzipBytes;
}

function verdict(ok: boolean) {
  return ok ? "ok" : "OVER";
}

function printSummary(
  serverFigures: ServerFigures[],
  browserResult: Awaited<ReturnType<typeof benchmarkBrowser>>,
  scriptGzipBytes: number,
) {
  const rows: string[][] = [["measure", "figure", "target", ""]];
  for (const row of serverFigures) {
    rows.push([
      `board load, ${formatCount(row.cards)} cards, ${row.database}`,
      `${row.statements} statements, median ${formatMs(row.medianMs)}`,
      `≤ ${targets.statements} statements`,
      verdict(row.statements <= targets.statements),
    ]);
  }
  for (const { cards, loads } of browserResult.figures) {
    const target = targets.interactiveMs[cards];
    const interactive = median(loads.map((load) => load.interactiveMs));
    rows.push([
      `interactive, ${formatCount(cards)} cards (median)`,
      formatMs(interactive),
      `≤ ${formatMs(target)}`,
      verdict(interactive <= target),
    ]);
  }
  rows.push([
    "JavaScript, gzip",
    formatKb(scriptGzipBytes),
    `≤ ${formatKb(targets.scriptGzipBytes)}`,
    verdict(scriptGzipBytes <= targets.scriptGzipBytes),
  ]);
  // Other work on the machine (a test run, a build) skews every figure: say how busy it was.
  console.log(`\nSummary (${availableParallelism()} CPUs, load average ${loadavg().map((load) => load.toFixed(1)).join(" ")})`);
  console.log(formatTable(rows));
}

async function main() {
  const { people, columns, focusAreas, groups } = benchPlanShape;
  console.log(
    `Planboard board-load benchmark: plans of ${sizes.map(formatCount).join(" and ")} cards, ${columns} columns, ${focusAreas} focus areas, ${groups} working groups, ${people} people`,
  );
  const dataDir = await mkdtemp(join(tmpdir(), "planboard-bench-"));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once("exit", removeDataDir);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

  const serverFigures: ServerFigures[] = [];
  const pglite = await openPgliteBench(dataDir);
  const plans: Array<BoardPlan & { credentials: Credentials }> = [];
  try {
    const result = await benchmarkServer(pglite);
    serverFigures.push(...result.figures);
    for (const plan of result.plans) plans.push({ ...plan, credentials: await createPassword(pglite.db, plan.viewer) });
  } finally {
    await pglite.close();
  }

  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) {
    const postgres = await createPostgresBench(postgresUrl);
    try {
      serverFigures.push(...(await benchmarkServer(postgres)).figures);
    } finally {
      await postgres.close();
    }
  }
  printServerFigures(serverFigures);

  // The browser is served the PGlite directory the server figures were taken on: the same plans.
  const browserResult = await benchmarkBrowser(dataDir, plans);
  const scriptGzipBytes = printBrowserFigures(browserResult);
  printSummary(serverFigures, browserResult, scriptGzipBytes);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
