import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptPlan, AdoptionError, answerCentralChange, listOpenOffers, loadCentralChanges, setOffers } from "~/models/adoption.server";
import { createAssignment, moveAssignment, updateAssignment } from "~/models/assignment.server";
import { loadCentralMatrix } from "~/models/central-view.server";
import { selectActors, toActor } from "~/models/person.server";
import { addColumn, updateFocusArea } from "~/models/plan-structure.server";
import { addUnit, listUnitTree, removeUnit, updateUnit, UnitError } from "~/models/unit.server";
import type { Db } from "~/utils/db.server";
import { liveHubFor } from "~/utils/live-events.server";
import type { Actor } from "~/utils/permissions";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";

async function actorOf(db: Db, personId: string): Promise<Actor> {
  return toActor(await selectActors(db).where("p.id", "=", personId).executeTakeFirstOrThrow());
}

async function person(db: Db, organisationId: string, name: string, role: "strategic_developer" | "staff", unitId: string | null) {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${Math.random().toString(36).slice(2, 8)}@test`;
  const row = await db
    .insertInto("people")
    .values({ organisation_id: organisationId, name, email, role, unit_id: unitId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return actorOf(db, row.id);
}

describe.each(databaseKinds)("central plans adopted locally (%s)", (kind) => {
  let database: TestDatabase;
  let db: Db;
  let fixture: Awaited<ReturnType<typeof createPlanFixture>>;
  let city: Actor;
  let north: { id: string };
  let northEast: { id: string };
  let south: { id: string };
  let west: { id: string };
  let northDeveloper: Actor;
  let southDeveloper: Actor;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    fixture = await createPlanFixture(db, { columns: ["Planerad", "Pågår", "Klart"], focusAreas: ["Samverkan", "Arbetsmiljö", "Introduktion"], cards: 6 });
    await db.updateTable("board_columns").set({ is_done: true }).where("id", "=", fixture.columns[2]!.id).execute();
    const administration = await addUnit(db, fixture.organisationId, { name: "Socialförvaltningen", kind: "administration", parentId: null });
    north = await addUnit(db, fixture.organisationId, { name: "Norr", kind: "district", parentId: administration.id });
    northEast = await addUnit(db, fixture.organisationId, { name: "Nordost", kind: "unit", parentId: north.id });
    south = await addUnit(db, fixture.organisationId, { name: "Söder", kind: "district", parentId: administration.id });
    west = await addUnit(db, fixture.organisationId, { name: "Väster", kind: "district", parentId: administration.id });
    await db.updateTable("action_plans").set({ unit_id: administration.id }).where("id", "=", fixture.planId).execute();
    city = await person(db, fixture.organisationId, "Stina Stad", "strategic_developer", administration.id);
    northDeveloper = await person(db, fixture.organisationId, "Nora Norr", "strategic_developer", north.id);
    southDeveloper = await person(db, fixture.organisationId, "Sune Söder", "strategic_developer", south.id);
  });
  afterAll(() => database.close());

  it("gives a person their unit and every unit below it, and no unit at all to a person without one", async () => {
    expect(new Set(northDeveloper.unitIds)).toEqual(new Set([north.id, northEast.id]));
    expect(city.unitIds).toHaveLength(5);
    const anywhere = await actorOf(db, fixture.person.id);
    expect(anywhere.unitIds).toBeNull();
  });

  it("keeps the unit tree whole: no unit under itself or below itself, no removal while something hangs on it", async () => {
    await expect(updateUnit(db, fixture.organisationId, north.id, { name: "Norr", kind: "district", parentId: northEast.id })).rejects.toMatchObject({ code: "parent-invalid" });
    await expect(updateUnit(db, fixture.organisationId, north.id, { name: "Norr", kind: "district", parentId: north.id })).rejects.toBeInstanceOf(UnitError);
    await expect(removeUnit(db, fixture.organisationId, north.id)).rejects.toMatchObject({ code: "in-use" });
    const spare = await addUnit(db, fixture.organisationId, { name: "Tillfällig", kind: "unit", parentId: west.id });
    await expect(removeUnit(db, fixture.organisationId, spare.id)).resolves.toEqual({ name: "Tillfällig" });
    const tree = await listUnitTree(db, fixture.organisationId);
    expect(tree.map((unit) => `${"-".repeat(unit.depth)}${unit.name}`)).toEqual(["Socialförvaltningen", "-Norr", "--Nordost", "-Söder", "-Väster"]);
    expect(tree.find((unit) => unit.name === "Norr")).toMatchObject({ people: 1, children: 1, plans: 0 });
  });

  it("lets only a developer of the plan's unit (or above) offer it, and only to their own units", async () => {
    await expect(setOffers(db, northDeveloper, fixture.planId, [north.id])).rejects.toMatchObject({ code: "forbidden" });
    await setOffers(db, city, fixture.planId, [north.id, south.id, west.id]);
    expect(await listOpenOffers(db, northDeveloper)).toEqual([expect.objectContaining({ planId: fixture.planId, unitId: north.id })]);
    // The administration's developer offered it; it waits on the districts' overviews, not on theirs.
    expect(await listOpenOffers(db, city)).toEqual([]);
  });

  it("adopts: a linked board with copies of the columns and the chosen focus areas and assignments, and a history for each", async () => {
    const samverkan = fixture.focusAreas[0]!;
    const chosenCards = fixture.cards.filter((card) => card.focus_area_id === samverkan.id).slice(0, 2);
    await expect(adoptPlan(db, southDeveloper, fixture.planId, north.id, { title: "Norr", focusAreaIds: [samverkan.id], assignmentIds: [] })).rejects.toMatchObject({ code: "forbidden" });

    const adopted = await adoptPlan(db, northDeveloper, fixture.planId, north.id, {
      title: "Planen i Norr",
      focusAreaIds: [samverkan.id],
      assignmentIds: chosenCards.map((card) => card.id),
    });
    const plan = await db.selectFrom("action_plans").selectAll().where("id", "=", adopted.id).executeTakeFirstOrThrow();
    expect(plan).toMatchObject({ central_plan_id: fixture.planId, unit_id: north.id, title: "Planen i Norr" });
    const columns = await db.selectFrom("board_columns").select(["name", "origin_id", "is_done"]).where("plan_id", "=", adopted.id).orderBy("position").execute();
    expect(columns).toEqual(fixture.columns.map((column, index) => ({ name: column.name, origin_id: column.id, is_done: index === 2 })));
    const areas = await db.selectFrom("focus_areas").select(["name", "origin_id"]).where("plan_id", "=", adopted.id).execute();
    expect(areas).toEqual([{ name: "Samverkan", origin_id: samverkan.id }]);
    const cards = await db.selectFrom("assignments").select(["id", "title", "origin_id", "column_id"]).where("plan_id", "=", adopted.id).orderBy("position").execute();
    expect(cards.map((card) => card.origin_id).sort()).toEqual(chosenCards.map((card) => card.id).sort());
    const firstColumn = await db.selectFrom("board_columns").select("id").where("plan_id", "=", adopted.id).where("origin_id", "=", fixture.columns[0]!.id).executeTakeFirstOrThrow();
    expect(new Set(cards.map((card) => card.column_id))).toEqual(new Set([firstColumn.id]));
    const history = await db.selectFrom("assignment_events").select(["assignment_id", "kind", "actor_id", "to_column_name"]).where("plan_id", "=", adopted.id).execute();
    expect(history).toHaveLength(2);
    expect(history.every((event) => event.kind === "created" && event.actor_id === northDeveloper.id && event.to_column_name === "Planerad")).toBe(true);
    // The central plan is untouched.
    const central = await db.selectFrom("assignments").select("id").where("plan_id", "=", fixture.planId).execute();
    expect(central).toHaveLength(fixture.cards.length);

    await expect(adoptPlan(db, northDeveloper, fixture.planId, north.id, { title: "Igen", focusAreaIds: [samverkan.id], assignmentIds: [] })).rejects.toMatchObject({ code: "already-adopted" });
    await expect(adoptPlan(db, northDeveloper, fixture.planId, northEast.id, { title: "Nordost", focusAreaIds: [samverkan.id], assignmentIds: [] })).rejects.toMatchObject({ code: "not-offered" });
    await expect(adoptPlan(db, southDeveloper, fixture.planId, south.id, { title: "Söder", focusAreaIds: [], assignmentIds: [] })).rejects.toMatchObject({ code: "nothing-chosen" });
    expect(await listOpenOffers(db, northDeveloper)).toEqual([]);

    // Nothing the unit passed on is offered as new; it is listed as passed on.
    const changes = await loadCentralChanges(db, adopted.id);
    expect(changes?.newFocusAreas).toEqual([]);
    expect(changes?.newAssignments).toEqual([]);
    expect(changes?.declinedFocusAreas.map((area) => area.name).sort()).toEqual(["Arbetsmiljö", "Introduktion"]);
    expect(changes?.declinedAssignments).toHaveLength(fixture.cards.length - 2);
  });

  it("offers later central changes to the adopting unit, and changes its board only as it answers", async () => {
    const adopted = await db.selectFrom("action_plans").select("id").where("central_plan_id", "=", fixture.planId).where("unit_id", "=", north.id).executeTakeFirstOrThrow();
    const samverkan = fixture.focusAreas[0]!;
    const admin = await actorOf(db, fixture.person.id);
    const added = await createAssignment(db, city, fixture.planId, { title: "Nytt centralt uppdrag", description: "", focusAreaId: samverkan.id, workingGroupId: null, dueOn: null, responsibleIds: [] });
    await updateFocusArea(db, admin, fixture.planId, samverkan.id, { name: "Samverkan med externa parter", description: "" });
    const takenCard = await db.selectFrom("assignments").select(["id", "origin_id", "title", "version"]).where("plan_id", "=", adopted.id).orderBy("position").executeTakeFirstOrThrow();
    const centralCard = await db.selectFrom("assignments").select(["id", "version", "focus_area_id"]).where("id", "=", takenCard.origin_id!).executeTakeFirstOrThrow();
    await updateAssignment(db, city, centralCard.id, centralCard.version, { title: "Ny central rubrik", description: "", focusAreaId: centralCard.focus_area_id, workingGroupId: fixture.group.id, dueOn: null, responsibleIds: [] });

    const before = await db.selectFrom("assignments").select(["id", "title"]).where("plan_id", "=", adopted.id).execute();
    const changes = (await loadCentralChanges(db, adopted.id))!;
    expect(changes.newAssignments).toEqual([expect.objectContaining({ originId: added.id, name: "Nytt centralt uppdrag", focusAreaName: "Samverkan med externa parter" })]);
    expect(changes.renamedFocusAreas).toEqual([expect.objectContaining({ originId: samverkan.id, name: "Samverkan med externa parter", previousName: "Samverkan" })]);
    expect(changes.renamedAssignments).toEqual([expect.objectContaining({ originId: centralCard.id, name: "Ny central rubrik", previousName: takenCard.title })]);
    // Offered, not forced: the board is as it was.
    expect(await db.selectFrom("focus_areas").select("name").where("plan_id", "=", adopted.id).execute()).toEqual([{ name: "Samverkan" }]);
    expect(before.find((card) => card.id === takenCard.id)?.title).toBe(takenCard.title);

    await expect(answerCentralChange(db, southDeveloper, adopted.id, { intent: "take", kind: "assignment", originId: added.id })).rejects.toMatchObject({ code: "forbidden" });
    await answerCentralChange(db, northDeveloper, adopted.id, { intent: "take", kind: "assignment", originId: added.id });
    await answerCentralChange(db, northDeveloper, adopted.id, { intent: "keep-name", kind: "focusArea", originId: samverkan.id });
    await answerCentralChange(db, northDeveloper, adopted.id, { intent: "rename", kind: "assignment", originId: centralCard.id });
    await expect(answerCentralChange(db, northDeveloper, adopted.id, { intent: "take", kind: "assignment", originId: added.id })).rejects.toMatchObject({ code: "no-change" });

    const copy = await db.selectFrom("assignments").select(["title", "origin_id"]).where("plan_id", "=", adopted.id).where("origin_id", "=", added.id).executeTakeFirst();
    expect(copy?.title).toBe("Nytt centralt uppdrag");
    expect(await db.selectFrom("focus_areas").select("name").where("plan_id", "=", adopted.id).execute()).toEqual([{ name: "Samverkan" }]);
    const renamed = await db.selectFrom("assignments").select(["title", "version"]).where("id", "=", takenCard.id).executeTakeFirstOrThrow();
    expect(renamed).toEqual({ title: "Ny central rubrik", version: takenCard.version + 1 });
    const edit = await db.selectFrom("assignment_events").select(["kind", "changes"]).where("assignment_id", "=", takenCard.id).where("kind", "=", "edited").executeTakeFirstOrThrow();
    expect(edit.changes).toEqual({ title: { from: takenCard.title, to: "Ny central rubrik" } });
    const after = (await loadCentralChanges(db, adopted.id))!;
    expect([...after.newAssignments, ...after.renamedFocusAreas, ...after.renamedAssignments]).toEqual([]);

    // Taking a passed-on assignment after all brings its focus area along.
    const introduction = fixture.focusAreas[2]!;
    const introCard = fixture.cards.find((card) => card.focus_area_id === introduction.id)!;
    await answerCentralChange(db, northDeveloper, adopted.id, { intent: "take", kind: "assignment", originId: introCard.id });
    const areas = await db.selectFrom("focus_areas").select(["name", "origin_id"]).where("plan_id", "=", adopted.id).orderBy("position").execute();
    expect(areas.map((area) => area.origin_id)).toEqual([samverkan.id, introduction.id]);
    const final = (await loadCentralChanges(db, adopted.id))!;
    expect(final.declinedFocusAreas.map((area) => area.name)).toEqual(["Arbetsmiljö"]);
  });

  it("counts the central view per focus area, unit and central column, 'not adopted' included, in two statements at any size", async () => {
    const matrixOf = async () => {
      // The events of the moves below go out after them, in statements that are not the view's.
      await liveHubFor(db).sent(5_000);
      database.queries.length = 0;
      const matrix = (await loadCentralMatrix(db, fixture.planId))!;
      return { matrix, statements: database.queries.length };
    };
    const samverkan = fixture.focusAreas[0]!;
    const arbetsmiljo = fixture.focusAreas[1]!;
    const southPlan = await adoptPlan(db, southDeveloper, fixture.planId, south.id, {
      title: "Söder",
      focusAreaIds: [samverkan.id, arbetsmiljo.id],
      assignmentIds: fixture.cards.filter((card) => card.focus_area_id === arbetsmiljo.id).map((card) => card.id),
    });
    const small = await matrixOf();
    expect(small.statements).toBe(2);
    expect(small.matrix.units.map((unit) => unit.name)).toEqual(["Norr", "Söder", "Väster"]);

    // Söder adds a column of its own between Pågår and Klart, and moves a card there: it counts as Pågår.
    const own = await addColumn(db, southDeveloper, southPlan.id, { name: "Väntar på beslut" });
    const southColumns = await db.selectFrom("board_columns").select(["id", "name", "position"]).where("plan_id", "=", southPlan.id).orderBy("position").execute();
    const [planned, ongoing, done] = ["Planerad", "Pågår", "Klart"].map((name) => southColumns.find((column) => column.name === name)!);
    await db.updateTable("board_columns").set({ position: `${ongoing!.position}V` }).where("id", "=", own.id).execute();
    const southCards = await db.selectFrom("assignments").select(["id", "version", "focus_area_id"]).where("plan_id", "=", southPlan.id).orderBy("position").execute();
    expect(southCards.length).toBeGreaterThanOrEqual(2);
    await moveAssignment(db, southDeveloper, { planId: southPlan.id, assignmentId: southCards[0]!.id, version: southCards[0]!.version, toColumnId: own.id, toFocusAreaId: southCards[0]!.focus_area_id, placement: { afterId: null } });
    await moveAssignment(db, southDeveloper, { planId: southPlan.id, assignmentId: southCards[1]!.id, version: southCards[1]!.version, toColumnId: done!.id, toFocusAreaId: southCards[1]!.focus_area_id, placement: { afterId: null } });
    expect(planned).toBeDefined();

    const { matrix, statements } = await matrixOf();
    expect(statements).toBe(2);
    const cell = (area: string | null, unit: string) => {
      const row = matrix.rows.find((candidate) => candidate.name === area)!;
      return row.cells[matrix.units.findIndex((candidate) => candidate.name === unit)]!;
    };
    const southTotal = southCards.length;
    expect(cell("Arbetsmiljö", "Söder").counts).toEqual([southTotal - 2, 1, 1]);
    expect(cell("Arbetsmiljö", "Söder").href).toMatch(new RegExp(`^/plans/${southPlan.id}\\?area=`));
    expect(cell("Samverkan med externa parter", "Söder").counts).toEqual([0, 0, 0]);
    expect(cell("Arbetsmiljö", "Norr").counts).toBeNull();
    expect(cell("Samverkan med externa parter", "Norr").counts).toEqual([3, 0, 0]);
    expect(cell("Introduktion", "Norr").counts).toEqual([1, 0, 0]);
    expect(cell("Samverkan med externa parter", "Väster").counts).toBeNull();
    expect(cell("Samverkan med externa parter", "Väster").href).toBeNull();
    expect(cell(null, "Söder").counts).toEqual([0, 0, 0]);

    // Many more cards on an adopted board: still two statements.
    const areaId = (await db.selectFrom("focus_areas").select("id").where("plan_id", "=", southPlan.id).where("origin_id", "=", samverkan.id).executeTakeFirstOrThrow()).id;
    for (let index = 0; index < 40; index++) {
      await createAssignment(db, southDeveloper, southPlan.id, { title: `Eget ${index}`, description: "", focusAreaId: areaId, workingGroupId: null, dueOn: null, responsibleIds: [] });
    }
    const large = await matrixOf();
    expect(large.statements).toBe(2);
    const grown = large.matrix.rows.find((row) => row.name === "Samverkan med externa parter")!.cells[1]!;
    expect(grown.counts).toEqual([40, 0, 0]);
  });

  it("refuses to offer an adopted board on, and refuses another unit's developer its structure", async () => {
    const adopted = await db.selectFrom("action_plans").select("id").where("central_plan_id", "=", fixture.planId).where("unit_id", "=", north.id).executeTakeFirstOrThrow();
    await expect(setOffers(db, northDeveloper, adopted.id, [north.id])).rejects.toBeInstanceOf(AdoptionError);
    await expect(addColumn(db, southDeveloper, adopted.id, { name: "Söders kolumn" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
