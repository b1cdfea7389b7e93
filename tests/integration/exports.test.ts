import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { loader as assignmentsCsvLoader } from "~/routes/plans.$planId_.assignments[.]csv";
import { loader as exportJsonLoader } from "~/routes/plans.$planId_.export[.]json";
import { loader as activityFeedLoader } from "~/routes/plans.$planId_.activity[.]atom";
import { loader as summaryFeedLoader } from "~/routes/plans.$planId_.feed[.]atom";
import { loader as historyCsvLoader } from "~/routes/plans.$planId_.history[.]csv";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { buildRequest, callRoute, cookieFor, loadContext } from "./support/requests";

describe.each(databaseKinds)("exports on %s", (kind) => {
  let test: TestDatabase;
  let planId: string;
  let cookie: string;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    const plan = await test.db
      .selectFrom("action_plans")
      .innerJoin("assignments", "assignments.plan_id", "action_plans.id")
      .where("assignments.archived_at", "is not", null)
      .select("action_plans.id")
      .executeTakeFirstOrThrow();
    planId = plan.id;
    const staff = await test.db.selectFrom("people").select("id").where("email", "=", "personal@exempelby.test").executeTakeFirstOrThrow();
    cookie = await cookieFor(test.db, staff.id);
  });
  afterAll(async () => {
    await test?.close();
  });

  const download = (loader: typeof assignmentsCsvLoader, path: string) =>
    callRoute(loader, buildRequest(`/plans/${planId}/${path}`, { cookie }), { planId }, loadContext(test.db));

  it("exports assignments as Excel-friendly CSV that parses back to what the database holds", async () => {
    const result = await download(assignmentsCsvLoader, "assignments.csv?delimiter=semicolon");
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+-uppdrag\.csv"$/);
    // Response.text() drops a byte-order mark, so look at the bytes themselves.
    const raw = (await assignmentsCsvLoader({
      request: buildRequest(`/plans/${planId}/assignments.csv?delimiter=semicolon`, { cookie }),
      params: { planId },
      context: loadContext(test.db),
    })) as Response;
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(Buffer.from(bytes), { bom: true, delimiter: ";" });
    expect(records[0]).toEqual(expect.arrayContaining(["id", "Rubrik", "Kolumn", "Fokusområde", "Arbetsgrupp", "Ansvariga"]));

    const cards = await test.db
      .selectFrom("assignments as a")
      .innerJoin("board_columns as c", "c.id", "a.column_id")
      .select(["a.id", "a.title", "a.description", "c.name as column", "a.archived_at"])
      .where("a.plan_id", "=", planId)
      .execute();
    const body = records.slice(1);
    expect(body).toHaveLength(cards.length);
    expect(cards.some((card) => card.archived_at !== null)).toBe(true);
    for (const card of cards) {
      const row = body.find((record) => record[0] === card.id)!;
      expect(row[1]).toBe(card.title);
      expect(row[2]).toBe(card.column);
      expect(row.at(-1)).toBe(card.description);
    }
  });

  it("exports the history as CSV, one row per event, semicolon-separated unless commas are asked for", async () => {
    const result = await download(historyCsvLoader, "history.csv");
    const records: string[][] = parse(String(result.body), { bom: true, delimiter: ";" });
    const events = await test.db.selectFrom("assignment_events").select("id").where("plan_id", "=", planId).execute();
    expect(records.slice(1)).toHaveLength(events.length);
    expect(records[0]![3]).toBe("Händelse");
    expect(records[1]![3]).toBe("Skapat");
    const commas: string[][] = parse(String((await download(historyCsvLoader, "history.csv?delimiter=comma")).body), { bom: true, delimiter: "," });
    expect(commas).toEqual(records);
  });

  it("refuses an unknown delimiter with 400", async () => {
    const result = await download(assignmentsCsvLoader, "assignments.csv?delimiter=tab");
    expect(result).toMatchObject({ status: 400, body: { errors: ["errors.delimiterInvalid"] } });
  });

  it("exports the whole plan as versioned JSON holding every field and event", async () => {
    const result = await download(exportJsonLoader, "export.json");
    const document = result.body as {
      format: string;
      version: number;
      plan: {
        id: string;
        columns: unknown[];
        focusAreas: unknown[];
        assignments: Array<Record<string, unknown> & { id: string; responsibles: unknown[]; comments: unknown[] }>;
        events: Array<{ id: number; occurredAt: string }>;
        workingGroups: Array<{ id: string }>;
        people: Array<{ id: string }>;
      };
    };
    expect(document).toMatchObject({ format: "planboard.plan-export", version: 1, plan: { id: planId } });

    const cards = await test.db.selectFrom("assignments").selectAll().where("plan_id", "=", planId).orderBy("created_at").orderBy("id").execute();
    expect(document.plan.assignments.map((card) => card.id)).toEqual(cards.map((card) => card.id));
    for (const card of cards) {
      const exported = document.plan.assignments.find((candidate) => candidate.id === card.id)!;
      expect(exported).toMatchObject({
        title: card.title,
        description: card.description,
        columnId: card.column_id,
        focusAreaId: card.focus_area_id,
        position: card.position,
        workingGroupId: card.working_group_id,
        dueOn: card.due_on,
        version: card.version,
      });
      expect(new Date(String(exported.columnEnteredAt)).getTime()).toBe(card.column_entered_at.getTime());
      expect(exported.archivedAt === null).toBe(card.archived_at === null);
    }
    const responsibles = await test.db
      .selectFrom("assignment_responsibles as r")
      .innerJoin("assignments as a", "a.id", "r.assignment_id")
      .where("a.plan_id", "=", planId)
      .select("r.person_id")
      .execute();
    expect(document.plan.assignments.reduce((sum, card) => sum + card.responsibles.length, 0)).toBe(responsibles.length);

    const events = await test.db.selectFrom("assignment_events").select(["id", "occurred_at"]).where("plan_id", "=", planId).orderBy("occurred_at").orderBy("id").execute();
    expect(document.plan.events.map((event) => Number(event.id))).toEqual(events.map((event) => Number(event.id)));
    expect(document.plan.columns).toHaveLength(4);
    const groupIds = new Set(cards.flatMap((card) => (card.working_group_id ? [card.working_group_id] : [])));
    expect(document.plan.workingGroups.map((group) => group.id).sort()).toEqual([...groupIds].sort());
    expect(document.plan.people.length).toBeGreaterThan(0);
  });

  it("writes no cell a spreadsheet would read as a formula, in every CSV, and keeps the text readable", async () => {
    const hostile = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"];
    const cards = await test.db.selectFrom("assignments").select("id").where("plan_id", "=", planId).orderBy("id").limit(hostile.length).execute();
    for (const [index, card] of cards.entries()) {
      await test.db.updateTable("assignments").set({ title: hostile[index]! }).where("id", "=", card.id).execute();
    }
    const column = await test.db.selectFrom("board_columns").select("id").where("plan_id", "=", planId).executeTakeFirstOrThrow();
    await test.db.updateTable("board_columns").set({ name: "=cmd|' /C calc'!A0" }).where("id", "=", column.id).execute();
    await test.db.updateTable("assignment_events").set({ to_column_name: "@evil" }).where("plan_id", "=", planId).execute();

    for (const [loader, path, titleAt] of [
      [assignmentsCsvLoader, "assignments.csv?delimiter=comma", 1],
      [historyCsvLoader, "history.csv", 2],
    ] as const) {
      const result = await download(loader, path);
      const records: string[][] = parse(String(result.body), { bom: true, delimiter: path.includes("comma") ? "," : ";" });
      for (const cell of records.flat()) expect(cell, `${path}: ${JSON.stringify(cell)}`).not.toMatch(/^[=+\-@\t\r]/);
      for (const [index, card] of cards.entries()) {
        const rows = records.filter((record) => record[path.startsWith("history") ? 1 : 0] === card.id);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row[titleAt]).toBe(`'${hostile[index]}`);
      }
    }
    const assignments: string[][] = parse(String((await download(assignmentsCsvLoader, "assignments.csv")).body), { bom: true, delimiter: ";" });
    expect(assignments.some((record) => record[2] === "'=cmd|' /C calc'!A0")).toBe(true);
    const history: string[][] = parse(String((await download(historyCsvLoader, "history.csv")).body), { bom: true, delimiter: ";" });
    expect(history.slice(1).every((record) => record[6] === "'@evil")).toBe(true);
  });

  it("limits exports per person, CSV, JSON and Atom alike: 429 with Retry-After, others unaffected", async () => {
    await test.db.deleteFrom("rate_limit_hits").execute();
    const loaders = [
      [assignmentsCsvLoader, "assignments.csv"],
      [historyCsvLoader, "history.csv"],
      [exportJsonLoader, "export.json"],
      [summaryFeedLoader, "feed.atom"],
      [activityFeedLoader, "activity.atom"],
    ] as const;
    for (let index = 0; index < RATE_LIMITS.exports.perPerson; index++) {
      const [loader, path] = loaders[index % loaders.length]!;
      expect((await download(loader, path)).status, path).toBe(200);
    }
    for (const [loader, path] of loaders) {
      const refused = await download(loader, path);
      expect(refused.status, path).toBe(429);
      expect(refused.headers.get("Retry-After")).toBe(String(RATE_LIMITS.exports.windowSeconds));
    }
    const strategist = await test.db.selectFrom("people").select("id").where("email", "=", "strateg@exempelby.test").executeTakeFirstOrThrow();
    const other = await cookieFor(test.db, strategist.id);
    const allowed = await callRoute(exportJsonLoader, buildRequest(`/plans/${planId}/export.json`, { cookie: other }), { planId }, loadContext(test.db));
    expect(allowed.status).toBe(200);
    await test.db.deleteFrom("rate_limit_hits").execute();
  });
});
