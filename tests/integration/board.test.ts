import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBoard, type BoardFilter } from "~/models/board.server";
import { CARDS_PER_CELL } from "~/utils/board";
import { listPlansWithProgress } from "~/models/plan.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";

describe.each(databaseKinds)("board on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("loads a board with its columns, swimlanes and cards in order", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 12 });
    const board = await loadBoard(test.db, fixture.planId);

    expect(board?.columns.map((c) => c.name)).toEqual(["Planerad", "Pågår", "Klart"]);
    expect(board?.columns.map((c) => c.isDone)).toEqual([false, false, true]);
    expect(board?.focusAreas.map((f) => f.name)).toEqual(["Samverkan", "Arbetsmiljö"]);
    expect(board?.cards).toHaveLength(12);
    expect(board?.cards.map((c) => c.position)).toEqual([...board!.cards.map((c) => c.position)].sort());

    const first = board!.cards.find((card) => card.title === "Uppdrag 1")!;
    expect(first.group).toEqual({ id: fixture.group.id, name: "Testgruppen" });
    expect(first.responsibles).toEqual([{ id: fixture.person.id, name: "Testa Testsson" }]);
    expect(first.columnId).toBe(fixture.columns[0]!.id);
    expect(first.columnEnteredAt).toBeInstanceOf(Date);
    const second = board!.cards.find((card) => card.title === "Uppdrag 2")!;
    expect(second.group).toBeNull();
    expect(second.responsibles).toEqual([]);
  });

  it("leaves archived cards and other plans' cards off the board", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 4 });
    const other = await createPlanFixture(test.db, { cards: 3 });
    await test.db.updateTable("assignments").set({ archived_at: new Date() }).where("id", "=", fixture.cards[0]!.id).execute();

    const board = await loadBoard(test.db, fixture.planId);
    expect(board?.cards.map((c) => c.id).sort()).toEqual(fixture.cards.slice(1).map((c) => c.id).sort());
    expect(board?.cards.some((card) => other.cards.some((o) => o.id === card.id))).toBe(false);
  });

  it("answers null for an unknown or archived plan", async () => {
    expect(await loadBoard(test.db, "00000000-0000-0000-0000-000000000000")).toBeNull();
    const fixture = await createPlanFixture(test.db);
    await test.db.updateTable("action_plans").set({ archived_at: new Date() }).where("id", "=", fixture.planId).execute();
    expect(await loadBoard(test.db, fixture.planId)).toBeNull();
  });

  it("loads any board in the same two statements, sending only the first cards of each cell with exact counts", async () => {
    const small = await createPlanFixture(test.db, { cards: 3 });
    const large = await createPlanFixture(test.db, { cards: 1000, columns: ["A", "B", "C", "D", "E"], focusAreas: ["X", "Y", "Z"] });

    test.queries.length = 0;
    const smallBoard = await loadBoard(test.db, small.planId);
    const smallCount = test.queries.length;

    test.queries.length = 0;
    const largeBoard = await loadBoard(test.db, large.planId);
    const largeCount = test.queries.length;

    expect(smallBoard?.cards).toHaveLength(3);
    expect(smallCount).toBe(2);
    expect(largeCount).toBe(2);
    // 15 cells of about 67 cards each: the first CARDS_PER_CELL of each, in order.
    expect(largeBoard?.cards).toHaveLength(15 * CARDS_PER_CELL);
    expect(largeBoard?.cellCounts.reduce((sum, cell) => sum + cell.count, 0)).toBe(1000);
    const firstCell = large.cards.filter((card) => card.column_id === large.columns[0]!.id && card.focus_area_id === large.focusAreas[0]!.id);
    expect(largeBoard?.cards.filter((card) => card.columnId === large.columns[0]!.id && card.focusAreaId === large.focusAreas[0]!.id).map((card) => card.id)).toEqual(
      firstCell.slice(0, CARDS_PER_CELL).map((card) => card.id),
    );
    expect(largeBoard?.cellCounts.find((cell) => cell.columnId === large.columns[0]!.id && cell.focusAreaId === large.focusAreas[0]!.id)?.count).toBe(firstCell.length);
  });

  it("reaches every card: a cell shown in full, the cell of a linked card, and cards found by title", async () => {
    const large = await createPlanFixture(test.db, { cards: 300, columns: ["A", "B"], focusAreas: ["X"] });
    const inFirstCell = (card: { columnId: string }) => card.columnId === large.columns[0]!.id;
    const last = large.cards.filter((card) => card.column_id === large.columns[1]!.id).at(-1)!;

    const shown = await loadBoard(test.db, large.planId, { show: { columnId: large.columns[0]!.id, focusAreaId: large.focusAreas[0]!.id } });
    expect(shown?.cards.filter(inFirstCell)).toHaveLength(150);
    expect(shown?.cards.filter((card) => !inFirstCell(card))).toHaveLength(CARDS_PER_CELL);

    const linked = await loadBoard(test.db, large.planId, { cardId: last.id });
    expect(linked?.cards.map((card) => card.id)).toContain(last.id);
    expect(linked?.cards.filter(inFirstCell)).toHaveLength(CARDS_PER_CELL);

    // "Uppdrag 29" and "Uppdrag 290".."Uppdrag 299" contain "drag 29": eleven cards. Each cell shows
    // its first matches, every match is counted, and showing a cell in full shows all of its matches.
    const matching = large.cards.filter((card) => card.title.includes("drag 29"));
    const found = await loadBoard(test.db, large.planId, { filter: { query: "DRAG 29" } });
    expect(Object.values(found!.matchesByCell).reduce((sum, count) => sum + count, 0)).toBe(11);
    for (const column of large.columns) {
      const cell = { columnId: column.id, focusAreaId: large.focusAreas[0]!.id };
      const matchesInCell = matching.filter((card) => card.column_id === column.id);
      const shownInCell = found!.cards.filter((card) => card.columnId === column.id);
      expect(shownInCell).toHaveLength(Math.min(matchesInCell.length, CARDS_PER_CELL));
      expect(found!.matchesByCell[`${cell.columnId}|${cell.focusAreaId}`] ?? 0).toBe(matchesInCell.length);
      const inFull = await loadBoard(test.db, large.planId, { filter: { query: "DRAG 29" }, show: cell });
      expect(inFull!.cards.filter((card) => card.columnId === column.id).map((card) => card.title).sort()).toEqual(
        matchesInCell.map((card) => card.title).sort(),
      );
    }
    // Counts stay those of the whole board.
    expect(found?.cellCounts.reduce((sum, cell) => sum + cell.count, 0)).toBe(300);
  });

  it("names the lane of the cell it opens, shown with its cards however far down the board it is", async () => {
    const plan = await createPlanFixture(test.db, { cards: 30, columns: ["A", "B"], focusAreas: ["X", "Y", "Z"] });
    const lastLane = plan.focusAreas[2]!.id;
    const inLastLane = plan.cards.find((card) => card.focus_area_id === lastLane)!;

    expect((await loadBoard(test.db, plan.planId))?.openLane).toBeNull();
    expect((await loadBoard(test.db, plan.planId, { show: { columnId: plan.columns[1]!.id, focusAreaId: lastLane } }))?.openLane).toBe(lastLane);
    expect((await loadBoard(test.db, plan.planId, { cardId: inLastLane.id }))?.openLane).toBe(lastLane);
    // A linked card the filter leaves out still opens its cell, to the cards that pass.
    expect((await loadBoard(test.db, plan.planId, { cardId: inLastLane.id, filter: { query: "no card is called this" } }))?.openLane).toBe(lastLane);
    expect((await loadBoard(test.db, plan.planId, { cardId: crypto.randomUUID() }))?.openLane).toBeNull();
  });

  it("reads the cards of the lanes chosen from the plan, told the lanes of an opened cell and of a card in a panel", async () => {
    const plan = await createPlanFixture(test.db, { cards: 30, columns: ["A", "B"], focusAreas: ["X", "Y", "Z"] });
    const [x, y, z] = plan.focusAreas.map((area) => area.id) as [string, string, string];
    const inLastLane = plan.cards.find((card) => card.focus_area_id === z)!;
    const whole = (await loadBoard(test.db, plan.planId))!;
    expect(whole.lanesWithCards).toBeNull();

    const told: unknown[] = [];
    test.queries.length = 0;
    const chosen = await loadBoard(test.db, plan.planId, {
      show: { columnId: plan.columns[0]!.id, focusAreaId: y },
      panelCardId: inLastLane.id,
      lanes: (facts) => {
        told.push(facts);
        return [x, z];
      },
    });
    expect(test.queries).toHaveLength(2);
    expect(told).toEqual([expect.objectContaining({ focusAreas: whole.focusAreas, cellCounts: whole.cellCounts, openLane: y, panelLane: z })]);
    expect(chosen!.lanesWithCards).toEqual([x, z]);
    expect(chosen!.cards).toEqual(whole.cards.filter((card) => card.focusAreaId !== y));
    // The counts are the whole board's, whatever lanes' cards are read.
    expect(chosen!.cellCounts).toEqual(whole.cellCounts);
    // A card of another plan is no panel of this one.
    const other = await createPlanFixture(test.db, { cards: 1 });
    await loadBoard(test.db, plan.planId, { panelCardId: other.cards[0]!.id, lanes: (facts) => (told.push(facts.panelLane), null) });
    expect(told.at(-1)).toBeNull();
  });

  it("narrows the board by group, person, focus area, due date and 'mine', all in the same two statements", async () => {
    // Card i (0-based) sits in column i % 3 (the third is done) and focus area i % 2; the group
    // carries the even ones; the fixture's person is responsible for every third.
    const fixture = await createPlanFixture(test.db, { cards: 12 });
    const ids = (indexes: number[]) => indexes.map((index) => fixture.cards[index]!.id).sort();
    const shownIds = (board: Awaited<ReturnType<typeof loadBoard>>) => board!.cards.map((card) => card.id).sort();
    const setDue = (index: number, dueOn: string) =>
      test.db.updateTable("assignments").set({ due_on: dueOn }).where("id", "=", fixture.cards[index]!.id).execute();
    await setDue(1, "2026-01-10"); // in progress, long past
    await setDue(2, "2026-01-10"); // done: never overdue
    await setDue(4, "2026-03-20"); // in progress, due this month
    await setDue(5, "2026-04-01"); // done, next month
    const member = await test.db
      .insertInto("people")
      .values({ organisation_id: fixture.organisationId, name: "Mia Medlem", email: `mia-${fixture.planId}@test`, role: "staff" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await test.db.insertInto("group_memberships").values({ group_id: fixture.group.id, person_id: member.id }).execute();
    const today = "2026-03-15";
    const load = (filter: BoardFilter) =>
      loadBoard(test.db, fixture.planId, { filter: { today, ...filter } });

    expect(shownIds(await load({ groupId: fixture.group.id }))).toEqual(ids([0, 2, 4, 6, 8, 10]));
    expect(shownIds(await load({ groupId: "none" }))).toEqual(ids([1, 3, 5, 7, 9, 11]));
    expect(shownIds(await load({ personId: fixture.person.id }))).toEqual(ids([0, 3, 6, 9]));
    expect(shownIds(await load({ focusAreaId: fixture.focusAreas[1]!.id }))).toEqual(ids([1, 3, 5, 7, 9, 11]));
    expect(shownIds(await load({ due: "overdue" }))).toEqual(ids([1]));
    expect(shownIds(await load({ due: "month" }))).toEqual(ids([4]));
    expect(shownIds(await load({ mineOf: member.id }))).toEqual(ids([0, 2, 4, 6, 8, 10]));
    expect(shownIds(await load({ mineOf: fixture.person.id }))).toEqual(ids([0, 3, 6, 9]));

    test.queries.length = 0;
    const both = await load({ groupId: fixture.group.id, personId: fixture.person.id, query: "uppdrag" });
    expect(test.queries).toHaveLength(2);
    expect(shownIds(both)).toEqual(ids([0, 6]));
    expect(Object.values(both!.matchesByCell).reduce((sum, count) => sum + count, 0)).toBe(2);
    // What the filter offers: the groups and people that the plan's open cards have.
    expect(both!.groups).toEqual([{ id: fixture.group.id, name: "Testgruppen" }]);
    expect(both!.people).toEqual([{ id: fixture.person.id, name: "Testa Testsson" }]);
  });

  it("counts each card's comments", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const commented = fixture.cards[0]!.id;
    await test.db
      .insertInto("comments")
      .values([1, 2].map((n) => ({ assignment_id: commented, author_id: fixture.person.id, body: `Kommentar ${n}` })))
      .execute();
    const board = await loadBoard(test.db, fixture.planId);
    expect(board!.cards.map((card) => [card.id, card.commentCount])).toEqual(
      expect.arrayContaining([
        [commented, 2],
        [fixture.cards[1]!.id, 0],
      ]),
    );
  });

  it("counts each plan's open cards per column in one statement", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 7 });
    await test.db.updateTable("assignments").set({ archived_at: new Date() }).where("id", "=", fixture.cards[0]!.id).execute();

    test.queries.length = 0;
    const plans = await listPlansWithProgress(test.db, fixture.organisationId);
    expect(test.queries).toHaveLength(1);

    expect(plans.map((p) => p.id)).toEqual([fixture.planId]);
    const plan = plans[0];
    // Cards 1..7 go round-robin over three columns; card 1 (column one) is archived.
    expect(plan?.columns.map((c) => [c.name, c.cardCount])).toEqual([
      ["Planerad", 2],
      ["Pågår", 2],
      ["Klart", 2],
    ]);
  });
});
