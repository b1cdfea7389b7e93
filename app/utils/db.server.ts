import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "../../db/schema";
import { getEnv } from "./env.server";
import { migrateToLatest } from "./migrate.server";

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** A postgres:// URL; without one the embedded PGlite database is used. */
  url?: string;
  /** PGlite's directory; without one PGlite keeps everything in memory. */
  dataDir?: string;
  /** Called with every statement sent, for query counting in tests and benchmarks. */
  onQuery?: (sql: string) => void;
}

const INT8_OID = 20;
const DATE_OID = 1082;

// Both drivers hand back the same JS types: int8 as number, date as "YYYY-MM-DD".
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const log = options.onQuery
    ? (event: { level: string; query: { sql: string } }) => {
        if (event.level === "query" || event.level === "error") options.onQuery?.(event.query.sql);
      }
    : undefined;
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10, types: pgTypes });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  }
  const pglite = await PGlite.create(options.dataDir, {
    parsers: { [pgliteTypes.DATE]: (value: string) => value },
  });
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite), log });
}

declare global {
  // Survives module reloads in development, so PGlite's directory is opened once per process.
  var __planboardDb: Promise<Db> | undefined;
}

/** The app's database: opened and migrated once per process. */
export function getDb(): Promise<Db> {
  globalThis.__planboardDb ??= (async () => {
    const env = getEnv();
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
    await migrateToLatest(db);
    return db;
  })();
  return globalThis.__planboardDb;
}
