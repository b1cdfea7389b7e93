import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moveAssignment } from "~/models/assignment.server";
import { planEventStream } from "~/utils/event-stream.server";
import { LiveHub, liveHubFor, type LiveEvent } from "~/utils/live-events.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture, strategicActor } from "./support/fixtures";

async function waitFor(check: () => boolean, timeoutMs = 5_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads a server-sent-events response until `count` events (not comments) have come, then stops. */
async function readEvents(response: Response, count: number, abort: AbortController) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const events = () => text.split("\n\n").filter((block) => /^(id|event):/m.test(block));
  while (events().length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  abort.abort();
  return events().map((block) => Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)])));
}

/** The fixture's card `index`, at its first version, moved to the top of column `column` of its lane. */
function firstMove(db: TestDatabase["db"], fixture: Awaited<ReturnType<typeof createPlanFixture>>, index: number, column: number) {
  return moveAssignment(db, strategicActor(fixture), {
    planId: fixture.planId,
    assignmentId: fixture.cards[index]!.id,
    version: 1,
    toColumnId: fixture.columns[column]!.id,
    toFocusAreaId: fixture.cards[index]!.focus_area_id,
    placement: { afterId: null },
  });
}

describe.each(databaseKinds)("catching up on live events on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("gives a viewer that comes back with a cursor the moves it missed, in order, or tells it to reload", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 3 });
    const hub = liveHubFor(test.db);
    await hub.start();
    const seen: LiveEvent[] = [];
    const unsubscribe = await hub.subscribe(fixture.planId, (event) => seen.push(event));
    const cursor = hub.cursor(fixture.planId);
    // No move of the plan known yet: the cursor is the time the board was read.
    expect(cursor).toMatch(/^t\d{13}$/);

    const first = await firstMove(test.db, fixture, 0, 2);
    const second = await firstMove(test.db, fixture, 1, 2);
    await waitFor(() => seen.length === 2);
    expect(hub.cursor(fixture.planId)).toBe(String(second.seq));

    const sinceStart = hub.replaySince(fixture.planId, cursor);
    expect(sinceStart !== "reload" && sinceStart.events.map((event) => event.kind === "moved" && event.card.id)).toEqual([
      fixture.cards[0]!.id,
      fixture.cards[1]!.id,
    ]);
    const sinceFirst = hub.replaySince(fixture.planId, String(first.seq));
    expect(sinceFirst !== "reload" && sinceFirst.events.map((event) => event.kind === "moved" && event.seq)).toEqual([second.seq]);
    expect(hub.replaySince(fixture.planId, String(second.seq))).toEqual({ events: [] });
    // A cursor this instance never saw (another instance's past, or long ago): reload.
    expect(hub.replaySince(fixture.planId, "999999999")).toBe("reload");
    unsubscribe();
  });

  it("answers a board that had seen no move by when it was read: reload if before the instance listened, else what came since", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const readBefore = `t${Date.now() - 1}`;
    const hub = new LiveHub(test.db);
    await hub.start();
    // This instance was not listening then: moves of that moment may have passed it by (it
    // started after a crash, or its LISTEN connection came back).
    expect(hub.replaySince(fixture.planId, readBefore)).toBe("reload");
    const readNow = hub.cursor(fixture.planId);
    expect(hub.replaySince(fixture.planId, readNow)).toEqual({ events: [] });

    const seen: LiveEvent[] = [];
    const unsubscribe = await hub.subscribe(fixture.planId, (event) => seen.push(event));
    const moved = await firstMove(test.db, fixture, 0, 1);
    await waitFor(() => seen.length === 1);
    const since = hub.replaySince(fixture.planId, readNow);
    expect(since !== "reload" && since.events.map((event) => event.kind === "moved" && event.seq)).toEqual([moved.seq]);
    expect(hub.replaySince(fixture.planId, readBefore)).toBe("reload");
    unsubscribe();
  });

  it("tells every viewer to reload, on every instance, when one says it lost events, and forgets what it had", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const hub = new LiveHub(test.db);
    const seen: LiveEvent[] = [];
    const unsubscribe = await hub.subscribe(fixture.planId, (event) => seen.push(event));
    await firstMove(test.db, fixture, 0, 1);
    await waitFor(() => seen.length === 1);
    const cursor = hub.cursor(fixture.planId);
    expect(hub.replaySince(fixture.planId, cursor)).toEqual({ events: [] });

    // What a process says when it starts: the one before it may have stopped with events unsent.
    new LiveHub(test.db).announceEventsLost();
    await waitFor(() => seen.length === 2);
    expect(seen[1]).toEqual({ planId: fixture.planId, kind: "reload" });
    expect(hub.replaySince(fixture.planId, cursor)).toBe("reload");
    unsubscribe();
  });

  it("streams missed moves with their ids first, so the browser's Last-Event-ID resumes from them", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const hub = liveHubFor(test.db);
    await hub.start();
    const cursor = hub.cursor(fixture.planId);
    const moved = await firstMove(test.db, fixture, 0, 1);
    await waitFor(() => hub.cursor(fixture.planId) === String(moved.seq));

    const resumed = new AbortController();
    const [event] = await readEvents(await planEventStream(test.db, fixture.planId, resumed.signal, { after: cursor }), 1, resumed);
    expect(event?.id).toBe(String(moved.seq));
    expect(event?.event).toBe("moved");
    expect(JSON.parse(event!.data!)).toMatchObject({ card: { id: fixture.cards[0]!.id, version: 2 }, from: { columnId: fixture.cards[0]!.column_id } });

    const lost = new AbortController();
    const [reload] = await readEvents(await planEventStream(test.db, fixture.planId, lost.signal, { after: "999999999" }), 1, lost);
    expect(reload?.event).toBe("reload");

    // A shared board's stream leaves the people out.
    const shared = new AbortController();
    const [redacted] = await readEvents(
      await planEventStream(test.db, fixture.planId, shared.signal, {
        after: cursor,
        redact: (event) => ({ ...event, card: { ...event.card, responsibles: [] } }),
      }),
      1,
      shared,
    );
    expect(JSON.parse(redacted!.data!).card.responsibles).toEqual([]);
    expect(JSON.parse(event!.data!).card.responsibles).toEqual([{ id: fixture.person.id, name: "Testa Testsson" }]);
  });

  it("writes the events that arrive together as one piece, after the stream's first piece went at once", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 3 });
    const hub = liveHubFor(test.db);
    await hub.start();
    const cursor = hub.cursor(fixture.planId);
    const moves = [await firstMove(test.db, fixture, 0, 2), await firstMove(test.db, fixture, 1, 2), await firstMove(test.db, fixture, 2, 2)];
    await waitFor(() => hub.cursor(fixture.planId) === String(moves[2]!.seq));

    // The three missed moves are replayed in the same turn as the stream's opening line.
    const abort = new AbortController();
    const reader = (await planEventStream(test.db, fixture.planId, abort.signal, { after: cursor })).body!.getReader();
    const decoder = new TextDecoder();
    const pieces: string[] = [];
    while (pieces.join("").split("\n\n").filter((block) => block.startsWith("id:")).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      pieces.push(decoder.decode(value));
    }
    abort.abort();
    expect(pieces).toHaveLength(2);
    expect(pieces[0]).toBe("retry: 3000\n\n");
    expect([...pieces[1]!.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]))).toEqual(moves.map((moved) => moved.seq));
  });
});
