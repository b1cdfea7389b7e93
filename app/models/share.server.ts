import { sql } from "kysely";
import type { Db } from "~/utils/db.server";
import { LIVE_CHANNEL } from "~/utils/live-events.server";
import { hashToken, newToken } from "~/utils/session.server";

/** A new read-only link to a plan's board and summary; the token is shown once and stored hashed. */
export async function createShareLink(db: Db, planId: string, createdBy: string, options: { label: string; expiresOn: string | null }) {
  const token = newToken();
  await db
    .insertInto("share_links")
    .values({
      plan_id: planId,
      token_hash: hashToken(token),
      label: options.label,
      created_by: createdBy,
      // The link works through the whole of its last day, Stockholm time.
      expires_at: options.expiresOn ? sql<Date>`((${options.expiresOn}::date + 1)::timestamp at time zone 'Europe/Stockholm')` : null,
    })
    .execute();
  return token;
}

export async function listShareLinks(db: Db, planId: string) {
  return db
    .selectFrom("share_links as s")
    .leftJoin("people as p", "p.id", "s.created_by")
    .where("s.plan_id", "=", planId)
    .select([
      "s.id",
      "s.label",
      "s.created_at as createdAt",
      "s.expires_at as expiresAt",
      "s.revoked_at as revokedAt",
      "p.name as createdByName",
      sql<boolean>`s.revoked_at is null and (s.expires_at is null or s.expires_at > now())`.as("active"),
    ])
    .orderBy("s.created_at", "desc")
    .execute();
}

/**
 * Revokes a link at once: from the next request on it answers 404, and the NOTIFY sent with the
 * change closes the live-update streams opened through it, on every app instance.
 */
export async function revokeShareLink(db: Db, planId: string, linkId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable("share_links")
      .set({ revoked_at: new Date() })
      .where("id", "=", linkId)
      .where("plan_id", "=", planId)
      .where("revoked_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!revoked) return false;
    await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ planId, kind: "share-revoked", shareId: linkId })})`.execute(trx);
    return true;
  });
}

/**
 * What a token opens: the plan while the link is neither revoked nor expired and the plan not
 * archived (`state: "active"`); otherwise only why not. An unknown token is undefined.
 */
export async function findShareLink(db: Db, token: string) {
  return db
    .selectFrom("share_links as s")
    .innerJoin("action_plans as p", "p.id", "s.plan_id")
    .where("s.token_hash", "=", hashToken(token))
    .select([
      "s.id",
      "s.plan_id as planId",
      "p.organisation_id as organisationId",
      "p.title as planTitle",
      "s.expires_at as expiresAt",
      sql<ShareLinkState>`case
        when s.revoked_at is not null then 'revoked'
        when s.expires_at <= now() then 'expired'
        when p.archived_at is not null then 'archived'
        else 'active' end`.as("state"),
    ])
    .executeTakeFirst();
}

export type ShareLinkState = "active" | "revoked" | "expired" | "archived";
