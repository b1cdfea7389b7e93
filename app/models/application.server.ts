import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { ApplicationInput } from "~/schemas/group";
import { mergeCompetences } from "~/utils/breadth";
import { isUniqueViolation } from "~/utils/database-faults.server";
import type { Db } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { callDecided, callOpen, GroupError, groupOver, lockGroup, type LockedGroup } from "./group.server";
import { stockholmToday } from "./person.server";

// Applications are personal data: every function here is scoped to the applicant themself, except
// the selection, which the route opens to the organisation's strategic developers only.

/** The call, locked for sharing, if it takes applications today from this actor. */
async function lockOpenCall(db: Db, actor: Actor, groupId: string): Promise<LockedGroup> {
  const group = await lockGroup(db, groupId, "share");
  if (!group || group.organisation_id !== actor.organisationId) throw new GroupError("not-found");
  if (group.recruitment !== "open_application") throw new GroupError("invited-only");
  if (!group.accepting) throw new GroupError("call-closed");
  return group;
}

const profile = (input: ApplicationInput) => ({
  motivation: input.motivation,
  competences: JSON.stringify(mergeCompetences(input.competences, input.otherCompetences)),
  experience_years: input.experienceYears,
  unit_ids: JSON.stringify([...new Set(input.unitIds)]),
});

/**
 * Applies once per call. Someone who withdrew may apply again while the call is open: the same
 * row comes back, keeping its first submission time.
 */
export async function applyToGroup(db: Db, actor: Actor, groupId: string, input: ApplicationInput) {
  return db
    .transaction()
    .execute(async (trx) => {
      await lockOpenCall(trx, actor, groupId);
      const member = await trx
        .selectFrom("group_memberships")
        .where("group_id", "=", groupId)
        .where("person_id", "=", actor.id)
        .select("person_id")
        .executeTakeFirst();
      if (member) throw new GroupError("is-member");
      const existing = await trx
        .selectFrom("group_applications")
        .where("group_id", "=", groupId)
        .where("person_id", "=", actor.id)
        .select(["id", "status"])
        .forUpdate()
        .executeTakeFirst();
      if (existing && existing.status !== "withdrawn") throw new GroupError("already-applied");
      if (existing) {
        return trx
          .updateTable("group_applications")
          .set({ ...profile(input), status: "submitted", updated_at: new Date() })
          .where("id", "=", existing.id)
          .returning("id")
          .executeTakeFirstOrThrow();
      }
      return trx
        .insertInto("group_applications")
        .values({ ...profile(input), group_id: groupId, person_id: actor.id })
        .returning("id")
        .executeTakeFirstOrThrow();
    })
    .catch((error: unknown) => {
      // Two submissions at once: the unique (group, person) key lets one through.
      if (isUniqueViolation(error)) throw new GroupError("already-applied");
      throw error;
    });
}

async function lockOwnSubmitted(db: Db, actor: Actor, groupId: string) {
  await lockOpenCall(db, actor, groupId);
  const application = await db
    .selectFrom("group_applications")
    .where("group_id", "=", groupId)
    .where("person_id", "=", actor.id)
    .where("status", "=", "submitted")
    .select("id")
    .forUpdate()
    .executeTakeFirst();
  if (!application) throw new GroupError("no-application");
  return application;
}

export async function updateApplication(db: Db, actor: Actor, groupId: string, input: ApplicationInput) {
  await db.transaction().execute(async (trx) => {
    const application = await lockOwnSubmitted(trx, actor, groupId);
    await trx
      .updateTable("group_applications")
      .set({ ...profile(input), updated_at: new Date() })
      .where("id", "=", application.id)
      .execute();
  });
}

export async function withdrawApplication(db: Db, actor: Actor, groupId: string) {
  await db.transaction().execute(async (trx) => {
    const application = await lockOwnSubmitted(trx, actor, groupId);
    await trx
      .updateTable("group_applications")
      .set({ status: "withdrawn", updated_at: new Date() })
      .where("id", "=", application.id)
      .execute();
  });
}

/** The call as an applicant sees it, with their own application (and nobody else's). */
export async function loadOwnApplication(db: Db, groupId: string, personId: string) {
  return db
    .selectFrom("working_groups as g")
    .where("g.id", "=", groupId)
    .select((eb) => [
      "g.id",
      "g.organisation_id as organisationId",
      "g.name",
      "g.recruitment",
      "g.seats",
      "g.applications_close_on as applicationsCloseOn",
      "g.application_prompt as applicationPrompt",
      callOpen.as("callOpen"),
      callDecided.as("callDecided"),
      sql<boolean>`exists (select 1 from group_memberships m where m.group_id = g.id and m.person_id = ${personId})`.as(
        "isMember"
      ),
      jsonArrayFrom(
        eb
          .selectFrom("group_applications as a")
          .whereRef("a.group_id", "=", "g.id")
          .where("a.person_id", "=", personId)
          .select([
            "a.id",
            "a.motivation",
            "a.competences",
            "a.experience_years as experienceYears",
            "a.unit_ids as unitIds",
            "a.status",
            "a.submitted_at as submittedAt",
            "a.updated_at as updatedAt",
            "a.decided_at as decidedAt",
          ])
      ).as("applications"),
    ])
    .executeTakeFirst()
    .then((row) => {
      if (!row) return undefined;
      const { applications, ...call } = row;
      return { ...call, application: applications[0] ?? null };
    });
}

/** Every application of a call with the applicant's profile, for the organisation's strategic developers. */
export async function loadSelection(db: Db, groupId: string) {
  return db
    .selectFrom("working_groups as g")
    .where("g.id", "=", groupId)
    .select((eb) => [
      "g.id",
      "g.organisation_id as organisationId",
      "g.name",
      "g.recruitment",
      "g.seats",
      "g.applications_close_on as applicationsCloseOn",
      "g.ended_at as endedAt",
      groupOver.as("over"),
      callDecided.as("callDecided"),
      sql<boolean>`coalesce(g.applications_close_on >= ${stockholmToday}, false)`.as("beforeClosing"),
      jsonArrayFrom(
        eb
          .selectFrom("group_applications as a")
          .innerJoin("people as p", "p.id", "a.person_id")
          .leftJoin("units as u", "u.id", "p.unit_id")
          .leftJoin("people as decider", "decider.id", "a.decided_by")
          .whereRef("a.group_id", "=", "g.id")
          .select([
            "a.id",
            "a.person_id as personId",
            "p.name",
            "u.name as currentUnit",
            "a.motivation",
            "a.competences",
            "a.experience_years as experienceYears",
            "a.unit_ids as unitIds",
            "a.status",
            "a.submitted_at as submittedAt",
            "a.decided_at as decidedAt",
            "decider.name as decidedByName",
          ])
          .orderBy("a.submitted_at")
          .orderBy("a.id")
      ).as("applications"),
    ])
    .executeTakeFirst();
}

/**
 * Confirms the selection in one transaction: the chosen applicants become members, every
 * remaining application is marked selected or declined with who decided and when, and each
 * applicant gets a notification. The call is closed from then on.
 */
export async function confirmSelection(db: Db, actor: Actor, groupId: string, applicationIds: string[]) {
  return db.transaction().execute(async (trx) => {
    const group = await lockGroup(trx, groupId, "update");
    if (!group || group.organisation_id !== actor.organisationId) throw new GroupError("not-found");
    if (!can(actor, "group:manage", { organisationId: group.organisation_id, unitId: null })) throw new GroupError("forbidden");
    if (group.recruitment !== "open_application") throw new GroupError("invited-only");
    if (group.over) throw new GroupError("group-ended");
    if (group.decided) throw new GroupError("decided");
    const chosen = new Set(applicationIds);
    if (chosen.size > (group.seats ?? 0)) throw new GroupError("too-many");

    const submitted = await trx
      .selectFrom("group_applications")
      .where("group_id", "=", groupId)
      .where("status", "=", "submitted")
      .select(["id", "person_id"])
      .forUpdate()
      .execute();
    const known = new Set(submitted.map((application) => application.id));
    if ([...chosen].some((id) => !known.has(id))) throw new GroupError("stale-selection");

    const now = new Date();
    const selected = submitted.filter((application) => chosen.has(application.id));
    const declined = submitted.filter((application) => !chosen.has(application.id));
    const decide = (ids: string[], status: "selected" | "declined") =>
      ids.length
        ? trx
            .updateTable("group_applications")
            .set({ status, decided_at: now, decided_by: actor.id, updated_at: now })
            .where("id", "in", ids)
            .execute()
        : Promise.resolve();
    await decide(
      selected.map((application) => application.id),
      "selected"
    );
    await decide(
      declined.map((application) => application.id),
      "declined"
    );
    if (selected.length) {
      await trx
        .insertInto("group_memberships")
        .values(selected.map((application) => ({ group_id: groupId, person_id: application.person_id, role: "member" as const })))
        .onConflict((oc) => oc.columns(["group_id", "person_id"]).doNothing())
        .execute();
    }
    if (submitted.length) {
      await trx
        .insertInto("notifications")
        .values([
          ...selected.map((application) => ({
            person_id: application.person_id,
            kind: "application_selected" as const,
            group_id: groupId,
          })),
          ...declined.map((application) => ({
            person_id: application.person_id,
            kind: "application_declined" as const,
            group_id: groupId,
          })),
        ])
        .execute();
    }
    return { selected: selected.length, declined: declined.length };
  });
}
