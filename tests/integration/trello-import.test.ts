import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPlan } from "~/models/export.server";
import { summaryRows, timeInColumns } from "~/models/flow.server";
import { loader as assignmentsCsvLoader } from "~/routes/plans.$planId_.assignments[.]csv";
import sv from "~/locales/sv";
import { importWords, plansImportedFrom, writeImportedPlan } from "~/models/plan-import.server";
import { defaultTrelloMapping, planTrelloImport, readTrelloExport, type ImportWords, type TrelloMapping } from "~/models/trello-import.server";
import type { TrelloBoard } from "~/schemas/trello.server";
import { generateTrelloBoard } from "../support/trello-export";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";
import { buildRequest, cookieFor, loadContext } from "./support/requests";

const WORDS: ImportWords = importWords(sv);
const IMPORTED_AT = new Date("2026-12-01T12:00:00.000Z");
const fixtureText = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/trello/${name}`, import.meta.url)), "utf8");

function read(text: string): TrelloBoard {
  const result = readTrelloExport(text);
  if (!result.ok) throw new Error(`not read: ${JSON.stringify(result.error)}`);
  return result.board;
}

describe("reading an export", () => {
  it.each([
    ["not-json.txt", { code: "not-json", line: 1, column: 1 }],
    ["truncated.json", { code: "truncated" }],
    ["card-export.json", { code: "other-shape", shape: "trello-card" }],
    ["wekan-export.json", { code: "other-shape", shape: "wekan" }],
    ["planka-export.json", { code: "other-shape", shape: "planka" }],
    ["bad-dates.json", { code: "invalid", path: "cards[0].due", problem: "date" }],
    ["duplicate-ids.json", { code: "invalid", path: "lists[2].id", problem: "duplicate-id" }],
  ])("refuses %s, saying what is wrong and where", (file, error) => {
    expect(readTrelloExport(fixtureText(file))).toEqual({ ok: false, error });
  });

  it("refuses JSON that is no board, and a board without its cards", () => {
    expect(readTrelloExport("[1, 2]")).toEqual({ ok: false, error: { code: "other-shape", shape: "unknown" } });
    const { cards: _cards, ...withoutCards } = JSON.parse(fixtureText("minimal.json"));
    expect(readTrelloExport(JSON.stringify(withoutCards))).toEqual({ ok: false, error: { code: "other-shape", shape: "unknown" } });
    const board = JSON.parse(fixtureText("minimal.json"));
    board.cards[1].idList = 42;
    expect(readTrelloExport(JSON.stringify(board))).toEqual({ ok: false, error: { code: "invalid", path: "cards[1].idList", problem: "type" } });
  });
});

describe("planning an export", () => {
  const plan = (file: string, change: Partial<TrelloMapping> = {}, people: Array<{ id: string; name: string; email: string }> = []) => {
    const board = read(fixtureText(file));
    return planTrelloImport(board, { ...defaultTrelloMapping(board, people), ...change }, WORDS, IMPORTED_AT);
  };
  const card = (preview: ReturnType<typeof plan>, title: string) => preview.plan.assignments.find((assignment) => assignment.title === title)!;
  const moves = (assignment: ReturnType<typeof card>) => assignment.events.map((event) => [event.kind, event.fromColumn?.name ?? null, event.toColumn?.name ?? null]);

  it("maps lists to columns, labels to focus areas and members to people by name", () => {
    const sara = { id: "00000000-0000-4000-8000-000000000001", name: "Sara Strand", email: "sara@example.test" };
    const preview = plan("minimal.json", {}, [sara]);
    expect(preview.plan.columns.map((column) => [column.name, column.isDone])).toEqual([
      ["Att göra", false],
      ["Pågår", false],
      ["Uppföljning", false],
      ["Klart", true],
    ]);
    expect(preview.plan.focusAreas.map((area) => area.name)).toEqual(["Trygghet", "Digitalisering"]);
    expect(preview.members.map((member) => [member.name, member.personId])).toEqual([
      ["Sara Strand", sara.id],
      ["Greta Granlund", null],
    ]);
    const due = card(preview, "Kartlägga behov av trygghetsvandringar");
    expect(due).toMatchObject({ dueOn: "2026-03-31", description: "Underlag till nämnden i mars.", responsibleIds: [sara.id] });
    expect(preview.counts).toMatchObject({ lists: 4, openCards: 4, closedCards: 0, creations: 4, moves: 0, members: 2 });
    expect(preview.history).toEqual({ from: "2026-01-12", to: "2026-01-14", partial: false });
    expect(preview.problems).toEqual([]);
  });

  it("keeps a card's moves there and back, at Trello's dates and by Trello's people", () => {
    const journey = card(plan("moved-and-back.json"), "Ta fram rutin för orosanmälningar");
    expect(moves(journey)).toEqual([
      ["created", null, "Att göra"],
      ["moved", "Att göra", "Pågår"],
      ["moved", "Pågår", "Uppföljning"],
      ["moved", "Uppföljning", "Pågår"],
      ["moved", "Pågår", "Klart"],
    ]);
    expect(journey.events.map((event) => event.actorName)).toEqual(["Sara Strand", "Sara Strand", "Greta Granlund", "Greta Granlund", "Sara Strand"]);
    expect(journey.columnEnteredAt).toEqual(new Date("2026-02-23T15:45:20.842Z"));
    expect(moves(card(plan("moved-and-back.json"), "Uppdatera kontaktlista för jourhavande"))).toEqual([["created", null, "Att göra"]]);
  });

  it("archives the cards of closed lists, or keeps the lists as columns, as chosen", () => {
    const archived = plan("closed.json");
    expect(archived.plan.columns.map((column) => column.name)).not.toContain("Arkiv 2025");
    expect(card(archived, "Sammanställa statistik för 2025").archived).toBe(true);
    expect(card(archived, "Beställa surfplattor till hemtjänsten").events.map((event) => event.kind)).toContain("archived");
    expect(card(archived, "Revidera delegationsordningen").archived).toBe(false);
    // A card archived with its list keeps its history in that list: no move is made up for it.
    expect(moves(card(archived, "Sammanställa statistik för 2025")).map(([kind]) => kind)).toEqual(["created", "archived"]);
    expect(archived.problems.map((problem) => problem.code)).not.toContain("history-disagrees");
    const kept = plan("closed.json", { closedLists: "columns" });
    expect(kept.plan.columns.map((column) => column.name)).toContain("Arkiv 2025");
    expect(card(kept, "Sammanställa statistik för 2025")).toMatchObject({ archived: false, columnKey: kept.lists.find((list) => list.name === "Arkiv 2025")!.id });
  });

  it("reconciles references that lead nowhere and says so", () => {
    const preview = plan("missing-refs.json");
    const codes = preview.problems.map((problem) => problem.code);
    expect(codes).toEqual(expect.arrayContaining(["unknown-list-in-history", "unknown-member", "deleted-cards", "card-in-unknown-list"]));
    expect(preview.problems).toContainEqual({ code: "unknown-list-in-history", names: ["Väntar på beslut"] });
    expect(preview.problems).toContainEqual({ code: "unknown-member", names: ["Johan Lind"] });
    expect(moves(card(preview, "Revidera riktlinjer för hembesök"))).toEqual([
      ["created", null, "Att göra"],
      ["moved", "Att göra", "Väntar på beslut"],
      ["moved", "Väntar på beslut", "Klart"],
    ]);
    const byJohan = card(preview, "Inventera lokaler för mötesplats");
    expect(byJohan.comments).toEqual([expect.objectContaining({ authorName: "Johan Lind", authorPersonId: null })]);
    expect(preview.plan.assignments.map((assignment) => assignment.title)).not.toContain("Skicka enkät till brukare");
  });

  it("sorts history by date and places a card where it is now, adding the move its history lacks", () => {
    const preview = plan("out-of-order.json");
    expect(preview.problems.map((problem) => problem.code)).toEqual(expect.arrayContaining(["out-of-order", "history-disagrees"]));
    const followed = card(preview, "Följa upp placeringar i familjehem");
    expect(moves(followed)).toEqual([
      ["created", null, "Att göra"],
      ["moved", "Att göra", "Pågår"],
      ["moved", "Pågår", "Uppföljning"],
      ["moved", "Uppföljning", "Pågår"],
      ["moved", "Pågår", "Uppföljning"],
    ]);
    expect(preview.plan.columns.find((column) => column.key === followed.columnKey)!.name).toBe("Uppföljning");
    const dates = followed.events.map((event) => event.occurredAt.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
  });

  it("gives empty names a stand-in and counts them", () => {
    const preview = plan("empty-names.json");
    expect(preview.problems).toContainEqual({ code: "untitled", cards: 1, lists: 1, labels: 1, members: 1 });
    expect(preview.plan.assignments.map((assignment) => assignment.title)).toContain(WORDS.untitledCard);
    expect(preview.plan.columns.map((column) => column.name)).toContain(WORDS.untitledList);
  });

  it("puts unlabelled cards in one focus area, and a card of several labels under its first", () => {
    const none = plan("no-labels.json");
    expect(none.plan.focusAreas.map((area) => area.name)).toEqual([WORDS.unlabelled]);
    expect(plan("no-labels.json", { focusAreas: "single" }).plan.focusAreas.map((area) => area.name)).toEqual([WORDS.singleFocusArea]);
    const several = plan("multi-label.json");
    expect(several.problems).toContainEqual({ code: "several-labels", cards: 2 });
    const camera = card(several, "Digital trygghetskamera i hemtjänsten");
    expect(several.plan.focusAreas.find((area) => area.key === camera.focusAreaKey)!.name).toBe("Trygghet");
  });

  it("keeps comments as written and turns checklists into a task list in the description", () => {
    const preview = plan("comments-checklists.json");
    const signing = card(preview, "Införa digital signering av beslut");
    expect(signing.comments.map((comment) => comment.body)).toEqual([
      "**Viktigt:** inför mötet med nämnden behöver vi\n\n- underlag från enheten\n- tidsplan\n- kostnadskalkyl",
      "Test <script>alert(1)</script> och <img src=x onerror=alert(1)>",
    ]);
    expect(signing.description).toContain("### Förberedelser\n- [x] Juridisk bedömning\n- [x] Välja leverantör\n- [ ] Informera nämnden");
    expect(signing.description).toContain("### Införande\n- [x] Pilot i en enhet\n- [ ] Utbilda handläggare\n- [ ] Utvärdera piloten");
    expect(preview.counts).toMatchObject({ checklists: 2, checkItems: 6, comments: 4 });
  });

  it("takes every kind of creation Trello records, and a card without history from its id", () => {
    const preview = plan("creation-variants.json");
    expect(card(preview, "Beställa tolktjänst").events[0]).toMatchObject({ kind: "created", occurredAt: new Date("2026-01-15T13:00:00.000Z") });
    expect(card(preview, "Avvikelsehantering").events[0]).toMatchObject({ kind: "created", occurredAt: new Date("2026-01-22T14:00:00.000Z") });
    expect(card(preview, "Gammalt ärende utan historik").events).toEqual([
      expect.objectContaining({ kind: "created", occurredAt: new Date("2026-01-09T10:03:12.000Z"), actorName: WORDS.unknownPerson }),
    ]);
    expect(preview.problems).toContainEqual({ code: "missing-creation", cards: 1 });
  });
});

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

  it("reads a fixture's journey back as time in each column and as the monthly summaries of the months it happened", async () => {
    const board = read(fixtureText("moved-and-back.json"));
    const preview = planTrelloImport(board, defaultTrelloMapping(board, []), WORDS, IMPORTED_AT);
    const { planId } = await writeImportedPlan(test.db, importer, preview.plan);
    const journey = await test.db.selectFrom("assignments").where("plan_id", "=", planId).where("title", "=", "Ta fram rutin för orosanmälningar").select("id").executeTakeFirstOrThrow();
    const days = Object.fromEntries((await timeInColumns(test.db, journey.id, IMPORTED_AT)).map((time) => [time.columnName, time.calendarDays]));
    // Created 2026-01-12 08:00, moved 01-19, 02-02, back 02-09, done 02-23 (tests/fixtures/trello/README.md).
    expect(days["Att göra"]).toBeCloseTo(7.05, 1);
    expect(days["Pågår"]).toBeCloseTo(14.22 + 14.24, 1);
    expect(days["Uppföljning"]).toBeCloseTo(6.82, 1);
    const rows = await summaryRows(test.db, { organisationId, planId }, { first: "2026-01", last: "2026-02" }, 4, IMPORTED_AT);
    const of = (month: string, category: string) => rows.filter((row) => row.month === month && row.category === category).map((row) => row.title).sort();
    expect(of("2026-01", "added")).toEqual(["Ta fram rutin för orosanmälningar", "Uppdatera kontaktlista för jourhavande"]);
    expect(of("2026-01", "started")).toEqual(["Ta fram rutin för orosanmälningar"]);
    expect(of("2026-02", "finished")).toEqual(["Ta fram rutin för orosanmälningar"]);
  });

  it("carries an imported comment's author name and the plan's source in the plan's JSON export", async () => {
    const board = read(fixtureText("missing-refs.json"));
    const preview = planTrelloImport(board, defaultTrelloMapping(board, []), WORDS, IMPORTED_AT);
    const { planId } = await writeImportedPlan(test.db, importer, preview.plan);
    const { plan: exported } = (await exportPlan(test.db, planId))!.document;
    expect(exported.source).toBe(`trello:${board.id}`);
    const comments = exported.assignments.flatMap((assignment) => assignment.comments);
    expect(comments).toEqual([expect.objectContaining({ authorId: null, authorName: "Johan Lind" })]);
  });

  it("keeps imported text that would start a formula as plain text in the CSV export", async () => {
    const board = JSON.parse(fixtureText("minimal.json"));
    board.id = "5f0000000000000000000abc";
    board.cards[0].name = '=HYPERLINK("http://x","y")';
    board.cards[1].name = "+SUM(1,2)";
    const preview = planTrelloImport(read(JSON.stringify(board)), defaultTrelloMapping(read(JSON.stringify(board)), []), WORDS, IMPORTED_AT);
    const { planId } = await writeImportedPlan(test.db, importer, preview.plan);
    const request = buildRequest(`/plans/${planId}/assignments.csv`, { cookie: await cookieFor(test.db, importer.id) });
    const response = (await assignmentsCsvLoader({ request, params: { planId }, context: loadContext(test.db) })) as Response;
    const csv = await response.text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain("'+SUM(1,2)");
    expect(csv).not.toMatch(/(^|;)"?[=+]/m);
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
