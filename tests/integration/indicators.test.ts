import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptPlan, setOffers } from "~/models/adoption.server";
import { moveAssignment } from "~/models/assignment.server";
import {
  createIndicator,
  importIndicatorCsv,
  indicatorsForPlan,
  latestChanges,
  linkIndicator,
  loadIndicator,
  recordValue,
  updateIndicator,
} from "~/models/indicator.server";
import { selectActors, toActor } from "~/models/person.server";
import { addUnit } from "~/models/unit.server";
import type { Db } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";

const TODAY = "2026-12-06";

describe.each(databaseKinds)("indicators (%s)", (kind) => {
  let database: TestDatabase;
  let db: Db;
  let fixture: Awaited<ReturnType<typeof createPlanFixture>>;
  let city: Actor;
  let northDeveloper: Actor;
  let north: { id: string };
  let south: { id: string };
  let sickLeave: { id: string };

  const actorOf = async (id: string) => toActor(await selectActors(db).where("p.id", "=", id).executeTakeFirstOrThrow());
  const person = async (name: string, unitId: string | null) => {
    const row = await db
      .insertInto("people")
      .values({ organisation_id: fixture.organisationId, name, email: `${name.replace(/\W+/g, ".")}.${Math.random().toString(36).slice(2, 8)}@test`, role: "strategic_developer", unit_id: unitId })
      .returning("id")
      .executeTakeFirstOrThrow();
    return actorOf(row.id);
  };
  const values = async (indicatorId: string) =>
    (await loadIndicator(db, indicatorId))!.values.map((value) => `${value.unitName} ${value.period} ${value.value}`);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    fixture = await createPlanFixture(db, { columns: ["Planerad", "Pågår", "Klart"], focusAreas: ["Arbetsmiljö", "Samverkan"], cards: 4 });
    const administration = await addUnit(db, fixture.organisationId, { name: "Socialförvaltningen", kind: "administration", parentId: null });
    north = await addUnit(db, fixture.organisationId, { name: "Stadsdel Norr", kind: "district", parentId: administration.id });
    south = await addUnit(db, fixture.organisationId, { name: "Stadsdel Söder", kind: "district", parentId: administration.id });
    await db.updateTable("action_plans").set({ unit_id: administration.id }).where("id", "=", fixture.planId).execute();
    city = await person("Stina Stad", administration.id);
    northDeveloper = await person("Nora Norr", north.id);
    sickLeave = await createIndicator(db, city, { name: "Korttidsfrånvaro", unitOfMeasure: "%", higherIsBetter: false, period: "month", target: 4.5 });
  });
  afterAll(() => database.close());

  it("reads a spreadsheet written the Swedish way, all of it, and corrects earlier values", async () => {
    const csv = "\uFEFFEnhet;Period;Värde\r\nStadsdel Norr;2026-09;6,5\r\nStadsdel Norr;2026-10;5,25\r\nstadsdel söder;2026-10;1 234,5\r\nStadsdel Söder;2026-11;1\u00a0000\r\n";
    expect(await importIndicatorCsv(db, city, { id: sickLeave.id, period: "month" }, csv, TODAY)).toEqual({ ok: true, written: 4 });
    expect(await values(sickLeave.id)).toEqual(["Stadsdel Norr 2026-09 6.5", "Stadsdel Norr 2026-10 5.25", "Stadsdel Söder 2026-10 1234.5", "Stadsdel Söder 2026-11 1000"]);
    // Commas between columns, a quoted decimal comma, a value corrected.
    const again = 'unit,period,value\nStadsdel Söder,2026-11,"4,75"\n';
    expect(await importIndicatorCsv(db, city, { id: sickLeave.id, period: "month" }, again, TODAY)).toEqual({ ok: true, written: 1 });
    expect((await values(sickLeave.id)).at(-1)).toBe("Stadsdel Söder 2026-11 4.75");
  });

  it("refuses a spreadsheet with any problem, naming each line and column, and writes nothing", async () => {
    const before = await values(sickLeave.id);
    const csv = [
      "enhet;period;värde",
      "Stadsdel Norr;2026-12;4,1", // fine
      "Stadsdel Norr;2026-13;4", // no such month
      "Stadsdel Norr;2027-01;4", // not yet
      "Stadsdel Norr;2026-Q3;4", // a quarter for a monthly indicator
      "Stadsdel Öst;2026-11;4", // no such unit
      "Stadsdel Norr;2026-11;1.234", // ambiguous
      "Stadsdel Norr;2026-11;fyra", // not a number
      "Stadsdel Norr;2026-12;4,2", // the same unit and period again
    ].join("\n");
    const outcome = await importIndicatorCsv(db, city, { id: sickLeave.id, period: "month" }, csv, TODAY);
    expect(outcome).toEqual({
      ok: false,
      problems: [
        { kind: "cell", line: 3, column: 2, header: "period", problem: "format" },
        { kind: "cell", line: 4, column: 2, header: "period", problem: "future" },
        { kind: "cell", line: 5, column: 2, header: "period", problem: "kind" },
        { kind: "cell", line: 6, column: 1, header: "enhet", problem: "unitUnknown" },
        { kind: "cell", line: 7, column: 3, header: "värde", problem: "ambiguous" },
        { kind: "cell", line: 8, column: 3, header: "värde", problem: "notNumber" },
        { kind: "cell", line: 9, column: 2, header: "period", problem: "duplicate" },
      ],
    });
    expect(await values(sickLeave.id)).toEqual(before);

    expect(await importIndicatorCsv(db, city, { id: sickLeave.id, period: "month" }, "enhet;månad;värde\nStadsdel Norr;2026-11;4", TODAY)).toEqual({
      ok: false,
      problems: [{ kind: "columns", found: ["enhet", "månad", "värde"] }],
    });
    expect(await importIndicatorCsv(db, city, { id: sickLeave.id, period: "month" }, "enhet;period;värde;kommentar\nStadsdel Norr;2026-11;4;x", TODAY)).toMatchObject({
      ok: false,
      problems: [{ kind: "columns" }],
    });
    expect(await importIndicatorCsv(db, city, { id: sickLeave.id, period: "month" }, "enhet;period;värde\n", TODAY)).toEqual({ ok: false, problems: [{ kind: "empty" }] });
    expect(await importIndicatorCsv(db, city, { id: sickLeave.id, period: "month" }, 'enhet;period;värde\n"Stadsdel Norr;2026-11;4', TODAY)).toEqual({ ok: false, problems: [{ kind: "unreadable" }] });
    // A district's developer records for their own district only.
    const theirs = await importIndicatorCsv(db, northDeveloper, { id: sickLeave.id, period: "month" }, "enhet;period;värde\nStadsdel Norr;2026-11;4\nStadsdel Söder;2026-11;4", TODAY);
    expect(theirs).toEqual({ ok: false, problems: [{ kind: "cell", line: 3, column: 1, header: "enhet", problem: "unitNotYours" }] });
    expect(await values(sickLeave.id)).toEqual(before);
  });

  it("records one value by form, for the units a developer acts for, and keeps the period once values exist", async () => {
    await recordValue(db, northDeveloper, sickLeave.id, { unitId: north.id, period: "2026-11", value: 5 });
    await expect(recordValue(db, northDeveloper, sickLeave.id, { unitId: south.id, period: "2026-11", value: 5 })).rejects.toMatchObject({ code: "forbidden" });
    const elsewhere = await createPlanFixture(db, { slug: `other-${Math.random().toString(36).slice(2, 8)}` });
    const foreignUnit = await addUnit(db, elsewhere.organisationId, { name: "Annanstans enhet", kind: "unit", parentId: null });
    await expect(recordValue(db, city, sickLeave.id, { unitId: foreignUnit.id, period: "2026-11", value: 5 })).rejects.toMatchObject({ code: "unit-invalid" });
    expect(await values(sickLeave.id)).toContain("Stadsdel Norr 2026-11 5");
    await expect(updateIndicator(db, city, sickLeave.id, { name: "Korttidsfrånvaro", unitOfMeasure: "%", higherIsBetter: false, period: "quarter", target: null })).rejects.toMatchObject({ code: "period-locked" });
  });

  it("shows a plan's indicators with its finished assignments, and an adopted board its own unit's values; the summary reports the latest change", async () => {
    const arbetsmiljo = fixture.focusAreas[0]!;
    await linkIndicator(db, city, sickLeave.id, { focusAreaId: arbetsmiljo.id });
    const staffTurnover = await createIndicator(db, city, { name: "Personalomsättning", unitOfMeasure: "%", higherIsBetter: false, period: "quarter", target: null });
    await linkIndicator(db, city, staffTurnover.id, { planId: fixture.planId });
    await recordValue(db, city, staffTurnover.id, { unitId: north.id, period: "2026-Q3", value: 12 });
    await expect(linkIndicator(db, city, staffTurnover.id, { planId: (await createPlanFixture(db)).planId })).rejects.toMatchObject({ code: "link-invalid" });

    const card = fixture.cards[0]!;
    const version = (await db.selectFrom("assignments").select("version").where("id", "=", card.id).executeTakeFirstOrThrow()).version;
    await moveAssignment(db, city, { planId: fixture.planId, assignmentId: card.id, version, toColumnId: fixture.columns[2]!.id, toFocusAreaId: card.focus_area_id, placement: { afterId: null } });
    const thisMonth = new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" }).slice(0, 7);

    const series = await indicatorsForPlan(db, fixture.planId);
    expect(series.map((indicator) => [indicator.name, indicator.focusAreas])).toEqual([
      ["Korttidsfrånvaro", ["Arbetsmiljö"]],
      ["Personalomsättning", []],
    ]);
    const sick = series[0]!;
    expect(sick.units.map((unit) => unit.name)).toEqual(["Stadsdel Norr", "Stadsdel Söder"]);
    expect(sick.milestones[thisMonth]).toEqual([card.title]);
    expect(sick.periods).toContain(thisMonth);

    const summary = latestChanges(series, "2026-11");
    expect(summary).toContainEqual(
      expect.objectContaining({ indicator: "Korttidsfrånvaro", unit: "Stadsdel Norr", period: "2026-11", value: 5, previousPeriod: "2026-10", change: -0.25, better: true }),
    );
    expect(summary).toContainEqual(expect.objectContaining({ indicator: "Korttidsfrånvaro", unit: "Stadsdel Söder", period: "2026-11", value: 4.75, change: 4.75 - 1234.5, better: true }));
    expect(summary).toContainEqual(expect.objectContaining({ indicator: "Personalomsättning", unit: "Stadsdel Norr", period: "2026-Q3", change: null, better: null }));
    expect(latestChanges(series, "2026-09").filter((row) => row.indicator === "Korttidsfrånvaro")).toEqual([
      expect.objectContaining({ unit: "Stadsdel Norr", period: "2026-09", change: null }),
    ]);

    // Norr adopts the plan: its board follows the same indicators, with Norr's values only.
    await setOffers(db, city, fixture.planId, [north.id]);
    const adopted = await adoptPlan(db, northDeveloper, fixture.planId, north.id, { title: "Norr", focusAreaIds: [arbetsmiljo.id], assignmentIds: [] });
    const local = await indicatorsForPlan(db, adopted.id);
    expect(local.map((indicator) => indicator.name)).toEqual(["Korttidsfrånvaro", "Personalomsättning"]);
    expect(local.flatMap((indicator) => indicator.units.map((unit) => unit.name))).toEqual(["Stadsdel Norr", "Stadsdel Norr"]);
  });
});
