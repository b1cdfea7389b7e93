import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { openDatabase, type Db } from "../../app/utils/db.server";
import { migrateToLatest } from "../../app/utils/migrate.server";

export interface BenchDatabase {
  label: string;
  db: Db;
  /** Every statement sent since the last `statements.length = 0`. */
  statements: string[];
  /** The database's URL on a server, for an app process to open; PGlite has none. */
  url: string | null;
  close(): Promise<void>;
}

/** A migrated PGlite database kept in `dataDir`, which must not be open elsewhere. */
export async function openPgliteBench(dataDir: string): Promise<BenchDatabase> {
  const statements: string[] = [];
  const db = await openDatabase({ dataDir, onQuery: (statement) => statements.push(statement) });
  await migrateToLatest(db);
  return { label: "PGlite", db, statements, url: null, close: () => db.destroy() };
}

/** A new, migrated database `planboard_bench_<random>` on the server `serverUrl`; `close` drops it. */
export async function createPostgresBench(serverUrl: string): Promise<BenchDatabase> {
  const name = `planboard_bench_${randomBytes(4).toString("hex")}`;
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }),
  });
  const dropDatabase = async () => {
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
  };

  const statements: string[] = [];
  let db: Db | undefined;
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    db = await openDatabase({ url: url.toString(), onQuery: (statement) => statements.push(statement) });
    await migrateToLatest(db);
  } catch (error) {
    await db?.destroy();
    await dropDatabase();
    throw error;
  }

  const opened = db;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    label: "PostgreSQL",
    db: opened,
    statements,
    url: databaseUrl.toString(),
    async close() {
      await opened.destroy();
      await dropDatabase();
    },
  };
}
