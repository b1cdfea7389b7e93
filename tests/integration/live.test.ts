import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, moveAssignment } from "~/models/assignment.server";
import { openDatabase, type Db } from "~/utils/db.server";
import { LiveHub, type LiveEvent } from "~/utils/live-events.server";
import { closeOtherInstance, createTestDatabase, databaseKinds, openOtherInstance, type TestDatabase } from "./support/databases";
import { proxyToDatabase } from "./support/tcp-proxy";
import { createPlanFixture, strategicActor, type Fixture } from "./support/fixtures";

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
    otherInstance = await openOtherInstance(test);
  });
  afterAll(async () => {
    await closeOtherInstance(test, otherInstance);
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

  it("sends nothing for a change that was rolled back after it was written", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const [doomed, committed] = fixture.cards as [Fixture["cards"][number], Fixture["cards"][number]];
    const hub = new LiveHub(otherInstance);
    const events: LiveEvent[] = [];
    const unsubscribe = await hub.subscribe(fixture.planId, (event) => events.push(event));
    const move = (card: typeof doomed) =>
      moveAssignment(test.db, strategicActor(fixture), {
        planId: fixture.planId,
        assignmentId: card.id,
        version: 1,
        toColumnId: fixture.columns[2]!.id,
        toFocusAreaId: card.focus_area_id,
        placement: { afterId: null },
      });

    // A check deferred to commit: it fails after the move has written the card and its history,
    // so the whole move is rolled back, and its event, sent only after a commit, never goes out.
    await sql`create function refuse_at_commit() returns trigger language plpgsql as $$
      begin raise exception 'refused at commit'; end $$`.execute(test.db);
    await sql`create constraint trigger refuse_at_commit after update on assignments
      deferrable initially deferred for each row when (new.id = ${sql.lit(doomed.id)}::uuid)
      execute function refuse_at_commit()`.execute(test.db);
    try {
      await expect(move(doomed)).rejects.toThrow("refused at commit");
    } finally {
      await sql`drop trigger refuse_at_commit on assignments`.execute(test.db);
      await sql`drop function refuse_at_commit()`.execute(test.db);
    }
    const unmoved = await test.db.selectFrom("assignments").select(["column_id", "version"]).where("id", "=", doomed.id).executeTakeFirstOrThrow();
    expect(unmoved).toEqual({ column_id: doomed.column_id, version: 1 });

    // A process sends its events in order: once a later committed move's event is here, a
    // rolled-back one's would have arrived before it.
    await move(committed);
    await nextEvent(events, 1);
    expect(events.map((event) => event.kind === "moved" && event.card.id)).toEqual([committed.id]);
    unsubscribe();
  });

  it("refuses to move a card inside a caller's transaction, whose commit it could not wait for before sending the event", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const card = fixture.cards[0]!;
    const inTransaction = test.db.transaction().execute((trx) =>
      moveAssignment(trx, strategicActor(fixture), {
        planId: fixture.planId,
        assignmentId: card.id,
        version: 1,
        toColumnId: fixture.columns[1]!.id,
        toFocusAreaId: card.focus_area_id,
        placement: { afterId: null },
      }),
    );
    await expect(inTransaction).rejects.toThrow("a move commits by itself");
    const unmoved = await test.db.selectFrom("assignments").select("version").where("id", "=", card.id).executeTakeFirstOrThrow();
    expect(unmoved.version).toBe(1);
  });

  it.runIf(kind === "postgres")("holds events while the database cannot be reached, sends them once it can, and past a limit sends a reload instead", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const listener = new LiveHub(otherInstance);
    const events: LiveEvent[] = [];
    const unsubscribe = await listener.subscribe(fixture.planId, (event) => events.push(event));
    const { proxy, url } = await proxyToDatabase(test.url!, 0);
    const sender = await openDatabase({ url });
    const hub = new LiveHub(sender);
    try {
      // Changes to cards that are told apart by the number their ids end in.
      const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
      const change = (n: number) => JSON.stringify({ planId: fixture.planId, kind: "assignment", assignmentId: idOf(n) });
      proxy.cut("reset");
      hub.publish(change(1));
      hub.publish(change(2));
      // Tried and refused, at least once (the first try is at once, the next 250 ms later).
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(events).toEqual([]);
      proxy.restore();
      await hub.sent(10_000);
      await nextEvent(events, 2);
      expect(events.map((event) => (event.kind === "assignment" ? event.assignmentId : event.kind))).toEqual([idOf(1), idOf(2)]);

      // More than it may hold while the database is away: dropped, and every viewer told to reload.
      events.length = 0;
      proxy.cut("reset");
      for (let n = 0; n <= 10_000; n++) hub.publish(change(n));
      await new Promise((resolve) => setTimeout(resolve, 600));
      proxy.restore();
      await hub.sent(10_000);
      await nextEvent(events, 1);
      expect(events).toEqual([{ planId: fixture.planId, kind: "reload" }]);
    } finally {
      unsubscribe();
      await sender.destroy();
      await proxy.close();
    }
  });
});
