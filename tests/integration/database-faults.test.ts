import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, startServer, type RunningServer } from "../../bench/support/server";
import { moveAssignment } from "~/models/assignment.server";
import { getEnv } from "~/utils/env.server";
import { createTestDatabase, type TestDatabase } from "./support/databases";
import { createPlanFixture, strategicActor, type Fixture } from "./support/fixtures";
import { openEventStream, waitFor } from "./support/event-stream";
import { cookieFor } from "./support/requests";
import { proxyToDatabase, type TcpProxy } from "./support/tcp-proxy";

// The built server runs as a child process, so "the process never dies" is tested as it runs
// in production: against a real PostgreSQL server, through a proxy this test can cut.
const serverUrl = process.env.TEST_DATABASE_URL;
const root = fileURLToPath(new URL("../..", import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MOVE_ROUTE = encodeURIComponent("routes/plans.$planId");

const title = "the server while PostgreSQL goes away and comes back";
describe.skipIf(!serverUrl)(serverUrl ? title : `${title} (skipped: needs a PostgreSQL server in TEST_DATABASE_URL)`, () => {
  let test: TestDatabase;
  let fixture: Fixture;
  let proxy: TcpProxy;
  let server: RunningServer;
  let cookie: string;
  let admin: pg.Client;
  let databaseName: string;

  beforeAll(async () => {
    ensureBuild(root);
    test = await createTestDatabase("postgres");
    fixture = await createPlanFixture(test.db, { cards: 12, columns: ["A", "B", "C", "D"] });
    cookie = await cookieFor(test.db, fixture.person.id);
    const direct = new URL(test.url!);
    databaseName = direct.pathname.slice(1);
    // Ports 4700-4799 are this project's for test servers: this test takes a pair of 4700-4759.
    const base = 4700 + Math.floor(Math.random() * 30) * 2;
    const proxied = await proxyToDatabase(test.url!, base + 1);
    proxy = proxied.proxy;
    // One server process: each process finds the database away by itself, and this test times
    // what one process does once it knows. (Outages with several processes are not tested here.)
    server = await startServer({ root, database: { databaseUrl: proxied.url }, sessionSecret: getEnv().sessionSecret, port: base, processes: 1 });
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await admin?.end();
    await test?.close();
  });

  const boardUrl = () => `${server.origin}/plans/${fixture.planId}`;

  function expectAlive() {
    expect(server.alive(), `the server process exited; its last output:\n${server.output()}`).toBe(true);
  }

  /** Ends every connection the app has to its database, as a restart or failover does. */
  async function terminateAppBackends(spare: number[] = []) {
    const { rows } = await admin.query<{ ended: boolean }>(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
       where datname = $1 and pid <> pg_backend_pid() and not (pid = any($2::int[]))`,
      [databaseName, spare],
    );
    return rows.length;
  }

  function move(card: { id: string; version: number; focusAreaId: string }, toColumnId: string) {
    return fetch(`${boardUrl()}?_data=${MOVE_ROUTE}`, {
      method: "POST",
      // A move unanswered this long is a failure to report, not a test to hang.
      signal: AbortSignal.timeout(20_000),
      headers: { Origin: server.origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "move",
        assignmentId: card.id,
        version: String(card.version),
        toColumnId,
        toFocusAreaId: card.focusAreaId,
        afterId: "start",
      }),
    });
  }

  async function versionOf(cardId: string) {
    const row = await test.db.selectFrom("assignments").select("version").where("id", "=", cardId).executeTakeFirstOrThrow();
    return row.version;
  }

  it("survives its connections being terminated mid-load, answers 503 meanwhile, and loses no acknowledged move", { timeout: 90_000 }, async () => {
    const columns = fixture.columns.map((column) => column.id);
    const cards = fixture.cards.map((card) => ({ id: card.id, version: 1, focusAreaId: card.focus_area_id, column: columns.indexOf(card.column_id) }));
    const acknowledged: { cardId: string; version: number; columnId: string }[] = [];
    const failures: string[] = [];
    let unavailable = 0;
    let running = true;

    // Six clients move their own cards around the board as fast as they are answered; the first
    // card is kept for the move that waits on a lock below.
    const [pinned, ...moving] = cards as [(typeof cards)[number], ...typeof cards];
    const client = async (index: number) => {
      const own = moving.filter((_, cardIndex) => cardIndex % 6 === index);
      for (let turn = 0; running; turn++) {
        const card = own[turn % own.length]!;
        const toColumn = (card.column + 1) % columns.length;
        const response = await move(card, columns[toColumn]!).catch((error: unknown) => {
          failures.push(`request failed: ${String(error)}`);
          return null;
        });
        if (!response) continue;
        if (response.ok) {
          const body = (await response.json()) as { card: { version: number; columnId: string } };
          acknowledged.push({ cardId: card.id, version: body.card.version, columnId: body.card.columnId });
          card.version = body.card.version;
          card.column = columns.indexOf(body.card.columnId);
          continue;
        }
        const text = await response.text();
        if (response.status === 503) {
          unavailable += 1;
          expect(JSON.parse(text)).toMatchObject({ error: "database-unavailable" });
        } else if (response.status !== 409) {
          failures.push(`${response.status}: ${text.slice(0, 200)}`);
        }
        // Not acknowledged: it may or may not have happened. Carry on from what the database says.
        await sleep(100);
        card.version = await versionOf(card.id).catch(() => card.version);
        const now = await test.db.selectFrom("assignments").select("column_id").where("id", "=", card.id).executeTakeFirst().catch(() => undefined);
        if (now) card.column = columns.indexOf(now.column_id);
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, index) => client(index)));

    try {
      await sleep(1_000);
      expect(await terminateAppBackends()).toBeGreaterThan(0);
      await sleep(1_000);
      expectAlive();

      // A move blocked on a row lock holds its connection checked out of the pool: terminating
      // it then is what used to end the process (an "error" event with no listener).
      const locker = new pg.Client({ connectionString: test.url! });
      await locker.connect();
      try {
        await locker.query("begin");
        await locker.query("select id from assignments where id = $1 for update", [pinned.id]);
        const blockedMove = move(await versionOf(pinned.id).then((version) => ({ ...pinned, version })), columns[(pinned.column + 2) % columns.length]!);
        const lockerPid = (locker as unknown as { processID: number }).processID;
        // Waiting on the locker itself: other moves wait on locks too (a commit with NOTIFY takes
        // one), and ending them before this move arrived would leave it blocked for good.
        await waitFor(
          async () => {
            const { rows } = await admin.query(`select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid))`, [lockerPid]);
            return rows.length > 0;
          },
          5_000,
          "a move waiting on the lock",
        );
        await terminateAppBackends([lockerPid]);
        const blocked = await blockedMove;
        expectAlive();
        expect(blocked.status).toBe(503);
        await blocked.body?.cancel();
      } finally {
        await locker.query("rollback").catch(() => undefined);
        await locker.end();
      }

      await sleep(1_000);
      await terminateAppBackends();
      await sleep(1_500);
    } finally {
      running = false;
      await load;
    }

    expectAlive();
    expect(failures).toEqual([]);
    expect(unavailable).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(20);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    const board = await fetch(boardUrl(), { headers: { Cookie: cookie, Accept: "text/html" } });
    expect(board.status).toBe(200);
    await board.body?.cancel();

    // Every acknowledged move is in the history, and each card's history is one unbroken chain
    // from where it started to where it is.
    const events = await test.db
      .selectFrom("assignment_events")
      .select(["assignment_id", "version", "from_column_id", "to_column_id", "from_focus_area_id", "to_focus_area_id"])
      .where("plan_id", "=", fixture.planId)
      .where("kind", "=", "moved")
      .orderBy("assignment_id")
      .orderBy("version")
      .execute();
    const recorded = new Set(events.map((event) => `${event.assignment_id}@${event.version}→${event.to_column_id}`));
    const missing = acknowledged.filter((move) => !recorded.has(`${move.cardId}@${move.version}→${move.columnId}`));
    expect(missing).toEqual([]);
    for (const card of fixture.cards) {
      const chain = events.filter((event) => event.assignment_id === card.id);
      expect(chain.map((event) => event.version)).toEqual(chain.map((_, index) => index + 2));
      let place = { column: card.column_id, focusArea: card.focus_area_id };
      for (const event of chain) {
        expect({ column: event.from_column_id, focusArea: event.from_focus_area_id }).toEqual(place);
        place = { column: event.to_column_id!, focusArea: event.to_focus_area_id! };
      }
      const now = await test.db.selectFrom("assignments").select(["column_id", "focus_area_id", "version"]).where("id", "=", card.id).executeTakeFirstOrThrow();
      expect(now).toEqual({ column_id: place.column, focus_area_id: place.focusArea, version: chain.length + 1 });
    }
  });

  it("answers 503 within about a second while the database cannot be reached, and recovers with live events", { timeout: 90_000 }, async () => {
    const stream = await openEventStream(`${boardUrl()}/events`, cookie);
    await waitFor(() => stream.started(), 5_000, "the event stream to start");
    const card = { id: fixture.cards[1]!.id, version: await versionOf(fixture.cards[1]!.id), focusAreaId: fixture.cards[1]!.focus_area_id };
    const columns = fixture.columns.map((column) => column.id);
    try {
      /** Sends a request and checks that it is refused with 503, quickly. */
      const refusedQuickly = async (send: () => Promise<Response>) => {
        const started = performance.now();
        // A hang is a failure too, and should not wait for the test's own timeout.
        const response = await Promise.race([send(), sleep(5_000).then(() => Promise.reject(new Error("no answer within 5 s")))]);
        const elapsed = performance.now() - started;
        const body = await response.text();
        expect({ status: response.status, fast: elapsed < 1_500 }, `${elapsed.toFixed(0)} ms: ${body.slice(0, 300)}`).toEqual({ status: 503, fast: true });
        expect(response.headers.get("Retry-After")).toBeTruthy();
        return { body, type: response.headers.get("Content-Type") ?? "", elapsed };
      };

      // A move before the outage, which the app's live events see: its id is a viewer's cursor. It
      // goes to another column than the card's own (the test before moved cards about, and a move
      // to where a card already stands writes nothing and tells no one).
      const { column_id: current } = await test.db.selectFrom("assignments").select("column_id").where("id", "=", card.id).executeTakeFirstOrThrow();
      const before = await move(card, columns.find((column) => column !== current)!);
      expect(before.status).toBe(200);
      card.version = ((await before.json()) as { card: { version: number } }).card.version;
      await waitFor(() => stream.events.some((event) => event.event === "moved"), 5_000, "the move before the outage on the stream");
      const cursorBefore = stream.events.find((event) => event.event === "moved")!.id!;

      for (const mode of ["blackhole", "reset"] as const) {
        proxy.cut(mode);
        const page = await refusedQuickly(() => fetch(boardUrl(), { headers: { Cookie: cookie, Accept: "text/html" } }));
        expect(page.type).toContain("text/html");
        expect(page.body).toContain('lang="sv"');
        expect(page.body).toContain("Planboard är inte tillgänglig just nu");
        const data = await refusedQuickly(() => fetch(`${boardUrl()}?_data=${MOVE_ROUTE}`, { headers: { Cookie: cookie } }));
        expect(JSON.parse(data.body)).toMatchObject({ error: "database-unavailable" });
        const moved = await refusedQuickly(() => move(card, columns[0]!));
        expect(JSON.parse(moved.body)).toMatchObject({ error: "database-unavailable" });
        const csv = await refusedQuickly(() => fetch(`${boardUrl()}/assignments.csv`, { headers: { Cookie: cookie } }));
        const health = await refusedQuickly(() => fetch(`${server.origin}/healthz`));
        expect(JSON.parse(health.body)).toMatchObject({ database: "down" });
        // Once one request found the database away by waiting out the connection timeout, the
        // next ones do not wait it out again.
        if (mode === "blackhole") {
          const waited = [page, data, moved, csv, health].map((refusal) => Math.round(refusal.elapsed));
          expect(waited.filter((elapsed) => elapsed >= 500).length, `ms per request: ${waited.join(", ")}`).toBeLessThanOrEqual(1);
        }
      }
      expectAlive();

      // Meanwhile another instance, which still reaches the database, moves a card: this app's
      // LISTEN connection is down and never hears of it.
      const other = fixture.cards[2]!;
      await moveAssignment(test.db, strategicActor(fixture), {
        planId: fixture.planId,
        assignmentId: other.id,
        version: await versionOf(other.id),
        toColumnId: columns[0]!,
        toFocusAreaId: other.focus_area_id,
        placement: { afterId: null },
      });

      proxy.restore();
      await waitFor(async () => (await fetch(`${server.origin}/healthz`)).status === 200, 10_000, "/healthz to answer 200");
      const board = await fetch(boardUrl(), { headers: { Cookie: cookie, Accept: "text/html" } });
      expect(board.status).toBe(200);
      await board.body?.cancel();

      // The stream opened before the outage is still open; it is told to reload once the live
      // connection is back (it may have missed events), and carries moves made after that.
      await waitFor(() => stream.events.some((event) => event.event === "reload"), 10_000, "a reload event on the open stream").catch((error: Error) => {
        throw new Error(`${error.message}; events: ${JSON.stringify(stream.events)}; server output:\n${server.output()}`);
      });
      // A viewer coming back with a cursor from before the outage cannot be caught up from
      // memory (the other instance's move was missed): it is told to reload.
      const late = await openEventStream(`${boardUrl()}/events?after=${cursorBefore}`, cookie);
      try {
        await waitFor(() => late.events.length > 0, 5_000, "the first event on a stream resumed from before the outage");
        expect(late.events[0]!.event).toBe("reload");
      } finally {
        late.stop();
      }

      card.version = await versionOf(card.id);
      const response = await move(card, columns[2]!);
      expect(response.status).toBe(200);
      const { card: moved } = (await response.json()) as { card: { version: number } };
      await waitFor(
        () => stream.events.some((event) => event.event === "moved" && JSON.parse(event.data).card.id === card.id && JSON.parse(event.data).card.version === moved.version),
        5_000,
        "the move after the outage to reach the open stream",
      );
    } finally {
      proxy.restore();
      stream.stop();
    }
  });
});
