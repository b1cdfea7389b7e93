import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // The cookie holds a random token; only its SHA-256 is stored, so a leaked table opens no session.
  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("auth_method", "text", (c) => c.notNull().check(sql`auth_method in ('password', 'demo', 'oidc')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_person_idx").on("sessions").column("person_id").execute();

  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("succeeded", "boolean", (c) => c.notNull())
    .addColumn("attempted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("sign_in_attempts_email_idx").on("sign_in_attempts").columns(["email", "attempted_at"]).execute();
  await db.schema
    .createIndex("sign_in_attempts_address_idx")
    .on("sign_in_attempts")
    .columns(["address", "attempted_at"])
    .execute();

  await db.schema
    .createTable("password_setup_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("created_by", "uuid", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("password_setup_tokens_person_idx")
    .on("password_setup_tokens")
    .column("person_id")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("password_setup_tokens").execute();
  await db.schema.dropTable("sign_in_attempts").execute();
  await db.schema.dropTable("sessions").execute();
}
