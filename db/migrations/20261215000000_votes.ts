import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // A unit's priorities among its plan's focus areas and assignments: 1 is the first.
  await db.schema.alterTable("focus_areas").addColumn("priority", "integer").execute();
  await db.schema.alterTable("assignments").addColumn("priority", "integer").execute();

  await db.schema
    .createTable("votes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("units.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("point_kind", "text", (c) => c.notNull().check(sql`point_kind in ('focus_area', 'assignment')`))
    .addColumn("max_choices", "integer", (c) => c.notNull().check(sql`max_choices between 1 and 50`))
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("closed_early_at", "timestamptz")
    .addColumn("priorities_adopted_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("votes_plan_idx").on("votes").column("plan_id").execute();
  // The points voted on, fixed when the vote opens, with their names as they were then.
  await db.schema
    .createTable("vote_points")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("vote_id", "uuid", (c) => c.notNull().references("votes.id").onDelete("cascade"))
    .addColumn("focus_area_id", "uuid", (c) => c.references("focus_areas.id").onDelete("set null"))
    .addColumn("assignment_id", "uuid", (c) => c.references("assignments.id").onDelete("set null"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("vote_points_vote_idx").on("vote_points").column("vote_id").execute();
  // Who has voted (turnout), with nothing that links a person to a ballot.
  await db.schema
    .createTable("vote_voters")
    .addColumn("vote_id", "uuid", (c) => c.notNull().references("votes.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("vote_voters_pk", ["vote_id", "person_id"])
    .execute();
  // A ballot is found only through a keyed hash of vote and person (decision 0016): no person id, no time.
  await db.schema
    .createTable("ballots")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("vote_id", "uuid", (c) => c.notNull().references("votes.id").onDelete("cascade"))
    .addColumn("ballot_key", "text", (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable("ballot_choices")
    .addColumn("ballot_id", "uuid", (c) => c.notNull().references("ballots.id").onDelete("cascade"))
    .addColumn("point_id", "uuid", (c) => c.notNull().references("vote_points.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("ballot_choices_pk", ["ballot_id", "point_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("ballot_choices").execute();
  await db.schema.dropTable("ballots").execute();
  await db.schema.dropTable("vote_voters").execute();
  await db.schema.dropTable("vote_points").execute();
  await db.schema.dropTable("votes").execute();
  await db.schema.alterTable("assignments").dropColumn("priority").execute();
  await db.schema.alterTable("focus_areas").dropColumn("priority").execute();
}
