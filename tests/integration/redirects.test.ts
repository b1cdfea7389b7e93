import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/models/demo.server";
import { action as followingAction } from "~/routes/following/route";
import { action as languageAction } from "~/routes/language";
import { action as loginAction, loader as loginLoader } from "~/routes/login/route";
import { safeRedirectPath } from "~/utils/auth.server";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { buildRequest, callRoute, cookieFor, loadContext } from "./support/requests";

// Each one, given to a browser as a Location, leads to another site (or, for the last, is no path at all).
const LEAVING = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example/x",
  "/\\evil.example",
  "/\\\\evil.example",
  "\\/evil.example",
  "//evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  " /plans",
];

describe("safeRedirectPath", () => {
  it("keeps every target that leaves the site out, whatever the browser would strip or fold", () => {
    for (const target of LEAVING) expect(safeRedirectPath(target), JSON.stringify(target)).toBe("/plans");
    expect(safeRedirectPath(undefined, "/following")).toBe("/following");
  });

  it("keeps local paths, query and fragment, serialised as ASCII", () => {
    expect(safeRedirectPath("/plans?x=1#top")).toBe("/plans?x=1#top");
    expect(safeRedirectPath("/plans/€?q=€#€")).toBe("/plans/%E2%82%AC?q=%E2%82%AC#%E2%82%AC");
    expect(safeRedirectPath("/%09/evil.example")).toBe("/%09/evil.example");
  });
});

describe.each(databaseKinds)("redirects to a requested target on %s", (kind) => {
  let test: TestDatabase;
  let cookie: string;
  let personId: string;
  let address = 0;
  beforeAll(async () => {
    process.env.PLANBOARD_DEMO = "1";
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    personId = (await test.db.selectFrom("people").select("id").where("email", "=", "personal@exempelby.test").executeTakeFirstOrThrow()).id;
    cookie = await cookieFor(test.db, personId);
  });
  afterAll(async () => {
    await test?.close();
  });
  const context = () => loadContext(test.db, `198.51.100.${++address}`);

  it("sends a signed-in person who opens /login to no other site", async () => {
    for (const target of LEAVING) {
      const result = await callRoute(loginLoader, buildRequest(`/login?${new URLSearchParams({ redirectTo: target })}`, { cookie }), {}, context());
      expect(result.location, JSON.stringify(target)).toBe("/plans");
    }
  });

  it("signs in with password or demo account and sends the person to no other site", async () => {
    for (const target of LEAVING) {
      const password = await callRoute(
        loginAction,
        buildRequest("/login", { form: { intent: "password", email: "strateg@exempelby.test", password: DEMO_PASSWORD, redirectTo: target } }),
        {},
        context(),
      );
      expect(password.location, JSON.stringify(target)).toBe("/plans");
      const demo = await callRoute(loginAction, buildRequest("/login", { form: { intent: "demo", email: "strateg@exempelby.test", redirectTo: target } }), {}, context());
      expect(demo.location, JSON.stringify(target)).toBe("/plans");
    }
  });

  it("answers a target with characters outside Latin-1 with a redirect, and the session it made is the one handed out", async () => {
    const result = await callRoute(loginAction, buildRequest("/login", { form: { intent: "demo", email: "strateg@exempelby.test", redirectTo: "/plans/€" } }), {}, context());
    expect(result.status).toBe(302);
    expect(result.location).toBe("/plans/%E2%82%AC");
    expect(result.headers.get("Set-Cookie")).toMatch(/^planboard_session=./);
  });

  it("follows a plan with a hostile or non-Latin-1 target and answers a local redirect", async () => {
    const plan = await test.db.selectFrom("action_plans as p").innerJoin("people as x", "x.organisation_id", "p.organisation_id").where("x.id", "=", personId).select("p.id").executeTakeFirstOrThrow();
    for (const target of [...LEAVING, "/plans/€"]) {
      const result = await callRoute(followingAction, buildRequest("/following", { cookie, form: { intent: "follow", planId: plan.id, redirectTo: target } }), {}, context());
      expect(result.status, JSON.stringify(target)).toBe(302);
      expect(result.location, JSON.stringify(target)).toBe(target === "/plans/€" ? "/plans/%E2%82%AC" : "/following");
    }
  });

  it("changes the language and sends nobody to another site, nor fails on a non-Latin-1 target", async () => {
    for (const target of [...LEAVING, "/plans/€"]) {
      const result = await callRoute(languageAction, buildRequest("/language", { form: { locale: "en", redirectTo: target } }), {}, context());
      expect(result.status, JSON.stringify(target)).toBe(302);
      expect(result.location, JSON.stringify(target)).toBe(target === "/plans/€" ? "/plans/%E2%82%AC" : "/plans");
    }
  });

});
