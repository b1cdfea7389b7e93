import { jsonArrayFrom } from "kysely/helpers/postgres";
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
 * A plan's whole board in three statements whatever its size: the plan with its columns, focus
 * areas and whether the viewer follows it; every open card with its group; and the responsible
 * people of those cards. Flat queries, nested in memory: a subquery per card would cost more
 * than the join.
 */
export async function loadBoard(db: Db, planId: string, viewerId?: string) {
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
      eb
        .selectFrom("follows as w")
        .whereRef("w.plan_id", "=", "p.id")
        .where("w.person_id", "=", viewerId ?? "00000000-0000-0000-0000-000000000000")
        .select("w.id")
        .as("followId"),
    ])
    .executeTakeFirst();
  if (!plan) return null;

  const [rows, responsibles] = await Promise.all([
    db
      .selectFrom("assignments as a")
      .leftJoin("working_groups as g", "g.id", "a.working_group_id")
      .where("a.plan_id", "=", planId)
      .where("a.archived_at", "is", null)
      .select([
        "a.id",
        "a.title",
        "a.column_id as columnId",
        "a.focus_area_id as focusAreaId",
        "a.position",
        "a.due_on as dueOn",
        "a.column_entered_at as columnEnteredAt",
        "a.version",
        "g.id as groupId",
        "g.name as groupName",
      ])
      .orderBy("a.position")
      .orderBy("a.id")
      .execute(),
    db
      .selectFrom("assignment_responsibles as r")
      .innerJoin("assignments as a", "a.id", "r.assignment_id")
      .innerJoin("people as person", "person.id", "r.person_id")
      .where("a.plan_id", "=", planId)
      .where("a.archived_at", "is", null)
      .select(["r.assignment_id as assignmentId", "person.id", "person.name"])
      .orderBy("person.name")
      .execute(),
  ]);
  const responsiblesByCard = new Map<string, Array<{ id: string; name: string }>>();
  for (const { assignmentId, id, name } of responsibles) {
    const list = responsiblesByCard.get(assignmentId);
    if (list) list.push({ id, name });
    else responsiblesByCard.set(assignmentId, [{ id, name }]);
  }
  const cards: BoardCard[] = rows.map(({ groupId, groupName, ...card }) => ({
    ...card,
    group: groupId && groupName ? { id: groupId, name: groupName } : null,
    responsibles: responsiblesByCard.get(card.id) ?? [],
  }));
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
