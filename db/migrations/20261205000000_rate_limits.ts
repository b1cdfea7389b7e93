import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One table for every rate limit (wrong passwords, exports): a row per counted request, by
  // what it counts against. It replaces sign_in_attempts, which only sign-in could use.
  await db.schema
    .createTable("rate_limit_hits")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("hit_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("rate_limit_hits_key_idx").on("rate_limit_hits").columns(["bucket", "key", "hit_at"]).execute();
  await db.schema.dropTable("sign_in_attempts").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("succeeded", "boolean", (c) => c.notNull())
    .addColumn("attempted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("sign_in_attempts_email_idx").on("sign_in_attempts").columns(["email", "attempted_at"]).execute();
  await db.schema.createIndex("sign_in_attempts_address_idx").on("sign_in_attempts").columns(["address", "attempted_at"]).execute();
  await db.schema.dropTable("rate_limit_hits").execute();
}
