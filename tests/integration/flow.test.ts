import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cumulativeFlow, leadAndCycleTimes, summaryRows, timeInColumnDistribution, timeInColumns } from "~/models/flow.server";
import type { EventKind } from "../../db/schema";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture, type Fixture } from "./support/fixtures";

// October 2026 in Stockholm is UTC+2: 08:00 there is 06:00Z. 2026-10-05 is a Monday.
const at = (day: string, time = "06:00") => new Date(`2026-10-${day}T${time}:00Z`);
const on = (date: string) => new Date(`2026-${date}T10:00:00Z`);

async function writeHistory(
  test: TestDatabase,
  fixture: Fixture,
  assignmentId: string,
  events: Array<{ kind: EventKind; from?: number; to?: number; at: Date }>,
) {
  const column = (index: number | undefined) => (index === undefined ? undefined : fixture.columns[index]!);
  await test.db
    .insertInto("assignment_events")
    .values(
      events.map((event, index) => ({
        assignment_id: assignmentId,
        plan_id: fixture.planId,
        actor_id: fixture.person.id,
        actor_name: fixture.person.name,
        kind: event.kind,
        version: index + 1,
        from_column_id: column(event.from)?.id ?? null,
        from_column_name: column(event.from)?.name ?? null,
        to_column_id: column(event.to)?.id ?? null,
        to_column_name: column(event.to)?.name ?? null,
        occurred_at: event.at,
      })),
    )
    .execute();
}

describe.each(databaseKinds)("flow over history on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("sums time per column in calendar and working days: moved back, archived, restored and renamed", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1, columns: ["Planerad", "Pågår", "Klart"] });
    const card = fixture.cards[0]!;
    await writeHistory(test, fixture, card.id, [
      { kind: "created", to: 0, at: at("05") }, // Mon 08:00 in Planerad
      { kind: "moved", from: 0, to: 1, at: at("07") }, // Wed 08:00 to Pågår: 2 days, 2 working days
      { kind: "moved", from: 1, to: 0, at: at("12") }, // Mon 08:00 back: Pågår 5 days, 3 working days
      { kind: "archived", from: 0, to: 0, at: at("14") }, // Wed 08:00: Planerad +2 days, +2 working days
      { kind: "restored", from: 0, to: 0, at: at("16") }, // Fri 08:00: archived time counts nowhere
    ]);
    await test.db.updateTable("board_columns").set({ name: "Att göra" }).where("id", "=", fixture.columns[0]!.id).execute();

    const times = await timeInColumns(test.db, card.id, at("19")); // Mon 08:00: Planerad +3 days, +1 working day
    expect(times.map((t) => t.columnName)).toEqual(["Att göra", "Pågår"]);
    expect(times[0]!.calendarDays).toBeCloseTo(7, 6);
    expect(times[0]!.workingDays).toBeCloseTo(5, 6);
    expect(times[1]!.calendarDays).toBeCloseTo(5, 6);
    expect(times[1]!.workingDays).toBeCloseTo(3, 6);
  });

  it("keeps a removed column's time under the name it had", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1, columns: ["Planerad", "Väntar", "Klart"] });
    const card = fixture.cards[0]!;
    await writeHistory(test, fixture, card.id, [
      { kind: "created", to: 1, at: at("05") },
      { kind: "moved", from: 1, to: 2, at: at("06") },
    ]);
    await test.db.deleteFrom("board_columns").where("id", "=", fixture.columns[1]!.id).execute();
    const times = await timeInColumns(test.db, card.id, at("06", "18:00"));
    expect(times).toEqual([
      { columnId: null, columnName: "Väntar", calendarDays: expect.closeTo(1, 6), workingDays: expect.closeTo(1, 6) },
      { columnId: fixture.columns[2]!.id, columnName: "Klart", calendarDays: expect.closeTo(0.5, 6), workingDays: expect.closeTo(0.5, 6) },
    ]);
  });

  it("summarises months: added, started, moved, finished, archived and stalled cards", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 4, columns: ["Planerad", "Pågår", "Klart"] });
    const [c1, c2, c3, c4] = fixture.cards.map((card) => card.id) as [string, string, string, string];
    await writeHistory(test, fixture, c1, [
      { kind: "created", to: 0, at: on("09-10") },
      { kind: "moved", from: 0, to: 1, at: on("10-05") },
      { kind: "moved", from: 1, to: 2, at: on("10-20") },
    ]);
    await writeHistory(test, fixture, c2, [{ kind: "created", to: 0, at: on("10-02") }]);
    await writeHistory(test, fixture, c3, [
      { kind: "created", to: 0, at: on("08-01") },
      { kind: "moved", from: 0, to: 1, at: on("08-05") },
      { kind: "archived", from: 1, to: 1, at: on("11-03") },
    ]);
    await writeHistory(test, fixture, c4, [{ kind: "created", to: 0, at: on("10-30") }]);

    test.queries.length = 0;
    const rows = await summaryRows(
      test.db,
      { organisationId: fixture.organisationId, planId: fixture.planId },
      { first: "2026-10", last: "2026-11" },
      4,
      on("11-10"),
    );
    expect(test.queries).toHaveLength(1);
    const listed = (month: string, category: string) =>
      rows
        .filter((row) => row.month === month && row.category === category)
        .map((row) => row.assignmentId)
        .sort();
    expect(listed("2026-10", "added")).toEqual([c2, c4].sort());
    expect(listed("2026-10", "started")).toEqual([c1]);
    expect(listed("2026-10", "moved")).toEqual([c1]);
    expect(listed("2026-10", "finished")).toEqual([c1]);
    expect(listed("2026-10", "archived")).toEqual([]);
    expect(listed("2026-10", "stalled")).toEqual([c2, c3].sort());
    expect(listed("2026-11", "archived")).toEqual([c3]);
    expect(listed("2026-11", "stalled")).toEqual([c2]);
    expect(listed("2026-11", "added")).toEqual([]);
    expect(rows.find((row) => row.assignmentId === c1)).toMatchObject({ planTitle: "Testplan", focusAreaName: "Samverkan" });
  });

  it("computes lead and cycle times with median and 85th percentile, counting the last entry into done", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 3, columns: ["Planerad", "Pågår", "Klart"] });
    const [x, y, z] = fixture.cards.map((card) => card.id) as [string, string, string];
    const done = fixture.columns[2]!.id;
    await test.db.updateTable("assignments").set({ column_id: done }).where("id", "in", [x, y]).execute();
    await writeHistory(test, fixture, x, [
      { kind: "created", to: 0, at: at("05") },
      { kind: "moved", from: 0, to: 1, at: at("07") },
      { kind: "moved", from: 1, to: 2, at: at("09") },
    ]);
    await writeHistory(test, fixture, y, [
      { kind: "created", to: 0, at: at("05") },
      { kind: "moved", from: 0, to: 2, at: at("06") },
      { kind: "moved", from: 2, to: 1, at: at("07") },
      { kind: "moved", from: 1, to: 2, at: at("12") },
    ]);
    await writeHistory(test, fixture, z, [{ kind: "created", to: 0, at: at("05") }]);

    const result = await leadAndCycleTimes(test.db, fixture.planId, { from: "2026-10-01", to: "2026-10-31" });
    expect(result.cards.map((card) => [card.assignmentId, card.leadDays, card.cycleDays])).toEqual([
      [y, expect.closeTo(7, 6), expect.closeTo(6, 6)],
      [x, expect.closeTo(4, 6), expect.closeTo(2, 6)],
    ]);
    expect(result.lead.median).toBeCloseTo(5.5, 6);
    expect(result.lead.p85).toBeCloseTo(6.55, 6);
    expect(result.cycle.median).toBeCloseTo(4, 6);
    expect(result.cycle.p85).toBeCloseTo(5.4, 6);

    const none = await leadAndCycleTimes(test.db, fixture.planId, { from: "2026-09-01", to: "2026-09-30" });
    expect(none).toEqual({ cards: [], lead: { median: null, p85: null }, cycle: { median: null, p85: null } });
  });

  it("counts cards per column at the end of each day, and how long cards stay in each column", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2, columns: ["Planerad", "Pågår", "Klart"] });
    const [x, y] = fixture.cards.map((card) => card.id) as [string, string];
    await writeHistory(test, fixture, x, [
      { kind: "created", to: 0, at: at("05") },
      { kind: "moved", from: 0, to: 1, at: at("07") },
      { kind: "moved", from: 1, to: 2, at: at("09") },
    ]);
    await writeHistory(test, fixture, y, [
      { kind: "created", to: 0, at: at("06") },
      { kind: "moved", from: 0, to: 1, at: at("10") },
    ]);
    const [planned, ongoing, done] = fixture.columns.map((column) => column.id) as [string, string, string];
    const flow = await cumulativeFlow(test.db, fixture.planId, { from: "2026-10-05", to: "2026-10-10" }, at("12"));
    const on = (day: string) =>
      Object.fromEntries(flow.filter((row) => row.day === `2026-10-${day}`).map((row) => [row.columnKey, row.count]));
    expect(on("05")).toEqual({ [planned]: 1 });
    expect(on("06")).toEqual({ [planned]: 2 });
    expect(on("07")).toEqual({ [planned]: 1, [ongoing]: 1 });
    expect(on("09")).toEqual({ [planned]: 1, [done]: 1 });
    expect(on("10")).toEqual({ [ongoing]: 1, [done]: 1 });

    const distribution = await timeInColumnDistribution(test.db, fixture.planId, { from: "2026-10-01", to: "2026-10-31" }, at("12"));
    const planning = distribution.find((row) => row.columnKey === planned)!;
    expect(planning.cards).toBe(2);
    expect(planning.median).toBeCloseTo(3, 6); // x: 2 days, y: 4 days
    expect(planning.longest).toBeCloseTo(4, 6);
  });
});
