import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // A unit's own board made from a central plan points at it; one active adoption per unit.
  await db.schema
    .alterTable("action_plans")
    .addColumn("central_plan_id", "uuid", (c) => c.references("action_plans.id").onDelete("restrict"))
    .execute();
  await db.schema
    .createIndex("action_plans_adoption_idx")
    .on("action_plans")
    .columns(["central_plan_id", "unit_id"])
    .unique()
    .where(sql<boolean>`central_plan_id is not null and archived_at is null`)
    .execute();
  // A central plan is one offered to units; each offer names one unit.
  await db.schema
    .createTable("plan_offers")
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("units.id").onDelete("cascade"))
    .addColumn("offered_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("offered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("plan_offers_pk", ["plan_id", "unit_id"])
    .execute();
  // An adopted board's columns are copies of the central plan's: the central view counts by them.
  await db.schema
    .alterTable("board_columns")
    .addColumn("origin_id", "uuid", (c) => c.references("board_columns.id").onDelete("set null"))
    .execute();
  // A copy taken from a central plan names its origin and the origin's name when it was last
  // taken or answered, so that a later rename of the origin can be offered.
  await db.schema
    .alterTable("focus_areas")
    .addColumn("origin_id", "uuid", (c) => c.references("focus_areas.id").onDelete("set null"))
    .addColumn("origin_name", "text")
    .execute();
  await db.schema.createIndex("focus_areas_origin_idx").on("focus_areas").column("origin_id").where(sql.ref("origin_id"), "is not", null).execute();
  await db.schema
    .alterTable("assignments")
    .addColumn("origin_id", "uuid", (c) => c.references("assignments.id").onDelete("set null"))
    .addColumn("origin_title", "text")
    .execute();
  await db.schema.createIndex("assignments_origin_idx").on("assignments").column("origin_id").where(sql.ref("origin_id"), "is not", null).execute();
  // What an adopting unit chose not to take from the central plan: not offered again as new.
  await db.schema
    .createTable("adoption_declines")
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("origin_focus_area_id", "uuid", (c) => c.references("focus_areas.id").onDelete("cascade"))
    .addColumn("origin_assignment_id", "uuid", (c) => c.references("assignments.id").onDelete("cascade"))
    .addColumn("declined_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("declined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("adoption_declines_one_origin", sql`num_nonnulls(origin_focus_area_id, origin_assignment_id) = 1`)
    .execute();
  await db.schema
    .createIndex("adoption_declines_focus_area_idx")
    .on("adoption_declines")
    .columns(["plan_id", "origin_focus_area_id"])
    .unique()
    .where(sql.ref("origin_focus_area_id"), "is not", null)
    .execute();
  await db.schema
    .createIndex("adoption_declines_assignment_idx")
    .on("adoption_declines")
    .columns(["plan_id", "origin_assignment_id"])
    .unique()
    .where(sql.ref("origin_assignment_id"), "is not", null)
    .execute();
  await db.schema.createIndex("units_parent_idx").on("units").column("parent_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("units_parent_idx").execute();
  await db.schema.dropTable("adoption_declines").execute();
  await db.schema.alterTable("assignments").dropColumn("origin_title").dropColumn("origin_id").execute();
  await db.schema.alterTable("board_columns").dropColumn("origin_id").execute();
  await db.schema.alterTable("focus_areas").dropColumn("origin_name").dropColumn("origin_id").execute();
  await db.schema.dropTable("plan_offers").execute();
  await db.schema.alterTable("action_plans").dropColumn("central_plan_id").execute();
}
