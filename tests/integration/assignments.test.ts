import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addComment,
  BoardError,
  createAssignment,
  loadAssignment,
  setAssignmentArchived,
  updateAssignment,
} from "~/models/assignment.server";
import { loadBoard } from "~/models/board.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { refusal } from "./support/refusal";
import { cellOrder, createPlanFixture, staffActor, strategicActor } from "./support/fixtures";
import { loader as assignmentLoader } from "~/routes/plans.$planId_.assignments.$assignmentId/route";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext } from "./support/requests";

describe.each(databaseKinds)("assignments on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  const fields = (fixture: Awaited<ReturnType<typeof createPlanFixture>>) => ({
    title: "Veckans goda exempel",
    description: "Tio minuter på **varje** arbetsplatsträff.",
    focusAreaId: fixture.focusAreas[1]!.id,
    workingGroupId: fixture.group.id,
    responsibleIds: [fixture.person.id],
    dueOn: "2027-02-01",
  });

  it("creates a card at the bottom of the first column with its created history", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 4 });
    const actor = strategicActor(fixture);
    const created = await createAssignment(test.db, actor, fixture.planId, fields(fixture));

    const card = await loadAssignment(test.db, created.id);
    expect(card).toMatchObject({
      title: "Veckans goda exempel",
      columnName: "Planerad",
      focusAreaName: "Arbetsmiljö",
      dueOn: "2027-02-01",
      group: { id: fixture.group.id, name: "Testgruppen" },
      responsibles: [{ id: fixture.person.id, name: "Testa Testsson" }],
      version: 1,
    });
    expect(card!.history).toMatchObject([{ kind: "created", toColumn: "Planerad", toFocusArea: "Arbetsmiljö", version: 1, actorName: actor.name }]);
    const order = await cellOrder(test.db, fixture.columns[0]!.id, fixture.focusAreas[1]!.id);
    expect(order.at(-1)!.id).toBe(created.id);
  });

  it("refuses references outside the plan or organisation, and staff, writing nothing", async () => {
    const fixture = await createPlanFixture(test.db);
    const other = await createPlanFixture(test.db);
    const before = await databaseFingerprint(test.db);
    const actor = strategicActor(fixture);
    expect(await refusal(createAssignment(test.db, actor, fixture.planId, { ...fields(fixture), focusAreaId: other.focusAreas[0]!.id }))).toBe(
      "400 invalid-reference",
    );
    expect(await refusal(createAssignment(test.db, actor, fixture.planId, { ...fields(fixture), workingGroupId: other.group.id }))).toBe(
      "400 invalid-reference",
    );
    expect(
      await refusal(createAssignment(test.db, actor, fixture.planId, { ...fields(fixture), responsibleIds: [other.person.id] })),
    ).toBe("400 invalid-reference");
    expect(await refusal(createAssignment(test.db, actor, other.planId, fields(other)))).toBe("404 not-found");
    expect(await databaseFingerprint(test.db)).toBe(before);
    const staff = await staffActor(test.db, fixture);
    const afterStaff = await databaseFingerprint(test.db);
    expect(await refusal(createAssignment(test.db, staff, fixture.planId, fields(fixture)))).toBe("403 forbidden");
    expect(await databaseFingerprint(test.db)).toBe(afterStaff);
  });

  it("records each edited field, before and after, and refuses a stale edit", async () => {
    const fixture = await createPlanFixture(test.db);
    const actor = strategicActor(fixture);
    const created = await createAssignment(test.db, actor, fixture.planId, fields(fixture));
    const result = await updateAssignment(test.db, actor, created.id, 1, {
      ...fields(fixture),
      title: "Veckans goda exempel på APT",
      focusAreaId: fixture.focusAreas[0]!.id,
      workingGroupId: null,
      responsibleIds: [],
      dueOn: null,
    });
    expect(result).toEqual({ version: 2, changed: true });

    const card = await loadAssignment(test.db, created.id);
    expect(card!.history.at(-1)).toMatchObject({
      kind: "edited",
      version: 2,
      fromFocusArea: "Arbetsmiljö",
      toFocusArea: "Samverkan",
      changes: {
        title: { from: "Veckans goda exempel", to: "Veckans goda exempel på APT" },
        dueOn: { from: "2027-02-01", to: null },
        workingGroup: { from: "Testgruppen", to: null },
        focusArea: { from: "Arbetsmiljö", to: "Samverkan" },
        responsibles: { from: ["Testa Testsson"], to: [] },
      },
    });
    expect(await refusal(updateAssignment(test.db, actor, created.id, 1, fields(fixture)))).toBe("409 stale");
    expect(await updateAssignment(test.db, actor, created.id, 2, { ...fields(fixture), title: "Veckans goda exempel på APT", focusAreaId: fixture.focusAreas[0]!.id, workingGroupId: null, responsibleIds: [], dueOn: null })).toEqual({
      version: 2,
      changed: false,
    });
  });

  it("lets a carrying member edit the card but not hand it to another group", async () => {
    const fixture = await createPlanFixture(test.db);
    const created = await createAssignment(test.db, strategicActor(fixture), fixture.planId, fields(fixture));
    const member = await staffActor(test.db, fixture, [fixture.group.id]);
    await expect(updateAssignment(test.db, member, created.id, 1, { ...fields(fixture), title: "Nytt namn" })).resolves.toMatchObject({ version: 2 });
    expect(await refusal(updateAssignment(test.db, member, created.id, 2, { ...fields(fixture), workingGroupId: null }))).toBe("403 forbidden");
  });

  it("archives a card off the board and restores it to the bottom of its cell, with history", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 3 });
    const actor = strategicActor(fixture);
    const card = fixture.cards[0]!;
    await setAssignmentArchived(test.db, actor, card.id, 1, true);
    expect((await loadBoard(test.db, fixture.planId))!.cards.map((c) => c.id)).not.toContain(card.id);
    expect(await refusal(setAssignmentArchived(test.db, actor, card.id, 2, true))).toBe("409 stale");

    // Another card takes the archived one's place meanwhile; restoring must not collide with it.
    await setAssignmentArchived(test.db, actor, card.id, 2, false);
    const order = await cellOrder(test.db, card.column_id, card.focus_area_id);
    expect(order.at(-1)!.id).toBe(card.id);
    const history = (await loadAssignment(test.db, card.id))!.history.map((event) => event.kind);
    expect(history).toEqual(["archived", "restored"]);

    const member = await staffActor(test.db, fixture, [fixture.group.id]);
    expect(await refusal(setAssignmentArchived(test.db, member, card.id, 3, true))).toBe("403 forbidden");
  });

  it("takes comments from those who may update the card and shows them to all", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const card = fixture.cards[0]!;
    const member = await staffActor(test.db, fixture, [fixture.group.id]);
    const staff = await staffActor(test.db, fixture);
    await addComment(test.db, member, card.id, "Vi har bokat lokal.");
    expect(await refusal(addComment(test.db, staff, card.id, "Får jag?"))).toBe("403 forbidden");
    const loaded = await loadAssignment(test.db, card.id);
    expect(loaded!.comments).toMatchObject([{ body: "Vi har bokat lokal.", authorName: member.name }]);
  });

  it("renders comments as Markdown, like descriptions, with scripts, handlers and HTML removed", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const card = fixture.cards[0]!;
    const actor = strategicActor(fixture);
    await addComment(test.db, actor, card.id, "**Klart** till APT:\n\n- lokal\n- fika\n\n[Protokoll](https://intra.example.se/apt)");
    await addComment(
      test.db,
      actor,
      card.id,
      '<script>alert(1)</script><img src=x onerror="alert(2)"><b onclick="alert(3)">fet</b> [klick](javascript:alert(4)) <iframe src="https://evil.test"></iframe>',
    );
    const page = await callRoute(
      assignmentLoader,
      buildRequest(`/plans/${fixture.planId}/assignments/${card.id}`, { cookie: await cookieFor(test.db, actor.id) }),
      { planId: fixture.planId, assignmentId: card.id },
      loadContext(test.db),
    );
    expect(page.status).toBe(200);
    const { comments } = page.body as { comments: Array<{ bodyHtml: string; body?: string }> };
    expect(comments.map((comment) => comment.bodyHtml)).toEqual([
      '<p><strong>Klart</strong> till APT:</p>\n<ul>\n<li>lokal</li>\n<li>fika</li>\n</ul>\n<p><a href="https://intra.example.se/apt">Protokoll</a></p>\n',
      expect.not.stringMatching(/<script|<img|<iframe|<b|onerror|onclick|href=|alert\(1\)/i),
    ]);
    expect(comments[1]!.bodyHtml).toContain("fet");
    // Only the sanitised HTML goes to the page, not the raw text beside it.
    expect(comments.every((comment) => comment.body === undefined)).toBe(true);
  });
});
