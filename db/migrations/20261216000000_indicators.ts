import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("indicators")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("unit_of_measure", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("higher_is_better", "boolean", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull().check(sql`period in ('month', 'quarter')`))
    .addColumn("target", "numeric")
    .addColumn("created_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("indicators_organisation_idx").on("indicators").column("organisation_id").execute();
  // An indicator followed for a plan or for one of its focus areas.
  await db.schema
    .createTable("indicator_links")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .addColumn("plan_id", "uuid", (c) => c.references("action_plans.id").onDelete("cascade"))
    .addColumn("focus_area_id", "uuid", (c) => c.references("focus_areas.id").onDelete("cascade"))
    .addCheckConstraint("indicator_links_one_target", sql`num_nonnulls(plan_id, focus_area_id) = 1`)
    .execute();
  await db.schema.createIndex("indicator_links_plan_idx").on("indicator_links").columns(["indicator_id", "plan_id"]).unique().where(sql.ref("plan_id"), "is not", null).execute();
  await db.schema.createIndex("indicator_links_focus_area_idx").on("indicator_links").columns(["indicator_id", "focus_area_id"]).unique().where(sql.ref("focus_area_id"), "is not", null).execute();
  // One value per unit and period: `2026-03` for a month, `2026-Q1` for a quarter.
  await db.schema
    .createTable("indicator_values")
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("units.id").onDelete("cascade"))
    .addColumn("period", "text", (c) => c.notNull().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'`))
    .addColumn("value", "numeric", (c) => c.notNull())
    .addColumn("recorded_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("indicator_values_pk", ["indicator_id", "unit_id", "period"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("indicator_values").execute();
  await db.schema.dropTable("indicator_links").execute();
  await db.schema.dropTable("indicators").execute();
}
