import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // A person's private feed token: at most one, stored hashed like sessions and share links, with
  // the language the feeds speak (a feed reader sends no language cookie).
  await db.schema
    .createTable("feed_tokens")
    .addColumn("person_id", "uuid", (c) => c.primaryKey().references("people.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("locale", "text", (c) => c.notNull().check(sql`locale in ('sv', 'en')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feed_tokens").execute();
}
