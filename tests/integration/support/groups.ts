import { sql } from "kysely";
import type { Db } from "~/utils/db.server";

const DAY = 24 * 60 * 60 * 1000;

/** A calendar date `days` from today (UTC; every use keeps days of margin around the boundaries). */
export function dateIn(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

interface FreshGroupOptions {
  /** The organisation's slug; the demo's Exempelby by default. */
  organisation?: string;
  recruitment?: "invited" | "open_application";
  /** Every active person of the organisation has a submitted application. */
  everyoneApplied?: boolean;
  /** E-mail addresses of members. */
  members?: string[];
}

let counter = 0;

/** A running group of its own (open for applications two more weeks when it recruits openly), for tests that change it. */
export async function freshGroup(db: Db, options: FreshGroupOptions = {}) {
  counter += 1;
  const organisation = await db
    .selectFrom("organisations")
    .select("id")
    .where("slug", "=", options.organisation ?? "exempelby")
    .executeTakeFirstOrThrow();
  const open = (options.recruitment ?? "open_application") === "open_application";
  const group = await db
    .insertInto("working_groups")
    .values({
      organisation_id: organisation.id,
      name: `Testgrupp ${counter}`,
      purpose: "En grupp för ett test.",
      starts_on: dateIn(-30),
      ends_on: dateIn(300),
      recruitment: open ? "open_application" : "invited",
      seats: open ? 3 : null,
      applications_close_on: open ? dateIn(14) : null,
      application_prompt: open ? "Berätta om dig." : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (options.members?.length) {
    const people = await db.selectFrom("people").select("id").where("email", "in", options.members).execute();
    await db
      .insertInto("group_memberships")
      .values(people.map((person) => ({ group_id: group.id, person_id: person.id })))
      .execute();
  }
  const applicationIds: string[] = [];
  if (options.everyoneApplied) {
    const rows = await sql<{ id: string }>`
      insert into group_applications (group_id, person_id, motivation, competences, experience_years, unit_ids)
      select ${group.id}::uuid, p.id, 'Jag vill vara med.', '["Juridik"]'::jsonb, 5, '[]'::jsonb
      from people p where p.organisation_id = ${organisation.id}::uuid and p.deactivated_at is null
      returning id
    `.execute(db);
    applicationIds.push(...rows.rows.map((row) => row.id));
  }
  return { groupId: group.id, organisationId: organisation.id, applicationIds };
}

export async function groupIdByName(db: Db, name: string): Promise<string> {
  const group = await db.selectFrom("working_groups").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return group.id;
}

export async function personIdByEmail(db: Db, email: string): Promise<string> {
  const person = await db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return person.id;
}

/** The notifications table's rows, for "nothing written" checks beside `databaseFingerprint`. */
export async function notificationsFingerprint(db: Db): Promise<string> {
  const { rows } = await sql<{ h: string }>`
    select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from notifications x
  `.execute(db);
  return rows[0]!.h;
}

/** A demo plan of the organisation with this slug. */
export async function demoPlanIdOf(db: Db, organisationSlug: string): Promise<string> {
  const plan = await db
    .selectFrom("action_plans")
    .innerJoin("organisations", "organisations.id", "action_plans.organisation_id")
    .where("organisations.slug", "=", organisationSlug)
    .select("action_plans.id")
    .executeTakeFirstOrThrow();
  return plan.id;
}
