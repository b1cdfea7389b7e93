import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timeInColumns } from "~/models/flow.server";
import { plansImportedFrom, writeImportedPlan } from "~/models/plan-import.server";
import { defaultTrelloMapping, planTrelloImport, readTrelloExport, type ImportWords, type TrelloMapping } from "~/models/trello-import.server";
import type { TrelloBoard } from "~/schemas/trello.server";
import { generateTrelloBoard } from "../support/trello-export";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";

const WORDS: ImportWords = {
  untitledBoard: "Namnlös tavla",
  untitledCard: "Namnlöst kort",
  untitledList: "Namnlös lista",
  unlabelled: "Utan etikett",
  unknownPerson: "Okänd",
  singleFocusArea: "Allmänt",
  checklist: "Checklista",
};
const IMPORTED_AT = new Date("2026-12-01T12:00:00.000Z");
const fixtureText = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/trello/${name}`, import.meta.url)), "utf8");

function read(text: string): TrelloBoard {
  const result = readTrelloExport(text);
  if (!result.ok) throw new Error(`not read: ${JSON.stringify(result.error)}`);
  return result.board;
}

describe("a generated board of 10,000 cards", () => {
  it("is read and planned whole, its history partial when Trello's cap is reached", () => {
    const board = read(JSON.stringify(generateTrelloBoard({ cards: 10_000, moves: 1000 })));
    const preview = planTrelloImport(board, defaultTrelloMapping(board, []), WORDS, IMPORTED_AT);
    expect(preview.counts).toMatchObject({ openCards: 9800, closedCards: 200, moves: 1000, creations: 0, lists: 4, labels: 3 });
    expect(preview.plan.assignments).toHaveLength(10_000);
    expect(preview.history.partial).toBe(true);
    expect(preview.problems.map((problem) => problem.code)).toEqual(expect.arrayContaining(["partial-history", "missing-creation"]));
    expect(preview.mapping.doneListIds).toEqual([board.lists[3]!.id]);
  });
});

describe.each(databaseKinds)("importing a Trello board on %s", (kind) => {
  let test: TestDatabase;
  let organisationId: string;
  let importer: { id: string; organisationId: string };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const fixture = await createPlanFixture(test.db);
    organisationId = fixture.organisationId;
    importer = { id: fixture.person.id, organisationId };
  });
  afterAll(() => test.close());

  it("writes the plan, its cards where Trello has them now, and their moves at Trello's dates", async () => {
    const board = read(JSON.stringify(generateTrelloBoard({ cards: 30, moves: 45 })));
    const mapping: TrelloMapping = { ...defaultTrelloMapping(board, []), focusAreas: "single" };
    const preview = planTrelloImport(board, mapping, WORDS, IMPORTED_AT);
    const { planId } = await writeImportedPlan(test.db, importer, preview.plan);

    const columns = await test.db.selectFrom("board_columns").where("plan_id", "=", planId).orderBy("position").select(["id", "name", "is_done"]).execute();
    expect(columns.map((column) => [column.name, column.is_done])).toEqual([
      ["Att göra", false],
      ["Pågår", false],
      ["Uppföljning", false],
      ["Klart", true],
    ]);
    const cards = await test.db
      .selectFrom("assignments")
      .innerJoin("board_columns as c", "c.id", "assignments.column_id")
      .where("assignments.plan_id", "=", planId)
      .select(["assignments.id", "assignments.title", "c.name as column", "assignments.archived_at", "assignments.version"])
      .execute();
    expect(cards).toHaveLength(30);
    for (const card of board.cards) {
      const imported = cards.find((row) => row.title === card.name)!;
      expect(imported.column).toBe(board.lists.find((list) => list.id === card.idList)!.name);
    }
    // Card 1 moved twice (moves 1 and 31): Att göra → Pågår → Uppföljning, an hour per move apart.
    const first = cards.find((card) => card.title === "Kort 1")!;
    const events = await test.db
      .selectFrom("assignment_events")
      .where("assignment_id", "=", first.id)
      .orderBy("occurred_at")
      .select(["kind", "from_column_name", "to_column_name", "actor_name", "occurred_at", "version"])
      .execute();
    expect(events.map((event) => [event.kind, event.from_column_name, event.to_column_name])).toEqual([
      ["created", null, "Att göra"],
      ["moved", "Att göra", "Pågår"],
      ["moved", "Pågår", "Uppföljning"],
    ]);
    expect(events.map((event) => event.version)).toEqual([1, 2, 3]);
    expect(first.version).toBe(3);
    const moves = board.actions.filter((action) => action.data.card?.id === board.cards[0]!.id).map((action) => new Date(action.date).getTime()).sort();
    expect(events.slice(1).map((event) => new Date(event.occurred_at).getTime())).toEqual(moves);
    expect(events[1]!.actor_name).toBe("Sara Strand");

    // Time in each column reads from the imported history.
    const times = await timeInColumns(test.db, first.id, IMPORTED_AT);
    const inProgress = times.find((time) => time.columnName === "Pågår")!;
    expect(inProgress.calendarDays).toBeCloseTo((moves[1]! - moves[0]!) / 86_400_000, 5);

    // Card 50 would be closed; of 30 none is: no archived card.
    expect(cards.filter((card) => card.archived_at !== null)).toHaveLength(0);
    expect(await plansImportedFrom(test.db, organisationId, `trello:${board.id}`)).toEqual([expect.objectContaining({ id: planId })]);
  });

  it("writes nothing when the write fails half-way", async () => {
    const board = read(JSON.stringify(generateTrelloBoard({ cards: 2500, moves: 10, start: new Date("2026-02-02T08:00:00.000Z") })));
    const preview = planTrelloImport(board, defaultTrelloMapping(board, []), WORDS, IMPORTED_AT);
    // A responsible person who does not exist: refused by the database after 2,000 assignments are in.
    preview.plan.assignments[2400]!.responsibleIds = ["00000000-0000-4000-8000-000000000000"];
    const progress: number[] = [];
    await expect(writeImportedPlan(test.db, importer, preview.plan, ({ written }) => progress.push(written))).rejects.toThrow();
    expect(progress).toEqual([1000, 2000, 2500]);
    expect(await plansImportedFrom(test.db, organisationId, `trello:${board.id}`)).toEqual([]);
    const orphans = await test.db.selectFrom("assignments").where("title", "=", "Kort 2400").select("id").execute();
    expect(orphans).toEqual([]);
  });
});
