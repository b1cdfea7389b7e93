import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, moveAssignment } from "~/models/assignment.server";
import { openDatabase, type Db } from "~/utils/db.server";
import { LiveHub, type LiveEvent } from "~/utils/live-events.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture, strategicActor } from "./support/fixtures";

function nextEvent(events: LiveEvent[], count: number, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (events.length >= count) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`only ${events.length} of ${count} events arrived`));
      else setTimeout(check, 20);
    };
    check();
  });
}

describe.each(databaseKinds)("live updates on %s", (kind) => {
  let test: TestDatabase;
  let otherInstance: Db;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    // On a server, a second app instance has its own connections; PGlite is one process's own.
    otherInstance = test.url ? await openDatabase({ url: test.url }) : test.db;
  });
  afterAll(async () => {
    if (otherInstance !== test.db) await otherInstance.destroy();
    await test?.close();
  });

  it("tells every instance's viewers of a plan about a committed change, and only that plan's", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const unrelated = await createPlanFixture(test.db, { cards: 1 });
    const hub = new LiveHub(otherInstance);
    const events: LiveEvent[] = [];
    const unsubscribe = await hub.subscribe(fixture.planId, (event) => events.push(event));
    const actor = strategicActor(fixture);

    await moveAssignment(test.db, actor, {
      planId: fixture.planId,
      assignmentId: fixture.cards[0]!.id,
      version: 1,
      toColumnId: fixture.columns[2]!.id,
      toFocusAreaId: fixture.cards[0]!.focus_area_id,
      placement: { afterId: null },
    });
    await moveAssignment(test.db, strategicActor(unrelated), {
      planId: unrelated.planId,
      assignmentId: unrelated.cards[0]!.id,
      version: 1,
      toColumnId: unrelated.columns[1]!.id,
      toFocusAreaId: unrelated.cards[0]!.focus_area_id,
      placement: { afterId: null },
    });
    await createAssignment(test.db, actor, fixture.planId, {
      title: "Nytt",
      description: "",
      focusAreaId: fixture.focusAreas[0]!.id,
      workingGroupId: null,
      responsibleIds: [],
      dueOn: null,
    });
    await nextEvent(events, 2);
    // A move carries the card as it now is, so viewers patch their boards without reloading them.
    expect(events[0]).toMatchObject({
      planId: fixture.planId,
      kind: "moved",
      actorId: actor.id,
      from: { columnId: fixture.cards[0]!.column_id, focusAreaId: fixture.cards[0]!.focus_area_id },
      card: {
        id: fixture.cards[0]!.id,
        columnId: fixture.columns[2]!.id,
        focusAreaId: fixture.cards[0]!.focus_area_id,
        version: 2,
        responsibles: [{ id: fixture.person.id, name: "Testa Testsson" }],
      },
    });
    expect(events[1]).toMatchObject({ planId: fixture.planId, kind: "assignment", actorId: actor.id });
    expect(events.every((event) => event.planId === fixture.planId)).toBe(true);
    unsubscribe();
  });

  it("sends nothing for a change that was rolled back", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const hub = new LiveHub(otherInstance);
    const events: LiveEvent[] = [];
    const unsubscribe = await hub.subscribe(fixture.planId, (event) => events.push(event));
    await expect(
      moveAssignment(test.db, strategicActor(fixture), {
        planId: fixture.planId,
        assignmentId: fixture.cards[0]!.id,
        version: 99,
        toColumnId: fixture.columns[1]!.id,
        toFocusAreaId: fixture.cards[0]!.focus_area_id,
        placement: { afterId: null },
      }),
    ).rejects.toThrow("stale");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual([]);
    unsubscribe();
  });
});
