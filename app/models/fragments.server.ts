import { expressionBuilder, type Expression } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../db/schema";

/** An assignment's responsible people as a nested JSON array `{ id, name }[]`, by name. */
export function responsiblesOf(assignmentId: Expression<string>) {
  return jsonArrayFrom(
    expressionBuilder<Database>()
      .selectFrom("assignment_responsibles as r")
      .innerJoin("people as person", "person.id", "r.person_id")
      .where("r.assignment_id", "=", assignmentId)
      .select(["person.id", "person.name"])
      .orderBy("person.name"),
  );
}

/** What a history event row shows wherever events are listed (aliases `e` for the event, `a` for its assignment). */
export const EVENT_FIELDS = [
  "e.id",
  "e.kind",
  "e.occurred_at as occurredAt",
  "e.actor_name as actorName",
  "e.from_column_name as fromColumn",
  "e.to_column_name as toColumn",
  "e.from_focus_area_name as fromFocusArea",
  "e.to_focus_area_name as toFocusArea",
  "e.changes",
  "a.id as assignmentId",
  "a.title",
] as const;
