import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import { sql } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { EventChanges } from "../../db/schema";
import { isUniqueViolation } from "~/utils/database-faults.server";
import { PREPARED, type Db } from "~/utils/db.server";
import { responsiblesOf } from "./fragments.server";
import { liveHubFor, notifyPlanChanged, parseCardPatch, parseLiveEvent } from "~/utils/live-events.server";
import { can, type Action, type Actor } from "~/utils/permissions";
import { createdEntry, recordHistory, type Place } from "./history.server";
import { refusalOf, type RefusalStatus } from "./refusal.server";

export type BoardErrorCode =
  | "not-found"
  | "forbidden"
  | "stale"
  | "archived"
  | "plan-archived"
  | "invalid-target"
  | "neighbour-moved"
  | "invalid-reference";

const STATUS: Record<BoardErrorCode, RefusalStatus> = {
  "not-found": 404,
  forbidden: 403,
  stale: 409,
  archived: 409,
  "plan-archived": 409,
  "invalid-target": 400,
  "neighbour-moved": 409,
  "invalid-reference": 400,
};

/** A refusal the person can act on; the route answers it with `status` and an i18n message. */
export class BoardError extends refusalOf(STATUS) {}

const SPREAD = 64;

/**
 * A key between two neighbours, picked at random from a few dozen evenly spaced ones: people
 * dropping cards into the same gap at the same moment then seldom draw the same key and need no
 * retry. (From 8 keys, ~1 % of the bench's moves ran twice, and made its p99: decision 0003.)
 */
function keyBetween(previous: string | null, next: string | null): string {
  const keys = generateNKeysBetween(previous, next, SPREAD);
  return keys[Math.floor(Math.random() * keys.length)]!;
}

/** A move's write found the card changed since its read: it runs again on a fresh read. */
class ChangedSinceRead extends Error {}

/**
 * Runs a write that places a card; if another transaction took the same ordering key in the
 * same cell meanwhile, the unique index refuses one of them and it runs again on a fresh view.
 * So does a move whose card changed between its read and its write; after five tries it is
 * answered as stale.
 */
async function withPlacementRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const changed = error instanceof ChangedSinceRead;
      if (!(changed || isUniqueViolation(error))) throw error;
      if (attempt >= 5) throw changed ? new BoardError("stale") : error;
    }
  }
}

interface Locked {
  id: string;
  plan_id: string;
  organisation_id: string;
  unit_id: string | null;
  plan_archived_at: Date | null;
  archived_at: Date | null;
  version: number;
  working_group_id: string | null;
}

function checkAccess(actor: Actor, card: Locked | undefined, action: Action, expectedVersion?: number): asserts card is Locked {
  if (!card || card.organisation_id !== actor.organisationId) throw new BoardError("not-found");
  if (!can(actor, action, { organisationId: card.organisation_id, unitId: card.unit_id, workingGroupId: card.working_group_id })) {
    throw new BoardError("forbidden");
  }
  if (card.plan_archived_at) throw new BoardError("plan-archived");
  if (expectedVersion !== undefined && card.version !== expectedVersion) throw new BoardError("stale");
}

/** Where a moved card goes: after a given card (null: to the top), or to a 1-based position. */
export type Placement = { afterId: string | null } | { position: number };

export interface MoveInput {
  planId: string;
  assignmentId: string;
  version: number;
  toColumnId: string;
  toFocusAreaId: string;
  placement: Placement;
}

interface MoveContext extends Locked {
  from_position: string;
  from_column_id: string;
  from_column_name: string;
  from_focus_area_id: string;
  from_focus_area_name: string;
  to_column_name: string | null;
  to_focus_area_name: string | null;
  wants_neighbour: boolean;
  prev_position: string | null;
  next_position: string | null;
}

/** A card as a board patches it in place (`CardPatch`), built from the assignments row aliased `m`. */
const CARD_PATCH = sql`json_build_object(
  'id', m.id, 'title', m.title, 'columnId', m.column_id, 'focusAreaId', m.focus_area_id, 'position', m.position,
  'dueOn', m.due_on, 'columnEnteredAt', m.column_entered_at, 'version', m.version,
  'group', (select json_build_object('id', g.id, 'name', g.name) from working_groups g where g.id = m.working_group_id),
  'responsibles', coalesce((
    select json_agg(json_build_object('id', person.id, 'name', person.name) order by person.name, person.id)
    from assignment_responsibles ar join people person on person.id = ar.person_id
    where ar.assignment_id = m.id
  ), '[]'),
  'commentCount', (select count(*) from comments c where c.assignment_id = m.id), 'priority', m.priority)`;

/**
 * True when a move would leave the card where it is: the same cell, and its key already lies
 * between the neighbours it would land between (keys compare as the column's "C" collation does).
 */
function staysInPlace(card: MoveContext, input: MoveInput) {
  return (
    card.from_column_id === input.toColumnId &&
    card.from_focus_area_id === input.toFocusAreaId &&
    (card.prev_position === null || card.prev_position < card.from_position) &&
    (card.next_position === null || card.from_position < card.next_position)
  );
}

/**
 * Moves a card within its cell, across columns or across swimlanes, in two statements and no
 * explicit transaction: one reads everything the move needs (the card, target names, the
 * neighbours' keys); one writes the card and its history row, atomically, and only if the card's
 * version is still the one read, and returns the live event, sent once the move committed.
 * Another change that came in between makes the write find nothing, and the move runs again on
 * a fresh read (which then answers `stale` to a client that had the old version). The new key
 * lies between the neighbours', so no other card is touched; a card that took the same key
 * meanwhile makes the unique index refuse one of the two, which runs again. A move that would
 * leave the card where it stands writes nothing: no new version, no history row, no event
 * (`changed: false`).
 *
 * Without `BEGIN` and `COMMIT` a move is two round trips to the database instead of four.
 */
export async function moveAssignment(db: Db, actor: Actor, input: MoveInput) {
  if (db.isTransaction) throw new Error("a move commits by itself: its live event is sent after its commit");
  return withPlacementRetry(async () => {
    const cell = sql`n.column_id = ${input.toColumnId}::uuid and n.focus_area_id = ${input.toFocusAreaId}::uuid
      and n.archived_at is null and n.id <> a.id`;
    const previous =
      "afterId" in input.placement
        ? sql`select n.position from assignments n where n.id = ${input.placement.afterId}::uuid and ${cell}`
        : sql`select max(x.position) from (
            select n.position from assignments n where ${cell} order by n.position limit ${Math.max(input.placement.position - 1, 0)}
          ) x`;
    const wantsNeighbour = "afterId" in input.placement && input.placement.afterId !== null;

    const { rows } = await sql<MoveContext>`
      ${PREPARED} select a.id, a.plan_id, p.organisation_id, p.unit_id, p.archived_at as plan_archived_at, a.archived_at,
        a.version, a.working_group_id, a.position as from_position,
        a.column_id as from_column_id,
        (select name from board_columns where id = a.column_id) as from_column_name,
        a.focus_area_id as from_focus_area_id,
        (select name from focus_areas where id = a.focus_area_id) as from_focus_area_name,
        tc.name as to_column_name, tf.name as to_focus_area_name,
        ${wantsNeighbour}::boolean as wants_neighbour,
        prev.position as prev_position,
        (select min(n.position) from assignments n
          where ${cell} and (prev.position is null or n.position > prev.position)) as next_position
      from assignments a
      join action_plans p on p.id = a.plan_id
      left join board_columns tc on tc.id = ${input.toColumnId}::uuid and tc.plan_id = a.plan_id
      left join focus_areas tf on tf.id = ${input.toFocusAreaId}::uuid and tf.plan_id = a.plan_id
      cross join lateral (select (${previous}) as position) prev
      where a.id = ${input.assignmentId}::uuid and a.plan_id = ${input.planId}::uuid
    `.execute(db);
    const card = rows[0];
    checkAccess(actor, card, "assignment:update", input.version);
    if (card.archived_at) throw new BoardError("archived");
    if (card.to_column_name === null || card.to_focus_area_name === null) throw new BoardError("invalid-target");
    if (card.wants_neighbour && card.prev_position === null) throw new BoardError("neighbour-moved");
    if (staysInPlace(card, input)) {
      const { rows: current } = await sql<{ card: string }>`
        select ${CARD_PATCH}::text as card from assignments m where m.id = ${card.id}::uuid
      `.execute(db);
      const unchanged = parseCardPatch(current[0]!.card);
      if (unchanged.version !== card.version) throw new ChangedSinceRead();
      return { assignmentId: card.id, planId: card.plan_id, version: card.version, position: card.from_position, card: unchanged, seq: null, changed: false };
    }

    const position = keyBetween(card.prev_position, card.next_position);
    // The live event carries the card as the move left it, so viewers patch their boards in
    // place; NOTIFY refuses payloads of 8,000 bytes, so an outsized card goes out as a plain
    // "changed" and viewers reload instead.
    const { rows: written } = await sql<{ version: number; event: string; fallback: string | null }>`
      ${PREPARED} with moved as (
        update assignments set
          column_id = ${input.toColumnId}::uuid,
          focus_area_id = ${input.toFocusAreaId}::uuid,
          position = ${position},
          version = version + 1,
          updated_at = now(),
          column_entered_at = case when column_id = ${input.toColumnId}::uuid then column_entered_at else now() end
        where id = ${card.id}::uuid and version = ${card.version}
        returning id, plan_id, version, title, column_id, focus_area_id, position, due_on, column_entered_at, working_group_id, priority
      ), history as (
        insert into assignment_events (assignment_id, plan_id, actor_id, actor_name, kind, version,
          from_column_id, from_column_name, from_focus_area_id, from_focus_area_name,
          to_column_id, to_column_name, to_focus_area_id, to_focus_area_name)
        select id, plan_id, ${actor.id}::uuid, ${actor.name}::text, 'moved', version,
          ${card.from_column_id}::uuid, ${card.from_column_name}::text, ${card.from_focus_area_id}::uuid, ${card.from_focus_area_name}::text,
          ${input.toColumnId}::uuid, ${card.to_column_name}::text, ${input.toFocusAreaId}::uuid, ${card.to_focus_area_name}::text
        from moved
        returning id, assignment_id
      ), event as (
        select m.version, json_build_object(
          'planId', m.plan_id, 'kind', 'moved', 'seq', h.id, 'actorId', ${actor.id}::text,
          'from', json_build_object('columnId', ${card.from_column_id}::uuid, 'focusAreaId', ${card.from_focus_area_id}::uuid),
          'card', ${CARD_PATCH}
        )::text as event,
        json_build_object('planId', m.plan_id, 'kind', 'assignment', 'assignmentId', m.id, 'actorId', ${actor.id}::text)::text as fallback
        from moved m join history h on h.assignment_id = m.id
      )
      select version, event, case when octet_length(event) < 7900 then null else fallback end as fallback
      from event
    `.execute(db);
    const result = written[0];
    if (!result) throw new ChangedSinceRead();
    const event = parseLiveEvent(result.event);
    if (event?.kind !== "moved") throw new Error("a move wrote no readable event");
    liveHubFor(db).publish(result.fallback ?? result.event);
    return { assignmentId: card.id, planId: card.plan_id, version: result.version, position, card: event.card, seq: event.seq, changed: true };
  });
}

/**
 * Locks a card for a change and reads what the change needs. Names are read in subqueries, not
 * joins: when the lock waits for another change of the card, PostgreSQL re-checks join
 * conditions against the new row and would drop it.
 */
async function lockAssignment(db: Db, assignmentId: string) {
  return db
    .selectFrom("assignments as a")
    .innerJoin("action_plans as p", "p.id", "a.plan_id")
    .where("a.id", "=", assignmentId)
    .select((eb) => [
      "a.id",
      "a.plan_id",
      "p.organisation_id",
      "p.unit_id",
      "p.archived_at as plan_archived_at",
      "a.archived_at",
      "a.version",
      "a.working_group_id",
      "a.title",
      "a.description",
      "a.due_on",
      "a.column_id",
      "a.focus_area_id",
      sql<string>`(select name from board_columns where id = a.column_id)`.as("column_name"),
      sql<string>`(select name from focus_areas where id = a.focus_area_id)`.as("focus_area_name"),
      sql<string | null>`(select name from working_groups where id = a.working_group_id)`.as("working_group_name"),
      responsiblesOf(eb.ref("a.id")).as("responsibles"),
    ])
    .forUpdate("a")
    .executeTakeFirst();
}

/** The key after the last open card of a cell: where new and restored cards go. */
export async function keyAtEndOfCell(db: Db, columnId: string, focusAreaId: string): Promise<string> {
  const last = await db
    .selectFrom("assignments")
    .where("column_id", "=", columnId)
    .where("focus_area_id", "=", focusAreaId)
    .where("archived_at", "is", null)
    .select((eb) => eb.fn.max("position").as("position"))
    .executeTakeFirst();
  return generateKeyBetween(last?.position ?? null, null);
}

export interface AssignmentFields {
  title: string;
  description: string;
  focusAreaId: string;
  workingGroupId: string | null;
  responsibleIds: string[];
  dueOn: string | null;
}

const NO_ID = "00000000-0000-0000-0000-000000000000";

/** Checks that the focus area, column, group and people named all belong where they should: one statement. */
async function checkReferences(
  db: Db,
  organisationId: string,
  planId: string,
  refs: { focusAreaId: string; columnId?: string; workingGroupId: string | null; responsibleIds: string[] },
) {
  const responsibleIds = [...new Set(refs.responsibleIds)];
  const column = () => {
    const inPlan = db.selectFrom("board_columns").where("plan_id", "=", planId);
    return refs.columnId ? inPlan.where("id", "=", refs.columnId) : inPlan.orderBy("position").limit(1);
  };
  const found = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("focus_areas").where("id", "=", refs.focusAreaId).where("plan_id", "=", planId).select("name").as("focusAreaName"),
      column().select("id").as("columnId"),
      column().select("name").as("columnName"),
      eb
        .selectFrom("working_groups")
        .where("id", "=", refs.workingGroupId ?? NO_ID)
        .where("organisation_id", "=", organisationId)
        .select("name")
        .as("groupName"),
      eb
        .selectFrom("people")
        .where("id", "in", [...responsibleIds, NO_ID])
        .where("organisation_id", "=", organisationId)
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .as("responsibleCount"),
    ])
    .executeTakeFirstOrThrow();
  if (
    !found.focusAreaName ||
    !found.columnId ||
    !found.columnName ||
    (refs.workingGroupId !== null && !found.groupName) ||
    Number(found.responsibleCount) !== responsibleIds.length
  ) {
    throw new BoardError("invalid-reference");
  }
  return {
    focusAreaName: found.focusAreaName,
    column: { id: found.columnId, name: found.columnName },
    groupName: found.groupName ?? null,
  };
}

/** A new card at the bottom of its cell (the first column unless another is named), with its `created` history. */
export async function createAssignment(
  db: Db,
  actor: Actor,
  planId: string,
  fields: AssignmentFields & { columnId?: string },
) {
  return withPlacementRetry(() =>
    db.transaction().execute(async (trx) => {
      const plan = await trx
        .selectFrom("action_plans")
        .where("id", "=", planId)
        .select(["id", "organisation_id", "unit_id", "archived_at"])
        .forUpdate()
        .executeTakeFirst();
      if (!plan || plan.organisation_id !== actor.organisationId) throw new BoardError("not-found");
      if (!can(actor, "plan:manage", { organisationId: plan.organisation_id, unitId: plan.unit_id })) throw new BoardError("forbidden");
      if (plan.archived_at) throw new BoardError("plan-archived");
      const refs = await checkReferences(trx, plan.organisation_id, planId, fields);
      const position = await keyAtEndOfCell(trx, refs.column.id, fields.focusAreaId);
      const created = await trx
        .insertInto("assignments")
        .values({
          plan_id: planId,
          column_id: refs.column.id,
          focus_area_id: fields.focusAreaId,
          position,
          title: fields.title,
          description: fields.description,
          working_group_id: fields.workingGroupId,
          due_on: fields.dueOn,
          created_by: actor.id,
        })
        .returning(["id", "version"])
        .executeTakeFirstOrThrow();
      if (fields.responsibleIds.length) {
        await trx
          .insertInto("assignment_responsibles")
          .values(fields.responsibleIds.map((personId) => ({ assignment_id: created.id, person_id: personId })))
          .execute();
      }
      await recordHistory(trx, [
        createdEntry(planId, actor, created, {
          columnId: refs.column.id,
          columnName: refs.column.name,
          focusAreaId: fields.focusAreaId,
          focusAreaName: refs.focusAreaName,
        }),
      ]);
      await notifyPlanChanged(trx, { planId, kind: "assignment", assignmentId: created.id, actorId: actor.id });
      return created;
    }),
  );
}

/**
 * Edits a card's details. Members of the carrying group may edit what they carry; only strategic
 * developers hand a card to another group. A new focus area puts the card at the bottom of that
 * swimlane. The history row lists each changed field, before and after.
 */
export async function updateAssignment(db: Db, actor: Actor, assignmentId: string, version: number, fields: AssignmentFields) {
  return withPlacementRetry(() =>
    db.transaction().execute(async (trx) => {
      const card = await lockAssignment(trx, assignmentId);
      checkAccess(actor, card, "assignment:update", version);
      if (card.archived_at) throw new BoardError("archived");
      if (fields.workingGroupId !== card.working_group_id && !can(actor, "plan:manage", { organisationId: card.organisation_id, unitId: card.unit_id })) {
        throw new BoardError("forbidden");
      }
      const refs = await checkReferences(trx, card.organisation_id, card.plan_id, { ...fields, columnId: card.column_id });

      const changes: EventChanges = {};
      if (fields.title !== card.title) changes.title = { from: card.title, to: fields.title };
      if (fields.description !== card.description) changes.description = { from: card.description, to: fields.description };
      if (fields.dueOn !== card.due_on) changes.dueOn = { from: card.due_on, to: fields.dueOn };
      if (fields.workingGroupId !== card.working_group_id) {
        changes.workingGroup = { from: card.working_group_name, to: refs.groupName };
      }
      if (fields.focusAreaId !== card.focus_area_id) {
        changes.focusArea = { from: card.focus_area_name, to: refs.focusAreaName };
      }
      const before = card.responsibles.map((person) => person.id).sort();
      const after = [...new Set(fields.responsibleIds)].sort();
      if (before.join() !== after.join()) {
        const names = await trx.selectFrom("people").where("id", "in", after.length ? after : [card.id]).select("name").orderBy("name").execute();
        changes.responsibles = { from: card.responsibles.map((person) => person.name), to: names.map((person) => person.name) };
      }
      if (Object.keys(changes).length === 0) return { version: card.version, changed: false };

      const updated = await trx
        .updateTable("assignments")
        .set({
          title: fields.title,
          description: fields.description,
          due_on: fields.dueOn,
          working_group_id: fields.workingGroupId,
          focus_area_id: fields.focusAreaId,
          ...(changes.focusArea ? { position: await keyAtEndOfCell(trx, card.column_id, fields.focusAreaId) } : {}),
          version: card.version + 1,
          updated_at: new Date(),
        })
        .where("id", "=", card.id)
        .returning("version")
        .executeTakeFirstOrThrow();
      if (changes.responsibles) {
        await trx.deleteFrom("assignment_responsibles").where("assignment_id", "=", card.id).execute();
        if (after.length) {
          await trx
            .insertInto("assignment_responsibles")
            .values(after.map((personId) => ({ assignment_id: card.id, person_id: personId })))
            .execute();
        }
      }
      const place = (focusAreaId: string, focusAreaName: string): Place => ({
        columnId: card.column_id,
        columnName: card.column_name,
        focusAreaId,
        focusAreaName,
      });
      await recordHistory(trx, [
        {
          assignmentId: card.id,
          planId: card.plan_id,
          actor,
          kind: "edited",
          version: updated.version,
          changes,
          ...(changes.focusArea
            ? { from: place(card.focus_area_id, card.focus_area_name), to: place(fields.focusAreaId, refs.focusAreaName) }
            : {}),
        },
      ]);
      await notifyPlanChanged(trx, { planId: card.plan_id, kind: "assignment", assignmentId: card.id, actorId: actor.id });
      return { version: updated.version, changed: true };
    }),
  );
}

/** Archives (hides from the board, keeps everything) or restores a card; restored cards go to the bottom of their cell. */
export async function setAssignmentArchived(db: Db, actor: Actor, assignmentId: string, version: number, archived: boolean) {
  return withPlacementRetry(() =>
    db.transaction().execute(async (trx) => {
      const card = await lockAssignment(trx, assignmentId);
      checkAccess(actor, card, "plan:manage", version);
      if ((card.archived_at !== null) === archived) throw new BoardError("stale");
      const updated = await trx
        .updateTable("assignments")
        .set({
          archived_at: archived ? new Date() : null,
          ...(archived ? {} : { position: await keyAtEndOfCell(trx, card.column_id, card.focus_area_id) }),
          version: card.version + 1,
          updated_at: new Date(),
        })
        .where("id", "=", card.id)
        .returning("version")
        .executeTakeFirstOrThrow();
      const place: Place = {
        columnId: card.column_id,
        columnName: card.column_name,
        focusAreaId: card.focus_area_id,
        focusAreaName: card.focus_area_name,
      };
      await recordHistory(trx, [
        {
          assignmentId: card.id,
          planId: card.plan_id,
          actor,
          kind: archived ? "archived" : "restored",
          version: updated.version,
          from: place,
          to: place,
        },
      ]);
      await notifyPlanChanged(trx, { planId: card.plan_id, kind: "assignment", assignmentId: card.id, actorId: actor.id });
      return { version: updated.version };
    }),
  );
}

export async function addComment(db: Db, actor: Actor, assignmentId: string, body: string) {
  return db.transaction().execute(async (trx) => {
    const card = await lockAssignment(trx, assignmentId);
    checkAccess(actor, card, "assignment:comment");
    if (card.archived_at) throw new BoardError("archived");
    const comment = await trx
      .insertInto("comments")
      .values({ assignment_id: card.id, author_id: actor.id, body })
      .returning("id")
      .executeTakeFirstOrThrow();
    await notifyPlanChanged(trx, { planId: card.plan_id, kind: "assignment", assignmentId: card.id, actorId: actor.id });
    return comment;
  });
}

/** One card with everything its page shows: details, comments and history, in one statement. */
export async function loadAssignment(db: Db, assignmentId: string) {
  return db
    .selectFrom("assignments as a")
    .innerJoin("action_plans as p", "p.id", "a.plan_id")
    .innerJoin("board_columns as c", "c.id", "a.column_id")
    .innerJoin("focus_areas as f", "f.id", "a.focus_area_id")
    .where("a.id", "=", assignmentId)
    .select((eb) => [
      "a.id",
      "a.title",
      "a.description",
      "a.version",
      "a.due_on as dueOn",
      "a.archived_at as archivedAt",
      "a.created_at as createdAt",
      "a.column_entered_at as columnEnteredAt",
      "a.working_group_id as workingGroupId",
      "a.column_id as columnId",
      "a.focus_area_id as focusAreaId",
      "c.name as columnName",
      "f.name as focusAreaName",
      sql<number>`(
        select count(*)::int + 1 from assignments n
        where n.column_id = a.column_id and n.focus_area_id = a.focus_area_id and n.archived_at is null and n.position < a.position
      )`.as("positionInCell"),
      "p.id as planId",
      "p.title as planTitle",
      "p.organisation_id as organisationId",
      "p.unit_id as unitId",
      "p.archived_at as planArchivedAt",
      jsonObjectFrom(
        eb.selectFrom("working_groups as g").whereRef("g.id", "=", "a.working_group_id").select(["g.id", "g.name"]),
      ).as("group"),
      responsiblesOf(eb.ref("a.id")).as("responsibles"),
      jsonArrayFrom(
        eb
          .selectFrom("comments as m")
          .leftJoin("people as author", "author.id", "m.author_id")
          .whereRef("m.assignment_id", "=", "a.id")
          .select((eb) => ["m.id", "m.body", "m.created_at as createdAt", eb.fn.coalesce("author.name", "m.author_name").as("authorName")])
          .orderBy("m.created_at"),
      ).as("comments"),
      jsonArrayFrom(
        eb
          .selectFrom("assignment_events as e")
          .whereRef("e.assignment_id", "=", "a.id")
          .select([
            "e.id",
            "e.kind",
            "e.actor_name as actorName",
            "e.from_column_name as fromColumn",
            "e.to_column_name as toColumn",
            "e.from_focus_area_name as fromFocusArea",
            "e.to_focus_area_name as toFocusArea",
            "e.changes",
            "e.version",
            "e.occurred_at as occurredAt",
          ])
          .orderBy("e.occurred_at")
          .orderBy("e.id"),
      ).as("history"),
    ])
    .executeTakeFirst();
}

/** The choices an assignment form offers: the plan's focus areas and columns, the organisation's groups and people. */
export async function loadAssignmentFormOptions(db: Db, organisationId: string, planId: string) {
  return db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb.selectFrom("focus_areas").where("plan_id", "=", planId).select(["id", "name"]).orderBy("position"),
      ).as("focusAreas"),
      jsonArrayFrom(
        eb.selectFrom("board_columns").where("plan_id", "=", planId).select(["id", "name"]).orderBy("position"),
      ).as("columns"),
      jsonArrayFrom(
        eb
          .selectFrom("working_groups")
          .where("organisation_id", "=", organisationId)
          .select(["id", "name", "ended_at as endedAt"])
          .orderBy("name"),
      ).as("groups"),
      jsonArrayFrom(
        eb
          .selectFrom("people")
          .where("organisation_id", "=", organisationId)
          .where("deactivated_at", "is", null)
          .select(["id", "name"])
          .orderBy("name"),
      ).as("people"),
    ])
    .executeTakeFirstOrThrow();
}
