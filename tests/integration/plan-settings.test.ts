import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptPlan, setOffers } from "~/models/adoption.server";
import { removeColumn } from "~/models/plan-structure.server";
import { addUnit } from "~/models/unit.server";
import { action as settingsAction, loader as settingsLoader } from "~/routes/plans.$planId_.settings/route";
import { action as newPlanAction, loader as newPlanLoader } from "~/routes/plans.new/route";
import { loader as overviewLoader } from "~/routes/plans._index/route";
import { loader as boardLoader } from "~/routes/plans.$planId/route";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { cellOrder, createPlanFixture, staffActor, strategicActor, type Fixture } from "./support/fixtures";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext } from "./support/requests";

interface ActionBody {
  form: string;
  result: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
  notice: { key: string; values?: Record<string, unknown> } | null;
}

describe.each(databaseKinds)("plan settings on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  const cookieOf = (fixture: Fixture) => cookieFor(test.db, fixture.person.id);
  const settings = async (cookie: string | null, planId: string, form: Record<string, string>) => {
    const result = await callRoute(
      settingsAction,
      buildRequest(`/plans/${planId}/settings`, { cookie, form }),
      { planId },
      loadContext(test.db),
    );
    return { ...result, body: result.body as ActionBody };
  };
  const columnsOf = (planId: string) =>
    test.db
      .selectFrom("board_columns")
      .where("plan_id", "=", planId)
      .select(["id", "name", "position", "is_done", "wip_limit"])
      .orderBy("position")
      .execute();
  const focusAreasOf = (planId: string) =>
    test.db
      .selectFrom("focus_areas")
      .where("plan_id", "=", planId)
      .select(["id", "name", "position", "description"])
      .orderBy("position")
      .execute();
  const cardsOf = (planId: string) =>
    test.db.selectFrom("assignments").where("plan_id", "=", planId).selectAll().orderBy("position").execute();

  describe("plans", () => {
    it("creates a plan with the default columns and focus area, and shows it in the overview", async () => {
      const fixture = await createPlanFixture(test.db);
      const cookie = await cookieOf(fixture);
      const unit = await test.db
        .insertInto("units")
        .values({ organisation_id: fixture.organisationId, name: "Jobbtorget", kind: "unit" })
        .returning("id")
        .executeTakeFirstOrThrow();

      const page = await callRoute(newPlanLoader, buildRequest("/plans/new", { cookie }), {}, loadContext(test.db));
      expect(page.status).toBe(200);

      const created = await callRoute(
        newPlanAction,
        buildRequest("/plans/new", {
          cookie,
          form: {
            intent: "create",
            title: "  Införa huvudhandläggare  ",
            description: "Varje invånare får en huvudhandläggare.",
            startsOn: "2026-01-01",
            endsOn: "2026-12-31",
            unitId: unit.id,
          },
        }),
        {},
        loadContext(test.db),
      );
      expect(created.status).toBe(302);
      const planId = created.location?.match(/^\/plans\/([0-9a-f-]{36})\/settings$/)?.[1];
      expect(planId).toBeDefined();

      const plan = await test.db.selectFrom("action_plans").selectAll().where("id", "=", planId!).executeTakeFirstOrThrow();
      expect(plan).toMatchObject({
        organisation_id: fixture.organisationId,
        title: "Införa huvudhandläggare",
        description: "Varje invånare får en huvudhandläggare.",
        starts_on: "2026-01-01",
        ends_on: "2026-12-31",
        unit_id: unit.id,
        created_by: fixture.person.id,
        archived_at: null,
      });
      const columns = await columnsOf(planId!);
      expect(columns.map((c) => [c.name, c.is_done])).toEqual([
        ["Planerad", false],
        ["Pågår", false],
        ["Uppföljning", false],
        ["Klart", true],
      ]);
      expect((await focusAreasOf(planId!)).map((f) => f.name)).toEqual(["Allmänt"]);

      const overview = await callRoute(overviewLoader, buildRequest("/plans", { cookie }), {}, loadContext(test.db));
      const { plans } = overview.body as { plans: Array<{ id: string }> };
      expect(plans.map((p) => p.id)).toContain(planId);
    });

    it("answers bad input with 400, field errors and the typed values, writing nothing", async () => {
      const fixture = await createPlanFixture(test.db);
      const other = await createPlanFixture(test.db);
      const foreignUnit = await test.db
        .insertInto("units")
        .values({ organisation_id: other.organisationId, name: "Annan enhet", kind: "unit" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const cookie = await cookieOf(fixture);
      const before = await databaseFingerprint(test.db);

      const created = await callRoute(
        newPlanAction,
        buildRequest("/plans/new", { cookie, form: { intent: "create", title: " ", startsOn: "2026-05-01", endsOn: "2026-04-01" } }),
        {},
        loadContext(test.db),
      );
      expect(created.status).toBe(400);
      expect(created.body).toMatchObject({
        error: { title: ["errors.required"], endsOn: ["planForm.errors.endsBeforeStart"] },
        initialValue: { startsOn: "2026-05-01", endsOn: "2026-04-01" },
      });

      const foreign = await settings(cookie, fixture.planId, {
        intent: "update-plan",
        title: "Ny titel",
        unitId: foreignUnit.id,
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.result.error).toMatchObject({ unitId: ["errors.choose"] });
      expect(foreign.body.result.initialValue).toMatchObject({ title: "Ny titel" });

      const badDate = await settings(cookie, fixture.planId, { intent: "update-plan", title: "Titel", startsOn: "1 maj" });
      expect(badDate.status).toBe(400);
      expect(badDate.body.result.error).toMatchObject({ startsOn: ["planForm.errors.dateInvalid"] });

      const badLimit = await settings(cookie, fixture.planId, {
        intent: "update-column",
        columnId: fixture.columns[0]!.id,
        name: "Planerad",
        wipLimit: "0",
      });
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.form).toBe(`update-column:${fixture.columns[0]!.id}`);
      expect(badLimit.body.result.error).toMatchObject({ wipLimit: ["settings.errors.wipLimit"] });
      expect(badLimit.body.result.initialValue).toMatchObject({ wipLimit: "0" });

      for (const form of [
        { intent: "update-column", columnId: fixture.columns[0]!.id, name: "Planerad", wipLimit: "2.5" },
        { intent: "update-column", columnId: fixture.columns[0]!.id, name: "" },
        { intent: "add-column", name: "x".repeat(81) },
        { intent: "move-column", columnId: fixture.columns[0]!.id, direction: "sideways" },
        { intent: "add-focus-area", name: "   " },
        { intent: "explode" },
      ] as Array<Record<string, string>>) {
        expect((await settings(cookie, fixture.planId, form)).status, JSON.stringify(form)).toBe(400);
      }
      expect(await databaseFingerprint(test.db)).toBe(before);
    });

    it("edits a plan's details", async () => {
      const fixture = await createPlanFixture(test.db);
      const result = await settings(await cookieOf(fixture), fixture.planId, {
        intent: "update-plan",
        title: "Skilja beslut från planering",
        description: "Beslut och planering i olika roller.",
        startsOn: "2026-02-01",
      });
      expect(result.status).toBe(200);
      expect(result.body.notice?.key).toBe("settings.notices.detailsSaved");
      const plan = await test.db.selectFrom("action_plans").selectAll().where("id", "=", fixture.planId).executeTakeFirstOrThrow();
      expect(plan).toMatchObject({
        title: "Skilja beslut från planering",
        description: "Beslut och planering i olika roller.",
        starts_on: "2026-02-01",
        ends_on: null,
        unit_id: null,
      });
    });

    it("keeps an adopted board's unit: a change of unit is refused with 409 and writes nothing, and the page shows the unit as text", async () => {
      const fixture = await createPlanFixture(test.db);
      const actor = strategicActor(fixture);
      const north = await addUnit(test.db, fixture.organisationId, { name: "Norr", kind: "district", parentId: null });
      const south = await addUnit(test.db, fixture.organisationId, { name: "Söder", kind: "district", parentId: null });
      await setOffers(test.db, actor, fixture.planId, [north.id, south.id]);
      const choice = { focusAreaIds: [fixture.focusAreas[0]!.id], assignmentIds: [] };
      const northBoard = await adoptPlan(test.db, actor, fixture.planId, north.id, { title: "Testplan i Norr", ...choice });
      await adoptPlan(test.db, actor, fixture.planId, south.id, { title: "Testplan i Söder", ...choice });
      const cookie = await cookieOf(fixture);

      const page = await callRoute(
        settingsLoader,
        buildRequest(`/plans/${northBoard.id}/settings`, { cookie }),
        { planId: northBoard.id },
        loadContext(test.db),
      );
      expect(page.status).toBe(200);
      expect((page.body as { plan: unknown }).plan).toMatchObject({ centralPlanId: fixture.planId, unitId: north.id, unitName: "Norr" });

      const before = await databaseFingerprint(test.db);
      // Söder adopted the same central plan (one adoption per unit); no unit at all is a change of unit too.
      for (const unit of [{ unitId: south.id }, {}] as Array<Record<string, string>>) {
        const refused = await settings(cookie, northBoard.id, { intent: "update-plan", title: "Flyttad", ...unit });
        expect(refused.status, JSON.stringify(unit)).toBe(409);
        expect(refused.body.result.error?.[""]).toEqual(["settings.errors.adopted-unit"]);
      }
      expect(await databaseFingerprint(test.db)).toBe(before);

      const saved = await settings(cookie, northBoard.id, { intent: "update-plan", title: "Norrs plan", unitId: north.id });
      expect(saved.status).toBe(200);
      const plan = await test.db.selectFrom("action_plans").selectAll().where("id", "=", northBoard.id).executeTakeFirstOrThrow();
      expect(plan).toMatchObject({ title: "Norrs plan", unit_id: north.id, central_plan_id: fixture.planId });
    });

    it("archives a plan: it leaves the overview and the board, its structure is frozen, and it can be restored", async () => {
      const fixture = await createPlanFixture(test.db, { cards: 3 });
      const cookie = await cookieOf(fixture);
      const overview = async () =>
        (await callRoute(overviewLoader, buildRequest("/plans", { cookie }), {}, loadContext(test.db))).body as {
          plans: Array<{ id: string }>;
          archivedPlans: Array<{ id: string }>;
        };
      const board = async () =>
        (await callRoute(boardLoader, buildRequest(`/plans/${fixture.planId}`, { cookie }), { planId: fixture.planId }, loadContext(test.db)))
          .status;

      expect((await settings(cookie, fixture.planId, { intent: "archive-plan", confirm: "yes" })).status).toBe(200);
      expect((await overview()).plans.map((p) => p.id)).not.toContain(fixture.planId);
      expect((await overview()).archivedPlans.map((p) => p.id)).toEqual([fixture.planId]);
      expect(await board()).toBe(404);

      const page = await callRoute(
        settingsLoader,
        buildRequest(`/plans/${fixture.planId}/settings`, { cookie }),
        { planId: fixture.planId },
        loadContext(test.db),
      );
      expect(page.status).toBe(200);

      const before = await databaseFingerprint(test.db);
      for (const form of [
        { intent: "archive-plan", confirm: "yes" },
        { intent: "update-plan", title: "Ändrad" },
        { intent: "add-column", name: "Ny" },
        { intent: "update-column", columnId: fixture.columns[0]!.id, name: "Ny" },
        { intent: "move-column", columnId: fixture.columns[1]!.id, direction: "up" },
        { intent: "remove-column", columnId: fixture.columns[0]!.id, targetColumnId: fixture.columns[1]!.id },
        { intent: "add-focus-area", name: "Ny" },
        { intent: "remove-focus-area", focusAreaId: fixture.focusAreas[0]!.id, targetFocusAreaId: fixture.focusAreas[1]!.id },
      ] as Array<Record<string, string>>) {
        const refused = await settings(cookie, fixture.planId, form);
        expect(refused.status, form.intent).toBe(409);
        expect(refused.body.result.error?.[""]).toEqual(["settings.errors.plan-archived"]);
      }
      expect(await databaseFingerprint(test.db)).toBe(before);

      const restored = await settings(cookie, fixture.planId, { intent: "restore-plan" });
      expect(restored.status).toBe(200);
      expect(restored.body.notice).toMatchObject({ key: "settings.notices.restored", values: { title: "Testplan" } });
      expect((await overview()).plans.map((p) => p.id)).toContain(fixture.planId);
      expect((await overview()).archivedPlans).toEqual([]);
      expect(await board()).toBe(200);
    });

    it("shows archived plans only to those who may manage plans", async () => {
      const fixture = await createPlanFixture(test.db);
      await test.db.updateTable("action_plans").set({ archived_at: new Date() }).where("id", "=", fixture.planId).execute();
      const staff = await staffActor(test.db, fixture);
      const asStaff = await callRoute(
        overviewLoader,
        buildRequest("/plans", { cookie: await cookieFor(test.db, staff.id) }),
        {},
        loadContext(test.db),
      );
      expect(asStaff.body).toMatchObject({ archivedPlans: [], managesPlans: false });
      const asStrategic = await callRoute(overviewLoader, buildRequest("/plans", { cookie: await cookieOf(fixture) }), {}, loadContext(test.db));
      expect(asStrategic.body).toMatchObject({ archivedPlans: [{ id: fixture.planId, title: "Testplan" }], managesPlans: true });
    });
  });

  describe("columns", () => {
    it("adds, renames and reorders columns; a move gives the moved column one new key and touches no other", async () => {
      const fixture = await createPlanFixture(test.db);
      const cookie = await cookieOf(fixture);
      const added = await settings(cookie, fixture.planId, { intent: "add-column", name: " Granskning " });
      expect(added.status).toBe(200);
      expect(added.body.notice).toMatchObject({ key: "settings.column.added", values: { name: "Granskning" } });
      expect((await columnsOf(fixture.planId)).map((c) => c.name)).toEqual(["Planerad", "Pågår", "Granskning", "Klart"]);
      const review = (await columnsOf(fixture.planId))[2]!;

      const before = await columnsOf(fixture.planId);
      const moved = await settings(cookie, fixture.planId, { intent: "move-column", columnId: review.id, direction: "up" });
      expect(moved.status).toBe(200);
      expect(moved.body.notice).toMatchObject({ values: { name: "Granskning", position: 2, size: 4 } });
      const after = await columnsOf(fixture.planId);
      expect(after.map((c) => c.name)).toEqual(["Planerad", "Granskning", "Pågår", "Klart"]);
      for (const column of after.filter((c) => c.id !== review.id)) {
        expect(column.position).toBe(before.find((b) => b.id === column.id)!.position);
      }

      await settings(cookie, fixture.planId, { intent: "move-column", columnId: review.id, direction: "up" });
      expect((await columnsOf(fixture.planId)).map((c) => c.name)).toEqual(["Granskning", "Planerad", "Pågår", "Klart"]);
      // At the top already: nothing changes.
      const top = await databaseFingerprint(test.db);
      expect((await settings(cookie, fixture.planId, { intent: "move-column", columnId: review.id, direction: "up" })).status).toBe(200);
      expect(await databaseFingerprint(test.db)).toBe(top);

      await settings(cookie, fixture.planId, { intent: "move-column", columnId: review.id, direction: "down" });
      await settings(cookie, fixture.planId, { intent: "move-column", columnId: fixture.columns[2]!.id, direction: "up" });
      expect((await columnsOf(fixture.planId)).map((c) => c.name)).toEqual(["Planerad", "Granskning", "Klart", "Pågår"]);

      const renamed = await settings(cookie, fixture.planId, {
        intent: "update-column",
        columnId: review.id,
        name: "Granskas",
        wipLimit: "3",
        isDone: "on",
      });
      expect(renamed.status).toBe(200);
      expect((await columnsOf(fixture.planId)).find((c) => c.id === review.id)).toMatchObject({
        name: "Granskas",
        wip_limit: 3,
        is_done: true,
      });
      await settings(cookie, fixture.planId, { intent: "update-column", columnId: review.id, name: "Granskas" });
      expect((await columnsOf(fixture.planId)).find((c) => c.id === review.id)).toMatchObject({ wip_limit: null, is_done: false });
    });

    it("adds a new column after the last column that is not done: before the done column(s) at the end", async () => {
      const cases: { columns: string[]; done: string[]; expected: string[] }[] = [
        {
          columns: ["Planerad", "Pågår", "Klart", "Avslutat"],
          done: ["Klart", "Avslutat"],
          expected: ["Planerad", "Pågår", "Ny", "Klart", "Avslutat"],
        },
        { columns: ["Planerad", "Pågår"], done: [], expected: ["Planerad", "Pågår", "Ny"] },
        { columns: ["Klart", "Planerad", "Pågår"], done: ["Klart"], expected: ["Klart", "Planerad", "Pågår", "Ny"] },
        { columns: ["Klart", "Avslutat"], done: ["Klart", "Avslutat"], expected: ["Ny", "Klart", "Avslutat"] },
      ];
      for (const { columns, done, expected } of cases) {
        const fixture = await createPlanFixture(test.db, { columns });
        await test.db
          .updateTable("board_columns")
          .set({ is_done: false })
          .where("plan_id", "=", fixture.planId)
          .where("name", "not in", done.length ? done : ["-"])
          .execute();
        if (done.length) await test.db.updateTable("board_columns").set({ is_done: true }).where("plan_id", "=", fixture.planId).where("name", "in", done).execute();
        const added = await settings(await cookieOf(fixture), fixture.planId, { intent: "add-column", name: "Ny" });
        expect(added.status).toBe(200);
        expect((await columnsOf(fixture.planId)).map((c) => c.name), columns.join(", ")).toEqual(expected);
      }
    });

    it("refuses a column of another plan", async () => {
      const fixture = await createPlanFixture(test.db);
      const other = await createPlanFixture(test.db);
      const cookie = await cookieOf(fixture);
      const before = await databaseFingerprint(test.db);
      for (const form of [
        { intent: "update-column", columnId: other.columns[0]!.id, name: "Kapad" },
        { intent: "move-column", columnId: other.columns[1]!.id, direction: "up" },
        { intent: "remove-column", columnId: other.columns[0]!.id },
      ] as Array<Record<string, string>>) {
        const refused = await settings(cookie, fixture.planId, form);
        expect(refused.status, form.intent).toBe(404);
        expect(refused.body.result.error?.[""]).toEqual(["settings.errors.lane-not-found"]);
      }
      const wrongTarget = await settings(cookie, fixture.planId, {
        intent: "remove-column",
        columnId: fixture.columns[0]!.id,
        targetColumnId: other.columns[1]!.id,
      });
      expect(wrongTarget.status).toBe(400);
      expect(wrongTarget.body.result.error).toMatchObject({ targetColumnId: ["settings.errors.invalid-target"] });
      const itself = await settings(cookie, fixture.planId, {
        intent: "remove-column",
        columnId: fixture.columns[0]!.id,
        targetColumnId: fixture.columns[0]!.id,
      });
      expect(itself.status).toBe(400);
      expect(await databaseFingerprint(test.db)).toBe(before);
    });

    it("removes a column with cards: open and archived cards move to the chosen column, open ones after its cards, each with a history row", async () => {
      // Card i sits in column i % 3 and focus area i % 2; keys ascend with i.
      const fixture = await createPlanFixture(test.db, { cards: 12 });
      const actor = strategicActor(fixture);
      const cookie = await cookieOf(fixture);
      const [planned, ongoing] = fixture.columns;
      const [cooperation, environment] = fixture.focusAreas;
      const card = (n: number) => fixture.cards[n - 1]!; // "Uppdrag n"
      // In Pågår: Uppdrag 2 and 8 (Arbetsmiljö), 5 and 11 (Samverkan). Uppdrag 8 is archived.
      await test.db.updateTable("assignments").set({ archived_at: new Date() }).where("id", "=", card(8).id).execute();
      const before = await cardsOf(fixture.planId);
      const archivedBefore = before.find((c) => c.id === card(8).id)!;
      const cardCount = before.length;

      test.queries.length = 0;
      const result = await settings(cookie, fixture.planId, {
        intent: "remove-column",
        columnId: ongoing!.id,
        targetColumnId: planned!.id,
      });
      expect(result.status).toBe(200);
      expect(result.body.notice).toMatchObject({
        key: "settings.column.removedWithCards",
        values: { name: "Pågår", target: "Planerad", count: 4 },
      });
      // The cards, their history and the removal are written between one begin and one commit.
      const statements = test.queries.map((q) => q.trim().split(/\s+/)[0]!.toLowerCase());
      const begin = statements.indexOf("begin");
      expect(statements.slice(begin)).toEqual(["begin", "select", "select", "select", "update", "insert", "delete", "select", "commit"]);

      const after = await cardsOf(fixture.planId);
      expect(after).toHaveLength(cardCount);
      expect((await columnsOf(fixture.planId)).map((c) => c.name)).toEqual(["Planerad", "Klart"]);
      expect(after.filter((c) => c.column_id === ongoing!.id)).toEqual([]);

      const titles = async (focusAreaId: string) => {
        const order = await cellOrder(test.db, planned!.id, focusAreaId);
        return order.map((row) => after.find((c) => c.id === row.id)!.title);
      };
      expect(await titles(cooperation!.id)).toEqual(["Uppdrag 1", "Uppdrag 7", "Uppdrag 5", "Uppdrag 11"]);
      expect(await titles(environment!.id)).toEqual(["Uppdrag 4", "Uppdrag 10", "Uppdrag 2"]);

      const archivedAfter = after.find((c) => c.id === card(8).id)!;
      expect(archivedAfter).toMatchObject({ column_id: planned!.id, position: archivedBefore.position, focus_area_id: environment!.id });
      expect(archivedAfter.archived_at).not.toBeNull();

      for (const n of [2, 5, 11]) {
        const moved = after.find((c) => c.id === card(n).id)!;
        const was = before.find((c) => c.id === card(n).id)!;
        expect(moved.version).toBe(was.version + 1);
        expect(moved.column_entered_at.getTime()).toBeGreaterThan(was.column_entered_at.getTime());
      }
      const untouched = after.find((c) => c.id === card(1).id)!;
      expect(untouched).toMatchObject({ version: 1, position: before.find((c) => c.id === card(1).id)!.position });

      const events = await test.db.selectFrom("assignment_events").selectAll().where("plan_id", "=", fixture.planId).execute();
      expect(events).toHaveLength(3);
      expect(events.map((e) => e.assignment_id).sort()).toEqual([card(2).id, card(5).id, card(11).id].sort());
      const eventOf = (n: number) => events.find((e) => e.assignment_id === card(n).id)!;
      expect(eventOf(2)).toMatchObject({
        kind: "moved",
        actor_id: actor.id,
        actor_name: actor.name,
        version: 2,
        // The removed column's id is cleared with it; its name stays readable.
        from_column_id: null,
        from_column_name: "Pågår",
        to_column_id: planned!.id,
        to_column_name: "Planerad",
        from_focus_area_id: environment!.id,
        from_focus_area_name: "Arbetsmiljö",
        to_focus_area_id: environment!.id,
        to_focus_area_name: "Arbetsmiljö",
      });
      expect(eventOf(5)).toMatchObject({ from_focus_area_name: "Samverkan", to_focus_area_name: "Samverkan" });
    });

    it("refuses to remove a column that holds cards, even only archived ones, without a target, writing nothing", async () => {
      const fixture = await createPlanFixture(test.db, { cards: 3 });
      const cookie = await cookieOf(fixture);
      // Uppdrag 2 is the only card in Pågår; archive it.
      await test.db.updateTable("assignments").set({ archived_at: new Date() }).where("id", "=", fixture.cards[1]!.id).execute();
      const before = await databaseFingerprint(test.db);
      const refused = await settings(cookie, fixture.planId, { intent: "remove-column", columnId: fixture.columns[1]!.id });
      expect(refused.status).toBe(400);
      expect(refused.body.form).toBe(`remove-column:${fixture.columns[1]!.id}`);
      expect(refused.body.result.error).toMatchObject({ targetColumnId: ["settings.errors.target-required"] });
      expect(await databaseFingerprint(test.db)).toBe(before);

      const withTarget = await settings(cookie, fixture.planId, {
        intent: "remove-column",
        columnId: fixture.columns[1]!.id,
        targetColumnId: fixture.columns[2]!.id,
      });
      expect(withTarget.status).toBe(200);
      expect(await test.db.selectFrom("assignments").select("column_id").where("id", "=", fixture.cards[1]!.id).executeTakeFirstOrThrow()).toEqual({
        column_id: fixture.columns[2]!.id,
      });
      // Archived cards get no history row: they were not on the board.
      expect(await test.db.selectFrom("assignment_events").selectAll().where("plan_id", "=", fixture.planId).execute()).toEqual([]);
    });

    it("removes an empty column without asking where its cards go", async () => {
      const fixture = await createPlanFixture(test.db, { cards: 2 });
      const result = await settings(await cookieOf(fixture), fixture.planId, { intent: "remove-column", columnId: fixture.columns[2]!.id });
      expect(result.status).toBe(200);
      expect(result.body.notice).toMatchObject({ key: "settings.column.removed", values: { name: "Klart" } });
      expect((await columnsOf(fixture.planId)).map((c) => c.name)).toEqual(["Planerad", "Pågår"]);
    });

    it("keeps the last column", async () => {
      const fixture = await createPlanFixture(test.db, { columns: ["Enda"], cards: 2 });
      const cookie = await cookieOf(fixture);
      const before = await databaseFingerprint(test.db);
      const refused = await settings(cookie, fixture.planId, { intent: "remove-column", columnId: fixture.columns[0]!.id });
      expect(refused.status).toBe(409);
      expect(refused.body.result.error?.[""]).toEqual(["settings.errors.last-column"]);
      expect(await databaseFingerprint(test.db)).toBe(before);
    });

    it("removes a column in the same number of statements whatever the number of cards", async () => {
      const count = async (cards: number) => {
        const fixture = await createPlanFixture(test.db, { cards, columns: ["A", "B", "C"], focusAreas: ["X", "Y", "Z"] });
        test.queries.length = 0;
        const removed = await removeColumn(test.db, strategicActor(fixture), fixture.planId, fixture.columns[1]!.id, fixture.columns[0]!.id);
        expect(removed.openMoved).toBe(Math.floor((cards + 1) / 3));
        return test.queries.length;
      };
      const few = await count(5);
      const many = await count(900);
      expect(many).toBe(few);
    });
  });

  describe("focus areas", () => {
    it("adds, renames and reorders focus areas", async () => {
      const fixture = await createPlanFixture(test.db, { focusAreas: ["Samverkan", "Arbetsmiljö", "Kompetens"] });
      const cookie = await cookieOf(fixture);
      const added = await settings(cookie, fixture.planId, {
        intent: "add-focus-area",
        name: "Hot och våld",
        description: "Rutiner och utbildning.",
      });
      expect(added.status).toBe(200);
      const areas = await focusAreasOf(fixture.planId);
      expect(areas.map((f) => f.name)).toEqual(["Samverkan", "Arbetsmiljö", "Kompetens", "Hot och våld"]);
      expect(areas[3]!.description).toBe("Rutiner och utbildning.");

      await settings(cookie, fixture.planId, { intent: "move-focus-area", focusAreaId: fixture.focusAreas[0]!.id, direction: "down" });
      expect((await focusAreasOf(fixture.planId)).map((f) => f.name)).toEqual(["Arbetsmiljö", "Samverkan", "Kompetens", "Hot och våld"]);
      await settings(cookie, fixture.planId, { intent: "move-focus-area", focusAreaId: areas[3]!.id, direction: "up" });
      expect((await focusAreasOf(fixture.planId)).map((f) => f.name)).toEqual(["Arbetsmiljö", "Samverkan", "Hot och våld", "Kompetens"]);
      await settings(cookie, fixture.planId, { intent: "move-focus-area", focusAreaId: fixture.focusAreas[2]!.id, direction: "down" });
      expect((await focusAreasOf(fixture.planId)).map((f) => f.name)).toEqual(["Arbetsmiljö", "Samverkan", "Hot och våld", "Kompetens"]);

      const renamed = await settings(cookie, fixture.planId, {
        intent: "update-focus-area",
        focusAreaId: fixture.focusAreas[1]!.id,
        name: "Arbetssituation",
        description: "Stress och trivsel.",
      });
      expect(renamed.status).toBe(200);
      expect((await focusAreasOf(fixture.planId))[0]).toMatchObject({ name: "Arbetssituation", description: "Stress och trivsel." });
    });

    it("removes a focus area: its cards move to the chosen one in the same column, with history", async () => {
      const fixture = await createPlanFixture(test.db, { cards: 12 });
      const cookie = await cookieOf(fixture);
      const [cooperation, environment] = fixture.focusAreas;
      const before = await cardsOf(fixture.planId);

      const refused = await settings(cookie, fixture.planId, { intent: "remove-focus-area", focusAreaId: environment!.id });
      expect(refused.status).toBe(400);
      expect(refused.body.result.error).toMatchObject({ targetFocusAreaId: ["settings.errors.target-required"] });

      const result = await settings(cookie, fixture.planId, {
        intent: "remove-focus-area",
        focusAreaId: environment!.id,
        targetFocusAreaId: cooperation!.id,
      });
      expect(result.status).toBe(200);
      const after = await cardsOf(fixture.planId);
      expect(after).toHaveLength(12);
      expect(after.every((c) => c.focus_area_id === cooperation!.id)).toBe(true);
      for (const card of after) {
        const was = before.find((c) => c.id === card.id)!;
        expect(card.column_id).toBe(was.column_id);
        // Only the swimlane changed: the time in the column runs on.
        expect(card.column_entered_at.getTime()).toBe(was.column_entered_at.getTime());
      }
      for (const column of fixture.columns) {
        const order = await cellOrder(test.db, column.id, cooperation!.id);
        const previous = before.filter((c) => c.column_id === column.id);
        const expected = [
          ...previous.filter((c) => c.focus_area_id === cooperation!.id),
          ...previous.filter((c) => c.focus_area_id === environment!.id),
        ].map((c) => c.id);
        expect(order.map((row) => row.id)).toEqual(expected);
      }
      const events = await test.db.selectFrom("assignment_events").selectAll().where("plan_id", "=", fixture.planId).execute();
      expect(events).toHaveLength(6);
      expect(events[0]).toMatchObject({ kind: "moved", from_focus_area_name: "Arbetsmiljö", to_focus_area_name: "Samverkan", to_focus_area_id: cooperation!.id });
      expect(events[0]!.from_column_id).toBe(events[0]!.to_column_id);

      const last = await settings(cookie, fixture.planId, { intent: "remove-focus-area", focusAreaId: cooperation!.id });
      expect(last.status).toBe(409);
      expect(last.body.result.error?.[""]).toEqual(["settings.errors.last-focus-area"]);
    });
  });

  describe("who may", () => {
    it("answers another organisation with 404 and staff or group members with 403, writing nothing", async () => {
      const fixture = await createPlanFixture(test.db, { cards: 3 });
      const outsider = await createPlanFixture(test.db);
      const staff = await staffActor(test.db, fixture);
      const member = await staffActor(test.db, fixture, [fixture.group.id]);
      await test.db.insertInto("group_memberships").values({ group_id: fixture.group.id, person_id: member.id }).execute();
      const cookies = {
        outsider: await cookieFor(test.db, outsider.person.id),
        staff: await cookieFor(test.db, staff.id),
        member: await cookieFor(test.db, member.id),
      };
      const expected = { outsider: 404, staff: 403, member: 403 } as const;
      const forms: Array<Record<string, string>> = [
        { intent: "update-plan", title: "Kapad" },
        { intent: "archive-plan", confirm: "yes" },
        { intent: "add-column", name: "Kapad" },
        { intent: "remove-column", columnId: fixture.columns[1]!.id, targetColumnId: fixture.columns[0]!.id },
        { intent: "move-focus-area", focusAreaId: fixture.focusAreas[0]!.id, direction: "down" },
      ];
      const before = await databaseFingerprint(test.db);
      for (const who of ["outsider", "staff", "member"] as const) {
        const page = await callRoute(
          settingsLoader,
          buildRequest(`/plans/${fixture.planId}/settings`, { cookie: cookies[who] }),
          { planId: fixture.planId },
          loadContext(test.db),
        );
        expect(page.status, who).toBe(expected[who]);
        for (const form of forms) {
          expect((await settings(cookies[who], fixture.planId, form)).status, `${who} ${form.intent}`).toBe(expected[who]);
        }
      }
      expect(await databaseFingerprint(test.db)).toBe(before);

      for (const who of ["staff", "member"] as const) {
        const newPlan = await callRoute(newPlanLoader, buildRequest("/plans/new", { cookie: cookies[who] }), {}, loadContext(test.db));
        expect(newPlan.status).toBe(403);
      }
      const anonymous = await settings(null, fixture.planId, { intent: "archive-plan" });
      expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
      expect(await databaseFingerprint(test.db)).toBe(before);
    });
  });
});
