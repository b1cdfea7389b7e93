import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Weekdays (Monday–Friday) elapsed from a fixed Monday to an instant, in Stockholm time and in
  // fractions of a day: the working days between two instants are the difference of two calls,
  // in constant time however far apart they are.
  await sql`
    create function planboard_weekday_days(instant timestamptz) returns double precision
    language sql stable parallel safe as $$
      with local as (select (instant at time zone 'Europe/Stockholm') as t),
      parts as (
        select t::date - date '2001-01-01' as days, extract(epoch from t - t::date) / 86400 as fraction from local
      )
      select (floor(days / 7.0) * 5 + least(mod(days, 7), 5)
        + case when mod(days, 7) < 5 then fraction else 0 end)::double precision
      from parts
    $$
  `.execute(db);

  await db.schema
    .createTable("share_links")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("label", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("share_links_plan_idx").on("share_links").column("plan_id").execute();

  await db.schema
    .createTable("follows")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("plan_id", "uuid", (c) => c.references("action_plans.id").onDelete("cascade"))
    .addColumn("focus_area_id", "uuid", (c) => c.references("focus_areas.id").onDelete("cascade"))
    .addColumn("group_id", "uuid", (c) => c.references("working_groups.id").onDelete("cascade"))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "follows_one_target_check",
      sql`num_nonnulls(plan_id, focus_area_id, group_id) = 1`,
    )
    .execute();
  await sql`create unique index follows_person_target_key on follows (person_id, coalesce(plan_id, focus_area_id, group_id))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("follows").execute();
  await db.schema.dropTable("share_links").execute();
  await sql`drop function planboard_weekday_days(timestamptz)`.execute(db);
}
