import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moveAssignment } from "~/models/assignment.server";
import { liveHubFor } from "~/utils/live-events.server";
import { follow, listFollows, markSeen, unfollow } from "~/models/follow.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture, strategicActor } from "./support/fixtures";

describe.each(databaseKinds)("following on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("shows what changed in a followed plan, focus area or group since it was last marked seen", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 4 });
    const other = await createPlanFixture(test.db, { cards: 1 });
    const actor = strategicActor(fixture);
    const person = { id: fixture.person.id, organisationId: fixture.organisationId };
    expect(await follow(test.db, person, { planId: fixture.planId })).toBe(true);
    expect(await follow(test.db, person, { planId: fixture.planId })).toBe(true);
    expect(await follow(test.db, person, { focusAreaId: fixture.focusAreas[1]!.id })).toBe(true);
    expect(await follow(test.db, person, { groupId: fixture.group.id })).toBe(true);
    expect(await follow(test.db, person, { planId: other.planId })).toBe(false);
    expect(await follow(test.db, person, { groupId: other.group.id })).toBe(false);

    // Seen a second ago, rather than waiting for the clock to tick: the moves below are then
    // strictly later than the last visit, however coarse the clock.
    await test.db
      .updateTable("follows")
      .set((eb) => ({ last_seen_at: sql`${eb.ref("last_seen_at")} - interval '1 second'` }))
      .where("person_id", "=", person.id)
      .execute();
    const move = (index: number, version = 1) => {
      const card = fixture.cards[index]!;
      return moveAssignment(test.db, actor, {
        planId: fixture.planId,
        assignmentId: card.id,
        version,
        toColumnId: fixture.columns[2]!.id,
        toFocusAreaId: card.focus_area_id,
        placement: { afterId: null },
      });
    };
    await move(0); // focus area 0, carried by the group
    await move(1); // focus area 1, not carried

    // The moves' events go out after them, in statements of their own: not the list's.
    await liveHubFor(test.db).sent(5_000);
    test.queries.length = 0;
    const follows = await listFollows(test.db, fixture.person.id);
    expect(test.queries).toHaveLength(1);
    expect(follows).toHaveLength(3);
    const byKind = (key: "planId" | "focusAreaId" | "groupId") => follows.find((item) => item[key] !== null)!;
    expect(Number(byKind("planId").newCount)).toBe(2);
    expect(byKind("planId").name).toBe("Testplan");
    expect(byKind("focusAreaId").changes.map((event) => event.assignmentId)).toEqual([fixture.cards[1]!.id]);
    expect(byKind("focusAreaId").name).toBe("Testplan: Arbetsmiljö");
    expect(byKind("groupId").changes.map((event) => event.assignmentId)).toEqual([fixture.cards[0]!.id]);

    await markSeen(test.db, fixture.person.id, byKind("planId").id);
    const afterSeen = await listFollows(test.db, fixture.person.id);
    expect(Number(afterSeen.find((item) => item.planId !== null)!.newCount)).toBe(0);
    expect(Number(afterSeen.find((item) => item.groupId !== null)!.newCount)).toBe(1);

    expect(await unfollow(test.db, other.person.id, byKind("groupId").id)).toBe(false);
    expect(await unfollow(test.db, fixture.person.id, byKind("groupId").id)).toBe(true);
    expect(await listFollows(test.db, fixture.person.id)).toHaveLength(2);
  });
});
