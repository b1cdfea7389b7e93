import { sql } from "kysely";
import type { UnitKind } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import { refusalOf, type RefusalStatus } from "./refusal.server";

export type UnitErrorCode = "not-found" | "parent-invalid" | "in-use";

const STATUS: Record<UnitErrorCode, RefusalStatus> = { "not-found": 404, "parent-invalid": 400, "in-use": 409 };

/** A refused change to the unit tree; the route answers it with `status` and an i18n message. */
export class UnitError extends refusalOf(STATUS) {}

export interface UnitNode {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  depth: number;
  people: number;
  plans: number;
  children: number;
}

/** The organisation's units as a tree, depth first and by name, with what hangs on each: one statement. */
export async function listUnitTree(db: Db, organisationId: string): Promise<UnitNode[]> {
  const { rows } = await sql<UnitNode>`
    with recursive tree as (
      select u.id, u.name, u.kind, u.parent_id, 0 as depth, array[lower(u.name), u.id::text] as path
      from units u
      where u.organisation_id = ${organisationId}
        and (u.parent_id is null or not exists (select 1 from units p where p.id = u.parent_id and p.organisation_id = ${organisationId}))
      union all
      select c.id, c.name, c.kind, c.parent_id, t.depth + 1, t.path || array[lower(c.name), c.id::text]
      from units c join tree t on c.parent_id = t.id
    )
    select t.id, t.name, t.kind, t.parent_id as "parentId", t.depth,
      (select count(*)::int from people p where p.unit_id = t.id and p.deactivated_at is null) as people,
      (select count(*)::int from action_plans a where a.unit_id = t.id and a.archived_at is null) as plans,
      (select count(*)::int from units c where c.parent_id = t.id) as children
    from tree t
    order by t.path
  `.execute(db);
  return rows;
}

/** The unit and every unit below it. */
async function unitAndBelow(db: Db, unitId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive below(id) as (
      select ${unitId}::uuid
      union all
      select u.id from units u join below on u.parent_id = below.id
    )
    select id from below
  `.execute(db);
  return rows.map((row) => row.id);
}

export interface UnitFields {
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

async function checkParent(db: Db, organisationId: string, parentId: string | null, unitId?: string) {
  if (parentId === null) return;
  const parent = await db.selectFrom("units").select("id").where("id", "=", parentId).where("organisation_id", "=", organisationId).executeTakeFirst();
  if (!parent) throw new UnitError("parent-invalid");
  if (unitId !== undefined && (await unitAndBelow(db, unitId)).includes(parentId)) throw new UnitError("parent-invalid");
}

export async function addUnit(db: Db, organisationId: string, fields: UnitFields) {
  return db.transaction().execute(async (trx) => {
    await checkParent(trx, organisationId, fields.parentId);
    return trx
      .insertInto("units")
      .values({ organisation_id: organisationId, name: fields.name, kind: fields.kind, parent_id: fields.parentId })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
  });
}

/** Renames a unit, changes its kind or moves it under another (never under itself or a unit below it). */
export async function updateUnit(db: Db, organisationId: string, unitId: string, fields: UnitFields) {
  return db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom("units").select("id").where("id", "=", unitId).where("organisation_id", "=", organisationId).forUpdate().executeTakeFirst();
    if (!unit) throw new UnitError("not-found");
    await checkParent(trx, organisationId, fields.parentId, unitId);
    return trx
      .updateTable("units")
      .set({ name: fields.name, kind: fields.kind, parent_id: fields.parentId })
      .where("id", "=", unitId)
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
  });
}

/** Removes a unit that nothing hangs on any more: no units below it, no people, no plans, no offers. */
export async function removeUnit(db: Db, organisationId: string, unitId: string) {
  return db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom("units as u")
      .where("u.id", "=", unitId)
      .where("u.organisation_id", "=", organisationId)
      .select((eb) => [
        "u.name",
        eb.or([
          eb.exists(eb.selectFrom("units as c").select("c.id").whereRef("c.parent_id", "=", "u.id")),
          eb.exists(eb.selectFrom("people as p").select("p.id").whereRef("p.unit_id", "=", "u.id")),
          eb.exists(eb.selectFrom("action_plans as a").select("a.id").whereRef("a.unit_id", "=", "u.id")),
          eb.exists(eb.selectFrom("plan_offers as o").select("o.plan_id").whereRef("o.unit_id", "=", "u.id")),
        ]).as("inUse"),
      ])
      .forUpdate()
      .executeTakeFirst();
    if (!unit) throw new UnitError("not-found");
    if (unit.inUse) throw new UnitError("in-use");
    await trx.deleteFrom("units").where("id", "=", unitId).execute();
    return { name: unit.name };
  });
}
