import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processAndChildren } from "../../bench/support/cpu";
import { ensureBuild, startServer, type RunningServer } from "../../bench/support/server";
import { getEnv } from "~/utils/env.server";
import { createTestDatabase, type TestDatabase } from "./support/databases";
import { openEventStream, waitFor, type StreamReader } from "./support/event-stream";
import { createPlanFixture } from "./support/fixtures";
import { cookieFor } from "./support/requests";

// Several server processes on one port, as SERVER_PROCESSES runs them on PostgreSQL: the built
// server as a child process, against the PostgreSQL server of TEST_DATABASE_URL.
const serverUrl = process.env.TEST_DATABASE_URL;
const root = fileURLToPath(new URL("../..", import.meta.url));
const MOVE_ROUTE = encodeURIComponent("routes/plans.$planId");

const title = "two server processes on one port";
describe.skipIf(!serverUrl)(serverUrl ? title : `${title} (skipped: needs a PostgreSQL server in TEST_DATABASE_URL)`, () => {
  let test: TestDatabase;
  let server: RunningServer;
  let fixture: Awaited<ReturnType<typeof createPlanFixture>>;
  let cookie: string;
  const streams: StreamReader[] = [];
  const workers = () => processAndChildren(server.pid).filter((pid) => pid !== server.pid);

  beforeAll(async () => {
    ensureBuild(root);
    test = await createTestDatabase("postgres");
    fixture = await createPlanFixture(test.db, { cards: 4 });
    cookie = await cookieFor(test.db, fixture.person.id);
    // Ports 4700-4799 are this project's for test servers: this test takes one of 4760-4789.
    server = await startServer({ root, database: { databaseUrl: test.url! }, sessionSecret: getEnv().sessionSecret, port: 4760 + Math.floor(Math.random() * 30), processes: 2 });
  });
  afterAll(async () => {
    for (const stream of streams) stream.stop();
    await server?.stop();
    await test?.close();
  });

  it("serves from two processes, and a move made through one reaches live streams held by both", async () => {
    expect(workers()).toHaveLength(2);
    // Connections are handed to the processes in turn: four streams open at once land on both.
    streams.push(...(await Promise.all(Array.from({ length: 4 }, () => openEventStream(`${server.origin}/plans/${fixture.planId}/events`, cookie)))));
    await waitFor(() => streams.every((stream) => stream.started()), 5_000, "every stream to start");
    const streamsByProcess = (await server.probe()).processes.map((each) => each.requests.events ?? 0);
    expect(streamsByProcess).toHaveLength(2);
    expect(streamsByProcess.every((count) => count >= 1), `streams per process: ${streamsByProcess.join(", ")}`).toBe(true);

    const card = fixture.cards[0]!;
    const answer = await fetch(`${server.origin}/plans/${fixture.planId}?_data=${MOVE_ROUTE}`, {
      method: "POST",
      headers: { Origin: server.origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "move",
        assignmentId: card.id,
        version: "1",
        toColumnId: fixture.columns.find((column) => column.id !== card.column_id)!.id,
        toFocusAreaId: card.focus_area_id,
        afterId: "start",
      }),
    });
    expect(answer.status).toBe(200);
    await waitFor(() => streams.every((stream) => stream.events.some((event) => event.event === "moved" && event.data.includes(card.id))), 5_000, "the move on every stream");
  });

  it("replaces a process that dies, serving from the other meanwhile, and stops them all on SIGTERM", async () => {
    const [victim, survivor] = workers();
    process.kill(victim!, "SIGKILL");
    // Until the supervisor has seen the exit, the cluster may still hand a connection to the dead
    // process (one run's request then failed); from then on only the other gets them.
    await waitFor(() => server.output().includes(`Server process ${victim} exited (SIGKILL)`), 5_000, "the supervisor to see the killed process go");
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    await waitFor(() => workers().length === 2, 10_000, "a new process in its place");
    const replaced = workers();
    expect(replaced).toContain(survivor);
    expect(replaced).not.toContain(victim);
    await waitFor(async () => (await server.probe()).processes.length === 2, 5_000, "the new process to answer");
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    // The dead process may have had moves committed and their events unsent: the new one says
    // so, and the streams the other process holds tell their boards to reload.
    await waitFor(() => streams.some((stream) => stream.ended()), 5_000, "the dead process's streams to end");
    const kept = streams.filter((stream) => !stream.ended());
    expect(kept.length).toBeGreaterThanOrEqual(1);
    await waitFor(() => kept.every((stream) => stream.events.some((event) => event.event === "reload")), 10_000, "a reload on every stream kept");

    // The streams opened above are still open: they are cut, and nothing has to be killed.
    await server.stop();
    expect(server.ended()).toEqual({ code: 0, signal: null });
    expect(server.output()).not.toContain("did not stop");
    await waitFor(() => replaced.every((pid) => !existsSync(`/proc/${pid}`)), 10_000, "every server process to exit");
  });
});

describe.skipIf(!serverUrl)("one server process", () => {
  it("stops by itself on SIGTERM while a live stream is open", async () => {
    const test = await createTestDatabase("postgres");
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    const server = await startServer({ root, database: { databaseUrl: test.url! }, sessionSecret: getEnv().sessionSecret, port: 4760 + Math.floor(Math.random() * 30), processes: 1 });
    try {
      expect(processAndChildren(server.pid)).toEqual([server.pid]);
      const stream = await openEventStream(`${server.origin}/plans/${fixture.planId}/events`, cookie);
      await waitFor(() => stream.started(), 5_000, "the stream to start");
      // stop() kills the server if SIGTERM has not ended it within 5 s.
      await server.stop();
      expect(server.ended()).toEqual({ code: 0, signal: null });
      stream.stop();
    } finally {
      await server.stop();
      await test.close();
    }
  });
});
