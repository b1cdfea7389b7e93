import { spawn } from "node:child_process";
import http from "node:http";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { moveAssignment } from "../../app/models/assignment.server";
import { loadBoard } from "../../app/models/board.server";
import { findActorBySessionToken } from "../../app/models/person.server";
import { cpuSpent, readCpu } from "./cpu";
import { withAdmin, type BenchDatabase, type Statement } from "./databases";
import { send } from "./http";
import type { PlanSnapshot } from "./moves";
import type { RunningServer } from "./server";
import type { Session } from "./sessions";
import { median, percentile } from "./stats";

export interface Timing {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export function timing(samples: readonly number[]): Timing {
  const mean = samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
  return { mean, p50: median(samples), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

/**
 * The plain-SQL floor of a board load: the statements loadBoard sends, captured once with their
 * parameters, then sent again and again straight through the driver (no Kysely, no Remix, no HTTP).
 */
export async function boardSqlFloor(bench: BenchDatabase, planId: string, viewerId: string, runs: number) {
  bench.statements.length = 0;
  await loadBoard(bench.db, planId, { viewerId });
  const statements = [...bench.statements];
  const rowsRead = async () => {
    let rows = 0;
    for (const statement of statements) rows += (await bench.raw(statement.sql, statement.parameters)).length;
    return rows;
  };
  for (let run = 0; run < 3; run++) await rowsRead();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await rowsRead();
    samples.push(performance.now() - start);
  }
  return { statements: statements.length, ...timing(samples) };
}

/** One move as the app makes it, in-process: the session lookup, then moveAssignment. */
async function moveOnce(bench: BenchDatabase, session: Session, planId: string, snapshot: PlanSnapshot, cardIndex: number) {
  const cards = [...snapshot.cards.values()];
  const card = cards[cardIndex % cards.length]!;
  const actor = await findActorBySessionToken(bench.db, session.tokenHash);
  if (!actor) throw new Error("the bench session has no actor");
  const toColumnId = snapshot.columnIds[(snapshot.columnIds.indexOf(card.columnId) + 1) % snapshot.columnIds.length]!;
  const moved = await moveAssignment(bench.db, actor, {
    planId,
    assignmentId: card.id,
    version: card.version,
    toColumnId,
    toFocusAreaId: card.focusAreaId,
    placement: { afterId: null },
  });
  const from = card.columnId;
  const versionBefore = card.version;
  card.columnId = toColumnId;
  card.version = moved.version;
  return { card, from, versionBefore, toColumnId, position: moved.position, actor };
}

export interface MoveFloor {
  method: string;
  movesPerSecond: number;
  latency: Timing;
  /** Each move's time, where the floor timed each one (PGlite's loop). */
  samples?: readonly number[];
}

/** PGlite's floor: moves made one after another in-process on one connection (PGlite has no other). */
export async function moveLoopFloor(bench: BenchDatabase, session: Session, planId: string, snapshot: PlanSnapshot, seconds: number): Promise<MoveFloor> {
  const samples: number[] = [];
  const stopAt = performance.now() + seconds * 1000;
  for (let index = 0; performance.now() < stopAt; index++) {
    const start = performance.now();
    await moveOnce(bench, session, planId, snapshot, index * 7);
    samples.push(performance.now() - start);
  }
  return { method: "in-process moveAssignment loop, 1 connection", movesPerSecond: samples.length / seconds, latency: timing(samples), samples };
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** `statement` with each `$n` replaced: a card's ids by pgbench variables, everything else by a literal. */
function forPgbench(statement: Statement, variables: Map<unknown, string>): string {
  return statement.sql
    .replace(/\$(\d+)/g, (_, index: string) => {
      const value = statement.parameters[Number(index) - 1];
      return variables.get(value) ?? literal(value);
    })
    .replace(/\s+/g, " ")
    .trim();
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * PostgreSQL's floor: pgbench with `clients` clients running a move's statements (captured from
 * one in-process move: the session lookup, the read, the write with its history row and NOTIFY)
 * on a copy of the database, for `seconds`. Each transaction first picks a random card, its
 * version and its next column (one extra statement); the new position key is made in SQL, where
 * the app makes it in JavaScript. Afterwards the copy must hold a history row for most of the
 * transactions: a write that matched no card would make the floor look cheaper than a move.
 */
export async function pgbenchFloor(options: {
  bench: BenchDatabase;
  serverUrl: string;
  session: Session;
  planId: string;
  snapshot: PlanSnapshot;
  clients: number;
  seconds: number;
}): Promise<MoveFloor> {
  const { bench, session, planId, snapshot } = options;
  if (!("databaseUrl" in bench.server)) throw new Error("pgbench needs PostgreSQL");
  bench.statements.length = 0;
  const move = await moveOnce(bench, session, planId, snapshot, 0);
  const captured = [...bench.statements];
  const variables = new Map<unknown, string>([
    [move.card.id, ":card_id"],
    [move.toColumnId, ":to_col"],
    [move.from, ":card_col"],
    [move.card.focusAreaId, ":card_fa"],
    [move.position, "('a0' || md5(random()::text))"],
    [move.versionBefore, ":card_version"],
  ]);
  const [lookup, ...moveStatements] = captured;
  if (!lookup || moveStatements.length === 0) {
    throw new Error(`a move sent ${captured.length} statements, not a lookup and then the move's:\n${captured.map((statement) => statement.sql).join("\n")}`);
  }
  const script = [
    `\\set n random(0, ${snapshot.cards.size - 1})`,
    `select a.id as card_id, a.version as card_version, a.column_id as card_col, a.focus_area_id as card_fa, coalesce(
      (select c.id from board_columns c where c.plan_id = a.plan_id and c.position > (select position from board_columns where id = a.column_id) order by c.position limit 1),
      (select c.id from board_columns c where c.plan_id = a.plan_id order by c.position limit 1)) as to_col
      from assignments a where a.id = (select id from bench_pick where n = :n) \\gset`.replace(/\s+/g, " "),
    `${forPgbench(lookup, variables)};`,
    ...moveStatements.map((statement) => `${forPgbench(statement, variables)};`),
  ].join("\n");

  const benchUrl = new URL(bench.server.databaseUrl);
  const source = benchUrl.pathname.slice(1);
  const copy = `${source}_copy`;
  const copyUrl = new URL(benchUrl);
  copyUrl.pathname = `/${copy}`;
  const directory = await mkdtemp(join(tmpdir(), "planboard-pgbench-"));
  await bench.close();
  try {
    await withAdmin(options.serverUrl, (admin) => sql`create database ${sql.id(copy)} template ${sql.id(source)}`.execute(admin));
    // Picking a random card by offset would cost more than the move itself: number them once.
    await withAdmin(copyUrl.toString(), async (copyDb) => {
      await sql`create table bench_pick as select (row_number() over (order by id) - 1)::int as n, id from assignments
        where plan_id = ${sql.lit(planId)}::uuid and archived_at is null`.execute(copyDb);
      await sql`alter table bench_pick add primary key (n)`.execute(copyDb);
    });
    const historyRows = () =>
      withAdmin(copyUrl.toString(), async (copyDb) => Number((await sql<{ n: string }>`select count(*) as n from assignment_events`.execute(copyDb)).rows[0]!.n));
    const rowsBefore = await historyRows();
    await writeFile(join(directory, "move.sql"), `${script}\n`);
    const result = await run("pgbench", [
      "-n",
      // As the app sends a move's statements: prepared once per connection (see PREPARED in db.server.ts).
      "-M",
      "prepared",
      "-c",
      String(options.clients),
      "-j",
      "2",
      "-T",
      String(options.seconds),
      "-f",
      join(directory, "move.sql"),
      "-l",
      `--log-prefix=${join(directory, "log")}`,
      copyUrl.toString(),
    ]);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(result.output);
    if (result.code !== 0 || !tps) throw new Error(`pgbench failed (${result.code}):\n${result.output.slice(-2000)}\nscript:\n${script}`);
    // Two clients that pick the same card at once: one write finds it changed and writes nothing, as in the app.
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(result.output)?.[1] ?? Number.NaN);
    const written = (await historyRows()) - rowsBefore;
    if (!(written >= 0.8 * processed)) throw new Error(`pgbench ran ${processed} moves but wrote ${written} history rows:\nscript:\n${script}`);
    const latencies: number[] = [];
    for (const file of await readdir(directory)) {
      if (!file.startsWith("log")) continue;
      for (const line of (await readFile(join(directory, file), "utf8")).split("\n")) {
        const microseconds = Number(line.split(" ")[2]);
        if (Number.isFinite(microseconds) && line !== "") latencies.push(microseconds / 1000);
      }
    }
    return { method: `pgbench, ${options.clients} clients, ${options.seconds} s, on a copy`, movesPerSecond: Number(tps[1]), latency: timing(latencies) };
  } finally {
    await withAdmin(options.serverUrl, (admin) => sql`drop database if exists ${sql.id(copy)} with (force)`.execute(admin));
    await rm(directory, { recursive: true, force: true });
    await bench.open();
  }
}

export interface RequestFloor {
  path: string;
  clients: number;
  perSecond: number;
  /** Server CPU per request (user + system). */
  serverCpuMs: number;
  /** Each request's time to its answer, as the clients saw it. */
  latency: Timing;
  /** The same, every one of them. */
  latencies: number[];
}

/**
 * The server's own floor for any request: `clients` keep-alive clients asking for `path` as fast
 * as it answers, with the server's CPU per request. On /healthz (Express, Remix's routing and
 * one statement) it is what every move costs the server before it does anything of its own.
 */
export async function requestFloor(server: RunningServer, path: string, clients: number, warmupMs: number, ms: number): Promise<RequestFloor> {
  // The same client as the movers', so that its latency and CPU compare with theirs.
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL(`${server.origin}${path}`);
  const get = async () => {
    const response = await send(agent, url, { method: "GET" });
    if (response?.status !== 200) throw new Error(`${path} answered ${response?.status ?? "nothing"}`);
  };
  let requests = 0;
  const latencies: number[] = [];
  const load = (forMs: number) => {
    const stopAt = performance.now() + forMs;
    return Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < stopAt) {
          const sent = performance.now();
          await get();
          latencies.push(performance.now() - sent);
          requests += 1;
        }
      }),
    );
  };
  try {
    // Warmed up under the same load as the moves, for as long (see runMoveLoad's warmupMs).
    await load(warmupMs);
    requests = 0;
    latencies.length = 0;
    const before = readCpu(server.pid, false);
    await load(ms);
    const spent = cpuSpent(before, readCpu(server.pid, false), false);
    return { path, clients, perSecond: requests / (ms / 1000), serverCpuMs: spent.serverMs / requests, latency: timing(latencies), latencies };
  } finally {
    agent.destroy();
  }
}
