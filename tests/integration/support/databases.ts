import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { openDatabase, type Db } from "~/utils/db.server";
import { migrateToLatest } from "~/utils/migrate.server";

export type DatabaseKind = "pglite" | "postgres";

/** PGlite always; a real PostgreSQL server too when TEST_DATABASE_URL names one. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export interface TestDatabase {
  kind: DatabaseKind;
  db: Db;
  /** The server database's URL, for a second connection as another app instance would open; PGlite has none. */
  url: string | null;
  /** Every statement sent since the last `queries.length = 0`. */
  queries: string[];
  close(): Promise<void>;
}

function adminConnection(url: string) {
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
}

/** A fresh, migrated database of its own: in-memory PGlite, or a new database on the server. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const queries: string[] = [];
  const onQuery = (statement: string) => queries.push(statement);

  if (kind === "pglite") {
    const db = await openDatabase({ onQuery });
    await migrateToLatest(db);
    queries.length = 0;
    return { kind, db, url: null, queries, close: () => db.destroy() };
  }

  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `planboard_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = adminConnection(serverUrl);
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), onQuery });
  await migrateToLatest(db);
  queries.length = 0;
  return {
    kind,
    db,
    url: url.toString(),
    queries,
    async close() {
      await db.destroy();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

/**
 * The database as a second app instance sees it: its own connections on a server; on PGlite,
 * which is one process's own, the same one.
 */
export async function openOtherInstance(test: TestDatabase): Promise<Db> {
  return test.url ? openDatabase({ url: test.url }) : test.db;
}

export async function closeOtherInstance(test: TestDatabase, other: Db | undefined) {
  if (other && other !== test.db) await other.destroy();
}
