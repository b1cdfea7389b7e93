import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "~/utils/db.server";
import { EVENT_FIELDS } from "./fragments.server";

export type FollowTarget = { planId: string } | { focusAreaId: string } | { groupId: string };

const SHOWN_PER_FOLLOW = 20;

/**
 * What the person follows, each with what has happened there since they last marked it seen:
 * the number of events and the latest of them. One statement.
 */
export async function listFollows(db: Db, personId: string) {
  return db
    .selectFrom("follows as w")
    .leftJoin("action_plans as p", "p.id", "w.plan_id")
    .leftJoin("focus_areas as f", "f.id", "w.focus_area_id")
    .leftJoin("action_plans as fp", "fp.id", "f.plan_id")
    .leftJoin("working_groups as g", "g.id", "w.group_id")
    .where("w.person_id", "=", personId)
    .select((eb) => {
      const changes = () =>
        eb
          .selectFrom("assignment_events as e")
          .innerJoin("assignments as a", "a.id", "e.assignment_id")
          .whereRef("e.occurred_at", ">", "w.last_seen_at")
          .where((where) =>
            where.or([
              where("e.plan_id", "=", where.ref("w.plan_id")),
              where("a.focus_area_id", "=", where.ref("w.focus_area_id")),
              where("a.working_group_id", "=", where.ref("w.group_id")),
            ]),
          );
      return [
        "w.id",
        "w.plan_id as planId",
        "w.focus_area_id as focusAreaId",
        "w.group_id as groupId",
        "w.last_seen_at as lastSeenAt",
        sql<string>`coalesce(p.title, fp.title || ': ' || f.name, g.name)`.as("name"),
        sql<string | null>`coalesce(p.id, fp.id)`.as("boardPlanId"),
        changes()
          .select((inner) => inner.fn.countAll<number>().as("n"))
          .as("newCount"),
        jsonArrayFrom(
          changes()
            .select([...EVENT_FIELDS, "e.plan_id as planId"])
            .orderBy("e.occurred_at", "desc")
            .orderBy("e.id", "desc")
            .limit(SHOWN_PER_FOLLOW),
        ).as("changes"),
      ];
    })
    .orderBy("w.created_at")
    .execute();
}

/** Whether the target exists in the person's organisation: nobody follows what they cannot see. */
async function targetInOrganisation(db: Db, organisationId: string, target: FollowTarget): Promise<boolean> {
  const found =
    "planId" in target
      ? await db.selectFrom("action_plans").select("id").where("id", "=", target.planId).where("organisation_id", "=", organisationId).executeTakeFirst()
      : "focusAreaId" in target
        ? await db
            .selectFrom("focus_areas as f")
            .innerJoin("action_plans as p", "p.id", "f.plan_id")
            .select("f.id")
            .where("f.id", "=", target.focusAreaId)
            .where("p.organisation_id", "=", organisationId)
            .executeTakeFirst()
        : await db.selectFrom("working_groups").select("id").where("id", "=", target.groupId).where("organisation_id", "=", organisationId).executeTakeFirst();
  return found !== undefined;
}

/** Follows a plan, focus area or group from now on; following again changes nothing. False if not found. */
export async function follow(db: Db, person: { id: string; organisationId: string }, target: FollowTarget): Promise<boolean> {
  if (!(await targetInOrganisation(db, person.organisationId, target))) return false;
  await db
    .insertInto("follows")
    .values({
      person_id: person.id,
      plan_id: "planId" in target ? target.planId : null,
      focus_area_id: "focusAreaId" in target ? target.focusAreaId : null,
      group_id: "groupId" in target ? target.groupId : null,
    })
    .onConflict((oc) => oc.expression(sql`person_id, coalesce(plan_id, focus_area_id, group_id)`).doNothing())
    .execute();
  return true;
}

export async function unfollow(db: Db, personId: string, followId: string): Promise<boolean> {
  const removed = await db.deleteFrom("follows").where("id", "=", followId).where("person_id", "=", personId).returning("id").executeTakeFirst();
  return removed !== undefined;
}

/** Marks one follow (or all of them) as seen up to now. */
export async function markSeen(db: Db, personId: string, followId?: string) {
  await db
    .updateTable("follows")
    .set({ last_seen_at: new Date() })
    .where("person_id", "=", personId)
    .$if(followId !== undefined, (qb) => qb.where("id", "=", followId!))
    .execute();
}

/** What can be followed: the organisation's plans with their focus areas, and its groups. */
export async function followOptions(db: Db, organisationId: string) {
  return db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("focus_areas as f")
          .innerJoin("action_plans as p", "p.id", "f.plan_id")
          .where("p.organisation_id", "=", organisationId)
          .where("p.archived_at", "is", null)
          .select(["f.id", "f.name", "p.title as planTitle"])
          .orderBy("p.title")
          .orderBy("f.position"),
      ).as("focusAreas"),
      jsonArrayFrom(
        eb.selectFrom("working_groups").where("organisation_id", "=", organisationId).where("ended_at", "is", null).select(["id", "name"]).orderBy("name"),
      ).as("groups"),
    ])
    .executeTakeFirstOrThrow();
}
