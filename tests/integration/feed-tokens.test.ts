import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deactivatePerson, reactivatePerson } from "~/models/person.server";
import { action as accountAction } from "~/routes/account/route";
import { localeCookie } from "~/utils/locale.server";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { appRequestHandler } from "./support/remix-handler";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext, ORIGIN } from "./support/requests";

interface IssuedFeeds {
  intent: "issue-feed-token";
  feeds: Array<{ planTitle: string; summaryUrl: string; activityUrl: string }>;
}

/** A feed without what differs between fetches and readers: the times of the moment, and its own address. */
const contentOf = (xml: string) => xml.replace(/<updated>[^<]*<\/updated>/g, "").replace(/<link rel="self" [^>]*>/, "");

function entriesOf(xml: string): Array<{ title: string }> {
  expect(XMLValidator.validate(xml)).toBe(true);
  const feed = new XMLParser({ isArray: (name) => name === "entry" }).parse(xml).feed as { title: string; entry?: Array<{ title: string }> };
  return feed.entry ?? [];
}

describe.each(databaseKinds)("private feed tokens on %s", (kind) => {
  let test: TestDatabase;
  const handle = appRequestHandler();
  const people = {} as Record<"staff" | "strategic" | "outsider", { id: string; cookie: string }>;
  let planId: string;
  let otherOrganisationPlanId: string;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    for (const [key, email] of [["staff", "personal@exempelby.test"], ["strategic", "strateg@exempelby.test"], ["outsider", "annan@annanstad.test"]] as const) {
      const { id } = await test.db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow();
      people[key] = { id, cookie: await cookieFor(test.db, id) };
    }
    const planIn = async (slug: string) =>
      (
        await test.db
          .selectFrom("action_plans as p")
          .innerJoin("organisations as o", "o.id", "p.organisation_id")
          .where("o.slug", "=", slug)
          .where("p.archived_at", "is", null)
          .select("p.id")
          .orderBy("p.created_at")
          .executeTakeFirstOrThrow()
      ).id;
    planId = await planIn("exempelby");
    otherOrganisationPlanId = await planIn("annanstad");
  });
  afterAll(async () => {
    await test?.close();
  });

  /** Issues (or replaces) a person's token on /account, as the page's form does. */
  async function issue(who: keyof typeof people, extraCookie = ""): Promise<IssuedFeeds["feeds"]> {
    const cookie = [people[who].cookie, extraCookie].filter(Boolean).join("; ");
    const result = await callRoute(accountAction, buildRequest("/account", { cookie, form: { intent: "issue-feed-token" } }), {}, loadContext(test.db));
    expect(result.status).toBe(200);
    return (result.body as IssuedFeeds).feeds;
  }
  const revoke = (who: keyof typeof people) =>
    callRoute(accountAction, buildRequest("/account", { cookie: people[who].cookie, form: { intent: "revoke-feed-token" } }), {}, loadContext(test.db));
  /** A GET through the app's request handler, as a feed reader sends it: no cookie unless given. */
  const get = (url: string, cookie?: string) => handle(new Request(new URL(url, ORIGIN), { headers: cookie ? { Cookie: cookie } : {} }), loadContext(test.db));
  const feedsOf = (feeds: IssuedFeeds["feeds"], plan: string) => feeds.find((feed) => feed.summaryUrl.includes(`/plans/${plan}/`))!;
  const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

  it("opens both feeds of every plan without a session, showing exactly what the person's session shows", async () => {
    const feeds = await issue("staff");
    const plans = await test.db.selectFrom("action_plans as p").innerJoin("organisations as o", "o.id", "p.organisation_id").where("o.slug", "=", "exempelby").where("p.archived_at", "is", null).select("p.id").execute();
    expect(feeds.map((feed) => new URL(feed.summaryUrl).pathname).sort()).toEqual(plans.map((plan) => `/plans/${plan.id}/feed.atom`).sort());
    expect(new Set(feeds.map((feed) => tokenOf(feed.activityUrl))).size).toBe(1);
    const token = tokenOf(feeds[0]!.summaryUrl);
    const stored = await test.db.selectFrom("feed_tokens").selectAll().where("person_id", "=", people.staff.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const mine = feedsOf(feeds, planId);
    for (const url of [mine.summaryUrl, mine.activityUrl]) {
      const byToken = await get(url);
      expect(byToken.status, url).toBe(200);
      expect(byToken.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
      const xml = await byToken.text();
      expect(entriesOf(xml).length, "the demo plan has entries").toBeGreaterThan(0);
      const bySession = await get(new URL(url).pathname, people.staff.cookie);
      expect(bySession.status).toBe(200);
      expect(contentOf(xml)).toBe(contentOf(await bySession.text()));
      // A reader that moves to the feed's own address keeps its token.
      expect(xml).toContain(`<link rel="self" href="${url}"/>`);
    }
  });

  it("opens nothing its person could not see: another organisation's plan, and pages other than feeds", async () => {
    const token = tokenOf((await issue("staff"))[0]!.summaryUrl);
    expect((await get(`/plans/${otherOrganisationPlanId}/feed.atom?token=${token}`)).status).toBe(404);
    expect((await get(`/plans/${otherOrganisationPlanId}/activity.atom?token=${token}`)).status).toBe(404);
    const outsiderToken = tokenOf((await issue("outsider"))[0]!.summaryUrl);
    expect((await get(`/plans/${planId}/activity.atom?token=${outsiderToken}`)).status).toBe(404);
    // A token is no session: the board, the CSV and the JSON export still ask to sign in.
    for (const path of [`/plans/${planId}`, `/plans/${planId}/history.csv`, `/plans/${planId}/export.json`]) {
      const page = await get(`${path}?token=${token}`);
      expect(page.status, path).toBe(302);
      expect(page.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("names its reader whatever cookie comes with it: a wrong token is not rescued by a session", async () => {
    const token = tokenOf((await issue("staff"))[0]!.summaryUrl);
    expect((await get(`/plans/${planId}/feed.atom?token=${token}`, people.outsider.cookie)).status).toBe(200);
    expect((await get(`/plans/${planId}/feed.atom?token=nope`, people.strategic.cookie)).status).toBe(404);
  });

  it("answers 404 to a wrong token, writing nothing", async () => {
    const before = await databaseFingerprint(test.db);
    for (const token of ["nope", "x".repeat(43), "%00", "😀", "' or 1=1 --"]) {
      for (const feed of ["feed.atom", "activity.atom"]) {
        expect((await get(`/plans/${planId}/${feed}?token=${encodeURIComponent(token)}`)).status).toBe(404);
      }
    }
    expect(await databaseFingerprint(test.db)).toBe(before);
  });

  it("stops at once when replaced or revoked", async () => {
    const first = feedsOf(await issue("strategic"), planId).activityUrl;
    expect((await get(first)).status).toBe(200);
    const second = feedsOf(await issue("strategic"), planId).activityUrl;
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    expect((await get(first)).status).toBe(404);
    expect((await get(second)).status).toBe(200);

    expect((await revoke("strategic")).status).toBe(200);
    expect((await get(second)).status).toBe(404);
    expect(await test.db.selectFrom("feed_tokens").select("person_id").where("person_id", "=", people.strategic.id).executeTakeFirst()).toBeUndefined();
  });

  it("stops when its person is deactivated, and stays stopped after reactivation", async () => {
    const { id, organisation_id } = await test.db
      .insertInto("people")
      .values({ organisation_id: (await test.db.selectFrom("people").select("organisation_id").where("id", "=", people.staff.id).executeTakeFirstOrThrow()).organisation_id, name: "Tora Tillfällig", email: "tora@exempelby.test" })
      .returning(["id", "organisation_id"])
      .executeTakeFirstOrThrow();
    const cookie = await cookieFor(test.db, id);
    const issued = await callRoute(accountAction, buildRequest("/account", { cookie, form: { intent: "issue-feed-token" } }), {}, loadContext(test.db));
    const url = feedsOf((issued.body as IssuedFeeds).feeds, planId).summaryUrl;
    expect((await get(url)).status).toBe(200);
    await deactivatePerson(test.db, organisation_id, id);
    expect((await get(url)).status).toBe(404);
    await reactivatePerson(test.db, organisation_id, id);
    expect((await get(url)).status).toBe(404);
  });

  it("speaks the language its person chose when issuing it, and counts against the person's export limit", async () => {
    const english = (await localeCookie.serialize("en")).split(";")[0]!;
    const url = feedsOf(await issue("staff", english), planId).activityUrl;
    const hits = () => test.db.selectFrom("rate_limit_hits").select("id").where("bucket", "=", "export").where("key", "=", people.staff.id).execute();
    const before = (await hits()).length;
    const xml = await (await get(url)).text();
    expect(xml).toContain('xml:lang="en"');
    expect(xml).toMatch(/<title type="text">Activity: /);
    expect((await hits()).length).toBe(before + 1);
  });
});
