import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "~/utils/db.server";

export interface PlanColumnProgress {
  id: string;
  name: string;
  isDone: boolean;
  cardCount: number;
}

/** An organisation's active plans with their cards counted per column, in one statement. */
export async function listPlansWithProgress(db: Db, organisationId: string) {
  return db
    .selectFrom("action_plans as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .where("p.organisation_id", "=", organisationId)
    .where("p.archived_at", "is", null)
    .select((eb) => [
      "p.id",
      "p.title",
      "p.description",
      "p.starts_on as startsOn",
      "p.ends_on as endsOn",
      "o.name as organisationName",
      jsonArrayFrom(
        eb
          .selectFrom("board_columns as c")
          .whereRef("c.plan_id", "=", "p.id")
          .select((inner) => [
            "c.id",
            "c.name",
            "c.is_done as isDone",
            inner
              .selectFrom("assignments as a")
              .whereRef("a.column_id", "=", "c.id")
              .where("a.archived_at", "is", null)
              .select((count) => count.fn.countAll<number>().as("n"))
              .as("cardCount"),
          ])
          .orderBy("c.position"),
      ).as("columns"),
    ])
    .orderBy("p.created_at")
    .execute() as Promise<
    Array<{
      id: string;
      title: string;
      description: string;
      startsOn: string | null;
      endsOn: string | null;
      organisationName: string;
      columns: PlanColumnProgress[];
    }>
  >;
}
