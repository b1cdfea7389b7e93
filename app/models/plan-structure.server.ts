import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import { sql } from "kysely";
import type { Direction } from "~/schemas/plan";
import { isUniqueViolation } from "~/utils/database-faults.server";
import type { Db } from "~/utils/db.server";
import { notifyPlanChanged } from "~/utils/live-events.server";
import type { Actor } from "~/utils/permissions";
import { recordHistory, type HistoryEntry, type Place } from "./history.server";
import { lockPlanForChange, PlanError } from "./plan.server";

/**
 * A plan's structure: its columns and its focus areas (swimlanes). Both are "lanes" ordered by a
 * fractional key, and a card sits in one of each; the rules below are the same for both kinds.
 * Every change locks the plan first, so changes to one plan's structure never interleave.
 */
type LaneKind = "column" | "focusArea";

const LANE = {
  column: { table: "board_columns", cardRef: "column_id", other: "focus_areas", otherRef: "focus_area_id", last: "last-column" },
  focusArea: { table: "focus_areas", cardRef: "focus_area_id", other: "board_columns", otherRef: "column_id", last: "last-focus-area" },
} as const;

interface Lane {
  id: string;
  name: string;
  position: string;
}

/** The plan's lanes of one kind in board order; locked when they are about to lose one. */
async function readLanes(trx: Db, kind: LaneKind, planId: string, lock = false): Promise<Lane[]> {
  const { rows } = await sql<Lane>`
    select id, name, position from ${sql.table(LANE[kind].table)}
    where plan_id = ${planId}::uuid
    order by position, id
    ${lock ? sql`for update` : sql``}
  `.execute(trx);
  return rows;
}

/**
 * Where a new column goes: after the last column that is not a done column, so it lands before
 * the done column(s) at the end of the board, where work is finished, rather than after them.
 */
async function newColumnKey(trx: Db, planId: string): Promise<string> {
  const columns = await trx
    .selectFrom("board_columns")
    .where("plan_id", "=", planId)
    .select(["position", "is_done"])
    .orderBy("position")
    .orderBy("id")
    .execute();
  const lastOpen = columns.findLastIndex((column) => !column.is_done);
  return generateKeyBetween(columns[lastOpen]?.position ?? null, columns[lastOpen + 1]?.position ?? null);
}

async function addLane(db: Db, actor: Actor, planId: string, kind: LaneKind, fields: { name: string; description?: string }) {
  return db.transaction().execute(async (trx) => {
    await lockPlanForChange(trx, actor, planId);
    const position =
      kind === "column"
        ? await newColumnKey(trx, planId)
        : generateKeyBetween((await readLanes(trx, kind, planId)).at(-1)?.position ?? null, null);
    const created =
      kind === "column"
        ? await trx.insertInto("board_columns").values({ plan_id: planId, name: fields.name, position }).returning("id").executeTakeFirstOrThrow()
        : await trx
            .insertInto("focus_areas")
            .values({ plan_id: planId, name: fields.name, description: fields.description ?? "", position })
            .returning("id")
            .executeTakeFirstOrThrow();
    await notifyPlanChanged(trx, { planId, kind: "plan", actorId: actor.id });
    return created;
  });
}

/**
 * Moves a lane one step up (left) or down (right): it gets one new key between its new
 * neighbours, and no other lane is touched. At either end it stays where it is.
 */
async function moveLane(db: Db, actor: Actor, planId: string, kind: LaneKind, laneId: string, direction: Direction) {
  return db.transaction().execute(async (trx) => {
    await lockPlanForChange(trx, actor, planId);
    const lanes = await readLanes(trx, kind, planId);
    const index = lanes.findIndex((lane) => lane.id === laneId);
    if (index < 0) throw new PlanError("lane-not-found");
    const { name } = lanes[index]!;
    const newIndex = direction === "up" ? index - 1 : index + 1;
    if (newIndex < 0 || newIndex >= lanes.length) return { name, position: index + 1, size: lanes.length, changed: false };

    const [before, after] =
      direction === "up"
        ? [lanes[index - 2]?.position ?? null, lanes[index - 1]!.position]
        : [lanes[index + 1]!.position, lanes[index + 2]?.position ?? null];
    await sql`update ${sql.table(LANE[kind].table)} set position = ${generateKeyBetween(before, after)} where id = ${laneId}::uuid`.execute(trx);
    await notifyPlanChanged(trx, { planId, kind: "plan", actorId: actor.id });
    return { name, position: newIndex + 1, size: lanes.length, changed: true };
  });
}

interface MovingCard {
  id: string;
  archived: boolean;
  version: number;
  other_id: string;
  other_name: string;
  /** The last open card's key in the cell the card moves to. */
  target_last: string | null;
}

/**
 * Removes a lane. Its cards, archived ones included, move to `targetId` first, all in one
 * transaction and a fixed number of statements whatever their number: open cards go after the
 * last open card of their new cell in their old order, and each gets a `moved` history row;
 * archived cards keep their keys. A plan keeps at least one lane of each kind.
 */
async function removeLane(db: Db, actor: Actor, planId: string, kind: LaneKind, laneId: string, targetId: string | null) {
  const { table, cardRef, other, otherRef, last } = LANE[kind];
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await lockPlanForChange(trx, actor, planId);
        const lanes = await readLanes(trx, kind, planId, true);
        const lane = lanes.find((candidate) => candidate.id === laneId);
        if (!lane) throw new PlanError("lane-not-found");
        if (lanes.length === 1) throw new PlanError(last);
        const target = targetId === null ? null : lanes.find((candidate) => candidate.id === targetId && candidate.id !== laneId);
        if (target === undefined) throw new PlanError("invalid-target");

        // Ordered by the cell each card moves to, then by its place there.
        const { rows: cards } = await sql<MovingCard>`
          select a.id, a.archived_at is not null as archived, a.version,
            a.${sql.ref(otherRef)} as other_id, o.name as other_name,
            (select max(t.position) from assignments t
              where t.${sql.ref(cardRef)} = ${target?.id ?? null}::uuid
                and t.${sql.ref(otherRef)} = a.${sql.ref(otherRef)}
                and t.archived_at is null) as target_last
          from assignments a
          join ${sql.table(other)} o on o.id = a.${sql.ref(otherRef)}
          where a.${sql.ref(cardRef)} = ${laneId}::uuid
          order by a.${sql.ref(otherRef)}, a.position, a.id
          for update of a
        `.execute(trx);
        if (cards.length > 0 && !target) throw new PlanError("target-required");

        const open = cards.filter((card) => !card.archived);
        if (target && cards.length > 0) {
          const keys = new Map<string, string>();
          for (let start = 0; start < open.length; ) {
            let end = start;
            while (end < open.length && open[end]!.other_id === open[start]!.other_id) end++;
            const cell = open.slice(start, end);
            generateNKeysBetween(cell[0]!.target_last, null, cell.length).forEach((key, index) => keys.set(cell[index]!.id, key));
            start = end;
          }
          const values = cards.map((card) => sql`(${card.id}::uuid, ${keys.get(card.id) ?? null}::text)`);
          await sql`
            update assignments a set
              ${sql.ref(cardRef)} = ${target.id}::uuid,
              position = coalesce(v.position, a.position),
              version = a.version + 1,
              updated_at = now()
              ${kind === "column" ? sql`, column_entered_at = now()` : sql``}
            from (values ${sql.join(values)}) as v(id, position)
            where a.id = v.id
          `.execute(trx);

          const place = (laneOf: Lane, card: MovingCard): Place =>
            kind === "column"
              ? { columnId: laneOf.id, columnName: laneOf.name, focusAreaId: card.other_id, focusAreaName: card.other_name }
              : { columnId: card.other_id, columnName: card.other_name, focusAreaId: laneOf.id, focusAreaName: laneOf.name };
          await recordHistory(
            trx,
            open.map(
              (card): HistoryEntry => ({
                assignmentId: card.id,
                planId,
                actor,
                kind: "moved",
                version: card.version + 1,
                from: place(lane, card),
                to: place(target, card),
              }),
            ),
          );
        }

        await sql`delete from ${sql.table(table)} where id = ${laneId}::uuid`.execute(trx);
        await notifyPlanChanged(trx, { planId, kind: "plan", actorId: actor.id });
        return { name: lane.name, targetName: target?.name ?? null, openMoved: open.length, archivedMoved: cards.length - open.length };
      });
    } catch (error) {
      // A card moved to the end of a target cell meanwhile took one of the new keys: try again on a fresh view.
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

export const addColumn = (db: Db, actor: Actor, planId: string, fields: { name: string }) =>
  addLane(db, actor, planId, "column", fields);

export async function updateColumn(
  db: Db,
  actor: Actor,
  planId: string,
  columnId: string,
  fields: { name: string; wipLimit: number | null; isDone: boolean },
) {
  await db.transaction().execute(async (trx) => {
    await lockPlanForChange(trx, actor, planId);
    const updated = await trx
      .updateTable("board_columns")
      .set({ name: fields.name, wip_limit: fields.wipLimit, is_done: fields.isDone })
      .where("id", "=", columnId)
      .where("plan_id", "=", planId)
      .returning("id")
      .executeTakeFirst();
    if (!updated) throw new PlanError("lane-not-found");
    await notifyPlanChanged(trx, { planId, kind: "plan", actorId: actor.id });
  });
}

export const moveColumn = (db: Db, actor: Actor, planId: string, columnId: string, direction: Direction) =>
  moveLane(db, actor, planId, "column", columnId, direction);

export const removeColumn = (db: Db, actor: Actor, planId: string, columnId: string, targetColumnId: string | null) =>
  removeLane(db, actor, planId, "column", columnId, targetColumnId);

export const addFocusArea = (db: Db, actor: Actor, planId: string, fields: { name: string; description: string }) =>
  addLane(db, actor, planId, "focusArea", fields);

export async function updateFocusArea(
  db: Db,
  actor: Actor,
  planId: string,
  focusAreaId: string,
  fields: { name: string; description: string },
) {
  await db.transaction().execute(async (trx) => {
    await lockPlanForChange(trx, actor, planId);
    const updated = await trx
      .updateTable("focus_areas")
      .set({ name: fields.name, description: fields.description })
      .where("id", "=", focusAreaId)
      .where("plan_id", "=", planId)
      .returning("id")
      .executeTakeFirst();
    if (!updated) throw new PlanError("lane-not-found");
    await notifyPlanChanged(trx, { planId, kind: "plan", actorId: actor.id });
  });
}

export const moveFocusArea = (db: Db, actor: Actor, planId: string, focusAreaId: string, direction: Direction) =>
  moveLane(db, actor, planId, "focusArea", focusAreaId, direction);

export const removeFocusArea = (db: Db, actor: Actor, planId: string, focusAreaId: string, targetFocusAreaId: string | null) =>
  removeLane(db, actor, planId, "focusArea", focusAreaId, targetFocusAreaId);
