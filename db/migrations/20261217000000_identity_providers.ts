import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // One OpenID Connect provider per organisation, set by its administrator or by the environment.
  await db.schema
    .createTable("identity_providers")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().unique().references("organisations.id").onDelete("cascade"))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("client_id", "text", (c) => c.notNull())
    .addColumn("client_secret", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("allowed_domains", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("email_claim", "text", (c) => c.notNull().defaultTo("email"))
    .addColumn("groups_claim", "text")
    .addColumn("create_unknown", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("password_sign_in", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("configured_by", "text", (c) => c.notNull().check(sql`configured_by in ('administrator', 'environment')`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A value of the groups claim that gives a role, e.g. an Entra group's object id -> strategic developer.
  await db.schema
    .createTable("identity_role_mappings")
    .addColumn("provider_id", "uuid", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("group_value", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('strategic_developer', 'staff')`))
    .addPrimaryKeyConstraint("identity_role_mappings_pk", ["provider_id", "group_value"])
    .execute();
  // Who a provider's subject is here: linked at the first sign-in, by e-mail.
  await db.schema
    .createTable("identities")
    .addColumn("provider_id", "uuid", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_signed_in_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("identities_pk", ["provider_id", "subject"])
    .execute();
  await db.schema.createIndex("identities_person_idx").on("identities").columns(["person_id", "provider_id"]).unique().execute();
  // A sign-in under way: used once, by the browser that started it, within ten minutes.
  await db.schema
    .createTable("oidc_sign_in_attempts")
    .addColumn("state_hash", "text", (c) => c.primaryKey())
    .addColumn("browser_hash", "text", (c) => c.notNull())
    .addColumn("provider_id", "uuid", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("code_verifier", "text", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("redirect_to", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("oidc_sign_in_attempts").execute();
  await db.schema.dropTable("identities").execute();
  await db.schema.dropTable("identity_role_mappings").execute();
  await db.schema.dropTable("identity_providers").execute();
}
