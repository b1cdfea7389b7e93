import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "~/utils/db.server";
import { EVENT_FIELDS } from "./fragments.server";

export interface ActivityFilter {
  organisationId: string;
  planId?: string;
  focusAreaId?: string;
  groupId?: string;
  personId?: string;
  /** Calendar dates in Stockholm, both included. */
  from?: string;
  to?: string;
}

/** Where the next page starts: the last event shown, by time and id. */
export interface ActivityCursor {
  occurredAt: string;
  id: number;
}

/**
 * History events across plans, newest first, filtered by plan, focus area and working group (the
 * card's current ones), person (who acted) and period; a page at a time, by keyset.
 */
export async function listActivity(db: Db, filter: ActivityFilter, page: { after?: ActivityCursor; limit: number }) {
  const rows = await db
    .selectFrom("assignment_events as e")
    .innerJoin("assignments as a", "a.id", "e.assignment_id")
    .innerJoin("action_plans as p", "p.id", "e.plan_id")
    .innerJoin("focus_areas as f", "f.id", "a.focus_area_id")
    .leftJoin("working_groups as g", "g.id", "a.working_group_id")
    .where("p.organisation_id", "=", filter.organisationId)
    .$if(filter.planId !== undefined, (qb) => qb.where("e.plan_id", "=", filter.planId!))
    .$if(filter.focusAreaId !== undefined, (qb) => qb.where("a.focus_area_id", "=", filter.focusAreaId!))
    .$if(filter.groupId !== undefined, (qb) => qb.where("a.working_group_id", "=", filter.groupId!))
    .$if(filter.personId !== undefined, (qb) => qb.where("e.actor_id", "=", filter.personId!))
    .$if(filter.from !== undefined, (qb) =>
      qb.where("e.occurred_at", ">=", sql<Date>`(${filter.from}::date::timestamp at time zone 'Europe/Stockholm')`),
    )
    .$if(filter.to !== undefined, (qb) =>
      qb.where("e.occurred_at", "<", sql<Date>`((${filter.to}::date + 1)::timestamp at time zone 'Europe/Stockholm')`),
    )
    .$if(page.after !== undefined, (qb) =>
      qb.where(sql<boolean>`(e.occurred_at, e.id) < (${page.after!.occurredAt}::timestamptz, ${page.after!.id}::bigint)`),
    )
    .select([
      ...EVENT_FIELDS,
      "p.id as planId",
      "p.title as planTitle",
      "f.name as focusAreaName",
      "g.name as groupName",
    ])
    .orderBy("e.occurred_at", "desc")
    .orderBy("e.id", "desc")
    .limit(page.limit + 1)
    .execute();
  const events = rows.slice(0, page.limit);
  const last = events.at(-1);
  const next: ActivityCursor | null =
    rows.length > page.limit && last ? { occurredAt: new Date(last.occurredAt).toISOString(), id: Number(last.id) } : null;
  return { events, next };
}

/** What the activity filters offer: the organisation's plans, focus areas, groups and the people who have acted. */
export async function activityFilterOptions(db: Db, organisationId: string, planId?: string) {
  return db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb.selectFrom("action_plans").where("organisation_id", "=", organisationId).select(["id", "title"]).orderBy("title"),
      ).as("plans"),
      jsonArrayFrom(
        eb
          .selectFrom("focus_areas as f")
          .innerJoin("action_plans as p", "p.id", "f.plan_id")
          .where("p.organisation_id", "=", organisationId)
          .$if(planId !== undefined, (qb) => qb.where("f.plan_id", "=", planId!))
          .select(["f.id", "f.name", "p.title as planTitle"])
          .orderBy("p.title")
          .orderBy("f.position"),
      ).as("focusAreas"),
      jsonArrayFrom(
        eb.selectFrom("working_groups").where("organisation_id", "=", organisationId).select(["id", "name"]).orderBy("name"),
      ).as("groups"),
      jsonArrayFrom(
        eb.selectFrom("people").where("organisation_id", "=", organisationId).select(["id", "name"]).orderBy("name"),
      ).as("people"),
    ])
    .executeTakeFirstOrThrow();
}

/** What a page of activity holds when there is nothing to list (its filters did not pass). */
export const noActivity = (): Awaited<ReturnType<typeof listActivity>> => ({ events: [], next: null });
