import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // In-app notices to one person (no e-mail): what happened to their application or membership.
  await db.schema
    .createTable("notifications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('application_selected', 'application_declined', 'member_added')`)
    )
    .addColumn("group_id", "uuid", (c) => c.references("working_groups.id").onDelete("cascade"))
    .addColumn("read_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("notifications_person_idx").on("notifications").columns(["person_id", "created_at"]).execute();
  await sql`create index notifications_unread_idx on notifications (person_id) where read_at is null`.execute(db);

  // One's own applications are looked up by person; the group's by the unique (group_id, person_id) key.
  await db.schema.createIndex("group_applications_person_idx").on("group_applications").column("person_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("group_applications_person_idx").execute();
  await db.schema.dropTable("notifications").execute();
}
