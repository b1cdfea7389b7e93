import { sql, type CompiledQuery, type InferResult } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { PersonRole } from "../../db/schema";
import { PREPARED, type Db } from "~/utils/db.server";
import { notifySessionsEnded } from "~/utils/live-events.server";
import { rememberedSession } from "~/models/remembered-sessions.server";
import { hashPassword, passwordMatches } from "~/utils/password.server";
import type { Actor } from "~/utils/permissions";
import { hashToken, newToken } from "~/utils/session.server";

const SETUP_LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Today's date where the organisations work, for deciding which groups are running. */
export const stockholmToday = sql<string>`(now() at time zone 'Europe/Stockholm')::date`;

/** The signed-in person behind a live session, with the groups they belong to today; one statement. */
export async function findActorBySessionToken(db: Db, tokenHash: string): Promise<Actor | null> {
  return (await findSession(db, tokenHash))?.actor ?? null;
}

/**
 * Active people as actors, with the groups they belong to today: the one query behind every way
 * of naming a person (a session, a feed token), so each sees exactly what the others see.
 */
export function selectActors(db: Db) {
  return db
    .selectFrom("people as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .where("p.deactivated_at", "is", null)
    .select((eb) => [
      "p.id",
      "p.name",
      "p.email",
      "p.organisation_id as organisationId",
      "o.name as organisationName",
      "p.role",
      "p.is_admin as isAdmin",
      "p.unit_id as unitId",
      jsonArrayFrom(
        eb
          .selectFrom("group_memberships as m")
          .innerJoin("working_groups as g", "g.id", "m.group_id")
          .whereRef("m.person_id", "=", "p.id")
          .where("g.ended_at", "is", null)
          .where("g.starts_on", "<=", stockholmToday)
          .where("g.ends_on", ">=", stockholmToday)
          .select("g.id"),
      ).as("activeGroups"),
      sql<string[] | null>`case when p.unit_id is null then null else (
        with recursive below(id) as (
          select p.unit_id
          union all
          select u.id from units u join below on u.parent_id = below.id
        )
        select json_agg(id) from below
      ) end`.as("unitIds"),
    ]);
}

/** An actor from a row of `selectActors`. */
export function toActor<Row extends { activeGroups: Array<{ id: string }> }>({ activeGroups, ...person }: Row) {
  return { ...person, activeGroupIds: activeGroups.map((group) => group.id) };
}

// Every request looks up its session: building and compiling that query each time cost the server
// more than the move it signed in. It is compiled once per database, and only the hash changes.
const TOKEN_HASH_PLACEHOLDER = "\u0000token hash";

function sessionQuery(db: Db) {
  return selectActors(db)
    .modifyFront(PREPARED)
    .innerJoin("sessions as s", "s.person_id", "p.id")
    .where("s.id_hash", "=", TOKEN_HASH_PLACEHOLDER)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .select("s.expires_at as expiresAt");
}

type SessionQuery = CompiledQuery<InferResult<ReturnType<typeof sessionQuery>>[number]>;
const compiledSessionQueries = new WeakMap<Db, SessionQuery>();

function compiledSessionQuery(db: Db, tokenHash: string): SessionQuery {
  let compiled = compiledSessionQueries.get(db);
  if (!compiled) {
    compiled = sessionQuery(db).compile();
    if (compiled.parameters.filter((value) => value === TOKEN_HASH_PLACEHOLDER).length !== 1) {
      throw new Error("the session query must take the token hash as its one placeholder parameter");
    }
    compiledSessionQueries.set(db, compiled);
  }
  const parameters = compiled.parameters.map((value) => (value === TOKEN_HASH_PLACEHOLDER ? tokenHash : value));
  return { ...compiled, parameters };
}

/** A live session: who it signs in, and until when (remembered for a while by a server process: see `rememberSessions`). */
export function findSession(db: Db, tokenHash: string): Promise<{ actor: Actor; expiresAt: Date } | null> {
  return rememberedSession(db, tokenHash, async () => {
    const [row] = (await db.executeQuery(compiledSessionQuery(db, tokenHash))).rows;
    if (!row) return null;
    const { expiresAt, ...actor } = row;
    return { actor: toActor(actor), expiresAt: new Date(expiresAt) };
  });
}

export async function findPersonByEmail(db: Db, email: string) {
  return db
    .selectFrom("people")
    .select(["id", "organisation_id", "password_hash", "deactivated_at"])
    .where(sql`lower(email)`, "=", email.toLowerCase())
    .executeTakeFirst();
}

export async function listPeople(db: Db, organisationId: string) {
  return db
    .selectFrom("people as p")
    .leftJoin("units as u", "u.id", "p.unit_id")
    .where("p.organisation_id", "=", organisationId)
    .select([
      "p.id",
      "p.name",
      "p.email",
      "p.role",
      "p.is_admin as isAdmin",
      "p.deactivated_at as deactivatedAt",
      "u.name as unitName",
      sql<boolean>`p.password_hash is not null`.as("hasPassword"),
      sql<boolean>`exists (select 1 from identities i where i.person_id = p.id)`.as("signsInThroughProvider"),
    ])
    .orderBy("p.deactivated_at", (ob) => ob.nullsFirst())
    .orderBy("p.name")
    .execute();
}

export async function listUnits(db: Db, organisationId: string) {
  return db
    .selectFrom("units")
    .where("organisation_id", "=", organisationId)
    .select(["id", "name", "kind"])
    .orderBy("name")
    .execute();
}

export async function findPerson(db: Db, organisationId: string, personId: string) {
  return db
    .selectFrom("people as p")
    .leftJoin("units as u", "u.id", "p.unit_id")
    .where("p.organisation_id", "=", organisationId)
    .where("p.id", "=", personId)
    .select([
      "p.id",
      "p.name",
      "p.email",
      "p.role",
      "p.is_admin as isAdmin",
      "p.unit_id as unitId",
      "u.name as unitName",
      "p.deactivated_at as deactivatedAt",
      sql<boolean>`p.password_hash is not null`.as("hasPassword"),
      sql<boolean>`exists (select 1 from identities i where i.person_id = p.id)`.as("signsInThroughProvider"),
      sql<Date | null>`(select max(i.last_signed_in_at) from identities i where i.person_id = p.id)`.as("lastProviderSignIn"),
    ])
    .executeTakeFirst();
}

export async function emailInUse(db: Db, email: string): Promise<boolean> {
  return (await findPersonByEmail(db, email)) !== undefined;
}

export interface NewPerson {
  name: string;
  email: string;
  unitId: string | null;
  role: PersonRole;
  isAdmin: boolean;
}

export async function createPerson(db: Db, organisationId: string, person: NewPerson) {
  return db
    .insertInto("people")
    .values({
      organisation_id: organisationId,
      name: person.name,
      email: person.email,
      unit_id: person.unitId,
      role: person.role,
      is_admin: person.role === "strategic_developer" && person.isAdmin,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function unitBelongsTo(db: Db, organisationId: string, unitId: string): Promise<boolean> {
  const unit = await db
    .selectFrom("units")
    .select("id")
    .where("id", "=", unitId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return unit !== undefined;
}

/** Moves a person to another unit (or none): what they may manage follows (see `Actor.unitIds`). */
export async function changeUnit(db: Db, organisationId: string, personId: string, unitId: string | null) {
  await db.updateTable("people").set({ unit_id: unitId }).where("id", "=", personId).where("organisation_id", "=", organisationId).execute();
}

export async function changeRole(db: Db, organisationId: string, personId: string, role: PersonRole, isAdmin: boolean) {
  await db
    .updateTable("people")
    .set({ role, is_admin: role === "strategic_developer" && isAdmin })
    .where("id", "=", personId)
    .where("organisation_id", "=", organisationId)
    .execute();
}

/** A deactivated person keeps their name in history but can no longer sign in; their sessions and feed token end now. */
export async function deactivatePerson(db: Db, organisationId: string, personId: string) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("people")
      .set({ deactivated_at: new Date() })
      .where("id", "=", personId)
      .where("organisation_id", "=", organisationId)
      .where("deactivated_at", "is", null)
      .execute();
    await trx.deleteFrom("sessions").where("person_id", "=", personId).execute();
    await notifySessionsEnded(trx, personId);
    await trx.deleteFrom("password_setup_tokens").where("person_id", "=", personId).where("used_at", "is", null).execute();
    await trx.deleteFrom("feed_tokens").where("person_id", "=", personId).execute();
  });
}

export async function reactivatePerson(db: Db, organisationId: string, personId: string) {
  await db
    .updateTable("people")
    .set({ deactivated_at: null })
    .where("id", "=", personId)
    .where("organisation_id", "=", organisationId)
    .execute();
}

/** A one-time link to set a first (or forgotten) password; earlier unused links stop working. */
export async function createPasswordSetupToken(db: Db, personId: string, createdBy: string): Promise<string> {
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("password_setup_tokens").where("person_id", "=", personId).where("used_at", "is", null).execute();
    await trx
      .insertInto("password_setup_tokens")
      .values({
        token_hash: hashToken(token),
        person_id: personId,
        created_by: createdBy,
        expires_at: new Date(Date.now() + SETUP_LINK_LIFETIME_MS),
      })
      .execute();
  });
  return token;
}

export async function findUsableSetupToken(db: Db, token: string) {
  return db
    .selectFrom("password_setup_tokens as t")
    .innerJoin("people as p", "p.id", "t.person_id")
    .where("t.token_hash", "=", hashToken(token))
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", sql<Date>`now()`)
    .where("p.deactivated_at", "is", null)
    .select(["p.id as personId", "p.name", "p.email"])
    .executeTakeFirst();
}

class SetupLinkUnusable extends Error {}

/** Sets the password and spends the link in one transaction; false when the link is no longer usable. */
export async function setPasswordWithToken(db: Db, token: string, password: string): Promise<string | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable("password_setup_tokens as t")
      .set({ used_at: new Date() })
      .where("t.token_hash", "=", hashToken(token))
      .where("t.used_at", "is", null)
      .where("t.expires_at", ">", sql<Date>`now()`)
      .returning("t.person_id")
      .executeTakeFirst();
    if (!spent) return null;
    const person = await trx
      .updateTable("people")
      .set({ password_hash: passwordHash })
      .where("id", "=", spent.person_id)
      .where("deactivated_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!person) throw new SetupLinkUnusable();
    await trx.deleteFrom("sessions").where("person_id", "=", person.id).execute();
    await notifySessionsEnded(trx, person.id);
    return person.id;
  }).catch((error: unknown) => {
    if (error instanceof SetupLinkUnusable) return null;
    throw error;
  });
}

/** Changes one's own password after checking the current one; other sessions of the person end. */
export async function changeOwnPassword(
  db: Db,
  personId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionHash: string | null,
): Promise<boolean> {
  const person = await db.selectFrom("people").select("password_hash").where("id", "=", personId).executeTakeFirstOrThrow();
  if (!(await passwordMatches(person.password_hash, currentPassword))) return false;
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("people").set({ password_hash: passwordHash }).where("id", "=", personId).execute();
    let others = trx.deleteFrom("sessions").where("person_id", "=", personId);
    if (keepSessionHash) others = others.where("id_hash", "<>", keepSessionHash);
    await others.execute();
    await notifySessionsEnded(trx, personId);
  });
  return true;
}
