import { XMLParser, XMLValidator } from "fast-xml-parser";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listActivity, type ActivityCursor } from "~/models/activity.server";
import { loader as organisationActivityLoader } from "~/routes/activity/route";
import { loader as activityFeedLoader } from "~/routes/plans.$planId_.activity[.]atom";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { buildRequest, callRoute, cookieFor, loadContext } from "./support/requests";

describe.each(databaseKinds)("the activity feed on %s", (kind) => {
  let test: TestDatabase;
  let organisationId: string;
  let cookie: string;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db, { now: new Date("2026-11-20T10:00:00Z") });
    organisationId = (await test.db.selectFrom("organisations").select("id").where("slug", "=", "exempelby").executeTakeFirstOrThrow()).id;
    const staff = await test.db.selectFrom("people").select("id").where("email", "=", "personal@exempelby.test").executeTakeFirstOrThrow();
    cookie = await cookieFor(test.db, staff.id);
  });
  afterAll(async () => {
    await test?.close();
  });

  const allEventIds = async (where = sql`true`) => {
    const { rows } = await sql<{ id: string }>`
      select e.id::text from assignment_events e
      join assignments a on a.id = e.assignment_id join action_plans p on p.id = e.plan_id
      where p.organisation_id = ${organisationId} and ${where}
      order by e.occurred_at desc, e.id desc
    `.execute(test.db);
    return rows.map((row) => Number(row.id));
  };

  it("pages through every event, newest first, without gaps or repeats", async () => {
    const seen: number[] = [];
    let after: ActivityCursor | undefined;
    do {
      const page = await listActivity(test.db, { organisationId }, { after, limit: 17 });
      seen.push(...page.events.map((event) => Number(event.id)));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(await allEventIds());
    expect(seen.length).toBeGreaterThan(50);
  });

  it("filters by plan, focus area, working group, person and period", async () => {
    const sample = await test.db
      .selectFrom("assignment_events as e")
      .innerJoin("assignments as a", "a.id", "e.assignment_id")
      .where("e.actor_id", "is not", null)
      .where("a.working_group_id", "is not", null)
      .select(["e.plan_id", "a.focus_area_id", "a.working_group_id", "e.actor_id"])
      .executeTakeFirstOrThrow();
    const ids = async (filter: Omit<Parameters<typeof listActivity>[1], "organisationId">) =>
      (await listActivity(test.db, { organisationId, ...filter }, { limit: 1000 })).events.map((event) => Number(event.id));

    expect(await ids({ planId: sample.plan_id })).toEqual(await allEventIds(sql`e.plan_id = ${sample.plan_id}`));
    expect(await ids({ focusAreaId: sample.focus_area_id })).toEqual(await allEventIds(sql`a.focus_area_id = ${sample.focus_area_id}`));
    expect(await ids({ groupId: sample.working_group_id! })).toEqual(await allEventIds(sql`a.working_group_id = ${sample.working_group_id}`));
    expect(await ids({ personId: sample.actor_id! })).toEqual(await allEventIds(sql`e.actor_id = ${sample.actor_id}`));
    const october = await ids({ from: "2026-10-01", to: "2026-10-31" });
    expect(october).toEqual(
      await allEventIds(sql`to_char(e.occurred_at at time zone 'Europe/Stockholm', 'YYYY-MM') = '2026-10'`),
    );
    expect(october.length).toBeGreaterThan(0);
  });

  it("answers a period the wrong way round or an unknown filter with 400: the page, the values, the reason beside the field", async () => {
    const ask = (query: string) => callRoute(organisationActivityLoader, buildRequest(`/activity?${query}`, { cookie }), {}, loadContext(test.db));
    expect(await ask("from=2026-10-31&to=2026-10-01")).toMatchObject({
      status: 400,
      body: { errors: { to: ["errors.periodReversed"] }, filters: { from: "2026-10-31", to: "2026-10-01" }, events: [], next: null },
    });
    expect(await ask("planId=not-a-plan")).toMatchObject({ status: 400, body: { errors: { planId: ["errors.filterInvalid"] }, events: [] } });
    expect(await ask("from=31/10/2026")).toMatchObject({ status: 400, body: { errors: { from: ["errors.dateInvalid"] }, events: [] } });
    expect((await ask("planId=&from=")).status).toBe(200);
  });

  it("publishes a plan's latest events as a valid Atom feed", async () => {
    const plan = await test.db.selectFrom("action_plans").select(["id", "title"]).where("organisation_id", "=", organisationId).executeTakeFirstOrThrow();
    const result = await callRoute(activityFeedLoader, buildRequest(`/plans/${plan.id}/activity.atom`, { cookie }), { planId: plan.id }, loadContext(test.db));
    const xml = String(result.body);
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser().parse(xml).feed;
    const expected = (await allEventIds(sql`e.plan_id = ${plan.id}`)).slice(0, 50);
    const entries = Array.isArray(feed.entry) ? feed.entry : [feed.entry];
    expect(entries.map((entry: { id: string }) => Number(entry.id.split("/").at(-1)))).toEqual(expected);
    expect(feed.title).toBe(`Händelser: ${plan.title}`);
  });

  it("keeps a hostile card title to its own entry's title, as text", async () => {
    const plan = await test.db.selectFrom("action_plans").select(["id", "title"]).where("organisation_id", "=", organisationId).executeTakeFirstOrThrow();
    const hostile = 'a ]]> b ]]> </title><link href="https://evil.example/"/> <b>&amp; c</b>';
    const card = await test.db
      .selectFrom("assignment_events")
      .select("assignment_id")
      .where("plan_id", "=", plan.id)
      .orderBy("occurred_at", "desc")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    await test.db.updateTable("assignments").set({ title: hostile }).where("id", "=", card.assignment_id).execute();
    const result = await callRoute(activityFeedLoader, buildRequest(`/plans/${plan.id}/activity.atom`, { cookie }), { planId: plan.id }, loadContext(test.db));
    const xml = String(result.body);
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === "entry" || name === "link" }).parse(xml).feed;
    const own = (feed.entry as Array<Record<string, unknown>>).filter((entry) =>
      (entry.link as Array<Record<string, string>>).some((link) => link["@_href"]!.endsWith(`/assignments/${card.assignment_id}`)),
    );
    expect(own.length).toBeGreaterThan(0);
    for (const entry of feed.entry as Array<Record<string, unknown>>) {
      expect(Object.keys(entry).sort()).toEqual(["id", "link", "summary", "title", "updated"]);
      expect(entry.link).toHaveLength(1);
    }
    for (const entry of own) {
      const title = entry.title as Record<string, string>;
      expect(title["@_type"]).toBe("text");
      expect(title["#text"]!.startsWith(`${hostile}: `)).toBe(true);
    }
  });
});
