import { createCookie, type Cookie } from "@remix-run/node";
import { sql } from "kysely";
import { z } from "zod";
import type { PersonRole } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { authorizationClaims, authorizationStart, OidcProtocolError } from "~/utils/oidc.server";
import type { OidcRefusal } from "~/utils/oidc-refusals";
import { hashToken, newToken } from "~/utils/session.server";
import { findProviderForSignIn, type SignInProvider } from "./identity-provider.server";
import { countRefusedSignIn, signInLimitedFor } from "./rate-limit.server";

const ATTEMPT_LIFETIME_MS = 10 * 60 * 1000;
export const CALLBACK_PATH = "/auth/oidc/callback";

/**
 * Binds a sign-in to the browser that started it: a random value in a signed, httpOnly cookie,
 * whose hash the attempt keeps. A callback carried to another browser lacks it.
 */
let browserCookie: Cookie | undefined;
function signInBrowserCookie(): Cookie {
  const env = getEnv();
  browserCookie ??= createCookie("planboard_oidc", {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET, which carries it.
    sameSite: "lax",
    secure: env.mode === "production",
    path: "/auth/oidc",
    secrets: [env.sessionSecret],
    maxAge: ATTEMPT_LIFETIME_MS / 1000,
  });
  return browserCookie;
}

async function readBrowserToken(request: Request): Promise<string | null> {
  const value: unknown = await signInBrowserCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The page that says why a sign-in was refused. */
export function refusalPath(refusal: OidcRefusal, providerId: string | null): string {
  return `/auth/oidc/refused?${new URLSearchParams({ reason: refusal, ...(providerId ? { provider: providerId } : {}) })}`;
}

export function callbackUrlOf(request: Request): URL {
  return new URL(CALLBACK_PATH, new URL(request.url).origin);
}

/** Starts a sign-in: keeps state, nonce and PKCE verifier for the callback, and returns where to send the browser. */
export async function beginOidcSignIn(db: Db, request: Request, provider: SignInProvider, redirectTo: string) {
  const start = await authorizationStart(provider.endpoint, callbackUrlOf(request).href);
  const browserToken = (await readBrowserToken(request)) ?? newToken();
  await db.deleteFrom("oidc_sign_in_attempts").where("expires_at", "<", new Date()).execute();
  await db
    .insertInto("oidc_sign_in_attempts")
    .values({
      state_hash: hashToken(start.state),
      browser_hash: hashToken(browserToken),
      provider_id: provider.id,
      code_verifier: start.codeVerifier,
      nonce: start.nonce,
      redirect_to: redirectTo,
      expires_at: new Date(Date.now() + ATTEMPT_LIFETIME_MS),
    })
    .execute();
  return { location: start.url.href, setCookie: await signInBrowserCookie().serialize(browserToken) };
}

const callbackSchema = z.object({
  state: z.string().min(1).max(512),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(256).optional(),
});

export type OidcOutcome =
  | { outcome: "signed-in"; personId: string; redirectTo: string }
  | { outcome: "refused"; refusal: OidcRefusal; providerId: string | null; retryAfterSeconds?: number };

export class OidcRefused extends Error {
  constructor(
    readonly refusal: OidcRefusal,
    readonly detail: string,
    readonly providerId: string | null = null,
  ) {
    super(`${refusal}: ${detail}`);
  }
}

/**
 * Completes a sign-in at the provider's callback: the attempt is taken (once, by the browser that
 * started it), the code exchanged, the ID token validated and its person admitted. A refusal is
 * counted against the address's sign-in limit and logged without tokens.
 */
export async function completeOidcSignIn(db: Db, request: Request, address: string): Promise<OidcOutcome> {
  const retryAfterSeconds = await signInLimitedFor(db, address);
  if (retryAfterSeconds !== null) return { outcome: "refused", refusal: "rate-limited", providerId: null, retryAfterSeconds };
  try {
    return { outcome: "signed-in", ...(await admitFromCallback(db, request)) };
  } catch (error) {
    const refused =
      error instanceof OidcRefused ? error : error instanceof OidcProtocolError ? new OidcRefused(error.failure, error.detail) : null;
    if (!refused) throw error;
    await countRefusedSignIn(db, address);
    console.warn(`OIDC sign-in refused: ${refused.refusal} (${refused.detail})`);
    return { outcome: "refused", refusal: refused.refusal, providerId: refused.providerId };
  }
}

async function admitFromCallback(db: Db, request: Request) {
  const url = new URL(request.url);
  const parsed = callbackSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw new OidcRefused("attempt-unknown", "callback without a usable state");
  const attempt = await db
    .deleteFrom("oidc_sign_in_attempts")
    .where("state_hash", "=", hashToken(parsed.data.state))
    .returningAll()
    .executeTakeFirst();
  if (!attempt || new Date(attempt.expires_at).getTime() < Date.now()) throw new OidcRefused("attempt-unknown", "state unknown, used or expired");
  const provider = await findProviderForSignIn(db, attempt.provider_id);
  if (!provider) throw new OidcRefused("attempt-unknown", "provider removed during sign-in");
  const providerId = provider.id;
  const browserToken = await readBrowserToken(request);
  if (!browserToken || hashToken(browserToken) !== attempt.browser_hash) {
    throw new OidcRefused("other-browser", "state from another browser", providerId);
  }
  if (parsed.data.error !== undefined) {
    throw new OidcRefused(parsed.data.error === "access_denied" ? "consent-refused" : "provider-error", `provider answered ${parsed.data.error}`, providerId);
  }
  try {
    const claims = await authorizationClaims(provider.endpoint, callbackUrlWith(request, url), {
      state: parsed.data.state,
      nonce: attempt.nonce,
      codeVerifier: attempt.code_verifier,
    });
    const personId = await admitPerson(db, provider, claims);
    return { personId, redirectTo: attempt.redirect_to };
  } catch (error) {
    if (error instanceof OidcRefused) throw new OidcRefused(error.refusal, error.detail, providerId);
    if (error instanceof OidcProtocolError) throw new OidcRefused(error.failure, error.detail, providerId);
    throw error;
  }
}

/** The callback URL as the provider was told it (our origin and path), with the parameters it sent. */
function callbackUrlWith(request: Request, received: URL): URL {
  const url = callbackUrlOf(request);
  url.search = received.search;
  return url;
}

/** Matched without regard to case, as mail systems do; a claim with spaces in it is not an e-mail address. */
const emailSchema = z.email().transform((email) => email.toLowerCase());

/**
 * Who an ID token is here: the person already linked to its subject, or else the active person of
 * the provider's organisation with its e-mail (then linked), or else, where the provider allows it,
 * a new staff member. The name follows the name claim; the role follows the groups claim where role mappings are set, from the
 * sign-in after the one that created the person (creation never gives more than staff), and
 * an administrator is never lowered by it. One transaction.
 */
export async function admitPerson(db: Db, provider: SignInProvider, claims: Record<string, unknown>): Promise<string> {
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  const email = emailSchema.safeParse(claims[provider.emailClaim]);
  if (!email.success || claims.email_verified === false) throw new OidcRefused("no-email", `no usable ${provider.emailClaim} claim`);
  const domain = email.data.slice(email.data.lastIndexOf("@") + 1);
  if (provider.allowedDomains.length > 0 && !provider.allowedDomains.includes(domain)) {
    throw new OidcRefused("domain-not-allowed", `domain ${domain} not allowed`);
  }

  return db.transaction().execute(async (trx) => {
    const linked = await trx
      .selectFrom("identities as i")
      .innerJoin("people as p", "p.id", "i.person_id")
      .where("i.provider_id", "=", provider.id)
      .where("i.subject", "=", subject)
      .select(["p.id", "p.name", "p.deactivated_at as deactivatedAt", "p.role", "p.is_admin as isAdmin", sql<boolean>`false`.as("created")])
      .executeTakeFirst();
    const person = linked ?? (await linkByEmail(trx, provider, subject, email.data, claims));
    if (person.deactivatedAt !== null) throw new OidcRefused("deactivated", "person deactivated");

    const role = person.created ? null : mappedRole(provider, claims, await roleMappings(trx, provider.id));
    const changesRole = role !== null && role !== person.role && !(person.isAdmin && role === "staff");
    const name = nameClaimOf(claims);
    if (changesRole || (name !== null && name !== person.name)) {
      await trx
        .updateTable("people")
        .set({ ...(changesRole ? { role, is_admin: false } : {}), ...(name !== null ? { name } : {}) })
        .where("id", "=", person.id)
        .execute();
    }
    await trx
      .updateTable("identities")
      .set({ last_signed_in_at: new Date() })
      .where("provider_id", "=", provider.id)
      .where("subject", "=", subject)
      .execute();
    return person.id;
  });
}

async function linkByEmail(trx: Db, provider: SignInProvider, subject: string, email: string, claims: Record<string, unknown>) {
  const known = await trx
    .selectFrom("people as p")
    .where(sql`lower(p.email)`, "=", email)
    .select((eb) => [
      "p.id",
      "p.name",
      "p.organisation_id as organisationId",
      "p.deactivated_at as deactivatedAt",
      "p.role",
      "p.is_admin as isAdmin",
      eb
        .exists(eb.selectFrom("identities as i").whereRef("i.person_id", "=", "p.id").where("i.provider_id", "=", provider.id).select("i.subject"))
        .as("alreadyLinked"),
    ])
    .executeTakeFirst();
  if (known && known.organisationId !== provider.organisationId) throw new OidcRefused("unknown-person", "e-mail of another organisation");
  if (known?.deactivatedAt) throw new OidcRefused("deactivated", "person deactivated");
  if (known?.alreadyLinked) throw new OidcRefused("already-linked", "person linked to another subject of this provider");
  const person = known
    ? { ...known, created: false }
    : provider.createUnknown
      ? await trx
          .insertInto("people")
          .values({ organisation_id: provider.organisationId, name: displayNameOf(claims, email), email, role: "staff", is_admin: false })
          .returning(["id", "name", "deactivated_at as deactivatedAt", "role", "is_admin as isAdmin", sql<boolean>`true`.as("created")])
          .executeTakeFirstOrThrow()
      : null;
  if (!person) throw new OidcRefused("unknown-person", "e-mail not known");
  await trx.insertInto("identities").values({ provider_id: provider.id, subject, person_id: person.id }).execute();
  return person;
}

/** The person's name as the provider has it, which Planboard follows; null when the token carries none. */
function nameClaimOf(claims: Record<string, unknown>): string | null {
  const name = typeof claims.name === "string" ? claims.name.replace(/\u0000/g, "").trim().slice(0, 200) : "";
  return name !== "" ? name : null;
}

function displayNameOf(claims: Record<string, unknown>, email: string): string {
  return nameClaimOf(claims) ?? email.slice(0, email.indexOf("@"));
}

async function roleMappings(trx: Db, providerId: string) {
  return trx.selectFrom("identity_role_mappings").where("provider_id", "=", providerId).select(["group_value as groupValue", "role"]).execute();
}

/** The role the groups claim gives, or null where nothing is mapped or the token carries no groups claim. */
export function mappedRole(
  provider: Pick<SignInProvider, "groupsClaim">,
  claims: Record<string, unknown>,
  mappings: Array<{ groupValue: string; role: PersonRole }>,
): PersonRole | null {
  if (provider.groupsClaim === null || mappings.length === 0) return null;
  const groups = claims[provider.groupsClaim];
  if (!Array.isArray(groups)) return null;
  const roles = mappings.filter((mapping) => groups.includes(mapping.groupValue)).map((mapping) => mapping.role);
  return roles.includes("strategic_developer") ? "strategic_developer" : "staff";
}
