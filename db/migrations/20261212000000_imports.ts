import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // Where an imported plan came from (`trello:<board id>`), so that a second import of the same
  // board is noticed; null for plans made here.
  await db.schema.alterTable("action_plans").addColumn("source", "text").execute();
  await db.schema.createIndex("action_plans_source_idx").on("action_plans").columns(["organisation_id", "source"]).where(sql.ref("source"), "is not", null).execute();
  // An imported comment keeps its author's name when the author is no person here.
  await db.schema.alterTable("comments").addColumn("author_name", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("comments").dropColumn("author_name").execute();
  await db.schema.dropIndex("action_plans_source_idx").execute();
  await db.schema.alterTable("action_plans").dropColumn("source").execute();
}
