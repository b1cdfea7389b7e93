import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "~/utils/db.server";

export const PLAN_EXPORT_FORMAT = "planboard.plan-export";
export const PLAN_EXPORT_VERSION = 1;

/**
 * A whole plan as one document: the plan, its columns and focus areas, every assignment (open
 * and archived) with its responsible people and comments, every history event, and the groups
 * and people those refer to by id. One statement. Versioned, so that an import can read it back.
 */
export async function exportPlan(db: Db, planId: string) {
  const plan = await db
    .selectFrom("action_plans as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .where("p.id", "=", planId)
    .select((eb) => [
      "p.id",
      "p.title",
      "p.description",
      "p.starts_on as startsOn",
      "p.ends_on as endsOn",
      "p.archived_at as archivedAt",
      "p.created_at as createdAt",
      "p.source",
      "p.organisation_id as organisationId",
      "o.name as organisationName",
      jsonArrayFrom(
        eb
          .selectFrom("board_columns as c")
          .whereRef("c.plan_id", "=", "p.id")
          .select(["c.id", "c.name", "c.position", "c.is_done as isDone", "c.wip_limit as wipLimit"])
          .orderBy("c.position"),
      ).as("columns"),
      jsonArrayFrom(
        eb
          .selectFrom("focus_areas as f")
          .whereRef("f.plan_id", "=", "p.id")
          .select(["f.id", "f.name", "f.description", "f.position"])
          .orderBy("f.position"),
      ).as("focusAreas"),
      jsonArrayFrom(
        eb
          .selectFrom("assignments as a")
          .whereRef("a.plan_id", "=", "p.id")
          .select((inner) => [
            "a.id",
            "a.title",
            "a.description",
            "a.column_id as columnId",
            "a.focus_area_id as focusAreaId",
            "a.position",
            "a.working_group_id as workingGroupId",
            "a.due_on as dueOn",
            "a.archived_at as archivedAt",
            "a.version",
            "a.column_entered_at as columnEnteredAt",
            "a.created_by as createdBy",
            "a.created_at as createdAt",
            "a.updated_at as updatedAt",
            jsonArrayFrom(
              inner
                .selectFrom("assignment_responsibles as r")
                .whereRef("r.assignment_id", "=", "a.id")
                .select("r.person_id as personId")
                .orderBy("r.person_id"),
            ).as("responsibles"),
            jsonArrayFrom(
              inner
                .selectFrom("comments as m")
                .whereRef("m.assignment_id", "=", "a.id")
                .select(["m.id", "m.author_id as authorId", "m.author_name as authorName", "m.body", "m.created_at as createdAt", "m.edited_at as editedAt"])
                .orderBy("m.created_at"),
            ).as("comments"),
          ])
          .orderBy("a.created_at")
          .orderBy("a.id"),
      ).as("assignments"),
      jsonArrayFrom(
        eb
          .selectFrom("assignment_events as e")
          .whereRef("e.plan_id", "=", "p.id")
          .select([
            "e.id",
            "e.assignment_id as assignmentId",
            "e.kind",
            "e.actor_id as actorId",
            "e.actor_name as actorName",
            "e.from_column_id as fromColumnId",
            "e.from_column_name as fromColumnName",
            "e.to_column_id as toColumnId",
            "e.to_column_name as toColumnName",
            "e.from_focus_area_id as fromFocusAreaId",
            "e.from_focus_area_name as fromFocusAreaName",
            "e.to_focus_area_id as toFocusAreaId",
            "e.to_focus_area_name as toFocusAreaName",
            "e.changes",
            "e.version",
            "e.occurred_at as occurredAt",
          ])
          .orderBy("e.occurred_at")
          .orderBy("e.id"),
      ).as("events"),
      jsonArrayFrom(
        eb
          .selectFrom("working_groups as g")
          .where("g.id", "in", eb.selectFrom("assignments as a").whereRef("a.plan_id", "=", "p.id").where("a.working_group_id", "is not", null).select(sql<string>`a.working_group_id`.as("id")))
          .select(["g.id", "g.name", "g.purpose", "g.starts_on as startsOn", "g.ends_on as endsOn", "g.ended_at as endedAt", "g.recruitment"])
          .orderBy("g.name"),
      ).as("workingGroups"),
      jsonArrayFrom(
        eb
          .selectFrom("people as person")
          .where((where) =>
            where.or([
              where("person.id", "in", where.selectFrom("assignment_responsibles as r").innerJoin("assignments as a", "a.id", "r.assignment_id").whereRef("a.plan_id", "=", "p.id").select("r.person_id")),
              where("person.id", "in", where.selectFrom("assignment_events as e").whereRef("e.plan_id", "=", "p.id").where("e.actor_id", "is not", null).select(sql<string>`e.actor_id`.as("id"))),
              where("person.id", "in", where.selectFrom("comments as m").innerJoin("assignments as a", "a.id", "m.assignment_id").whereRef("a.plan_id", "=", "p.id").where("m.author_id", "is not", null).select(sql<string>`m.author_id`.as("id"))),
            ]),
          )
          .select(["person.id", "person.name"])
          .orderBy("person.name"),
      ).as("people"),
    ])
    .executeTakeFirst();
  if (!plan) return null;
  const { organisationId, ...rest } = plan;
  return { organisationId, document: { format: PLAN_EXPORT_FORMAT, version: PLAN_EXPORT_VERSION, plan: rest } };
}

/** The plan's assignments as rows for a spreadsheet, in board order. */
export async function assignmentRows(db: Db, planId: string) {
  return db
    .selectFrom("assignments as a")
    .innerJoin("board_columns as c", "c.id", "a.column_id")
    .innerJoin("focus_areas as f", "f.id", "a.focus_area_id")
    .leftJoin("working_groups as g", "g.id", "a.working_group_id")
    .where("a.plan_id", "=", planId)
    .select((eb) => [
      "a.id",
      "a.title",
      "c.name as column",
      "f.name as focusArea",
      "g.name as workingGroup",
      eb
        .selectFrom("assignment_responsibles as r")
        .innerJoin("people as person", "person.id", "r.person_id")
        .whereRef("r.assignment_id", "=", "a.id")
        .select(sql<string>`string_agg(person.name, ', ' order by person.name)`.as("names"))
        .as("responsible"),
      "a.due_on as dueOn",
      "a.created_at as createdAt",
      "a.column_entered_at as columnEnteredAt",
      "a.archived_at as archivedAt",
      "a.description",
    ])
    .orderBy("c.position")
    .orderBy("f.position")
    .orderBy("a.position")
    .execute();
}

/** Every history event of the plan, oldest first. */
export async function historyRows(db: Db, planId: string) {
  return db
    .selectFrom("assignment_events as e")
    .innerJoin("assignments as a", "a.id", "e.assignment_id")
    .where("e.plan_id", "=", planId)
    .select([
      "e.occurred_at as occurredAt",
      "e.assignment_id as assignmentId",
      "a.title",
      "e.kind",
      "e.actor_name as actor",
      "e.from_column_name as fromColumn",
      "e.to_column_name as toColumn",
      "e.from_focus_area_name as fromFocusArea",
      "e.to_focus_area_name as toFocusArea",
      "e.changes",
    ])
    .orderBy("e.occurred_at")
    .orderBy("e.id")
    .execute();
}
