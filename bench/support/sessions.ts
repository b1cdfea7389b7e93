import { randomBytes } from "node:crypto";
import type { Db } from "../../app/utils/db.server";
import { createSessionCookie, hashToken, newToken } from "../../app/utils/session.server";

/** The session secret the bench and the app server it starts share, so the bench can mint cookies. */
export const sessionSecret = randomBytes(32).toString("hex");

const cookie = createSessionCookie({ secret: sessionSecret, secure: false });

export interface Session {
  personId: string;
  /** `planboard_session=<signed token>`: the Cookie header a signed-in browser sends. */
  cookie: string;
  name: string;
  value: string;
  /** The session's id as stored (the token's hash), for looking the actor up in-process. */
  tokenHash: string;
}

/**
 * A fresh session for `personId`, stored as the app stores one at sign-in, without the sign-in
 * form (whose password hashing and rate limit would dominate a bench that signs in 60 clients).
 */
export async function startBenchSession(db: Db, personId: string): Promise<Session> {
  const token = newToken();
  await db
    .insertInto("sessions")
    .values({ id_hash: hashToken(token), person_id: personId, auth_method: "password", expires_at: new Date(Date.now() + 24 * 3600_000) })
    .execute();
  const header = (await cookie.serialize(token)).split(";")[0]!;
  const separator = header.indexOf("=");
  return { personId, cookie: header, name: header.slice(0, separator), value: header.slice(separator + 1), tokenHash: hashToken(token) };
}
