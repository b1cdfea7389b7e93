import { generateNKeysBetween } from "fractional-indexing";
import { sql } from "kysely";
import type { Db } from "~/utils/db.server";
import { notifyPlanChanged } from "~/utils/live-events.server";
import { actsFor, can, type Actor } from "~/utils/permissions";
import { keyAtEndOfCell } from "./assignment.server";
import { createdEntry, recordHistory, type HistoryEntry } from "./history.server";
import { lockPlanForChange, PlanError } from "./plan.server";
import { refusalOf, type RefusalStatus } from "./refusal.server";

export type AdoptionErrorCode =
  | "not-found"
  | "forbidden"
  | "plan-archived"
  | "adopted-plan"
  | "not-offered"
  | "already-adopted"
  | "nothing-chosen"
  | "invalid-choice"
  | "no-change";

const STATUS: Record<AdoptionErrorCode, RefusalStatus> = {
  "not-found": 404,
  forbidden: 403,
  "plan-archived": 409,
  "adopted-plan": 409,
  "not-offered": 409,
  "already-adopted": 409,
  "nothing-chosen": 400,
  "invalid-choice": 400,
  "no-change": 409,
};

/** A refused offer, adoption or answer to a central change; the route answers it with `status` and an i18n message. */
export class AdoptionError extends refusalOf(STATUS) {}

function fromPlanError(error: unknown): never {
  if (error instanceof PlanError && (error.code === "not-found" || error.code === "forbidden" || error.code === "plan-archived")) {
    throw new AdoptionError(error.code);
  }
  throw error;
}

/** The units a central plan is offered to, each with the board it adopted, if any. */
export async function listOffers(db: Db, planId: string) {
  return db
    .selectFrom("plan_offers as o")
    .innerJoin("units as u", "u.id", "o.unit_id")
    .leftJoin("action_plans as a", (join) =>
      join.onRef("a.central_plan_id", "=", "o.plan_id").onRef("a.unit_id", "=", "o.unit_id").on("a.archived_at", "is", null),
    )
    .where("o.plan_id", "=", planId)
    .select(["u.id as unitId", "u.name as unitName", "a.id as adoptedPlanId", "a.title as adoptedTitle"])
    .orderBy("u.name")
    .execute();
}

/**
 * Offers a plan to exactly these units (an empty list withdraws every offer; boards already
 * adopted stay). A board adopted from a central plan is not offered on in turn.
 */
export async function setOffers(db: Db, actor: Actor, planId: string, unitIds: string[]) {
  await db
    .transaction()
    .execute(async (trx) => {
      await lockPlanForChange(trx, actor, planId);
      const plan = await trx.selectFrom("action_plans").select("central_plan_id").where("id", "=", planId).executeTakeFirstOrThrow();
      if (plan.central_plan_id !== null) throw new AdoptionError("adopted-plan");
      if (unitIds.some((unitId) => !actsFor(actor, unitId))) throw new AdoptionError("forbidden");
      if (unitIds.length > 0) {
        const known = await trx
          .selectFrom("units")
          .select("id")
          .where("organisation_id", "=", actor.organisationId)
          .where("id", "in", unitIds)
          .execute();
        if (known.length !== new Set(unitIds).size) throw new AdoptionError("invalid-choice");
      }
      let removal = trx.deleteFrom("plan_offers").where("plan_id", "=", planId);
      if (unitIds.length > 0) removal = removal.where("unit_id", "not in", unitIds);
      await removal.execute();
      if (unitIds.length > 0) {
        await trx
          .insertInto("plan_offers")
          .values(unitIds.map((unitId) => ({ plan_id: planId, unit_id: unitId, offered_by: actor.id })))
          .onConflict((oc) => oc.columns(["plan_id", "unit_id"]).doNothing())
          .execute();
      }
    })
    .catch(fromPlanError);
}

/** Central plans offered to this strategic developer's own unit and not yet adopted there: what waits for them. */
export async function listOpenOffers(db: Db, actor: Actor) {
  if (actor.role !== "strategic_developer" || actor.unitId === null) return [];
  return db
    .selectFrom("plan_offers as o")
    .innerJoin("action_plans as p", "p.id", "o.plan_id")
    .innerJoin("units as u", "u.id", "o.unit_id")
    .where("p.organisation_id", "=", actor.organisationId)
    .where("p.archived_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("action_plans as a")
            .select("a.id")
            .whereRef("a.central_plan_id", "=", "o.plan_id")
            .whereRef("a.unit_id", "=", "o.unit_id")
            .where("a.archived_at", "is", null),
        ),
      ),
    )
    .where("o.unit_id", "=", actor.unitId)
    .select(["p.id as planId", "p.title", "u.id as unitId", "u.name as unitName"])
    .orderBy("p.title")
    .execute();
}

/** What a unit may take from a central plan: its focus areas, each with its open assignments. */
export async function loadAdoptionChoices(db: Db, centralPlanId: string) {
  const [focusAreas, assignments] = await Promise.all([
    db
      .selectFrom("focus_areas")
      .where("plan_id", "=", centralPlanId)
      .select(["id", "name", "description"])
      .orderBy("position")
      .execute(),
    db
      .selectFrom("assignments")
      .where("plan_id", "=", centralPlanId)
      .where("archived_at", "is", null)
      .select(["id", "title", "focus_area_id as focusAreaId"])
      .orderBy("focus_area_id")
      .orderBy("position")
      .execute(),
  ]);
  return focusAreas.map((area) => ({ ...area, assignments: assignments.filter((card) => card.focusAreaId === area.id) }));
}

export interface AdoptionChoice {
  title: string;
  focusAreaIds: string[];
  assignmentIds: string[];
}

/**
 * A unit adopts a central plan offered to it, in one transaction: its own board, linked to the
 * central plan, with copies of the central columns, of the chosen focus areas (and those of the
 * chosen assignments) and of the chosen assignments, each linked to its origin and starting in
 * the first column with a "created" history row. What the unit did not choose is recorded as
 * declined, so that it is not offered again as new.
 */
export async function adoptPlan(db: Db, actor: Actor, centralPlanId: string, unitId: string, choice: AdoptionChoice) {
  return db.transaction().execute(async (trx) => {
    const central = await trx
      .selectFrom("action_plans")
      .where("id", "=", centralPlanId)
      .select(["id", "organisation_id", "description", "starts_on", "ends_on", "archived_at", "central_plan_id"])
      .forShare()
      .executeTakeFirst();
    if (!central || central.organisation_id !== actor.organisationId) throw new AdoptionError("not-found");
    if (!can(actor, "unit:manage", { organisationId: central.organisation_id, unitId })) throw new AdoptionError("forbidden");
    if (central.archived_at) throw new AdoptionError("plan-archived");
    const offer = await trx
      .selectFrom("plan_offers")
      .select("unit_id")
      .where("plan_id", "=", centralPlanId)
      .where("unit_id", "=", unitId)
      .executeTakeFirst();
    if (!offer) throw new AdoptionError("not-offered");
    const existing = await trx
      .selectFrom("action_plans")
      .select("id")
      .where("central_plan_id", "=", centralPlanId)
      .where("unit_id", "=", unitId)
      .where("archived_at", "is", null)
      .executeTakeFirst();
    if (existing) throw new AdoptionError("already-adopted");

    const [columns, focusAreas, assignments] = await Promise.all([
      trx.selectFrom("board_columns").where("plan_id", "=", centralPlanId).selectAll().orderBy("position").execute(),
      trx.selectFrom("focus_areas").where("plan_id", "=", centralPlanId).selectAll().orderBy("position").execute(),
      trx
        .selectFrom("assignments")
        .where("plan_id", "=", centralPlanId)
        .where("archived_at", "is", null)
        .selectAll()
        .orderBy("position")
        .execute(),
    ]);
    const chosenCards = new Set(choice.assignmentIds);
    const takenCards = assignments.filter((card) => chosenCards.has(card.id));
    if (takenCards.length !== chosenCards.size) throw new AdoptionError("invalid-choice");
    const chosenAreas = new Set([...choice.focusAreaIds, ...takenCards.map((card) => card.focus_area_id)]);
    const takenAreas = focusAreas.filter((area) => chosenAreas.has(area.id));
    if (takenAreas.length !== chosenAreas.size) throw new AdoptionError("invalid-choice");
    if (takenAreas.length === 0) throw new AdoptionError("nothing-chosen");

    const plan = await trx
      .insertInto("action_plans")
      .values({
        organisation_id: central.organisation_id,
        unit_id: unitId,
        central_plan_id: centralPlanId,
        title: choice.title,
        description: central.description,
        starts_on: central.starts_on,
        ends_on: central.ends_on,
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const localColumns = await trx
      .insertInto("board_columns")
      .values(columns.map((column) => ({ plan_id: plan.id, name: column.name, position: column.position, is_done: column.is_done, wip_limit: column.wip_limit, origin_id: column.id })))
      .returning(["id", "name", "position"])
      .execute();
    const firstColumn = localColumns.reduce((first, column) => (column.position < first.position ? column : first));
    const localAreas = await trx
      .insertInto("focus_areas")
      .values(takenAreas.map((area) => ({ plan_id: plan.id, name: area.name, description: area.description, position: area.position, origin_id: area.id, origin_name: area.name })))
      .returning(["id", "name", "origin_id"])
      .execute();
    const localAreaOf = new Map(localAreas.map((area) => [area.origin_id!, area]));

    if (takenCards.length > 0) {
      const keys = generateNKeysBetween(null, null, takenCards.length);
      const created = await trx
        .insertInto("assignments")
        .values(
          takenCards.map((card, index) => ({
            plan_id: plan.id,
            focus_area_id: localAreaOf.get(card.focus_area_id)!.id,
            column_id: firstColumn.id,
            position: keys[index]!,
            title: card.title,
            description: card.description,
            due_on: card.due_on,
            created_by: actor.id,
            origin_id: card.id,
            origin_title: card.title,
          })),
        )
        .returning(["id", "version", "focus_area_id"])
        .execute();
      const areaNames = new Map(localAreas.map((area) => [area.id, area.name]));
      await recordHistory(
        trx,
        created.map((card) =>
          createdEntry(plan.id, actor, card, {
            columnId: firstColumn.id,
            columnName: firstColumn.name,
            focusAreaId: card.focus_area_id,
            focusAreaName: areaNames.get(card.focus_area_id)!,
          }),
        ),
      );
    }

    const declined = [
      ...focusAreas.filter((area) => !chosenAreas.has(area.id)).map((area) => ({ plan_id: plan.id, origin_focus_area_id: area.id, declined_by: actor.id })),
      ...assignments.filter((card) => !chosenCards.has(card.id)).map((card) => ({ plan_id: plan.id, origin_assignment_id: card.id, declined_by: actor.id })),
    ];
    if (declined.length > 0) await trx.insertInto("adoption_declines").values(declined).execute();
    return plan;
  });
}

/**
 * What changed in the central plan since an adopted board took from it, offered to the unit and
 * never applied by itself: focus areas and assignments it has not taken or passed on, origins
 * renamed since, and what it passed on before (to take after all).
 */
export async function loadCentralChanges(db: Db, adoptedPlanId: string) {
  const plan = await db
    .selectFrom("action_plans as p")
    .innerJoin("action_plans as c", "c.id", "p.central_plan_id")
    .where("p.id", "=", adoptedPlanId)
    .select(["p.id", "p.central_plan_id as centralPlanId", "c.title as centralTitle"])
    .executeTakeFirst();
  if (!plan || plan.centralPlanId === null) return null;
  const { rows } = await sql<{
    kind: "new-focus-area" | "new-assignment" | "renamed-focus-area" | "renamed-assignment" | "declined-focus-area" | "declined-assignment";
    origin_id: string;
    name: string;
    previous_name: string | null;
    focus_area_name: string | null;
  }>`
    select 'new-focus-area' as kind, f.id as origin_id, f.name, null as previous_name, null as focus_area_name, f.position as a, '' as b
      from focus_areas f
      where f.plan_id = ${plan.centralPlanId}
        and not exists (select 1 from focus_areas l where l.plan_id = ${adoptedPlanId} and l.origin_id = f.id)
        and not exists (select 1 from adoption_declines d where d.plan_id = ${adoptedPlanId} and d.origin_focus_area_id = f.id)
    union all
    select 'new-assignment', a.id, a.title, null, f.name, f.position, a.position
      from assignments a join focus_areas f on f.id = a.focus_area_id
      where a.plan_id = ${plan.centralPlanId} and a.archived_at is null
        and not exists (select 1 from assignments l where l.plan_id = ${adoptedPlanId} and l.origin_id = a.id)
        and not exists (select 1 from adoption_declines d where d.plan_id = ${adoptedPlanId} and d.origin_assignment_id = a.id)
    union all
    select 'renamed-focus-area', f.id, f.name, l.name, null, f.position, ''
      from focus_areas l join focus_areas f on f.id = l.origin_id
      where l.plan_id = ${adoptedPlanId} and f.name is distinct from l.origin_name
    union all
    select 'renamed-assignment', a.id, a.title, l.title, f.name, f.position, a.position
      from assignments l join assignments a on a.id = l.origin_id join focus_areas f on f.id = a.focus_area_id
      where l.plan_id = ${adoptedPlanId} and l.archived_at is null and a.title is distinct from l.origin_title
    union all
    select 'declined-focus-area', f.id, f.name, null, null, f.position, ''
      from adoption_declines d join focus_areas f on f.id = d.origin_focus_area_id
      where d.plan_id = ${adoptedPlanId}
    union all
    select 'declined-assignment', a.id, a.title, null, f.name, f.position, a.position
      from adoption_declines d join assignments a on a.id = d.origin_assignment_id join focus_areas f on f.id = a.focus_area_id
      where d.plan_id = ${adoptedPlanId} and a.archived_at is null
    order by a, b
  `.execute(db);
  const of = (kind: (typeof rows)[number]["kind"]) =>
    rows
      .filter((row) => row.kind === kind)
      .map((row) => ({ originId: row.origin_id, name: row.name, previousName: row.previous_name, focusAreaName: row.focus_area_name }));
  return {
    centralPlanId: plan.centralPlanId,
    centralTitle: plan.centralTitle,
    newFocusAreas: of("new-focus-area"),
    newAssignments: of("new-assignment"),
    renamedFocusAreas: of("renamed-focus-area"),
    renamedAssignments: of("renamed-assignment"),
    declinedFocusAreas: of("declined-focus-area"),
    declinedAssignments: of("declined-assignment"),
  };
}

export type CentralChangeAnswer =
  | { intent: "take"; kind: "focusArea" | "assignment"; originId: string }
  | { intent: "decline"; kind: "focusArea" | "assignment"; originId: string }
  | { intent: "rename"; kind: "focusArea" | "assignment"; originId: string }
  | { intent: "keep-name"; kind: "focusArea" | "assignment"; originId: string };

/** Applies one answer to a central change to the adopted board, in one transaction; returns the name it concerned. */
export async function answerCentralChange(db: Db, actor: Actor, adoptedPlanId: string, answer: CentralChangeAnswer): Promise<{ name: string }> {
  return db
    .transaction()
    .execute(async (trx) => {
      await lockPlanForChange(trx, actor, adoptedPlanId);
      const plan = await trx.selectFrom("action_plans").select("central_plan_id").where("id", "=", adoptedPlanId).executeTakeFirstOrThrow();
      if (plan.central_plan_id === null) throw new AdoptionError("not-found");
      const centralPlanId = plan.central_plan_id;
      const origin =
        answer.kind === "focusArea"
          ? await trx.selectFrom("focus_areas").select(["id", "name", "id as focusAreaId"]).where("id", "=", answer.originId).where("plan_id", "=", centralPlanId).executeTakeFirst()
          : await trx
              .selectFrom("assignments")
              .select(["id", "title as name", "focus_area_id as focusAreaId"])
              .where("id", "=", answer.originId)
              .where("plan_id", "=", centralPlanId)
              .where("archived_at", "is", null)
              .executeTakeFirst();
      if (!origin) throw new AdoptionError("invalid-choice");
      const declineColumn = answer.kind === "focusArea" ? "origin_focus_area_id" : "origin_assignment_id";

      switch (answer.intent) {
        case "take": {
          const taken = await (answer.kind === "focusArea"
            ? localFocusArea(trx, adoptedPlanId, origin.id)
            : trx.selectFrom("assignments").select("id").where("plan_id", "=", adoptedPlanId).where("origin_id", "=", origin.id).executeTakeFirst());
          if (taken) throw new AdoptionError("no-change");
          const area = await takeFocusArea(trx, adoptedPlanId, origin.focusAreaId);
          if (answer.kind === "assignment") await takeAssignment(trx, actor, adoptedPlanId, origin.id, area);
          await trx.deleteFrom("adoption_declines").where("plan_id", "=", adoptedPlanId).where(declineColumn, "=", origin.id).execute();
          if (answer.kind === "assignment") {
            await trx.deleteFrom("adoption_declines").where("plan_id", "=", adoptedPlanId).where("origin_focus_area_id", "=", origin.focusAreaId).execute();
          }
          break;
        }
        case "decline":
          await trx
            .insertInto("adoption_declines")
            .values({ plan_id: adoptedPlanId, [declineColumn]: origin.id, declined_by: actor.id })
            .onConflict((oc) => oc.doNothing())
            .execute();
          break;
        case "rename":
        case "keep-name":
          await applyRename(trx, actor, adoptedPlanId, answer, origin.name);
          break;
      }
      await notifyPlanChanged(trx, { planId: adoptedPlanId, kind: "plan", actorId: actor.id });
      return { name: origin.name };
    })
    .catch(fromPlanError);
}

function localFocusArea(trx: Db, planId: string, originId: string) {
  return trx.selectFrom("focus_areas").select(["id", "name"]).where("plan_id", "=", planId).where("origin_id", "=", originId).executeTakeFirst();
}

/** The adopted board's copy of a central focus area, made (at the bottom) if it has none. */
async function takeFocusArea(trx: Db, planId: string, originId: string) {
  const existing = await localFocusArea(trx, planId, originId);
  if (existing) return existing;
  const origin = await trx.selectFrom("focus_areas").select(["name", "description"]).where("id", "=", originId).executeTakeFirstOrThrow();
  const last = await trx.selectFrom("focus_areas").where("plan_id", "=", planId).select((eb) => eb.fn.max("position").as("position")).executeTakeFirst();
  const [position] = generateNKeysBetween(last?.position ?? null, null, 1);
  return trx
    .insertInto("focus_areas")
    .values({ plan_id: planId, name: origin.name, description: origin.description, position: position!, origin_id: originId, origin_name: origin.name })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}

async function takeAssignment(trx: Db, actor: Actor, planId: string, originId: string, area: { id: string; name: string }) {
  const origin = await trx.selectFrom("assignments").select(["title", "description", "due_on"]).where("id", "=", originId).executeTakeFirstOrThrow();
  const column = await trx
    .selectFrom("board_columns")
    .select(["id", "name"])
    .where("plan_id", "=", planId)
    .orderBy("position")
    .limit(1)
    .executeTakeFirstOrThrow();
  const created = await trx
    .insertInto("assignments")
    .values({
      plan_id: planId,
      focus_area_id: area.id,
      column_id: column.id,
      position: await keyAtEndOfCell(trx, column.id, area.id),
      title: origin.title,
      description: origin.description,
      due_on: origin.due_on,
      created_by: actor.id,
      origin_id: originId,
      origin_title: origin.title,
    })
    .returning(["id", "version"])
    .executeTakeFirstOrThrow();
  await recordHistory(trx, [createdEntry(planId, actor, created, { columnId: column.id, columnName: column.name, focusAreaId: area.id, focusAreaName: area.name })]);
}

/** Takes the central name over (an assignment's with an "edited" history row), or keeps the board's own and stops offering it. */
async function applyRename(trx: Db, actor: Actor, planId: string, answer: CentralChangeAnswer, centralName: string) {
  const rename = answer.intent === "rename";
  if (answer.kind === "focusArea") {
    const updated = await trx
      .updateTable("focus_areas")
      .set(rename ? { name: centralName, origin_name: centralName } : { origin_name: centralName })
      .where("plan_id", "=", planId)
      .where("origin_id", "=", answer.originId)
      .where(sql<boolean>`origin_name is distinct from ${centralName}`)
      .returning("id")
      .execute();
    if (updated.length === 0) throw new AdoptionError("no-change");
    return;
  }
  const card = await trx
    .selectFrom("assignments")
    .select(["id", "title", "version", "archived_at"])
    .where("plan_id", "=", planId)
    .where("origin_id", "=", answer.originId)
    .where(sql<boolean>`origin_title is distinct from ${centralName}`)
    .forUpdate()
    .executeTakeFirst();
  if (!card || card.archived_at) throw new AdoptionError("no-change");
  if (!rename || card.title === centralName) {
    await trx.updateTable("assignments").set({ origin_title: centralName }).where("id", "=", card.id).execute();
    return;
  }
  const updated = await trx
    .updateTable("assignments")
    .set({ title: centralName, origin_title: centralName, version: sql`version + 1`, updated_at: new Date() })
    .where("id", "=", card.id)
    .returning("version")
    .executeTakeFirstOrThrow();
  const entry: HistoryEntry = {
    assignmentId: card.id,
    planId,
    actor,
    kind: "edited",
    version: updated.version,
    changes: { title: { from: card.title, to: centralName } },
  };
  await recordHistory(trx, [entry]);
}
