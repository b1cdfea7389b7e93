import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { PlanFields } from "~/schemas/plan";
import type { Db } from "~/utils/db.server";
import { notifyPlanChanged } from "~/utils/live-events.server";
import { can, type Actor } from "~/utils/permissions";
import { refusalOf, type RefusalStatus } from "./refusal.server";

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

export type PlanErrorCode =
  | "not-found"
  | "forbidden"
  | "plan-archived"
  | "lane-not-found"
  | "last-column"
  | "last-focus-area"
  | "target-required"
  | "invalid-target"
  | "adopted-unit";

const STATUS: Record<PlanErrorCode, RefusalStatus> = {
  "not-found": 404,
  forbidden: 403,
  "plan-archived": 409,
  "lane-not-found": 404,
  "last-column": 409,
  "last-focus-area": 409,
  "target-required": 400,
  "invalid-target": 400,
  "adopted-unit": 409,
};

/** A refused change to a plan or its structure; the route answers it with `status` and an i18n message. */
export class PlanError extends refusalOf(STATUS) {}

/** What a new plan starts with; both are edited on the plan's settings page afterwards. */
export const DEFAULT_COLUMNS = [
  { name: "Planerad", isDone: false },
  { name: "Pågår", isDone: false },
  { name: "Uppföljning", isDone: false },
  { name: "Klart", isDone: true },
] as const;
export const DEFAULT_FOCUS_AREA = "Allmänt";

/** A plan's owner (organisation and unit), title and archived state: read first, to authorise a request to the plan or a page hanging off it. */
export async function findPlan(db: Db, planId: string) {
  return db
    .selectFrom("action_plans")
    .where("id", "=", planId)
    .select(["id", "title", "organisation_id as organisationId", "unit_id as unitId", "archived_at as archivedAt"])
    .executeTakeFirst();
}

/**
 * Locks the plan for a change to it or its structure, so that changes to one plan's structure
 * happen one after another. Checks again, inside the transaction, that the actor may manage it.
 */
export async function lockPlanForChange(trx: Db, actor: Actor, planId: string, options: { allowArchived?: boolean } = {}) {
  const plan = await trx
    .selectFrom("action_plans")
    .where("id", "=", planId)
    .select(["id", "organisation_id", "unit_id", "central_plan_id", "title", "archived_at"])
    .forUpdate()
    .executeTakeFirst();
  if (!plan || plan.organisation_id !== actor.organisationId) throw new PlanError("not-found");
  if (!can(actor, "plan:manage", { organisationId: plan.organisation_id, unitId: plan.unit_id })) throw new PlanError("forbidden");
  if (plan.archived_at && !options.allowArchived) throw new PlanError("plan-archived");
  return plan;
}

const planRow = (fields: PlanFields) => ({
  title: fields.title,
  description: fields.description,
  starts_on: fields.startsOn ?? null,
  ends_on: fields.endsOn ?? null,
  unit_id: fields.unitId ?? null,
});

/** A new plan with the default columns and focus area, in one transaction. */
export async function createPlan(db: Db, actor: Actor, fields: PlanFields) {
  if (!can(actor, "plan:manage", { organisationId: actor.organisationId, unitId: fields.unitId ?? null })) throw new PlanError("forbidden");
  return db.transaction().execute(async (trx) => {
    const plan = await trx
      .insertInto("action_plans")
      .values({ ...planRow(fields), organisation_id: actor.organisationId, created_by: actor.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const columnKeys = generateNKeysBetween(null, null, DEFAULT_COLUMNS.length);
    await trx
      .insertInto("board_columns")
      .values(DEFAULT_COLUMNS.map((column, index) => ({ plan_id: plan.id, name: column.name, is_done: column.isDone, position: columnKeys[index]! })))
      .execute();
    await trx
      .insertInto("focus_areas")
      .values({ plan_id: plan.id, name: DEFAULT_FOCUS_AREA, position: generateKeyBetween(null, null) })
      .execute();
    return plan;
  });
}

/**
 * Saves a plan's details. A board adopted from a central plan keeps the unit that adopted it:
 * a unit holds at most one adoption of each central plan, and the adoption is that unit's.
 */
export async function updatePlan(db: Db, actor: Actor, planId: string, fields: PlanFields) {
  await db.transaction().execute(async (trx) => {
    const plan = await lockPlanForChange(trx, actor, planId);
    if (plan.central_plan_id !== null && (fields.unitId ?? null) !== plan.unit_id) throw new PlanError("adopted-unit");
    if (!can(actor, "plan:manage", { organisationId: actor.organisationId, unitId: fields.unitId ?? null })) throw new PlanError("forbidden");
    await trx.updateTable("action_plans").set(planRow(fields)).where("id", "=", planId).execute();
    await notifyPlanChanged(trx, { planId, kind: "plan", actorId: actor.id });
  });
}

/**
 * Archives a plan (it leaves the overview and the board; nothing is deleted) or restores it.
 * Archiving an archived plan is refused like any other change to it; restoring an active plan does nothing.
 */
export async function setPlanArchived(db: Db, actor: Actor, planId: string, archived: boolean) {
  return db.transaction().execute(async (trx) => {
    const plan = await lockPlanForChange(trx, actor, planId, { allowArchived: !archived });
    if (!archived && !plan.archived_at) return { title: plan.title };
    await trx
      .updateTable("action_plans")
      .set({ archived_at: archived ? new Date() : null })
      .where("id", "=", planId)
      .execute();
    await notifyPlanChanged(trx, { planId, kind: "plan", actorId: actor.id });
    return { title: plan.title };
  });
}

/** The plans an organisation works on now (not archived), by title. */
export async function listPlanTitles(db: Db, organisationId: string) {
  return db
    .selectFrom("action_plans")
    .where("organisation_id", "=", organisationId)
    .where("archived_at", "is", null)
    .select(["id", "title"])
    .orderBy("title")
    .execute();
}

/** The archived plans of an organisation, most recently archived first. */
export async function listArchivedPlans(db: Db, organisationId: string) {
  return db
    .selectFrom("action_plans")
    .where("organisation_id", "=", organisationId)
    .where("archived_at", "is not", null)
    .select(["id", "title", "archived_at as archivedAt"])
    .orderBy("archived_at", "desc")
    .execute() as Promise<Array<{ id: string; title: string; archivedAt: Date }>>;
}

/**
 * Everything the settings page shows, in one statement: the plan, and its columns and focus
 * areas in order, each with its cards counted (archived cards too: they move with the rest).
 */
export async function loadPlanSettings(db: Db, planId: string) {
  const cardCounts = (lane: "column_id" | "focus_area_id", ref: "c.id" | "f.id") =>
    sql<number>`(select count(*) from assignments a where a.${sql.ref(lane)} = ${sql.ref(ref)})`;
  const openCounts = (lane: "column_id" | "focus_area_id", ref: "c.id" | "f.id") =>
    sql<number>`(select count(*) from assignments a where a.${sql.ref(lane)} = ${sql.ref(ref)} and a.archived_at is null)`;
  return db
    .selectFrom("action_plans as p")
    .where("p.id", "=", planId)
    .select((eb) => [
      "p.id",
      "p.organisation_id as organisationId",
      "p.title",
      "p.description",
      "p.starts_on as startsOn",
      "p.ends_on as endsOn",
      "p.unit_id as unitId",
      "p.central_plan_id as centralPlanId",
      eb.selectFrom("units as u").whereRef("u.id", "=", "p.unit_id").select("u.name").as("unitName"),
      "p.archived_at as archivedAt",
      jsonArrayFrom(
        eb
          .selectFrom("board_columns as c")
          .whereRef("c.plan_id", "=", "p.id")
          .select([
            "c.id",
            "c.name",
            "c.is_done as isDone",
            "c.wip_limit as wipLimit",
            cardCounts("column_id", "c.id").as("cardCount"),
            openCounts("column_id", "c.id").as("openCount"),
          ])
          .orderBy("c.position")
          .orderBy("c.id"),
      ).as("columns"),
      jsonArrayFrom(
        eb
          .selectFrom("focus_areas as f")
          .whereRef("f.plan_id", "=", "p.id")
          .select([
            "f.id",
            "f.name",
            "f.description",
            cardCounts("focus_area_id", "f.id").as("cardCount"),
            openCounts("focus_area_id", "f.id").as("openCount"),
          ])
          .orderBy("f.position")
          .orderBy("f.id"),
      ).as("focusAreas"),
    ])
    .executeTakeFirst();
}

export type PlanSettings = NonNullable<Awaited<ReturnType<typeof loadPlanSettings>>>;
