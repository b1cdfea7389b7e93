import { sql } from "kysely";
import type { PersonRole } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import type { ProviderEndpoint } from "~/utils/oidc.server";
import type { environmentProvider } from "~/schemas/identity-provider";
import { refusalOf } from "./refusal.server";

export class IdentityProviderError extends refusalOf({
  "not-found": 404,
  "set-by-environment": 409,
  "secret-required": 400,
}) {}

/** An organisation's provider, everything but the client secret (which is never shown again once saved). */
export interface IdentityProviderSettings {
  id: string;
  organisationId: string;
  displayName: string;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  allowedDomains: string[];
  emailClaim: string;
  groupsClaim: string | null;
  createUnknown: boolean;
  passwordSignIn: boolean;
  configuredBy: "administrator" | "environment";
  roleMappings: Array<{ groupValue: string; role: PersonRole }>;
}

export interface IdentityProviderInput {
  displayName: string;
  issuer: string;
  clientId: string;
  /** Blank keeps the secret already saved. */
  clientSecret: string | undefined;
  allowedDomains: string[];
  emailClaim: string;
  groupsClaim: string | null;
  createUnknown: boolean;
  passwordSignIn: boolean;
}

const settingsColumns = [
  "ip.id",
  "ip.organisation_id as organisationId",
  "ip.display_name as displayName",
  "ip.issuer",
  "ip.client_id as clientId",
  sql<boolean>`ip.client_secret <> ''`.as("hasClientSecret"),
  "ip.allowed_domains as allowedDomains",
  "ip.email_claim as emailClaim",
  "ip.groups_claim as groupsClaim",
  "ip.create_unknown as createUnknown",
  "ip.password_sign_in as passwordSignIn",
  "ip.configured_by as configuredBy",
] as const;

export async function loadIdentityProvider(db: Db, organisationId: string): Promise<IdentityProviderSettings | null> {
  const provider = await db
    .selectFrom("identity_providers as ip")
    .where("ip.organisation_id", "=", organisationId)
    .select(settingsColumns)
    .select((eb) =>
      sql<IdentityProviderSettings["roleMappings"]>`coalesce((${eb
        .selectFrom("identity_role_mappings as m")
        .whereRef("m.provider_id", "=", "ip.id")
        .select(sql`json_agg(json_build_object('groupValue', m.group_value, 'role', m.role) order by m.group_value)`.as("mappings"))}), '[]'::json)`.as(
        "roleMappings",
      ),
    )
    .executeTakeFirst();
  return provider ?? null;
}

/** The providers the sign-in page offers, and whether any organisation still signs in with passwords. */
export async function listSignInProviders(db: Db) {
  const providers = await db
    .selectFrom("identity_providers")
    .select(["id", "display_name as displayName", "password_sign_in as passwordSignIn"])
    .orderBy("display_name")
    .execute();
  const organisationsWithout = await db
    .selectFrom("organisations as o")
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("identity_providers as ip").whereRef("ip.organisation_id", "=", "o.id").where("ip.password_sign_in", "=", false).select("ip.id"))),
    )
    .select(sql<number>`count(*)`.as("count"))
    .executeTakeFirstOrThrow();
  return { providers: providers.map(({ id, displayName }) => ({ id, displayName })), passwordSignIn: Number(organisationsWithout.count) > 0 };
}

/** A provider as the sign-in flow needs it: endpoints and secret, and who it lets in. */
export async function findProviderForSignIn(db: Db, providerId: string) {
  return signInProvider(await selectSignInProviders(db).where("ip.id", "=", providerId).executeTakeFirst());
}
export type SignInProvider = NonNullable<Awaited<ReturnType<typeof findProviderForSignIn>>>;

/** The provider of a person's organisation, for signing out there too. */
export async function findProviderOfPerson(db: Db, personId: string): Promise<SignInProvider | null> {
  const row = await selectSignInProviders(db)
    .innerJoin("people as p", "p.organisation_id", "ip.organisation_id")
    .where("p.id", "=", personId)
    .executeTakeFirst();
  return signInProvider(row);
}

function selectSignInProviders(db: Db) {
  return db
    .selectFrom("identity_providers as ip")
    .select([
      "ip.id",
      "ip.organisation_id as organisationId",
      "ip.display_name as displayName",
      "ip.issuer",
      "ip.client_id as clientId",
      "ip.client_secret as clientSecret",
      "ip.allowed_domains as allowedDomains",
      "ip.email_claim as emailClaim",
      "ip.groups_claim as groupsClaim",
      "ip.create_unknown as createUnknown",
      "ip.updated_at as updatedAt",
    ]);
}

function signInProvider(row: Awaited<ReturnType<ReturnType<typeof selectSignInProviders>["executeTakeFirst"]>>) {
  if (!row) return null;
  const { updatedAt, ...provider } = row;
  const endpoint: ProviderEndpoint = {
    id: row.id,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: row.clientSecret,
    version: new Date(updatedAt).toISOString(),
  };
  return { ...provider, endpoint };
}

/** Whether a person's organisation still lets its people sign in with a password. */
export async function passwordSignInAllowed(db: Db, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("identity_providers")
    .where("organisation_id", "=", organisationId)
    .select("password_sign_in")
    .executeTakeFirst();
  return row?.password_sign_in ?? true;
}

/** Saves the organisation's provider, as its administrator set it; one set by the environment is not theirs to change. */
export async function saveIdentityProvider(db: Db, organisationId: string, input: IdentityProviderInput): Promise<void> {
  const current = await db
    .selectFrom("identity_providers")
    .where("organisation_id", "=", organisationId)
    .select(["configured_by", "client_secret"])
    .executeTakeFirst();
  if (current?.configured_by === "environment") throw new IdentityProviderError("set-by-environment");
  const clientSecret = input.clientSecret ?? current?.client_secret;
  if (!clientSecret) throw new IdentityProviderError("secret-required");
  await upsertProvider(db, organisationId, { ...input, clientSecret }, "administrator");
}

async function upsertProvider(
  db: Db,
  organisationId: string,
  input: IdentityProviderInput & { clientSecret: string },
  configuredBy: "administrator" | "environment",
) {
  const values = {
    display_name: input.displayName,
    issuer: input.issuer,
    client_id: input.clientId,
    client_secret: input.clientSecret,
    allowed_domains: JSON.stringify(input.allowedDomains),
    email_claim: input.emailClaim,
    groups_claim: input.groupsClaim,
    create_unknown: input.createUnknown,
    password_sign_in: input.passwordSignIn,
    configured_by: configuredBy,
    updated_at: new Date(),
  };
  return db
    .insertInto("identity_providers")
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column("organisation_id").doUpdateSet(values))
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function removeIdentityProvider(db: Db, organisationId: string): Promise<void> {
  const removed = await db
    .deleteFrom("identity_providers")
    .where("organisation_id", "=", organisationId)
    .where("configured_by", "=", "administrator")
    .returning("id")
    .executeTakeFirst();
  if (!removed) throw new IdentityProviderError((await loadIdentityProvider(db, organisationId)) ? "set-by-environment" : "not-found");
}

async function ownProviderId(db: Db, organisationId: string): Promise<string> {
  const provider = await db
    .selectFrom("identity_providers")
    .where("organisation_id", "=", organisationId)
    .select(["id", "configured_by"])
    .executeTakeFirst();
  if (!provider) throw new IdentityProviderError("not-found");
  if (provider.configured_by === "environment") throw new IdentityProviderError("set-by-environment");
  return provider.id;
}

export async function setRoleMapping(db: Db, organisationId: string, groupValue: string, role: PersonRole): Promise<void> {
  const providerId = await ownProviderId(db, organisationId);
  await db
    .insertInto("identity_role_mappings")
    .values({ provider_id: providerId, group_value: groupValue, role })
    .onConflict((oc) => oc.columns(["provider_id", "group_value"]).doUpdateSet({ role }))
    .execute();
}

export async function removeRoleMapping(db: Db, organisationId: string, groupValue: string): Promise<void> {
  const providerId = await ownProviderId(db, organisationId);
  const removed = await db
    .deleteFrom("identity_role_mappings")
    .where("provider_id", "=", providerId)
    .where("group_value", "=", groupValue)
    .returning("group_value")
    .executeTakeFirst();
  if (!removed) throw new IdentityProviderError("not-found");
}

type EnvironmentProvider = NonNullable<ReturnType<typeof environmentProvider>>;

/**
 * Writes the provider set by environment variables (a single-organisation install) over the
 * organisation's row at start, with its role mappings: the environment is then the one place it is
 * changed, and the settings page shows it read-only.
 */
export async function configureProviderFromEnvironment(db: Db, provider: EnvironmentProvider): Promise<void> {
  const organisations = await db.selectFrom("organisations").select(["id", "slug"]).execute();
  const organisation =
    provider.organisationSlug !== undefined
      ? organisations.find((candidate) => candidate.slug === provider.organisationSlug)
      : organisations.length === 1
        ? organisations[0]
        : undefined;
  if (!organisation) {
    throw new Error(
      provider.organisationSlug !== undefined
        ? `OIDC_ORGANISATION: no organisation has the slug "${provider.organisationSlug}"`
        : "OIDC_ORGANISATION: this database has several organisations (or none yet); name the one the provider signs in",
    );
  }
  await db.transaction().execute(async (trx) => {
    const { id } = await upsertProvider(trx, organisation.id, provider, "environment");
    await trx.deleteFrom("identity_role_mappings").where("provider_id", "=", id).execute();
    if (provider.roleMappings.length > 0) {
      await trx
        .insertInto("identity_role_mappings")
        .values(provider.roleMappings.map((mapping) => ({ provider_id: id, group_value: mapping.groupValue, role: mapping.role })))
        .execute();
    }
  });
}
