import type { Db } from "~/utils/db.server";
import type { Locale } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import { hashToken, newToken } from "~/utils/session.server";
import { selectActors, toActor } from "./person.server";

/**
 * A new private feed token for the person, replacing any earlier one (which stops working at
 * once). Shown once and stored hashed; the feeds it opens speak `locale`.
 */
export async function issueFeedToken(db: Db, personId: string, locale: Locale): Promise<string> {
  const token = newToken();
  const row = { token_hash: hashToken(token), locale, created_at: new Date() };
  await db
    .insertInto("feed_tokens")
    .values({ person_id: personId, ...row })
    .onConflict((oc) => oc.column("person_id").doUpdateSet(row))
    .execute();
  return token;
}

/** Withdraws the person's feed token; false if they had none. */
export async function revokeFeedToken(db: Db, personId: string): Promise<boolean> {
  const deleted = await db.deleteFrom("feed_tokens").where("person_id", "=", personId).returning("person_id").executeTakeFirst();
  return deleted !== undefined;
}

/** When the person's current feed token was issued, if they have one. */
export async function findFeedTokenIssued(db: Db, personId: string): Promise<Date | null> {
  const row = await db.selectFrom("feed_tokens").select("created_at").where("person_id", "=", personId).executeTakeFirst();
  return row ? new Date(row.created_at) : null;
}

/** The active person a feed token names, as a session would name them, and their feeds' language. */
export async function findFeedReader(db: Db, token: string): Promise<{ actor: Actor; locale: Locale } | null> {
  const row = await selectActors(db)
    .innerJoin("feed_tokens as t", "t.person_id", "p.id")
    .where("t.token_hash", "=", hashToken(token))
    .select("t.locale")
    .executeTakeFirst();
  if (!row) return null;
  const { locale, ...actor } = row;
  return { actor: toActor(actor), locale };
}
