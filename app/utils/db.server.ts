import { mkdirSync } from "node:fs";
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

type Unlisten = () => Promise<void>;
type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<Unlisten>;

// How to LISTEN on each open database: PGlite delivers in-process; a server needs a connection of its own.
const listeners = new WeakMap<Db, Listen>();

/** Calls `onPayload` for every NOTIFY on `channel` (sent by any app instance on a server). */
export function listen(db: Db, channel: string, onPayload: (payload: string) => void): Promise<Unlisten> {
  const start = listeners.get(db);
  if (!start) throw new Error("listen() needs a database opened with openDatabase()");
  return start(channel, onPayload);
}

function listenOnServer(url: string): Listen {
  return async (channel, onPayload) => {
    let client: pg.Client | undefined;
    let stopped = false;
    const connect = async () => {
      const next = new pg.Client({ connectionString: url });
      next.on("notification", (message) => {
        if (message.channel === channel && message.payload) onPayload(message.payload);
      });
      // A dropped connection is reopened: viewers miss nothing they cannot get by revalidating.
      next.on("error", () => undefined);
      next.on("end", () => {
        if (!stopped) setTimeout(() => void connect().catch(() => undefined), 1_000);
      });
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      client = next;
    };
    await connect();
    return async () => {
      stopped = true;
      await client?.end();
    };
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const log = options.onQuery
    ? (event: { level: string; query: { sql: string } }) => {
        if (event.level === "query" || event.level === "error") options.onQuery?.(event.query.sql);
      }
    : undefined;
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10, types: pgTypes });
    // An idle connection the server drops (restart, failover) is replaced on next use; without a
    // listener the pool's error event would end the process.
    pool.on("error", (error) => console.error("PostgreSQL connection lost:", error.message));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    listeners.set(db, listenOnServer(options.url));
    return db;
  }
  // PGlite creates its own directory but not the ones above it.
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, {
    parsers: { [pgliteTypes.DATE]: (value: string) => value },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log });
  listeners.set(db, async (channel, onPayload) => {
    const unlisten = await pglite.listen(channel, onPayload);
    return () => unlisten();
  });
  return db;
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
