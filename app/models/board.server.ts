import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { Db } from "~/utils/db.server";

export interface BoardCard {
  id: string;
  title: string;
  columnId: string;
  focusAreaId: string;
  position: string;
  dueOn: string | null;
  columnEnteredAt: Date;
  version: number;
  group: { id: string; name: string } | null;
  responsibles: Array<{ id: string; name: string }>;
}

/**
 * A plan's whole board in two statements whatever its size: the plan with its columns
 * and focus areas, then every open card with its group and responsible people.
 */
export async function loadBoard(db: Db, planId: string) {
  const plan = await db
    .selectFrom("action_plans as p")
    .where("p.id", "=", planId)
    .where("p.archived_at", "is", null)
    .select((eb) => [
      "p.id",
      "p.title",
      "p.description",
      "p.organisation_id as organisationId",
      jsonArrayFrom(
        eb
          .selectFrom("board_columns as c")
          .whereRef("c.plan_id", "=", "p.id")
          .select(["c.id", "c.name", "c.is_done as isDone", "c.wip_limit as wipLimit"])
          .orderBy("c.position"),
      ).as("columns"),
      jsonArrayFrom(
        eb
          .selectFrom("focus_areas as f")
          .whereRef("f.plan_id", "=", "p.id")
          .select(["f.id", "f.name", "f.description"])
          .orderBy("f.position"),
      ).as("focusAreas"),
    ])
    .executeTakeFirst();
  if (!plan) return null;

  const cards: BoardCard[] = await db
    .selectFrom("assignments as a")
    .where("a.plan_id", "=", planId)
    .where("a.archived_at", "is", null)
    .select((eb) => [
      "a.id",
      "a.title",
      "a.column_id as columnId",
      "a.focus_area_id as focusAreaId",
      "a.position",
      "a.due_on as dueOn",
      "a.column_entered_at as columnEnteredAt",
      "a.version",
      jsonObjectFrom(
        eb
          .selectFrom("working_groups as g")
          .whereRef("g.id", "=", "a.working_group_id")
          .select(["g.id", "g.name"]),
      ).as("group"),
      jsonArrayFrom(
        eb
          .selectFrom("assignment_responsibles as r")
          .innerJoin("people as person", "person.id", "r.person_id")
          .whereRef("r.assignment_id", "=", "a.id")
          .select(["person.id", "person.name"])
          .orderBy("person.name"),
      ).as("responsibles"),
    ])
    .orderBy("a.position")
    .orderBy("a.id")
    .execute();

  return { ...plan, cards };
}

export type Board = NonNullable<Awaited<ReturnType<typeof loadBoard>>>;

/** A plan's name and owner, for pages that hang off it. */
export async function findPlan(db: Db, planId: string) {
  return db
    .selectFrom("action_plans")
    .where("id", "=", planId)
    .select(["id", "title", "organisation_id as organisationId", "archived_at as archivedAt"])
    .executeTakeFirst();
}
