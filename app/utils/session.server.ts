import { createHash, randomBytes } from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import type { AuthMethod } from "../../db/schema";
import type { Db } from "./db.server";
import { getEnv } from "./env.server";
import { notifySessionsEnded } from "./live-events.server";

const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export function createSessionCookie(options: { secret: string; secure: boolean }): Cookie {
  return createCookie("planboard_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: options.secure,
    path: "/",
    secrets: [options.secret],
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

let cookie: Cookie | undefined;
function sessionCookie(): Cookie {
  const env = getEnv();
  cookie ??= createSessionCookie({ secret: env.sessionSecret, secure: env.mode === "production" });
  return cookie;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The session token a request carries, if its signature holds. */
export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Starts a fresh session and returns its Set-Cookie header. Any session the request already
 * carried is ended first, so a sign-in always rotates the session id.
 */
export async function startSession(db: Db, request: Request, personId: string, method: AuthMethod): Promise<string> {
  const previous = await readSessionToken(request);
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    if (previous) await endSessionByHash(trx, hashToken(previous));
    await trx
      .insertInto("sessions")
      .values({
        id_hash: hashToken(token),
        person_id: personId,
        auth_method: method,
        expires_at: new Date(Date.now() + SESSION_LIFETIME_MS),
      })
      .execute();
  });
  return sessionCookie().serialize(token);
}

interface EndedSession {
  personId: string;
  method: AuthMethod;
}

/** Ends the request's session, if any: the Set-Cookie header that clears the cookie, and whose session it was. */
export async function endSession(db: Db, request: Request): Promise<{ setCookie: string; ended: EndedSession | null }> {
  const token = await readSessionToken(request);
  const ended = token ? await db.transaction().execute((trx) => endSessionByHash(trx, hashToken(token))) : null;
  return { setCookie: await sessionCookie().serialize("", { maxAge: 0 }), ended };
}

/** Deletes one session and tells its person's open streams, in the caller's transaction. */
async function endSessionByHash(trx: Db, idHash: string): Promise<EndedSession | null> {
  const ended = await trx.deleteFrom("sessions").where("id_hash", "=", idHash).returning(["person_id", "auth_method"]).executeTakeFirst();
  if (!ended) return null;
  await notifySessionsEnded(trx, ended.person_id);
  return { personId: ended.person_id, method: ended.auth_method };
}
