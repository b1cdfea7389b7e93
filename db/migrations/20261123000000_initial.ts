import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("units")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("parent_id", "uuid", (c) => c.references("units.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('administration', 'unit', 'district')`))
    .execute();
  await db.schema.createIndex("units_organisation_idx").on("units").column("organisation_id").execute();

  await db.schema
    .createTable("people")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("unit_id", "uuid", (c) => c.references("units.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.notNull().defaultTo("staff").check(sql`role in ('strategic_developer', 'staff')`),
    )
    .addColumn("is_admin", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("password_hash", "text")
    .addColumn("locale", "text")
    .addColumn("deactivated_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index people_email_key on people (lower(email))`.execute(db);
  await db.schema.createIndex("people_organisation_idx").on("people").column("organisation_id").execute();

  await db.schema
    .createTable("competences")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addUniqueConstraint("competences_organisation_name_key", ["organisation_id", "name"])
    .execute();

  await db.schema
    .createTable("action_plans")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("unit_id", "uuid", (c) => c.references("units.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("starts_on", "date")
    .addColumn("ends_on", "date")
    .addColumn("archived_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("action_plans_organisation_idx").on("action_plans").column("organisation_id").execute();

  // Ordering keys are fractional-index strings compared byte by byte, hence collate "C".
  await db.schema
    .createTable("focus_areas")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", sql`text collate "C"`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("focus_areas_plan_idx").on("focus_areas").columns(["plan_id", "position"]).execute();

  await db.schema
    .createTable("board_columns")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", sql`text collate "C"`, (c) => c.notNull())
    .addColumn("is_done", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("wip_limit", "integer", (c) => c.check(sql`wip_limit > 0`))
    .execute();
  await db.schema.createIndex("board_columns_plan_idx").on("board_columns").columns(["plan_id", "position"]).execute();

  await db.schema
    .createTable("working_groups")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("starts_on", "date", (c) => c.notNull())
    .addColumn("ends_on", "date", (c) => c.notNull())
    .addColumn("ended_at", "timestamptz")
    .addColumn("recruitment", "text", (c) =>
      c.notNull().defaultTo("invited").check(sql`recruitment in ('invited', 'open_application')`),
    )
    .addColumn("seats", "integer", (c) => c.check(sql`seats > 0`))
    .addColumn("applications_close_on", "date")
    .addColumn("application_prompt", "text")
    .addColumn("created_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("working_groups_period_check", sql`ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex("working_groups_organisation_idx").on("working_groups").column("organisation_id").execute();

  await db.schema
    .createTable("group_memberships")
    .addColumn("group_id", "uuid", (c) => c.notNull().references("working_groups.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().defaultTo("member").check(sql`role in ('convener', 'member')`))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("group_memberships_pkey", ["group_id", "person_id"])
    .execute();
  await db.schema.createIndex("group_memberships_person_idx").on("group_memberships").column("person_id").execute();

  await db.schema
    .createTable("group_applications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("group_id", "uuid", (c) => c.notNull().references("working_groups.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("motivation", "text", (c) => c.notNull())
    .addColumn("competences", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("experience_years", "integer", (c) => c.notNull().check(sql`experience_years >= 0`))
    .addColumn("unit_ids", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("submitted").check(sql`status in ('submitted', 'withdrawn', 'selected', 'declined')`),
    )
    .addColumn("submitted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addUniqueConstraint("group_applications_group_person_key", ["group_id", "person_id"])
    .execute();

  await db.schema
    .createTable("assignments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("focus_area_id", "uuid", (c) => c.notNull().references("focus_areas.id"))
    .addColumn("column_id", "uuid", (c) => c.notNull().references("board_columns.id"))
    .addColumn("position", sql`text collate "C"`, (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("working_group_id", "uuid", (c) => c.references("working_groups.id").onDelete("set null"))
    .addColumn("due_on", "date")
    .addColumn("archived_at", "timestamptz")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("column_entered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("assignments_board_idx")
    .on("assignments")
    .columns(["plan_id", "column_id", "focus_area_id", "position"])
    .where(sql.ref("archived_at"), "is", null)
    .execute();
  await db.schema.createIndex("assignments_group_idx").on("assignments").column("working_group_id").execute();

  await db.schema
    .createTable("assignment_responsibles")
    .addColumn("assignment_id", "uuid", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("assignment_responsibles_pkey", ["assignment_id", "person_id"])
    .execute();
  await db.schema
    .createIndex("assignment_responsibles_person_idx")
    .on("assignment_responsibles")
    .column("person_id")
    .execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("assignment_id", "uuid", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("edited_at", "timestamptz")
    .execute();
  await db.schema.createIndex("comments_assignment_idx").on("comments").columns(["assignment_id", "created_at"]).execute();

  // Status history: append-only. Column and focus-area names are copied so a row stays
  // readable after the column is renamed or removed (the ids then become null).
  await db.schema
    .createTable("assignment_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("assignment_id", "uuid", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("action_plans.id").onDelete("cascade"))
    .addColumn("actor_id", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("actor_name", "text")
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('created', 'moved', 'edited', 'archived', 'restored')`),
    )
    .addColumn("from_column_id", "uuid", (c) => c.references("board_columns.id").onDelete("set null"))
    .addColumn("from_column_name", "text")
    .addColumn("to_column_id", "uuid", (c) => c.references("board_columns.id").onDelete("set null"))
    .addColumn("to_column_name", "text")
    .addColumn("from_focus_area_id", "uuid", (c) => c.references("focus_areas.id").onDelete("set null"))
    .addColumn("from_focus_area_name", "text")
    .addColumn("to_focus_area_id", "uuid", (c) => c.references("focus_areas.id").onDelete("set null"))
    .addColumn("to_focus_area_name", "text")
    .addColumn("changes", "jsonb")
    .addColumn("version", "integer")
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("assignment_events_assignment_idx")
    .on("assignment_events")
    .columns(["assignment_id", "occurred_at"])
    .execute();
  await db.schema.createIndex("assignment_events_plan_idx").on("assignment_events").columns(["plan_id", "occurred_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "assignment_events",
    "comments",
    "assignment_responsibles",
    "assignments",
    "group_applications",
    "group_memberships",
    "working_groups",
    "board_columns",
    "focus_areas",
    "action_plans",
    "competences",
    "people",
    "units",
    "organisations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
