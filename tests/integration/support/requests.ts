import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { PREPARED, type Db } from "~/utils/db.server";
import { startSession } from "~/utils/session.server";

export const ORIGIN = "http://localhost";

export function loadContext(db: Db, clientAddress = "203.0.113.7"): AppLoadContext {
  return { db, clientAddress, cspNonce: "test-nonce" };
}

/** A signed-in browser's Cookie header for this person. */
export async function cookieFor(db: Db, personId: string): Promise<string> {
  const setCookie = await startSession(db, new Request(`${ORIGIN}/`), personId, "password");
  return setCookie.split(";")[0]!;
}

export function buildRequest(path: string, options: { cookie?: string | null; form?: Record<string, string> } = {}): Request {
  const headers = new Headers();
  if (options.cookie) headers.set("Cookie", options.cookie);
  if (!options.form) return new Request(`${ORIGIN}${path}`, { headers });
  headers.set("Origin", ORIGIN);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(options.form).toString() });
}

export interface RouteResult {
  status: number;
  location: string | null;
  headers: Headers;
  body: unknown;
}

type Handler = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown;

/** Calls a loader or action as Remix would, turning returned or thrown Responses and plain data into one shape. */
export async function callRoute(
  handler: Handler,
  request: Request,
  params: Record<string, string>,
  context: AppLoadContext,
): Promise<RouteResult> {
  let outcome: unknown;
  try {
    outcome = await handler({ request, params, context });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    outcome = thrown;
  }
  if (outcome instanceof Response) {
    if (outcome.headers.get("Content-Type")?.startsWith("text/event-stream")) {
      await outcome.body?.cancel();
      return { status: outcome.status, location: null, headers: outcome.headers, body: null };
    }
    const text = await outcome.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: outcome.status, location: outcome.headers.get("Location"), headers: outcome.headers, body };
  }
  return { status: 200, location: null, headers: new Headers(), body: outcome };
}

/**
 * Every table of the app's schema, read from the catalogue at each call: a table nobody told the
 * fingerprint about (a new migration's) cannot escape it.
 */
async function allTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`${PREPARED}
    select relname as name from pg_class
    where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p')
    order by relname
  `.execute(db);
  return rows.map((row) => row.name);
}

/**
 * A fingerprint of every table: equal fingerprints mean nothing was written. Per table, its row
 * count and the newest transaction id among its rows: a row inserted or updated (even to the same
 * values) carries the id of the transaction that wrote it, newer than every one before, and a
 * deleted row changes the count. A write rolled back leaves neither. (Hashing every row's text
 * instead took 44 ms a call on PGlite, most of the authorization matrix's time.)
 */
export async function databaseFingerprint(db: Db): Promise<string> {
  const tables = await allTables(db);
  if (tables.length === 0) throw new Error("no tables found for the fingerprint");
  const parts = tables.map(
    (table) => sql`select ${table} as t, count(*) || ':' || coalesce(max(x.xmin::text::bigint), 0) as h from ${sql.table(table)} x`,
  );
  const result = await sql<{ t: string; h: string }>`${PREPARED} ${sql.join(parts, sql` union all `)}`.execute(db);
  return result.rows.map((row) => `${row.t}:${row.h}`).join(" ");
}
