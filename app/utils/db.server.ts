import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "../../db/schema";
import { isDatabaseUnavailable, isPreparedStatementGone } from "./database-faults.server";
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
export const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

type Unlisten = () => Promise<void>;
interface ListenHandlers {
  onPayload: (payload: string) => void;
  /** The connection was lost: until `onReconnected`, notifications are not arriving. */
  onLost?: () => void;
  /** The connection was lost and is back; notifications sent meanwhile were missed. */
  onReconnected?: () => void;
}
type Listen = (channel: string, handlers: ListenHandlers) => Promise<Unlisten>;

// How to LISTEN on each open database: PGlite delivers in-process; a server needs a connection of its own.
const listeners = new WeakMap<Db, Listen>();

/**
 * Calls `onPayload` for every NOTIFY on `channel` (sent by any app instance on a server). If the
 * connection is lost, `onLost` is called and the connection is reopened by itself; `onReconnected`
 * is called once it listens again.
 */
export function listen(db: Db, channel: string, handlers: ListenHandlers): Promise<Unlisten> {
  const start = listeners.get(db);
  if (!start) throw new Error("listen() needs a database opened with openDatabase()");
  return start(channel, handlers);
}

const PREPARED_MARK = "/* prepared */";

/**
 * Marks a statement that runs on every request or every move (`sql\`${PREPARED} select …\``, or
 * `.modifyFront(PREPARED)` on a select): on PostgreSQL it is then parsed and planned once per
 * connection, as a named prepared statement, instead of at every run; on PGlite, once per
 * database. Planning was most of the database's CPU for a move. Only for statements whose text
 * takes a few fixed forms, parameters aside: each form stays prepared on every connection for as
 * long as the connection lives.
 */
export const PREPARED = sql.raw(PREPARED_MARK);

type Query = (text: unknown, values?: unknown, ...rest: unknown[]) => Promise<pg.QueryResult>;
const preparing = new WeakSet<pg.PoolClient>();

// The marked statements take a few fixed forms, so their names are worked out once per form.
const preparedNames = new Map<string, string>();
function preparedNameOf(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    name = `planboard_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** What pg remembers of the statements it has prepared on a connection (not in its types). */
type ConnectionWithStatements = { connection: { parsedStatements: Record<string, string> } };

/**
 * Sends marked statements as named prepared statements, named by their text (same text, same
 * name). One that is gone from the connection (a DEALLOCATE or DISCARD someone sent, or a session
 * pooler in front of PostgreSQL that handed the session to another server connection) is prepared
 * again, once, when it ran outside a transaction; inside one, PostgreSQL has aborted the
 * transaction, and the error stands.
 */
function preparingMarkedStatements(client: pg.PoolClient): pg.PoolClient {
  if (preparing.has(client)) return client;
  preparing.add(client);
  const query = client.query.bind(client) as Query;
  (client as unknown as { query: Query }).query = async (text, values, ...rest) => {
    if (typeof text !== "string" || !text.includes(PREPARED_MARK)) return query(text, values, ...rest);
    const name = preparedNameOf(text);
    const run = () => query({ name, text, values }, ...rest);
    try {
      return await run();
    } catch (error) {
      if (!isPreparedStatementGone(error) || client.getTransactionStatus() !== "I") throw error;
      delete (client as unknown as ConnectionWithStatements).connection.parsedStatements[name];
      return run();
    }
  };
  return client;
}

type PgliteQuery = PGlite["query"];
type Literal = string | number | boolean | null;
// Only values that read back the same as a quoted literal; a NUL would end the statement's text.
const isLiteral = (value: unknown): value is Literal =>
  value === null || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && !value.includes("\0"));
const literalOf = (value: Literal) => (value === null ? "null" : pg.escapeLiteral(String(value)));

/**
 * The same for PGlite, where planning the marked statements was most of a move's and a session
 * lookup's database time, and whose API names no statements: each marked text is PREPAREd once
 * per database, then run with EXECUTE, its parameters written as quoted literals that PostgreSQL
 * converts to the types PREPARE inferred (EXECUTE takes no bind parameters). A statement with any
 * other parameter (a date, an array, an object, a string with a NUL, a non-finite number) is sent
 * as before.
 */
function preparingMarkedStatementsOnPglite(pglite: PGlite): void {
  const query = pglite.query.bind(pglite) as PgliteQuery;
  const prepared = new Set<string>();
  pglite.query = (async (text: string, params?: unknown[], options?: Parameters<PgliteQuery>[2]) => {
    const values = params ?? [];
    if (!text.includes(PREPARED_MARK) || !values.every(isLiteral)) return query(text, params, options);
    const name = preparedNameOf(text);
    const execute = async () => {
      if (!prepared.has(name)) {
        await query(`prepare ${name} as ${text}`);
        prepared.add(name);
      }
      return query(values.length > 0 ? `execute ${name}(${values.map(literalOf).join(", ")})` : `execute ${name}`, [], options);
    };
    try {
      return await execute();
    } catch (error) {
      // Gone (a DEALLOCATE or DISCARD someone sent): prepared again, once.
      if (!isPreparedStatementGone(error)) throw error;
      prepared.delete(name);
      return execute();
    }
  }) as PgliteQuery;
}

/**
 * PGlite runs each statement synchronously on the server's one thread and hands the next queued
 * statement on in a promise, so a queue of statements ran to its end without the event loop
 * turning: requests that arrived meanwhile were read only then, and answered in bursts (the loop
 * stood still ~55 ms at a time under 32 movers, and about a tenth of the moves took twice as long).
 * Each statement now waits for one turn of the loop first.
 */
function takingTurnsWithTheEventLoop(pglite: PGlite): void {
  const query = pglite.query.bind(pglite) as PgliteQuery;
  pglite.query = (async (...args: Parameters<PgliteQuery>) => {
    await new Promise((resolve) => setImmediate(resolve));
    return query(...args);
  }) as PgliteQuery;
}

/** How long a request waits for a connection before it is answered 503: a dead server must not hang it. */
const CONNECT_TIMEOUT_MS = 1_000;
/** After a connection fails because the database is away, others fail at once for this long. */
const FAIL_FAST_MS = 1_000;
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5_000;
/**
 * A LISTEN connection only ever receives, so a connection lost without a word (a partition, a
 * NAT's timeout) would go unnoticed for hours of TCP keepalive: it is asked something this often,
 * and counts as lost when the answer takes longer than that.
 */
const HEARTBEAT_MS = 5_000;

/** `closed`: the database was closed (the pool ended), so a lost connection is not reopened. */
function listenOnServer(url: string, closed: () => boolean): Listen {
  return async (channel, { onPayload, onLost, onReconnected }) => {
    let client: pg.Client | undefined;
    let stopped = false;
    const over = () => stopped || closed();
    let retry: ReturnType<typeof setTimeout> | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;

    const connect = async () => {
      const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
      // A client given up for lost says nothing more, should its line come back to life.
      let retired = false;
      next.on("notification", (message) => {
        if (!retired && message.channel === channel && message.payload) onPayload(message.payload);
      });
      // Without an error listener a dropped connection would end the process. Only the client
      // that is listening schedules a reconnect, once, whichever of error and end comes first.
      const retire = () => {
        client = undefined;
        retired = true;
        clearInterval(heartbeat);
        void next.end().catch(() => undefined);
      };
      const lost = (error?: Error) => {
        if (client !== next) return;
        retire();
        onLost?.();
        if (over()) return;
        console.error(`Live events: LISTEN connection lost (${error?.message ?? "ended"}); reconnecting`);
        reconnect(1);
      };
      next.on("error", lost);
      next.on("end", () => lost());
      try {
        await next.connect();
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        void next.end().catch(() => undefined);
        throw error;
      }
      if (over()) return void next.end().catch(() => undefined);
      client = next;
      heartbeat = setInterval(() => {
        // The database was closed: this client goes with it.
        if (over()) return retire();
        let answered = false;
        // Timers run before sockets are read: after the event loop was held up, the answer may be
        // waiting unread, so it is looked for once more after the sockets' turn.
        const late = setTimeout(() => setImmediate(() => answered || lost(new Error(`no answer to a heartbeat in ${HEARTBEAT_MS} ms`))), HEARTBEAT_MS).unref();
        next.query("select 1").then(
          () => {
            answered = true;
            clearTimeout(late);
          },
          (error: Error) => {
            clearTimeout(late);
            lost(error);
          },
        );
      }, HEARTBEAT_MS);
      heartbeat.unref();
    };

    // Backs off from a quarter second to five, with jitter so instances do not reconnect in step.
    const reconnect = (attempt: number) => {
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      retry = setTimeout(() => {
        if (over()) return;
        connect().then(
          () => {
            if (over()) return;
            console.error("Live events: listening again; open boards are told to reload");
            onReconnected?.();
          },
          (error: unknown) => {
            if (attempt === 1) console.error(`Live events: cannot reconnect yet (${error instanceof Error ? error.message : String(error)}); backing off`);
            if (!over()) reconnect(attempt + 1);
          },
        );
      }, delay);
    };

    await connect();
    return async () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const current = client;
      client = undefined;
      await current?.end();
    };
  };
}

/** PGlite as the app opens it: the same result types as `pg`, marked statements prepared, the event loop turning between statements. */
export async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  // PGlite creates its own directory but not the ones above it.
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [pgliteTypes.DATE]: (value: string) => value },
  });
  preparingMarkedStatementsOnPglite(pglite);
  takingTurnsWithTheEventLoop(pglite);
  return pglite;
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const log = options.onQuery
    ? (event: { level: string; query: { sql: string } }) => {
        if (event.level === "query" || event.level === "error") options.onQuery?.(event.query.sql);
      }
    : undefined;
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      types: pgTypes,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    // An idle connection the server drops (restart, failover) is replaced on next use; without a
    // listener the pool's error event would end the process.
    pool.on("error", (error) => console.error("PostgreSQL connection lost:", error.message));
    // pg-pool takes its own error listener off a client while it is checked out: a connection the
    // server ends mid-query (57P01) would then emit an unhandled "error" and end the process. The
    // query in flight fails by itself (answered 503) and the pool drops the broken client.
    pool.on("connect", (client) => {
      client.on("error", () => undefined);
    });
    // While the database is away, requests are answered 503 at once rather than each waiting out
    // its own connection timeout: one connection attempt a second finds out when it is back.
    let failingUntil = 0;
    let lastFailure: unknown;
    const failFast = {
      async connect() {
        if (Date.now() < failingUntil) throw new Error("Database unavailable: failing fast", { cause: lastFailure });
        try {
          return preparingMarkedStatements(await pool.connect());
        } catch (error) {
          if (isDatabaseUnavailable(error)) {
            failingUntil = Date.now() + FAIL_FAST_MS;
            lastFailure = error;
          }
          throw error;
        }
      },
      end: () => pool.end(),
    };
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: failFast }), log });
    listeners.set(db, listenOnServer(options.url, () => pool.ending));
    return db;
  }
  const pglite = await createPglite(options.dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log });
  listeners.set(db, async (channel, { onPayload }) => {
    const unlisten = await pglite.listen(channel, onPayload);
    return () => unlisten();
  });
  return db;
}

declare global {
  // Survives module reloads in development, so PGlite's directory is opened once per process.
  var __planboardDb: Promise<Db> | undefined;
}

/**
 * The app's database: opened and migrated once per process. `migrated`: another process (the
 * supervisor of several) migrated it before this one started, so it is only opened.
 */
export function getDb(options: { migrated?: boolean } = {}): Promise<Db> {
  if (!globalThis.__planboardDb) {
    const opening = (async () => {
      const env = getEnv();
      const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
      try {
        if (!options.migrated) await migrateToLatest(db);
      } catch (error) {
        await db.destroy().catch(() => undefined);
        throw error;
      }
      return db;
    })();
    globalThis.__planboardDb = opening;
    // A database that was away at the first try is tried again at the next call.
    opening.catch(() => {
      if (globalThis.__planboardDb === opening) globalThis.__planboardDb = undefined;
    });
  }
  return globalThis.__planboardDb;
}
