import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { MembershipRole } from "../../db/schema";
import type { GroupFields } from "~/schemas/group";
import type { Db } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { stockholmToday } from "./person.server";
import { refusalOf, type RefusalStatus } from "./refusal.server";

export type GroupErrorCode =
  | "not-found"
  | "forbidden"
  | "group-ended"
  | "invited-only"
  | "call-closed"
  | "already-applied"
  | "already-member"
  | "is-member"
  | "no-application"
  | "decided"
  | "too-many"
  | "stale-selection"
  | "not-a-member"
  | "recruitment-locked"
  | "extend-earlier"
  | "invalid-person";

const STATUS: Record<GroupErrorCode, RefusalStatus> = {
  "not-found": 404,
  forbidden: 403,
  "group-ended": 409,
  "invited-only": 409,
  "call-closed": 409,
  "already-applied": 409,
  "already-member": 409,
  "is-member": 409,
  "no-application": 404,
  decided: 409,
  "too-many": 400,
  "stale-selection": 409,
  "not-a-member": 404,
  "recruitment-locked": 409,
  "extend-earlier": 400,
  "invalid-person": 400,
};

/** A refused change to a group, its call or an application; the route answers it with `status` and an i18n message. */
export class GroupError extends refusalOf(STATUS) {}

export type GroupStatus = "upcoming" | "active" | "ended";

/** Ended by someone, or past its end date. */
export const groupOver = sql<boolean>`(g.ended_at is not null or g.ends_on < ${stockholmToday})`;

/** Ended by a strategic developer, or past its end date; upcoming before its start. Today is Stockholm's. */
export const groupStatus = sql<GroupStatus>`case
  when ${groupOver} then 'ended'
  when g.starts_on > ${stockholmToday} then 'upcoming'
  else 'active' end`;

/** A call is decided once its selection is confirmed: then every remaining application is selected or declined. */
export const callDecided = sql<boolean>`exists (
  select 1 from group_applications d where d.group_id = g.id and d.status in ('selected', 'declined'))`;

/** Applications are taken until the closing date (inclusive), unless the group ended or the selection is made. */
export const callOpen = sql<boolean>`coalesce(g.recruitment = 'open_application' and g.ended_at is null
  and g.applications_close_on >= ${stockholmToday} and not ${callDecided}, false)`;

const byRoleThenName = sql`case when m.role = 'convener' then 0 else 1 end`;

/** The group's organisation, for authorising a request before anything else is read. */
export async function findGroupOwner(db: Db, groupId: string) {
  return db
    .selectFrom("working_groups")
    .where("id", "=", groupId)
    .select(["id", "organisation_id as organisationId"])
    .executeTakeFirst();
}

/** Every group of the organisation with its members and the cards it carries: one statement. */
export async function listGroups(db: Db, organisationId: string, viewerId: string) {
  return db
    .selectFrom("working_groups as g")
    .where("g.organisation_id", "=", organisationId)
    .select((eb) => [
      "g.id",
      "g.name",
      "g.purpose",
      "g.starts_on as startsOn",
      "g.ends_on as endsOn",
      "g.ended_at as endedAt",
      "g.recruitment",
      "g.seats",
      "g.applications_close_on as applicationsCloseOn",
      groupStatus.as("status"),
      callOpen.as("callOpen"),
      eb
        .selectFrom("group_applications as own")
        .whereRef("own.group_id", "=", "g.id")
        .where("own.person_id", "=", viewerId)
        .select("own.status")
        .as("myApplicationStatus"),
      jsonArrayFrom(
        eb
          .selectFrom("group_memberships as m")
          .innerJoin("people as p", "p.id", "m.person_id")
          .whereRef("m.group_id", "=", "g.id")
          .select(["p.id", "p.name", "m.role"])
          .orderBy(byRoleThenName)
          .orderBy("p.name")
      ).as("members"),
      jsonArrayFrom(
        eb
          .selectFrom("assignments as a")
          .innerJoin("action_plans as p", "p.id", "a.plan_id")
          .whereRef("a.working_group_id", "=", "g.id")
          .where("a.archived_at", "is", null)
          .where("p.archived_at", "is", null)
          .select(["a.id", "a.title", "a.plan_id as planId", "p.title as planTitle"])
          .orderBy("p.title")
          .orderBy("a.title")
      ).as("assignments"),
    ])
    .orderBy(sql`${groupStatus} = 'ended'`)
    .orderBy("g.starts_on", "desc")
    .orderBy("g.name")
    .execute();
}

/**
 * One group with everything its page shows: members, carried cards (archived ones too, marked),
 * the viewer's own application, and for strategic developers how many have applied.
 */
export async function loadGroup(db: Db, groupId: string, viewer: { id: string; manages: boolean }) {
  return db
    .selectFrom("working_groups as g")
    .leftJoin("people as creator", "creator.id", "g.created_by")
    .where("g.id", "=", groupId)
    .select((eb) => [
      "g.id",
      "g.organisation_id as organisationId",
      "g.name",
      "g.purpose",
      "g.starts_on as startsOn",
      "g.ends_on as endsOn",
      "g.ended_at as endedAt",
      "g.recruitment",
      "g.seats",
      "g.applications_close_on as applicationsCloseOn",
      "g.application_prompt as applicationPrompt",
      "g.created_at as createdAt",
      "creator.name as createdByName",
      groupStatus.as("status"),
      callOpen.as("callOpen"),
      callDecided.as("callDecided"),
      eb
        .selectFrom("group_applications as own")
        .whereRef("own.group_id", "=", "g.id")
        .where("own.person_id", "=", viewer.id)
        .select("own.status")
        .as("myApplicationStatus"),
      (viewer.manages
        ? eb
            .selectFrom("group_applications as c")
            .whereRef("c.group_id", "=", "g.id")
            .where("c.status", "<>", "withdrawn")
            .select((inner) => inner.fn.countAll<number>().as("n"))
        : sql<number | null>`null`
      ).as("applicationCount"),
      jsonArrayFrom(
        eb
          .selectFrom("group_memberships as m")
          .innerJoin("people as p", "p.id", "m.person_id")
          .leftJoin("units as u", "u.id", "p.unit_id")
          .whereRef("m.group_id", "=", "g.id")
          .select(["p.id", "p.name", "u.name as unitName", "m.role", "m.joined_at as joinedAt"])
          .orderBy(byRoleThenName)
          .orderBy("p.name")
      ).as("members"),
      jsonArrayFrom(
        eb
          .selectFrom("assignments as a")
          .innerJoin("action_plans as p", "p.id", "a.plan_id")
          .innerJoin("board_columns as c", "c.id", "a.column_id")
          .whereRef("a.working_group_id", "=", "g.id")
          .select([
            "a.id",
            "a.title",
            "a.plan_id as planId",
            "p.title as planTitle",
            "c.name as columnName",
            "c.is_done as isDone",
            sql<boolean>`a.archived_at is not null or p.archived_at is not null`.as("archived"),
          ])
          .orderBy("p.title")
          .orderBy("a.title")
      ).as("assignments"),
    ])
    .executeTakeFirst();
}

/** People of the organisation who could be added: active, not already members. */
export async function listInvitable(db: Db, organisationId: string, groupId: string) {
  return db
    .selectFrom("people as p")
    .leftJoin("units as u", "u.id", "p.unit_id")
    .where("p.organisation_id", "=", organisationId)
    .where("p.deactivated_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("group_memberships as m")
            .whereRef("m.person_id", "=", "p.id")
            .where("m.group_id", "=", groupId)
            .select("m.person_id")
        )
      )
    )
    .select(["p.id", "p.name", "u.name as unitName"])
    .orderBy("p.name")
    .execute();
}

export interface LockedGroup {
  id: string;
  organisation_id: string;
  recruitment: "invited" | "open_application";
  seats: number | null;
  ends_on: string;
  ended_at: Date | null;
  /** Ended by someone, or past its end date. */
  over: boolean;
  accepting: boolean;
  decided: boolean;
}

/**
 * Reads a group's state under a row lock: `share` for applications (many at once), `update` for
 * changes to the group and the selection, so a confirmation waits for applications in flight.
 */
export async function lockGroup(db: Db, groupId: string, mode: "share" | "update"): Promise<LockedGroup | undefined> {
  const query = db
    .selectFrom("working_groups as g")
    .where("g.id", "=", groupId)
    .select([
      "g.id",
      "g.organisation_id",
      "g.recruitment",
      "g.seats",
      "g.ends_on",
      "g.ended_at",
      groupOver.as("over"),
      callOpen.as("accepting"),
      callDecided.as("decided"),
    ]);
  return (mode === "share" ? query.forShare() : query.forUpdate()).executeTakeFirst();
}

/** The group, locked, if the actor may manage it: 404 across organisations, 403 within. */
async function lockForManager(db: Db, actor: Actor, groupId: string): Promise<LockedGroup> {
  const group = await lockGroup(db, groupId, "update");
  if (!group || group.organisation_id !== actor.organisationId) throw new GroupError("not-found");
  if (!can(actor, "group:manage", { organisationId: group.organisation_id, unitId: null })) throw new GroupError("forbidden");
  return group;
}

const groupRow = (fields: GroupFields) => {
  const open = fields.recruitment === "open_application";
  return {
    name: fields.name,
    purpose: fields.purpose,
    starts_on: fields.startsOn,
    ends_on: fields.endsOn,
    recruitment: fields.recruitment,
    seats: open ? fields.seats ?? null : null,
    applications_close_on: open ? fields.applicationsCloseOn ?? null : null,
    application_prompt: open ? fields.applicationPrompt : null,
  };
};

export async function createGroup(db: Db, actor: Actor, fields: GroupFields) {
  if (!can(actor, "group:manage", { organisationId: actor.organisationId, unitId: null })) throw new GroupError("forbidden");
  return db
    .insertInto("working_groups")
    .values({ ...groupRow(fields), organisation_id: actor.organisationId, created_by: actor.id })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Edits a running or coming group. A call that has applications keeps its recruitment mode. */
export async function updateGroup(db: Db, actor: Actor, groupId: string, fields: GroupFields) {
  await db.transaction().execute(async (trx) => {
    const group = await lockForManager(trx, actor, groupId);
    if (group.ended_at) throw new GroupError("group-ended");
    if (group.recruitment === "open_application" && fields.recruitment !== "open_application") {
      const applied = await trx.selectFrom("group_applications").where("group_id", "=", groupId).select("id").executeTakeFirst();
      if (applied) throw new GroupError("recruitment-locked");
    }
    await trx.updateTable("working_groups").set(groupRow(fields)).where("id", "=", groupId).execute();
  });
}

/** A later end date; a group that was ended stays ended. */
export async function extendGroup(db: Db, actor: Actor, groupId: string, endsOn: string) {
  await db.transaction().execute(async (trx) => {
    const group = await lockForManager(trx, actor, groupId);
    if (group.ended_at) throw new GroupError("group-ended");
    if (endsOn <= group.ends_on) throw new GroupError("extend-earlier");
    await trx.updateTable("working_groups").set({ ends_on: endsOn }).where("id", "=", groupId).execute();
  });
}

/** Ends the group now: its members stop moving its cards at once; the group and its history stay. */
export async function endGroup(db: Db, actor: Actor, groupId: string) {
  await db.transaction().execute(async (trx) => {
    const group = await lockForManager(trx, actor, groupId);
    if (group.ended_at) throw new GroupError("group-ended");
    await trx.updateTable("working_groups").set({ ended_at: new Date() }).where("id", "=", groupId).execute();
  });
}

/** Adds a person of the organisation directly, and tells them in the app. */
export async function addMember(db: Db, actor: Actor, groupId: string, personId: string, role: MembershipRole) {
  await db.transaction().execute(async (trx) => {
    const group = await lockForManager(trx, actor, groupId);
    if (group.ended_at) throw new GroupError("group-ended");
    const person = await trx
      .selectFrom("people")
      .where("id", "=", personId)
      .where("organisation_id", "=", group.organisation_id)
      .where("deactivated_at", "is", null)
      .select("id")
      .executeTakeFirst();
    if (!person) throw new GroupError("invalid-person");
    const added = await trx
      .insertInto("group_memberships")
      .values({ group_id: groupId, person_id: personId, role })
      .onConflict((oc) => oc.columns(["group_id", "person_id"]).doNothing())
      .returning("person_id")
      .executeTakeFirst();
    if (!added) throw new GroupError("already-member");
    await trx.insertInto("notifications").values({ person_id: personId, kind: "member_added", group_id: groupId }).execute();
  });
}

export async function removeMember(db: Db, actor: Actor, groupId: string, personId: string) {
  await db.transaction().execute(async (trx) => {
    const group = await lockForManager(trx, actor, groupId);
    if (group.ended_at) throw new GroupError("group-ended");
    const removed = await trx
      .deleteFrom("group_memberships")
      .where("group_id", "=", groupId)
      .where("person_id", "=", personId)
      .returning("person_id")
      .executeTakeFirst();
    if (!removed) throw new GroupError("not-a-member");
  });
}

/** Whether a calendar date lies before today in Stockholm. */
export async function isBeforeToday(db: Db, date: string): Promise<boolean> {
  const row = await db.selectNoFrom(sql<boolean>`${date}::date < ${stockholmToday}`.as("past")).executeTakeFirstOrThrow();
  return row.past;
}

/** Whether every id names a unit of the organisation. */
export async function unitsBelongTo(db: Db, organisationId: string, unitIds: string[]): Promise<boolean> {
  const unique = [...new Set(unitIds)];
  if (unique.length === 0) return true;
  const { n } = await db
    .selectFrom("units")
    .where("organisation_id", "=", organisationId)
    .where("id", "in", unique)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n) === unique.length;
}

/** The organisation's lists an application profile is made from. */
export async function loadProfileOptions(db: Db, organisationId: string) {
  return db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb.selectFrom("competences").where("organisation_id", "=", organisationId).select(["id", "name"]).orderBy("name")
      ).as("competences"),
      jsonArrayFrom(
        eb
          .selectFrom("units")
          .where("organisation_id", "=", organisationId)
          .select(["id", "name", "kind"])
          .orderBy(sql`case kind when 'administration' then 0 when 'unit' then 1 else 2 end`)
          .orderBy("name")
      ).as("units"),
    ])
    .executeTakeFirstOrThrow();
}
