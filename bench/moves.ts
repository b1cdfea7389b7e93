// How many moves per second the app sustains: 32 signed-in clients move cards of a 1,000-card
// board over HTTP as fast as the server answers, through the same action the board's drag and
// drop uses. Prints figures next to the target; asserts nothing.
//
//   npx tsx bench/moves.ts
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/moves.ts

import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { moveAssignment } from "../app/models/assignment.server";
import { findActorBySessionToken } from "../app/models/person.server";
import { hashToken, newToken } from "../app/utils/session.server";
import { createPostgresBench, openPgliteBench, type BenchDatabase } from "./support/databases";
import { createBenchPlan } from "./support/plan";
import { ensureBuild, startServer } from "./support/server";
import { createPassword } from "./support/sign-in";
import { formatCount, formatMs, formatTable, median, percentile } from "./support/stats";

const root = fileURLToPath(new URL("..", import.meta.url));
const CLIENTS = 32;
const CARDS = 1000;
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;
const TARGET_MOVES_PER_SECOND = 400;
const TARGET_STATEMENTS = 6;

interface Card {
  id: string;
  version: number;
  columnIndex: number;
  focusAreaId: string;
}

interface Result {
  database: string;
  statements: number;
  moves: number;
  refused: number;
  failed: number;
  seconds: number;
  latencies: number[];
}

async function signInOverHttp(origin: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/login`, {
    method: "POST",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "password", email, password }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`signing in answered ${response.status}`);
  return cookie;
}

/** Statements one move sends inside the app: the session lookup, then the move's transaction. */
async function statementsPerMove(bench: BenchDatabase, planId: string, personId: string, card: Card, columnIds: string[]) {
  const token = newToken();
  await bench.db.insertInto("sessions").values({ id_hash: hashToken(token), person_id: personId, auth_method: "password", expires_at: new Date(Date.now() + 60_000) }).execute();
  bench.statements.length = 0;
  const actor = await findActorBySessionToken(bench.db, hashToken(token));
  if (!actor) throw new Error("no actor");
  const toColumn = (card.columnIndex + 1) % columnIds.length;
  const moved = await moveAssignment(bench.db, actor, {
    planId,
    assignmentId: card.id,
    version: card.version,
    toColumnId: columnIds[toColumn]!,
    toFocusAreaId: card.focusAreaId,
    placement: { afterId: null },
  });
  card.version = moved.version;
  card.columnIndex = toColumn;
  return bench.statements.length;
}

async function run(bench: BenchDatabase): Promise<Result> {
  const plan = await createBenchPlan(bench.db, { cards: CARDS });
  const credentials = await createPassword(bench.db, plan.viewer);
  const columnIds = (await bench.db.selectFrom("board_columns").select("id").where("plan_id", "=", plan.planId).orderBy("position").execute()).map((c) => c.id);
  const cards: Card[] = (
    await bench.db.selectFrom("assignments").select(["id", "version", "column_id", "focus_area_id"]).where("plan_id", "=", plan.planId).execute()
  ).map((card) => ({ id: card.id, version: card.version, columnIndex: columnIds.indexOf(card.column_id), focusAreaId: card.focus_area_id }));
  const statements = await statementsPerMove(bench, plan.planId, plan.viewer.id, cards[0]!, columnIds);

  // The app gets the database to itself: PGlite's directory can be open in one process only.
  const dataDir = await mkdtemp(join(tmpdir(), "planboard-moves-"));
  let serverDataDir = dataDir;
  if (!bench.url) {
    await bench.db.destroy();
    serverDataDir = (bench as BenchDatabase & { dataDir?: string }).dataDir ?? dataDir;
  }
  const server = await startServer({ root, dataDir: serverDataDir, databaseUrl: bench.url ?? undefined });
  try {
    const cookie = await signInOverHttp(server.origin, credentials.email, credentials.password);
    const action = `${server.origin}/plans/${plan.planId}?_data=${encodeURIComponent("routes/plans.$planId")}`;
    const latencies: number[] = [];
    let moves = 0;
    let refused = 0;
    let failed = 0;
    const started = performance.now();
    const measureFrom = started + WARMUP_MS;
    const stopAt = measureFrom + MEASURE_MS;

    // Each client moves its own cards, so refusals would mean a bug, not contention.
    const client = async (index: number) => {
      const own = cards.filter((_, cardIndex) => cardIndex % CLIENTS === index);
      for (let turn = 0; performance.now() < stopAt; turn++) {
        const card = own[turn % own.length]!;
        const toColumn = (card.columnIndex + 1) % columnIds.length;
        const sent = performance.now();
        const response = await fetch(action, {
          method: "POST",
          headers: { Origin: server.origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            intent: "move",
            assignmentId: card.id,
            version: String(card.version),
            toColumnId: columnIds[toColumn]!,
            toFocusAreaId: card.focusAreaId,
            afterId: "start",
          }),
        }).catch(() => null);
        const answered = performance.now();
        const measured = sent >= measureFrom && answered <= stopAt;
        if (response?.ok) {
          const body = (await response.json()) as { version?: number };
          card.version = body.version ?? card.version + 1;
          card.columnIndex = toColumn;
          if (measured) {
            moves += 1;
            latencies.push(answered - sent);
          }
        } else {
          await response?.body?.cancel();
          if (measured) {
            if (response && response.status >= 400 && response.status < 500) refused += 1;
            else failed += 1;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    return { database: bench.label, statements, moves, refused, failed, seconds: MEASURE_MS / 1000, latencies };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  ensureBuild(root);
  const results: Result[] = [];
  const pgliteDir = await mkdtemp(join(tmpdir(), "planboard-moves-pglite-"));
  try {
    const pglite = Object.assign(await openPgliteBench(pgliteDir), { dataDir: pgliteDir });
    results.push(await run(pglite));
  } finally {
    await rm(pgliteDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_DATABASE_URL) {
    const postgres = await createPostgresBench(process.env.BENCH_DATABASE_URL);
    try {
      results.push(await run(postgres));
    } finally {
      await postgres.close();
    }
  }

  console.log(`\nMoves over HTTP: ${CLIENTS} clients, ${formatCount(CARDS)}-card board, ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured`);
  console.log(
    formatTable([
      ["database", "moves/s", "latency median", "latency p95", "refused", "failed", "statements per move"],
      ...results.map((result) => [
        result.database,
        formatCount(Math.round(result.moves / result.seconds)),
        formatMs(median(result.latencies)),
        formatMs(percentile(result.latencies, 95)),
        formatCount(result.refused),
        formatCount(result.failed),
        String(result.statements),
      ]),
    ]),
  );
  console.log(`\nSummary (${availableParallelism()} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(" ")})`);
  console.log(
    formatTable(
      results.flatMap((result) => {
        const perSecond = result.moves / result.seconds;
        return [
          [`moves/s at ${CLIENTS} clients, ${result.database}`, formatCount(Math.round(perSecond)), `≥ ${TARGET_MOVES_PER_SECOND}`, perSecond >= TARGET_MOVES_PER_SECOND ? "ok" : "UNDER"],
          [`statements per move, ${result.database}`, String(result.statements), `≤ ${TARGET_STATEMENTS}`, result.statements <= TARGET_STATEMENTS ? "ok" : "OVER"],
        ];
      }),
    ),
  );
}

await main();
