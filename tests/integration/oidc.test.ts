import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_PASSWORD } from "~/models/demo.server";
import { loadIdentityProvider, saveIdentityProvider, setRoleMapping, configureProviderFromEnvironment } from "~/models/identity-provider.server";
import { findPerson } from "~/models/person.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { loader as callbackLoader } from "~/routes/auth.oidc.callback";
import { loader as logoutAtProviderLoader } from "~/routes/auth.oidc.logout";
import { loader as refusedLoader } from "~/routes/auth.oidc.refused/route";
import { loader as startLoader } from "~/routes/auth.oidc.start";
import { action as loginAction, loader as loginLoader } from "~/routes/login/route";
import { action as logoutAction } from "~/routes/logout";
import { action as settingsAction, loader as settingsLoader } from "~/routes/people.sign-in/route";
import { loader as plansLoader } from "~/routes/plans._index/route";
import { environmentProvider } from "~/schemas/identity-provider";
import { readEnv } from "~/utils/env.server";
import { seedDemoData } from "../../db/seed";
import {
  signInAtProvider,
  startIssuingProvider,
  startOidcProvider,
  type IssuingProvider,
  type RunningProvider,
  type TestClient,
} from "../support/oidc-providers";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext, ORIGIN, type RouteResult } from "./support/requests";

const client: TestClient = { clientId: "planboard", clientSecret: "a-client-secret-for-tests", appOrigins: [ORIGIN] };
const STRATEGIC_GROUP = "0b5c-planboard-utvecklare";

const cookieOf = (result: RouteResult, name: string) =>
  result.headers
    .getSetCookie()
    .map((header) => header.split(";")[0]!)
    .find((pair) => pair.startsWith(`${name}=`)) ?? null;

describe.each(databaseKinds)("signing in through an identity provider on %s", (kind) => {
  let test: TestDatabase;
  let provider: RunningProvider;
  let issuing: IssuingProvider;
  let exempelbyId: string;
  let annanstadId: string;
  let realProviderId: string;
  let issuingProviderId: string;
  let address = 0;
  const freshAddress = () => `192.0.2.${++address}`;

  const personByEmail = (email: string) =>
    test.db.selectFrom("people").selectAll().where(sql`lower(email)`, "=", email.toLowerCase()).executeTakeFirst();
  const sessionCount = async () => Number((await test.db.selectFrom("sessions").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n);

  /** The start route as a browser follows the sign-in button: where it is sent, and the cookie binding the attempt to it. */
  async function start(providerId: string, redirectTo = "/plans") {
    const result = await callRoute(startLoader, buildRequest(`/auth/oidc/start?provider=${providerId}&redirectTo=${encodeURIComponent(redirectTo)}`), {}, loadContext(test.db));
    expect(result.status, JSON.stringify(result.body)).toBe(302);
    return { location: new URL(result.location!), browser: cookieOf(result, "planboard_oidc")! };
  }

  /** The callback as the browser meets it: a refusal is the page it is sent on to (with the callback's own headers). */
  async function callback(url: URL, browser: string | null, clientAddress = freshAddress()) {
    const result = await callRoute(callbackLoader, buildRequest(`${url.pathname}${url.search}`, { cookie: browser }), {}, loadContext(test.db, clientAddress));
    return result.status === 303 ? { ...(await refusalPage(result)), headers: result.headers } : result;
  }

  async function refusalPage(result: RouteResult) {
    expect(result.location).toMatch(/^\/auth\/oidc\/refused\?reason=/);
    return callRoute(refusedLoader, buildRequest(result.location!), {}, loadContext(test.db));
  }

  /** The whole flow through `oidc-provider`'s own pages, signing in as `login`. */
  async function signInThroughProvider(login: string, options: { refuseConsent?: boolean; address?: string } = {}) {
    const started = await start(realProviderId);
    const back = await signInAtProvider(started.location.href, login, options);
    return callback(back, started.browser, options.address);
  }

  /** The flow through the issuing provider, whose next ID token the test has described. */
  async function signInThroughIssuing(address?: string) {
    const started = await start(issuingProviderId);
    const authorize = await fetch(started.location, { redirect: "manual" });
    return callback(new URL(authorize.headers.get("Location")!), started.browser, address);
  }

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    exempelbyId = (await test.db.selectFrom("organisations").select("id").where("slug", "=", "exempelby").executeTakeFirstOrThrow()).id;
    annanstadId = (await test.db.selectFrom("organisations").select("id").where("slug", "=", "annanstad").executeTakeFirstOrThrow()).id;
    provider = await startOidcProvider({
      client,
      accounts: {
        // The e-mail as Entra ID often has it: capitalised.
        anna: { email: "Strateg@Exempelby.test", name: "Anna" },
        personal: { email: "personal@exempelby.test", groups: [STRATEGIC_GROUP] },
        stranger: { email: "ny.person@exempelby.test", name: "Nya Personen", groups: [STRATEGIC_GROUP] },
        outsider: { email: "someone@elsewhere.test" },
        otherOrganisation: { email: "annan@annanstad.test" },
      },
    });
    issuing = await startIssuingProvider({ client });
    const settings = {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      emailClaim: "email",
      createUnknown: false,
      passwordSignIn: true,
    };
    await saveIdentityProvider(test.db, exempelbyId, {
      ...settings,
      displayName: "Exempelby-kontot",
      issuer: provider.issuer,
      allowedDomains: ["exempelby.test"],
      groupsClaim: "groups",
    });
    await saveIdentityProvider(test.db, annanstadId, { ...settings, displayName: "Annanstads konto", issuer: issuing.issuer, allowedDomains: [], groupsClaim: null });
    realProviderId = (await loadIdentityProvider(test.db, exempelbyId))!.id;
    issuingProviderId = (await loadIdentityProvider(test.db, annanstadId))!.id;
  });
  afterAll(async () => {
    await provider?.close();
    await issuing?.close();
    await test?.close();
  });
  beforeEach(async () => {
    await test.db.deleteFrom("rate_limit_hits").execute();
    await test.db.deleteFrom("identities").execute();
    await test.db.deleteFrom("oidc_sign_in_attempts").execute();
    issuing.account = { sub: "annanstad-strateg", email: "annan@annanstad.test", name: "Strategen" };
    issuing.nextToken = null;
  });

  describe("the authorisation-code flow", () => {
    it("sends the browser to the provider with PKCE (S256), a state and a nonce, bound to the browser by a cookie", async () => {
      const { location, browser } = await start(realProviderId);
      expect(location.origin).toBe(provider.issuer);
      expect(location.searchParams.get("client_id")).toBe(client.clientId);
      expect(location.searchParams.get("response_type")).toBe("code");
      expect(location.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/auth/oidc/callback`);
      expect(location.searchParams.get("code_challenge_method")).toBe("S256");
      expect(location.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
      expect(location.searchParams.get("state")).toMatch(/^[\w-]{20,}$/);
      expect(location.searchParams.get("nonce")).toMatch(/^[\w-]{20,}$/);
      expect(location.searchParams.get("scope")).toBe("openid email profile");
      expect(browser).toMatch(/^planboard_oidc=/);
      const attempt = await test.db.selectFrom("oidc_sign_in_attempts").selectAll().orderBy("expires_at", "desc").executeTakeFirstOrThrow();
      expect(attempt.state_hash).not.toContain(location.searchParams.get("state"));
    });

    it("signs a known person in by the ID token's e-mail, whatever its case, links their subject and starts an oidc session", async () => {
      const result = await signInThroughProvider("anna");
      expect(result.status, JSON.stringify(result.body)).toBe(302);
      expect(result.location).toBe("/plans");
      const session = cookieOf(result, "planboard_session")!;
      const plans = await callRoute(plansLoader, buildRequest("/plans", { cookie: session }), {}, loadContext(test.db));
      expect(plans.status).toBe(200);
      const person = await personByEmail("strateg@exempelby.test");
      // The name follows the provider's.
      expect(person!.name).toBe("Anna");
      const identity = await test.db.selectFrom("identities").selectAll().where("person_id", "=", person!.id).executeTakeFirstOrThrow();
      expect(identity).toMatchObject({ provider_id: realProviderId, subject: "anna" });
      // Their page says they sign in through the provider, and when they last did.
      const page = await findPerson(test.db, exempelbyId, person!.id);
      expect(page).toMatchObject({ signsInThroughProvider: true });
      expect(page!.lastProviderSignIn).not.toBeNull();
      const methods = await test.db.selectFrom("sessions").select("auth_method").where("person_id", "=", person!.id).execute();
      expect(methods.map((row) => row.auth_method)).toContain("oidc");
      // The attempt was used up.
      expect(await test.db.selectFrom("oidc_sign_in_attempts").select("state_hash").execute()).toHaveLength(0);
    });

    it("refuses a replayed callback, even in the same browser: no second session", async () => {
      const started = await start(realProviderId);
      const back = await signInAtProvider(started.location.href, "anna");
      expect((await callback(back, started.browser)).status).toBe(302);
      const before = await sessionCount();
      const replay = await callback(back, started.browser);
      expect(replay.status).toBe(400);
      expect(replay.body).toMatchObject({ refusal: "attempt-unknown" });
      expect(cookieOf(replay, "planboard_session")).toBeNull();
      expect(await sessionCount()).toBe(before);
    });

    it("refuses a state from another browser, and a forged callback", async () => {
      const started = await start(realProviderId);
      const back = await signInAtProvider(started.location.href, "anna");
      const otherBrowser = await start(realProviderId);
      const before = await sessionCount();
      const stolen = await callback(back, otherBrowser.browser);
      expect(stolen.status).toBe(400);
      expect(stolen.body).toMatchObject({ refusal: "other-browser" });
      const withoutCookie = await callback(new URL(`${ORIGIN}/auth/oidc/callback?code=x&state=${otherBrowser.location.searchParams.get("state")}`), null);
      expect(withoutCookie.body).toMatchObject({ refusal: "other-browser" });
      const forged = await callback(new URL(`${ORIGIN}/auth/oidc/callback?code=abc&state=made-up-state`), started.browser);
      expect(forged.status).toBe(400);
      expect(forged.body).toMatchObject({ refusal: "attempt-unknown" });
      expect(await sessionCount()).toBe(before);
    });

    it("tells a person who refused consent what to do, and signs nobody in", async () => {
      const before = await sessionCount();
      const result = await signInThroughProvider("anna", { refuseConsent: true });
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ refusal: "consent-refused", providerName: "Exempelby-kontot" });
      expect(await sessionCount()).toBe(before);
    });

    it("answers 502 with a page when the provider does not answer", async () => {
      const annanstadIssuer = (issuer: string) =>
        saveIdentityProvider(test.db, annanstadId, {
          displayName: "Annanstads konto",
          issuer,
          clientId: client.clientId,
          clientSecret: undefined,
          allowedDomains: [],
          emailClaim: "email",
          groupsClaim: null,
          createUnknown: false,
          passwordSignIn: true,
        });
      await annanstadIssuer("http://127.0.0.1:9/");
      try {
        const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
        const result = await callRoute(startLoader, buildRequest(`/auth/oidc/start?provider=${issuingProviderId}`), {}, loadContext(test.db));
        warn.mockRestore();
        const page = await refusalPage(result);
        expect(page.status).toBe(502);
        expect(page.body).toMatchObject({ refusal: "provider-unreachable", providerName: "Annanstads konto" });
      } finally {
        await annanstadIssuer(issuing.issuer);
      }
    });

    it("refuses malformed start and refusal-page input with 400 or 404, writing nothing", async () => {
      const pages = ["/auth/oidc/start", "/auth/oidc/start?provider=not-a-uuid", "/auth/oidc/start?provider=6b0c4a5e-0000-4000-8000-000000000000", "/auth/oidc/refused?reason=made-up"];
      for (const path of pages) {
        const loader = path.startsWith("/auth/oidc/start") ? startLoader : refusedLoader;
        const before = await databaseFingerprint(test.db);
        const result = await callRoute(loader, buildRequest(path), {}, loadContext(test.db));
        expect([400, 404], path).toContain(result.status);
        expect(await databaseFingerprint(test.db)).toBe(before);
      }
    });
  });

  describe("who gets in", () => {
    it("refuses an e-mail that belongs to nobody, unless the organisation creates people, and then only as staff", async () => {
      const refused = await signInThroughProvider("stranger");
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ refusal: "unknown-person" });
      expect(await personByEmail("ny.person@exempelby.test")).toBeUndefined();

      await test.db.updateTable("identity_providers").set({ create_unknown: true }).where("id", "=", realProviderId).execute();
      await setRoleMapping(test.db, exempelbyId, STRATEGIC_GROUP, "strategic_developer");
      try {
        const created = await signInThroughProvider("stranger");
        expect(created.status, JSON.stringify(created.body)).toBe(302);
        // Created as staff even though the groups claim names a group mapped to strategic developer.
        expect(await personByEmail("ny.person@exempelby.test")).toMatchObject({ name: "Nya Personen", role: "staff", is_admin: false, organisation_id: exempelbyId });
      } finally {
        await test.db.updateTable("identity_providers").set({ create_unknown: false }).where("id", "=", realProviderId).execute();
        await test.db.deleteFrom("identity_role_mappings").execute();
      }
    });

    it("refuses an e-mail outside the allowed domains, and one of another organisation", async () => {
      const outside = await signInThroughProvider("outsider");
      expect(outside.status).toBe(403);
      expect(outside.body).toMatchObject({ refusal: "domain-not-allowed" });
      await test.db.updateTable("identity_providers").set({ allowed_domains: "[]" }).where("id", "=", realProviderId).execute();
      try {
        const other = await signInThroughProvider("otherOrganisation");
        expect(other.status).toBe(403);
        expect(other.body).toMatchObject({ refusal: "unknown-person" });
      } finally {
        await test.db.updateTable("identity_providers").set({ allowed_domains: JSON.stringify(["exempelby.test"]) }).where("id", "=", realProviderId).execute();
      }
    });

    it("refuses a deactivated person, linked or not", async () => {
      const person = (await personByEmail("strateg@exempelby.test"))!;
      await test.db.updateTable("people").set({ deactivated_at: new Date() }).where("id", "=", person.id).execute();
      try {
        const before = await sessionCount();
        const result = await signInThroughProvider("anna");
        expect(result.status).toBe(403);
        expect(result.body).toMatchObject({ refusal: "deactivated" });
        expect(await sessionCount()).toBe(before);
      } finally {
        await test.db.updateTable("people").set({ deactivated_at: null }).where("id", "=", person.id).execute();
      }
    });

    it("keeps roles in step with the groups claim where groups are mapped, never lowering an administrator", async () => {
      const staff = (await personByEmail("personal@exempelby.test"))!;
      expect(staff.role).toBe("staff");
      await setRoleMapping(test.db, exempelbyId, STRATEGIC_GROUP, "strategic_developer");
      try {
        expect((await signInThroughProvider("personal")).status).toBe(302);
        expect((await personByEmail("personal@exempelby.test"))!.role).toBe("strategic_developer");
        // Out of the group: back to staff at the next sign-in.
        await test.db.deleteFrom("identity_role_mappings").execute();
        await setRoleMapping(test.db, exempelbyId, "another-group", "strategic_developer");
        expect((await signInThroughProvider("personal")).status).toBe(302);
        expect((await personByEmail("personal@exempelby.test"))!.role).toBe("staff");
        // Anna is an administrator in none of the mapped groups: she stays as she is.
        expect((await signInThroughProvider("anna")).status).toBe(302);
        expect(await personByEmail("strateg@exempelby.test")).toMatchObject({ role: "strategic_developer", is_admin: true });
      } finally {
        await test.db.deleteFrom("identity_role_mappings").execute();
        await test.db.updateTable("people").set({ role: "staff" }).where("id", "=", staff.id).execute();
      }
    });

    it("offers the provider first on the sign-in page, and refuses passwords where the organisation switched them off", async () => {
      const page = await callRoute(loginLoader, buildRequest("/login"), {}, loadContext(test.db));
      expect(page.body).toMatchObject({
        providers: expect.arrayContaining([{ id: realProviderId, displayName: "Exempelby-kontot" }]),
        passwordSignIn: true,
      });
      await test.db.updateTable("identity_providers").set({ password_sign_in: false }).where("id", "=", realProviderId).execute();
      try {
        const login = (email: string) =>
          callRoute(loginAction, buildRequest("/login", { form: { intent: "password", email, password: DEMO_PASSWORD } }), {}, loadContext(test.db, freshAddress()));
        const refused = await login("strateg@exempelby.test");
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({ error: { "": ["errors.passwordSignInOff"] } });
        expect(cookieOf(refused, "planboard_session")).toBeNull();
        // Another organisation still signs in with its password, and the page still offers the form.
        expect((await login("annan@annanstad.test")).status).toBe(302);
        expect((await callRoute(loginLoader, buildRequest("/login"), {}, loadContext(test.db))).body).toMatchObject({ passwordSignIn: true });
      } finally {
        await test.db.updateTable("identity_providers").set({ password_sign_in: true }).where("id", "=", realProviderId).execute();
      }
    });
  });

  describe("ID tokens that are refused", () => {
    const refusals: Array<[string, IssuingProvider["nextToken"], string, number]> = [
      ["for another client", ({ claims }) => ({ claims: { ...claims, aud: "another-client" } }), "wrong-tenant", 401],
      ["from another issuer (tenant)", ({ claims }) => ({ claims: { ...claims, iss: "https://login.example.test/other-tenant/v2.0" } }), "wrong-tenant", 401],
      ["expired (or a clock far off)", ({ claims }) => ({ claims: { ...claims, iat: Number(claims.iat) - 7200, exp: Number(claims.iat) - 3600 } }), "clock-skew", 401],
      ["signed by another key", ({ claims }) => ({ claims, signing: "other-key" }), "invalid-response", 400],
      ["unsigned (alg: none)", ({ claims }) => ({ claims, signing: "none" }), "invalid-response", 400],
      ["without the nonce", ({ claims }) => ({ claims: { ...claims, nonce: undefined } }), "invalid-response", 400],
      ["with another nonce", ({ claims }) => ({ claims: { ...claims, nonce: "someone-elses-nonce" } }), "invalid-response", 400],
      ["with spaces in the e-mail claim", ({ claims }) => ({ claims: { ...claims, email: " annan@annanstad.test " } }), "no-email", 403],
      ["with an unverified e-mail", ({ claims }) => ({ claims: { ...claims, email_verified: false } }), "no-email", 403],
    ];

    it.each(refusals)("refuses an ID token %s, creating no session and counting it against the address", async (_name, recipe, refusal, status) => {
      issuing.nextToken = recipe;
      const clientAddress = freshAddress();
      const before = await sessionCount();
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const result = await signInThroughIssuing(clientAddress);
      warn.mockRestore();
      expect(result.status, JSON.stringify(result.body)).toBe(status);
      expect(result.body).toMatchObject({ refusal });
      expect(cookieOf(result, "planboard_session")).toBeNull();
      expect(await sessionCount()).toBe(before);
      const hits = await test.db.selectFrom("rate_limit_hits").select("key").where("key", "=", clientAddress).execute();
      expect(hits).toHaveLength(1);
      expect(issuing.lastPkceMatched).toBe(true);
    });

    it("accepts the same provider's correct token, with the e-mail in another case", async () => {
      issuing.nextToken = ({ claims }) => ({ claims: { ...claims, email: "Annan@Annanstad.TEST" } });
      const result = await signInThroughIssuing();
      expect(result.status, JSON.stringify(result.body)).toBe(302);
      expect(issuing.lastPkceMatched).toBe(true);
    });

    it("logs a refusal without the code or any token", async () => {
      let issued = "";
      issuing.nextToken = ({ claims }) => {
        issued = JSON.stringify(claims);
        return { claims: { ...claims, aud: "another-client" } };
      };
      const lines: string[] = [];
      const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
      const started = await start(issuingProviderId);
      const authorize = await fetch(started.location, { redirect: "manual" });
      const back = new URL(authorize.headers.get("Location")!);
      await callback(back, started.browser);
      warn.mockRestore();
      expect(issued).not.toBe("");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/OIDC sign-in refused: wrong-tenant/);
      expect(lines[0]).not.toContain(back.searchParams.get("code"));
      expect(lines[0]).not.toContain(back.searchParams.get("state"));
      expect(lines[0]).not.toMatch(/eyJ/); // no JWT
    });

    it("stops an address after as many refused sign-ins as wrong passwords, even for a good callback", async () => {
      const clientAddress = freshAddress();
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      for (let attempt = 0; attempt < RATE_LIMITS.passwordGuesses.perAddress; attempt++) {
        await callback(new URL(`${ORIGIN}/auth/oidc/callback?code=x&state=forged-${attempt}`), null, clientAddress);
      }
      warn.mockRestore();
      const result = await signInThroughIssuing(clientAddress);
      expect(result.status).toBe(429);
      expect(result.headers.get("Retry-After")).toBe(String(RATE_LIMITS.passwordGuesses.windowSeconds));
      expect(result.body).toMatch(/Too many failed sign-ins/);
      expect(cookieOf(result, "planboard_session")).toBeNull();
    });
  });

  describe("signing out", () => {
    it("ends our session and offers signing out at the provider, which sends the browser to its end-session endpoint", async () => {
      const signedIn = await signInThroughProvider("anna");
      const session = cookieOf(signedIn, "planboard_session")!;
      const out = await callRoute(logoutAction, buildRequest("/logout", { cookie: session, form: {} }), {}, loadContext(test.db));
      expect(out.location).toBe(`/login?signedOutOf=${realProviderId}`);
      const page = await callRoute(loginLoader, buildRequest(out.location!), {}, loadContext(test.db));
      expect(page.body).toMatchObject({ signedOutOf: { id: realProviderId, displayName: "Exempelby-kontot" } });
      const atProvider = await callRoute(logoutAtProviderLoader, buildRequest(`/auth/oidc/logout?provider=${realProviderId}`), {}, loadContext(test.db));
      const endSession = new URL(atProvider.location!);
      expect(endSession.origin).toBe(provider.issuer);
      expect(endSession.searchParams.get("client_id")).toBe(client.clientId);
      expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${ORIGIN}/login`);
      expect((await fetch(endSession)).status).toBe(200);
    });

    it("does not offer it where the provider has no end-session endpoint", async () => {
      issuing.offersEndSession = false;
      // New settings, so the metadata is fetched anew.
      await test.db.updateTable("identity_providers").set({ updated_at: new Date() }).where("id", "=", issuingProviderId).execute();
      try {
        const signedIn = await signInThroughIssuing();
        expect(signedIn.status).toBe(302);
        const out = await callRoute(logoutAction, buildRequest("/logout", { cookie: cookieOf(signedIn, "planboard_session"), form: {} }), {}, loadContext(test.db));
        expect(out.location).toBe("/login");
      } finally {
        issuing.offersEndSession = true;
        await test.db.updateTable("identity_providers").set({ updated_at: new Date() }).where("id", "=", issuingProviderId).execute();
      }
    });

    it("does not offer it after a password session", async () => {
      const person = (await personByEmail("strateg@exempelby.test"))!;
      const out = await callRoute(logoutAction, buildRequest("/logout", { cookie: await cookieFor(test.db, person.id), form: {} }), {}, loadContext(test.db));
      expect(out.location).toBe("/login");
    });
  });

  describe("the settings page", () => {
    let admin: string;
    const adminCookie = async () => (admin ??= await cookieFor(test.db, (await personByEmail("strateg@exempelby.test"))!.id));
    const post = async (form: Record<string, string>) =>
      callRoute(settingsAction, buildRequest("/people/sign-in", { cookie: await adminCookie(), form }), {}, loadContext(test.db));

    it("shows the redirect URI to register and never the secret", async () => {
      const page = await callRoute(settingsLoader, buildRequest("/people/sign-in", { cookie: await adminCookie() }), {}, loadContext(test.db));
      expect(page.body).toMatchObject({ redirectUri: `${ORIGIN}/auth/oidc/callback`, provider: { issuer: provider.issuer, hasClientSecret: true } });
      expect(JSON.stringify(page.body)).not.toContain(client.clientSecret);
    });

    it("saves a provider only when its issuer answers, keeps a blank secret, and reads domains as typed", async () => {
      const base = {
        intent: "save-provider",
        displayName: "Exempelby-kontot",
        clientId: client.clientId,
        clientSecret: "",
        allowedDomains: "@Exempelby.test; kommun.exempelby.test",
        emailClaim: "email",
        groupsClaim: "groups",
        passwordSignIn: "on",
      };
      await adminCookie();
      const before = await databaseFingerprint(test.db);
      const unreachable = await post({ ...base, issuer: "http://127.0.0.1:9/" });
      expect(unreachable.status).toBe(400);
      expect(unreachable.body).toMatchObject({ result: { error: { issuer: ["identityProvider.errors.discoveryFailed"] } } });
      const insecure = await post({ ...base, issuer: "http://idp.example.test/" });
      expect(insecure.body).toMatchObject({ result: { error: { issuer: ["identityProvider.errors.issuerHttps"] } } });
      const badDomain = await post({ ...base, issuer: provider.issuer, allowedDomains: "not a domain!" });
      expect(badDomain.status).toBe(400);
      expect(await databaseFingerprint(test.db)).toBe(before);

      const saved = await post({ ...base, issuer: provider.issuer });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const row = await test.db.selectFrom("identity_providers").selectAll().where("id", "=", realProviderId).executeTakeFirstOrThrow();
      expect(row.client_secret).toBe(client.clientSecret);
      expect(row.allowed_domains).toEqual(["exempelby.test", "kommun.exempelby.test"]);
      expect((await signInThroughProvider("anna")).status).toBe(302);
      await test.db.updateTable("identity_providers").set({ allowed_domains: JSON.stringify(["exempelby.test"]) }).where("id", "=", realProviderId).execute();
    });

    it("maps groups to roles and removes mappings", async () => {
      expect((await post({ intent: "set-mapping", groupValue: STRATEGIC_GROUP, role: "strategic_developer" })).status).toBe(200);
      expect((await loadIdentityProvider(test.db, exempelbyId))!.roleMappings).toEqual([{ groupValue: STRATEGIC_GROUP, role: "strategic_developer" }]);
      expect((await post({ intent: "set-mapping", groupValue: STRATEGIC_GROUP, role: "admin" })).status).toBe(400);
      expect((await post({ intent: "remove-mapping", groupValue: STRATEGIC_GROUP })).status).toBe(200);
      expect((await loadIdentityProvider(test.db, exempelbyId))!.roleMappings).toEqual([]);
    });

    it("shows a provider set by the environment read-only, and refuses changes to it", async () => {
      const fromEnvironment = environmentProvider(
        readEnv({
          OIDC_ISSUER: issuing.issuer,
          OIDC_CLIENT_ID: client.clientId,
          OIDC_CLIENT_SECRET: client.clientSecret,
          OIDC_ORGANISATION: "annanstad",
          OIDC_DISPLAY_NAME: "Annanstads konto",
          OIDC_GROUPS_CLAIM: "groups",
          OIDC_ROLE_MAPPING: "utvecklare=strategic_developer; alla=staff",
        }),
      )!;
      await configureProviderFromEnvironment(test.db, fromEnvironment);
      const annan = (await personByEmail("annan@annanstad.test"))!;
      await test.db.updateTable("people").set({ is_admin: true }).where("id", "=", annan.id).execute();
      const annanstadAdmin = await cookieFor(test.db, annan.id);
      const page = await callRoute(settingsLoader, buildRequest("/people/sign-in", { cookie: annanstadAdmin }), {}, loadContext(test.db));
      expect(page.body).toMatchObject({
        provider: {
          configuredBy: "environment",
          roleMappings: [
            { groupValue: "alla", role: "staff" },
            { groupValue: "utvecklare", role: "strategic_developer" },
          ],
        },
      });
      const before = await databaseFingerprint(test.db);
      const refused = await callRoute(
        settingsAction,
        buildRequest("/people/sign-in", { cookie: annanstadAdmin, form: { intent: "set-mapping", groupValue: "x", role: "staff" } }),
        {},
        loadContext(test.db),
      );
      expect(refused.status).toBe(409);
      expect(await databaseFingerprint(test.db)).toBe(before);
    });
  });
});

describe("the provider set by environment variables", () => {
  const base = { OIDC_ISSUER: "https://login.microsoftonline.com/tenant/v2.0", OIDC_CLIENT_ID: "app", OIDC_CLIENT_SECRET: "secret" };
  it("is read with the settings page's rules", () => {
    expect(environmentProvider(readEnv({}))).toBeNull();
    expect(environmentProvider(readEnv({ ...base, OIDC_ALLOWED_DOMAINS: "Exempelby.se, @kommun.se", OIDC_CREATE_UNKNOWN: "1" }))).toMatchObject({
      issuer: base.OIDC_ISSUER,
      allowedDomains: ["exempelby.se", "kommun.se"],
      createUnknown: true,
      passwordSignIn: true,
      emailClaim: "email",
      groupsClaim: null,
    });
  });
  it("names the variable that is wrong", () => {
    expect(() => readEnv({ OIDC_ISSUER: base.OIDC_ISSUER })).toThrow(/OIDC_ISSUER: needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(() => environmentProvider(readEnv({ ...base, OIDC_ISSUER: "http://idp.example.test/" }))).toThrow(/OIDC_ISSUER: identityProvider.errors.issuerHttps/);
    expect(() => environmentProvider(readEnv({ ...base, OIDC_ROLE_MAPPING: "group=admin" }))).toThrow(/OIDC_ROLE_MAPPING: "group=admin"/);
  });
});
