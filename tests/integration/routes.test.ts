import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as rootLoader } from "~/root";
import { loader as healthLoader } from "~/routes/healthz";
import { loader as boardLoader } from "~/routes/plans.$planId/route";
import { loader as planSummaryLoader } from "~/routes/plans.$planId_.summary/route";
import { loader as flowLoader } from "~/routes/plans.$planId_.flow/route";
import { loader as feedLoader } from "~/routes/plans.$planId_.feed[.]atom";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { moveAssignment } from "~/models/assignment.server";
import { CARDS_PER_CELL } from "~/utils/board";
import { addMonths, monthOf } from "~/utils/month";
import { strategicActor } from "./support/fixtures";
import { openDatabase } from "~/utils/db.server";
import { localeCookie } from "~/utils/locale.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";
import { buildRequest, callRoute, cookieFor, loadContext } from "./support/requests";

describe.each(databaseKinds)("routes on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("GET /healthz answers 200 while the database answers", async () => {
    const result = await callRoute(healthLoader, buildRequest("/healthz"), {}, loadContext(test.db));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: "ok", database: "up" });
  });

  it("the flow page answers a period that ends before it starts with its form, the values and the reason beside the field", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 3 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    const flow = (query: string) =>
      callRoute(flowLoader, buildRequest(`/plans/${fixture.planId}/flow${query}`, { cookie }), { planId: fixture.planId }, loadContext(test.db));

    const reversed = await flow("?from=2026-11-20&to=2026-11-01");
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({
      plan: { id: fixture.planId },
      values: { from: "2026-11-20", to: "2026-11-01" },
      errors: { to: ["errors.periodReversed"] },
      report: null,
    });
    // Only a start given, after today: the default end is today, so the start is what is wrong.
    const future = await flow("?from=2999-01-01");
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ values: { from: "2999-01-01" }, errors: { from: ["errors.periodReversed"] }, report: null });

    const fine = await flow("?from=2026-11-01&to=2026-11-20");
    expect(fine.status).toBe(200);
    expect(fine.body).toMatchObject({ errors: null, values: { from: "2026-11-01", to: "2026-11-20" }, report: { period: { from: "2026-11-01", to: "2026-11-20" } } });
  });

  it("the board loader answers 404 for a malformed or unknown plan id", async () => {
    const fixture = await createPlanFixture(test.db);
    const cookie = await cookieFor(test.db, fixture.person.id);
    for (const planId of ["nope", "7d8e0c0e-9f5b-4a43-8d61-0e4f6c2a9b11"]) {
      const result = await callRoute(boardLoader, buildRequest(`/plans/${planId}`, { cookie }), { planId }, loadContext(test.db));
      expect(result.status, planId).toBe(404);
    }
  });

  it("the board loader returns the board in the chosen language, in a constant number of statements", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 40 });
    const cookie = `${await cookieFor(test.db, fixture.person.id)}; ${(await localeCookie.serialize("en")).split(";")[0]}`;
    test.queries.length = 0;
    const result = await callRoute(
      boardLoader,
      buildRequest(`/plans/${fixture.planId}`, { cookie }),
      { planId: fixture.planId },
      loadContext(test.db),
    );
    const body = result.body as { board: { cards: unknown[]; cellCounts: { count: number }[] }; locale: string };
    expect(body.locale).toBe("en");
    // Every cell's first cards, however full it is.
    expect(body.board.cellCounts.reduce((sum, cell) => sum + cell.count, 0)).toBe(40);
    expect(body.board.cards).toHaveLength(body.board.cellCounts.reduce((sum, cell) => sum + Math.min(cell.count, CARDS_PER_CELL), 0));
    // Who is asking (with their groups); the plan with its columns, focus areas, card counts and
    // whether the person follows it; the cards with their responsible people: within the budget of five.
    expect(test.queries).toHaveLength(3);
  });

  it("a board page's document carries the cards of its first screen's lanes; a request for data, every lane's or those it asks for", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 60, focusAreas: ["Samverkan", "Arbetsmiljö", "Digitalt stöd", "Kompetens"] });
    const cookie = await cookieFor(test.db, fixture.person.id);
    type BoardBody = { board: { cards: Array<{ id: string; focusAreaId: string; dueOn: string | null }>; focusAreas: Array<{ id: string }>; lanesWithCards: string[] | null }; dueDates: Record<string, string> };
    const PAGE = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    const load = async (accept: string, search = "", params: Record<string, string> = {}) => {
      const request = buildRequest(`/plans/${fixture.planId}${search}`, { cookie });
      request.headers.set("Accept", accept);
      test.queries.length = 0;
      const result = await callRoute(boardLoader, request, { planId: fixture.planId, ...params }, loadContext(test.db));
      expect(result.status).toBe(200);
      expect(test.queries).toHaveLength(3);
      return result.body as BoardBody;
    };
    const page = await load(PAGE);
    const data = await load("*/*");
    const lanes = page.board.focusAreas.map((area) => area.id);
    const firstLanes = lanes.slice(0, 2);
    expect(page.board.lanesWithCards).toEqual(firstLanes);
    expect(new Set(page.board.cards.map((card) => card.focusAreaId))).toEqual(new Set(firstLanes));
    expect(data.board.lanesWithCards).toBeNull();
    expect(new Set(data.board.cards.map((card) => card.focusAreaId))).toEqual(new Set(lanes));
    // The document's cards are the data's, lane for lane, and its due dates are those of its cards.
    expect(page.board.cards).toEqual(data.board.cards.filter((card) => firstLanes.includes(card.focusAreaId)));
    expect(Object.keys(page.dueDates).sort()).toEqual([...new Set(page.board.cards.flatMap((card) => (card.dueOn ? [card.dueOn] : [])))].sort());

    // The board's read after the page: the other lanes' cards, and no more.
    const rest = await load("*/*", `?skip=${firstLanes.join(",")}`);
    expect(rest.board.cards).toEqual(data.board.cards.filter((card) => !firstLanes.includes(card.focusAreaId)));
    expect(Object.keys(rest.dueDates).sort()).toEqual([...new Set(rest.board.cards.flatMap((card) => (card.dueOn ? [card.dueOn] : [])))].sort());

    // A card shown in a panel over the page: the page carries every lane down to the card's.
    const inLastLane = data.board.cards.find((card) => card.focusAreaId === lanes[3]);
    expect(inLastLane).toBeDefined();
    const withPanel = await load(PAGE, "", { assignmentId: inLastLane!.id });
    expect(withPanel.board.lanesWithCards).toBeNull();
    expect(withPanel.board.cards).toEqual(data.board.cards);
  });

  it("a board refuses lanes to skip that are not focus areas' ids, with a 400 and nothing read", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 4 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    for (const skip of ["not-an-id", `${fixture.focusAreas[0]!.id},`, "1,2"]) {
      const request = buildRequest(`/plans/${fixture.planId}?skip=${encodeURIComponent(skip)}`, { cookie });
      test.queries.length = 0;
      const result = await callRoute(boardLoader, request, { planId: fixture.planId }, loadContext(test.db));
      expect(result.status).toBe(400);
      expect(test.queries.filter((query) => /assignments/.test(query))).toEqual([]);
    }
  });

  it("a board document asks who is signed in once, though the root and the board loader both need it", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 40 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    // One request: Remix gives each loader a Request of its own and both the same load context.
    const context = loadContext(test.db);
    const request = () => buildRequest(`/plans/${fixture.planId}`, { cookie });
    test.queries.length = 0;
    const [root, board] = await Promise.all([
      callRoute(rootLoader, request(), {}, context),
      callRoute(boardLoader, request(), { planId: fixture.planId }, context),
    ]);
    expect(root.status).toBe(200);
    expect(board.status).toBe(200);
    // The person, their unread notifications, and the board's two.
    expect(test.queries.filter((statement) => /(from|join) "sessions"/i.test(statement))).toHaveLength(1);
    expect(test.queries).toHaveLength(4);
  });
});

describe.each(databaseKinds)("summary requests on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("answers a malformed month, a month to come or a bad threshold with 400 and the reason", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    const ask = (query: string) =>
      callRoute(planSummaryLoader, buildRequest(`/plans/${fixture.planId}/summary?${query}`, { cookie }), { planId: fixture.planId }, loadContext(test.db));
    expect(await ask("month=2026-13")).toMatchObject({ status: 400, body: { errors: ["errors.monthInvalid"] } });
    expect(await ask("month=october")).toMatchObject({ status: 400, body: { errors: ["errors.monthInvalid"] } });
    expect(await ask("month=2999-01")).toMatchObject({ status: 400, body: { errors: ["errors.monthInFuture"] } });
    expect(await ask("stalledWeeks=0")).toMatchObject({ status: 400, body: { errors: ["errors.stalledWeeksInvalid"] } });
    expect((await ask("month=2026-10&stalledWeeks=6")).status).toBe(200);
  });

  it("publishes the monthly summaries as a valid Atom feed, one entry per month, newest first", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    await moveAssignment(test.db, strategicActor(fixture), {
      planId: fixture.planId,
      assignmentId: fixture.cards[0]!.id,
      version: 1,
      toColumnId: fixture.columns[2]!.id,
      toFocusAreaId: fixture.cards[0]!.focus_area_id,
      placement: { afterId: null },
    });
    const cookie = await cookieFor(test.db, fixture.person.id);
    const result = await callRoute(feedLoader, buildRequest(`/plans/${fixture.planId}/feed.atom`, { cookie }), { planId: fixture.planId }, loadContext(test.db));
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = String(result.body);
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    expect(feed.title).toEqual({ "#text": "Månadssammanfattningar: Testplan", "@_type": "text" });
    expect(feed.entry).toHaveLength(12);
    const thisMonth = monthOf(new Date());
    expect(feed.entry[0].id).toBe(`http://localhost/plans/${fixture.planId}/summary?month=${thisMonth}`);
    expect(feed.entry[1].id).toBe(`http://localhost/plans/${fixture.planId}/summary?month=${addMonths(thisMonth, -1)}`);
    const content = String(feed.entry[0].content["#text"] ?? feed.entry[0].content);
    expect(content).toContain("Uppdrag 1");
    expect(content).toContain("blev klart");
  });
});

describe("GET /healthz without a database", () => {
  it("answers 503 when the database does not answer", async () => {
    const unreachable = await openDatabase({ url: "postgres://postgres@127.0.0.1:9/planboard" });
    try {
      const result = await callRoute(healthLoader, buildRequest("/healthz"), {}, loadContext(unreachable));
      expect(result.status).toBe(503);
      expect(result.body).toEqual({ status: "unavailable", database: "down" });
    } finally {
      await unreachable.destroy();
    }
  });
});
