import { resolveLocale } from "./locale.server";
import { isPageRequest } from "./page-request.server";
import type { Locale } from "./i18n";

/** Node's socket errors that mean the database server could not be reached or went away. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/**
 * SQLSTATEs of a server shutting down (admin_shutdown, crash_shutdown, cannot_connect_now) or
 * taking no more connections (too_many_connections: other clients hold them all).
 */
const SERVER_GONE_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** What pg and pg-pool say when a connection ends or cannot be had in time. */
const GONE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /timeout expired/i,
  /client has encountered a connection error/i,
  /client was closed and is not queryable/i,
];

/**
 * The SQLSTATE a database error carries (`code`, from pg and PGlite alike), or null for any other
 * error. No SQLSTATE class begins with E, so Node's five-letter codes (EPIPE, EPERM) are not taken for one.
 */
export function sqlStateOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code } = error as { code?: unknown };
  return typeof code === "string" && /^[0-9A-DF-Z][0-9A-Z]{4}$/.test(code) ? code : null;
}

/** A write refused by a unique constraint: someone else wrote the same key first. */
export const isUniqueViolation = (error: unknown) => sqlStateOf(error) === "23505";

/** PostgreSQL's "prepared statement does not exist". */
export const isPreparedStatementGone = (error: unknown) => sqlStateOf(error) === "26000";

/**
 * Whether an error means "the database is away for now" (a restart, a failover, a cut network,
 * a full pool that stays full) rather than a bug: such a request is answered 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (SOCKET_CODES.has(code) || SERVER_GONE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === "string" && GONE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

// The load contexts of requests that met an unavailable database, noted by handleError.
const faulted = new WeakSet<object>();

const LOG_EVERY_MS = 10_000;
let lastLogged = 0;

/**
 * Notes that this request (its load context) failed because the database was away, and says so
 * in the log at most every few seconds: an outage is one event, not one per request.
 */
export function noteDatabaseUnavailable(context: object, error: unknown): void {
  faulted.add(context);
  const now = Date.now();
  if (now - lastLogged < LOG_EVERY_MS) return;
  lastLogged = now;
  console.error(`Database unavailable, answering 503: ${error instanceof Error ? error.message : String(error)}`);
}

/** Whether handleError noted this request as one that met an unavailable database. */
export function metUnavailableDatabase(context: object): boolean {
  return faulted.has(context);
}

/** Seconds a client should wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

const pageText: Record<Locale, { title: string; message: string; retry: string }> = {
  sv: {
    title: "Planboard är inte tillgänglig just nu",
    message: "Vi får inte kontakt med databasen. Inget av det du redan har sparat har gått förlorat.",
    retry: "Försök igen om en liten stund. Sidan laddas om av sig själv.",
  },
  en: {
    title: "Planboard is unavailable right now",
    message: "We cannot reach the database. Nothing you have already saved has been lost.",
    retry: "Please try again in a moment. The page reloads by itself.",
  },
};

/** The 503 answer while the database is away: a short page in the reader's language, or JSON. */
export async function databaseUnavailableResponse(request: Request): Promise<Response> {
  const headers = { "Cache-Control": "no-store", "Retry-After": String(RETRY_AFTER_SECONDS) };
  // Data requests (fetchers, resource routes, scripts) get JSON; a browser navigating gets a page.
  if (!isPageRequest(request)) {
    return Response.json({ error: "database-unavailable", retryAfter: RETRY_AFTER_SECONDS }, { status: 503, headers });
  }
  const locale = await resolveLocale(request).catch(() => "sv" as const);
  const text = pageText[locale];
  // Static markup with no script or style: nothing here may need the app (or the database) to render.
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS * 2}">
<title>${text.title}</title>
</head>
<body>
<main>
<h1>${text.title}</h1>
<p>${text.message}</p>
<p>${text.retry}</p>
</main>
</body>
</html>
`;
  return new Response(html, { status: 503, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

/**
 * Wraps the app's request handler: a request whose loader or action met an unavailable database
 * (noted by handleError, or thrown past Remix) is answered 503 instead of Remix's 500.
 */
export function answeringDatabaseFaults<Context extends object>(handle: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    let response: Response;
    try {
      response = await handle(request, context);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return databaseUnavailableResponse(request);
    }
    if (response.status >= 500 && faulted.has(context) && !response.headers.has("Retry-After")) {
      await response.body?.cancel().catch(() => undefined);
      return databaseUnavailableResponse(request);
    }
    return response;
  };
}
