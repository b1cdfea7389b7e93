import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // Where an imported plan came from (`trello:<board id>`), so that a second import of the same
  // board is noticed; null for plans made here.
  await db.schema.alterTable("action_plans").addColumn("source", "text").execute();
  await db.schema.createIndex("action_plans_source_idx").on("action_plans").columns(["organisation_id", "source"]).where(sql.ref("source"), "is not", null).execute();
  // An imported comment keeps its author's name when the author is no person here.
  await db.schema.alterTable("comments").addColumn("author_name", "text").execute();
  // An uploaded export between its preview and its import: the person's own, kept a day at most.
  await db.schema
    .createTable("import_uploads")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("import_uploads").execute();
  await db.schema.alterTable("comments").dropColumn("author_name").execute();
  await db.schema.dropIndex("action_plans_source_idx").execute();
  await db.schema.alterTable("action_plans").dropColumn("source").execute();
}
