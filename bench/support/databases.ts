import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql, type LogEvent } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "../../db/schema";
import { createPglite, pgTypes, type Db } from "../../app/utils/db.server";
import { migrateToLatest } from "../../app/utils/migrate.server";

/** One statement as Kysely sent it: the SQL and its parameters, to replay without Kysely. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * The bench's own connection to the database the app server is given. Statements sent through
 * `db` are kept in `statements` (clear it with `statements.length = 0`); `raw` sends SQL straight
 * through the driver, for the plain-SQL floors.
 */
export interface BenchDatabase {
  label: "PGlite" | "PostgreSQL";
  db: Db;
  statements: Statement[];
  raw(sql: string, parameters?: readonly unknown[]): Promise<unknown[]>;
  /** What the app server is started with: a postgres:// URL, or PGlite's directory. */
  server: { databaseUrl: string } | { dataDir: string };
  /** Closes the bench's connections; `open` reopens them (PGlite's directory is one process's at a time). */
  close(): Promise<void>;
  open(): Promise<void>;
  /** Closes, then drops the database (PostgreSQL) or removes the directory (PGlite). */
  drop(): Promise<void>;
}

function recorder(statements: Statement[]) {
  return (event: LogEvent) => {
    if (event.level === "query") statements.push({ sql: event.query.sql, parameters: event.query.parameters });
  };
}

/** A migrated PGlite database in `dataDir`: the directory the app server is then started on. */
export async function openPgliteBench(dataDir: string): Promise<BenchDatabase> {
  const statements: Statement[] = [];
  let pglite: PGlite | undefined;
  let db: Db | undefined;
  const bench: BenchDatabase = {
    label: "PGlite",
    get db() {
      if (!db) throw new Error("the bench's PGlite connection is closed");
      return db;
    },
    statements,
    async raw(text, parameters = []) {
      if (!pglite) throw new Error("the bench's PGlite connection is closed");
      return (await pglite.query(text, [...parameters])).rows;
    },
    server: { dataDir },
    async open() {
      if (db) return;
      pglite = await createPglite(dataDir);
      db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log: recorder(statements) });
    },
    async close() {
      await db?.destroy();
      db = undefined;
      pglite = undefined;
    },
    async drop() {
      await bench.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await bench.open();
  await migrateToLatest(bench.db);
  return bench;
}

/** A new, migrated database `planboard_bench_<random>` on the server `serverUrl`; `drop` drops it. */
export async function createPostgresBench(serverUrl: string): Promise<BenchDatabase> {
  const name = `planboard_bench_${randomBytes(4).toString("hex")}`;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  await withAdmin(serverUrl, (admin) => sql`create database ${sql.id(name)}`.execute(admin));

  const statements: Statement[] = [];
  let pool: pg.Pool | undefined;
  let db: Db | undefined;
  const bench: BenchDatabase = {
    label: "PostgreSQL",
    get db() {
      if (!db) throw new Error("the bench's PostgreSQL connection is closed");
      return db;
    },
    statements,
    async raw(text, parameters = []) {
      if (!pool) throw new Error("the bench's PostgreSQL connection is closed");
      return (await pool.query(text, [...parameters])).rows;
    },
    server: { databaseUrl: databaseUrl.toString() },
    async open() {
      if (db) return;
      pool = new pg.Pool({ connectionString: databaseUrl.toString(), max: 4, types: pgTypes });
      pool.on("error", () => undefined);
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: recorder(statements) });
    },
    async close() {
      await db?.destroy();
      db = undefined;
      pool = undefined;
    },
    async drop() {
      await bench.close();
      await withAdmin(serverUrl, (admin) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin));
    },
  };
  try {
    await bench.open();
    await migrateToLatest(bench.db);
  } catch (error) {
    await bench.drop();
    throw error;
  }
  return bench;
}

/** Runs `work` on a one-connection pool to the server's maintenance database. */
export async function withAdmin<T>(serverUrl: string, work: (admin: Kysely<unknown>) => Promise<T>): Promise<T> {
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }),
  });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}
