import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/models/demo.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { action as accountAction } from "~/routes/account/route";
import { action as loginAction } from "~/routes/login/route";
import { action as personAction } from "~/routes/people.$personId/route";
import { action as peopleAction } from "~/routes/people._index/route";
import { action as setupAction, loader as setupLoader } from "~/routes/password-setup.$token/route";
import { loader as plansLoader } from "~/routes/plans._index/route";
import { createSessionCookie } from "~/utils/session.server";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext } from "./support/requests";

describe("the session cookie", () => {
  it("is httpOnly, SameSite=Lax and Secure when asked", async () => {
    const header = await createSessionCookie({ secret: "s".repeat(32), secure: true }).serialize("token");
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; Path=\//);
  });
});

describe.each(databaseKinds)("signing in on %s", (kind) => {
  let test: TestDatabase;
  let address = 0;
  const freshAddress = () => `198.51.100.${++address}`;
  const signIn = (form: Record<string, string>, options: { cookie?: string; address?: string } = {}) =>
    callRoute(
      loginAction,
      buildRequest("/login", { form: { intent: "password", ...form }, cookie: options.cookie }),
      {},
      loadContext(test.db, options.address ?? freshAddress()),
    );
  const personId = async (email: string) =>
    (await test.db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
  });
  afterAll(async () => {
    await test?.close();
  });
  beforeEach(async () => {
    await test.db.deleteFrom("rate_limit_hits").execute();
  });

  it("signs in with the right password and sets an httpOnly, SameSite=Lax session cookie", async () => {
    const result = await signIn({ email: "Strateg@Exempelby.test", password: DEMO_PASSWORD, redirectTo: "/plans?x=1" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/plans?x=1");
    const setCookie = result.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^planboard_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // tests run in development mode; production sets Secure

    const plans = await callRoute(plansLoader, buildRequest("/plans", { cookie: setCookie.split(";")[0] }), {}, loadContext(test.db));
    expect(plans.status).toBe(200);
  });

  it("rotates the session: the one the browser had before is ended", async () => {
    const before = await cookieFor(test.db, await personId("personal@exempelby.test"));
    const result = await signIn({ email: "personal@exempelby.test", password: DEMO_PASSWORD }, { cookie: before });
    const after = (result.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    expect(after).not.toBe(before);
    const withOld = await callRoute(plansLoader, buildRequest("/plans", { cookie: before }), {}, loadContext(test.db));
    expect(withOld.location).toBe("/login?redirectTo=%2Fplans");
  });

  it("answers a wrong password with 401 and the e-mail kept, never the password", async () => {
    const result = await signIn({ email: "strateg@exempelby.test", password: "wrong password" });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ error: { "": ["errors.invalidCredentials"] }, initialValue: { email: "strateg@exempelby.test" } });
    expect(JSON.stringify(result.body)).not.toContain("wrong password");
  });

  it("answers malformed input with 400 and field errors, writing nothing", async () => {
    const before = await databaseFingerprint(test.db);
    const result = await signIn({ email: "not-an-email", password: "x" });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: { email: ["errors.emailInvalid"] }, initialValue: { email: "not-an-email" } });
    expect(await databaseFingerprint(test.db)).toBe(before);
  });

  it("sends nobody to another site after signing in", async () => {
    for (const redirectTo of ["//evil.test/x", "https://evil.test/", "/\\evil.test", "javascript:alert(1)"]) {
      const result = await signIn({ email: "strateg@exempelby.test", password: DEMO_PASSWORD, redirectTo });
      expect(result.location, redirectTo).toBe("/plans");
    }
  });

  it("refuses further attempts on an account after repeated failures, even with the right password", async () => {
    for (let attempt = 0; attempt < RATE_LIMITS.passwordGuesses.perAccount; attempt++) {
      expect((await signIn({ email: "grupp@exempelby.test", password: `guess ${attempt}` })).status).toBe(401);
    }
    const limited = await signIn({ email: "grupp@exempelby.test", password: DEMO_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe(String(RATE_LIMITS.passwordGuesses.windowSeconds));
    expect(limited.body).toMatchObject({ error: { "": ["errors.rateLimited"] } });
    expect(limited.headers.get("Set-Cookie")).toBeNull();
    // Another account is not affected.
    expect((await signIn({ email: "strateg@exempelby.test", password: DEMO_PASSWORD })).status).toBe(302);
  });

  it("refuses an address that tries many accounts", async () => {
    const address = "192.0.2.99";
    for (let attempt = 0; attempt < RATE_LIMITS.passwordGuesses.perAddress; attempt++) {
      await signIn({ email: `nobody${attempt}@exempelby.test`, password: "guess" }, { address });
    }
    expect((await signIn({ email: "strateg@exempelby.test", password: DEMO_PASSWORD }, { address })).status).toBe(429);
    expect((await signIn({ email: "strateg@exempelby.test", password: DEMO_PASSWORD })).status).toBe(302);
  });

  it("ends a deactivated person's sessions, refuses their sign-in, and keeps their history", async () => {
    const admin = await cookieFor(test.db, await personId("strateg@exempelby.test"));
    const target = await test.db
      .selectFrom("people as p")
      .innerJoin("assignment_events as e", "e.actor_id", "p.id")
      .where("p.role", "=", "staff")
      .where("p.email", "<>", "grupp@exempelby.test")
      .select(["p.id", "p.email"])
      .executeTakeFirstOrThrow();
    const historyBefore = await test.db.selectFrom("assignment_events").select("id").where("actor_id", "=", target.id).execute();
    const targetCookie = await cookieFor(test.db, target.id);

    const result = await callRoute(
      personAction,
      buildRequest(`/people/${target.id}`, { cookie: admin, form: { intent: "deactivate", confirm: "yes" } }),
      { personId: target.id },
      loadContext(test.db),
    );
    expect(result.status).toBe(200);

    const withOldSession = await callRoute(plansLoader, buildRequest("/plans", { cookie: targetCookie }), {}, loadContext(test.db));
    expect(withOldSession.location).toMatch(/^\/login\?redirectTo=/);
    expect((await signIn({ email: target.email, password: DEMO_PASSWORD })).status).toBe(401);
    const historyAfter = await test.db.selectFrom("assignment_events").select("id").where("actor_id", "=", target.id).execute();
    expect(historyAfter).toEqual(historyBefore);
    expect(historyAfter.length).toBeGreaterThan(0);
  });

  it("lets an administrator add a person, who sets a first password through a one-time link", async () => {
    const admin = await cookieFor(test.db, await personId("strateg@exempelby.test"));
    const created = await callRoute(
      peopleAction,
      buildRequest("/people", { cookie: admin, form: { intent: "create", name: "Nora Ny", email: "nora.ny@exempelby.test", role: "staff" } }),
      {},
      loadContext(test.db),
    );
    expect(created.status).toBe(302);
    const newId = created.location!.replace("/people/", "");

    const duplicate = await callRoute(
      peopleAction,
      buildRequest("/people", { cookie: admin, form: { intent: "create", name: "Nora Igen", email: "NORA.NY@exempelby.test", role: "staff" } }),
      {},
      loadContext(test.db),
    );
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({ error: { email: ["errors.emailTaken"] }, initialValue: { name: "Nora Igen" } });

    const link = await callRoute(
      personAction,
      buildRequest(`/people/${newId}`, { cookie: admin, form: { intent: "setup-link" } }),
      { personId: newId },
      loadContext(test.db),
    );
    const setupUrl = (link.body as { setupUrl: string }).setupUrl;
    const token = setupUrl.split("/password-setup/")[1]!;
    expect(setupUrl).toMatch(/^http:\/\/localhost\/password-setup\/[\w-]{43}$/);

    const tooShort = await callRoute(
      setupAction,
      buildRequest(`/password-setup/${token}`, { form: { password: "short", confirmation: "short" } }),
      { token },
      loadContext(test.db),
    );
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({ error: { password: ["errors.passwordTooShort"] } });

    const set = await callRoute(
      setupAction,
      buildRequest(`/password-setup/${token}`, { form: { password: "nora-valjer-ett-losen", confirmation: "nora-valjer-ett-losen" } }),
      { token },
      loadContext(test.db),
    );
    expect(set.status).toBe(302);
    expect(set.headers.get("Set-Cookie")).toMatch(/^planboard_session=/);

    const again = await callRoute(setupLoader, buildRequest(`/password-setup/${token}`), { token }, loadContext(test.db));
    expect(again.status).toBe(404);
    expect((await signIn({ email: "nora.ny@exempelby.test", password: "nora-valjer-ett-losen" })).status).toBe(302);
  });

  it("lets a person change their own password, checking the current one and ending their other sessions", async () => {
    const id = await personId("grupp@exempelby.test");
    const here = await cookieFor(test.db, id);
    const elsewhere = await cookieFor(test.db, id);
    const change = (currentPassword: string) =>
      callRoute(
        accountAction,
        buildRequest("/account", { cookie: here, form: { intent: "change-password", currentPassword, password: "ett-nytt-bra-losenord", confirmation: "ett-nytt-bra-losenord" } }),
        {},
        loadContext(test.db),
      );

    const wrong = await change("not it");
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ result: { error: { currentPassword: ["errors.wrongPassword"] } } });

    expect((await change(DEMO_PASSWORD)).status).toBe(200);
    const stillHere = await callRoute(plansLoader, buildRequest("/plans", { cookie: here }), {}, loadContext(test.db));
    expect(stillHere.status).toBe(200);
    const fromElsewhere = await callRoute(plansLoader, buildRequest("/plans", { cookie: elsewhere }), {}, loadContext(test.db));
    expect(fromElsewhere.location).toMatch(/^\/login/);
    expect((await signIn({ email: "grupp@exempelby.test", password: "ett-nytt-bra-losenord" })).status).toBe(302);
  });

  it("limits wrong current passwords on /account like sign-ins: 429 with Retry-After, the right one refused too, and counted for sign-in", async () => {
    const id = await personId("personal@exempelby.test");
    const cookie = await cookieFor(test.db, id);
    const address = freshAddress();
    const change = (currentPassword: string) =>
      callRoute(
        accountAction,
        buildRequest("/account", { cookie, form: { intent: "change-password", currentPassword, password: "ett-annat-bra-losenord", confirmation: "ett-annat-bra-losenord" } }),
        {},
        loadContext(test.db, address),
      );
    for (let attempt = 0; attempt < RATE_LIMITS.passwordGuesses.perAccount; attempt++) {
      expect((await change(`guess ${attempt}`)).status).toBe(400);
    }
    const limited = await change(DEMO_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe(String(RATE_LIMITS.passwordGuesses.windowSeconds));
    expect(limited.body).toMatchObject({ result: { error: { "": ["errors.tooManyWrongPasswords"] } }, changed: false });
    // The password did not change, and guessing at sign-in is refused as well.
    expect((await signIn({ email: "personal@exempelby.test", password: DEMO_PASSWORD })).status).toBe(429);
    await test.db.deleteFrom("rate_limit_hits").execute();
    expect((await signIn({ email: "personal@exempelby.test", password: DEMO_PASSWORD })).status).toBe(302);
  });
});
