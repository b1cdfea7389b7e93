import http from "node:http";
import { performance } from "node:perf_hooks";
import type { RecordedMove } from "./browser";
import { cpuSpent, readCpu, type CpuReading, type CpuSpent } from "./cpu";
import type { BenchDatabase } from "./databases";
import type { ProbeCounts, RunningServer } from "./server";
import { send } from "./http";
import type { Session } from "./sessions";

export const BOARD_ROUTE_ID = "routes/plans.$planId";

export interface CardState {
  id: string;
  columnId: string;
  focusAreaId: string;
  version: number;
}

/** Where every open card of a plan is now, and the newest history row: what a run is checked against. */
export interface PlanSnapshot {
  columnIds: string[];
  cards: Map<string, CardState>;
  lastEventId: number;
}

export async function snapshotPlan(bench: BenchDatabase, planId: string): Promise<PlanSnapshot> {
  const columns = await bench.db.selectFrom("board_columns").select("id").where("plan_id", "=", planId).orderBy("position").execute();
  const cards = await bench.db
    .selectFrom("assignments")
    .select(["id", "column_id", "focus_area_id", "version"])
    .where("plan_id", "=", planId)
    .where("archived_at", "is", null)
    .orderBy("id")
    .execute();
  const last = await bench.db
    .selectFrom("assignment_events")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("plan_id", "=", planId)
    .executeTakeFirst();
  return {
    columnIds: columns.map((column) => column.id),
    cards: new Map(cards.map((card) => [card.id, { id: card.id, columnId: card.column_id, focusAreaId: card.focus_area_id, version: card.version }])),
    lastEventId: Number(last?.id ?? 0),
  };
}

export interface AcknowledgedMove {
  assignmentId: string;
  version: number;
  toColumnId: string;
  toFocusAreaId: string;
}

export interface MoveLoadResult {
  seconds: number;
  /** Moves answered with success inside the measured window. */
  moves: number;
  refused: number;
  failed: number;
  latencies: number[];
  /** Every move the server answered 200 to, warm-up included: none may be missing afterwards. */
  acknowledged: AcknowledgedMove[];
  viewers: number;
  /** Bytes and `moved` events the viewers' streams received over the whole run, all viewers together. */
  streamBytes: number;
  streamEvents: number;
  /** Viewers whose stream did not carry exactly one `moved` event per acknowledged move. */
  viewersOff: number;
  /** Requests the server saw in the measured window, by kind (from the server probe). */
  serverRequests: Record<string, number>;
  /**
   * Each server process's moves in the measured window and the viewers' streams it took (one entry
   * unless it runs several; processes told apart by pid, one replaced meanwhile left out). A
   * client's requests stay with the process that took its connection, so the movers on the busier
   * process wait longer.
   */
  byProcess: Array<{ moves: number; streams: number }>;
  serverStatements: number;
  /** CPU time the server, the database and the bench's clients used in the measured window. */
  cpu: CpuSpent;
}

/** An open live stream, counting what it receives. */
interface Viewer {
  bytes: number;
  events: number;
  close(): void;
}

const MOVED_EVENT = "event: moved\n";

async function openViewer(origin: string, planId: string, session: Session): Promise<Viewer> {
  // As the board does: read the loader (its live cursor), then follow the stream from there.
  const data = await fetch(`${origin}/plans/${planId}?_data=${encodeURIComponent(BOARD_ROUTE_ID)}`, { headers: { Cookie: session.cookie } });
  if (!data.ok) throw new Error(`the board loader answered ${data.status}`);
  const { liveCursor } = (await data.json()) as { liveCursor: string };
  const request = http.get(`${origin}/plans/${planId}/events?after=${encodeURIComponent(liveCursor)}`, {
    headers: { Cookie: session.cookie, Accept: "text/event-stream" },
    agent: false,
  });
  const viewer: Viewer = { bytes: 0, events: 0, close: () => request.destroy() };
  await new Promise<void>((resolve, reject) => {
    request.once("error", reject);
    request.once("response", (response) => {
      if (response.statusCode !== 200) {
        request.destroy();
        return reject(new Error(`the live stream answered ${response.statusCode}`));
      }
      // Counted in the raw text (the stream is not compressed), a marker split across chunks included.
      let carry = "";
      response.on("data", (chunk: Buffer) => {
        viewer.bytes += chunk.byteLength;
        const text = carry + chunk.toString("latin1");
        for (let at = text.indexOf(MOVED_EVENT); at >= 0; at = text.indexOf(MOVED_EVENT, at + MOVED_EVENT.length)) viewer.events += 1;
        carry = text.slice(-(MOVED_EVENT.length - 1));
      });
      response.on("error", () => undefined); // ended by close() at the end of the run
      request.removeListener("error", reject);
      request.on("error", () => undefined);
      resolve();
    });
  });
  return viewer;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * `movers.length` clients move cards as the board's fetcher does (the request Chromium was seen
 * to send, `recorded`), each its own cards so that a refusal means a bug and not a race, while
 * `viewers.length` more clients follow the plan's live stream. A move goes to the next column,
 * after one of the mover's own cards already there, or to the top of the cell.
 */
export async function runMoveLoad(options: {
  server: RunningServer;
  planId: string;
  snapshot: PlanSnapshot;
  movers: Session[];
  viewers: Session[];
  recorded: RecordedMove;
  warmupMs: number;
  measureMs: number;
  /** Whether the database is a PostgreSQL server on this machine, whose CPU is then counted too. */
  postgres: boolean;
}): Promise<MoveLoadResult> {
  const { server, planId, snapshot, movers, recorded } = options;
  const origin = server.origin;
  const agent = new http.Agent({ keepAlive: true, maxSockets: movers.length });
  const viewers: Viewer[] = [];
  try {
    const beforeViewers = await server.probe();
    const opened = await Promise.allSettled(options.viewers.map((session) => openViewer(origin, planId, session)));
    for (const result of opened) if (result.status === "fulfilled") viewers.push(result.value);
    const refusedStream = opened.find((result) => result.status === "rejected");
    if (refusedStream) throw refusedStream.reason;
    const cards = [...snapshot.cards.values()].map((card) => ({ ...card }));
    const latencies: number[] = [];
    const acknowledged: AcknowledgedMove[] = [];
    let moves = 0;
    let refused = 0;
    let failed = 0;
    const started = performance.now();
    const measureFrom = started + options.warmupMs;
    const stopAt = measureFrom + options.measureMs;
    let atStart: { probe: Awaited<ReturnType<RunningServer["probe"]>>; cpu: CpuReading } | undefined;
    const startWindow = (async () => {
      await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
      atStart = { cpu: readCpu(server.pid, options.postgres), probe: await server.probe() };
    })();
    let atEnd: typeof atStart;
    const endWindow = (async () => {
      await new Promise((resolve) => setTimeout(resolve, options.warmupMs + options.measureMs));
      atEnd = { cpu: readCpu(server.pid, options.postgres), probe: await server.probe() };
    })();

    const moveUrl = new URL(`${origin}${recorded.path}`);
    const form = (fields: Record<string, string>) => new URLSearchParams(recorded.fields.map((field) => [field, fields[field] ?? ""])).toString();
    const client = async (index: number) => {
      const session = movers[index]!;
      const own = cards.filter((_, cardIndex) => cardIndex % movers.length === index);
      for (let turn = 0; performance.now() < stopAt; turn++) {
        const card = own[turn % own.length]!;
        const toColumnId = snapshot.columnIds[(snapshot.columnIds.indexOf(card.columnId) + 1) % snapshot.columnIds.length]!;
        const neighbour = own.find((other) => other !== card && other.columnId === toColumnId && other.focusAreaId === card.focusAreaId);
        const fields: Record<string, string> = {
          intent: "move",
          assignmentId: card.id,
          version: String(card.version),
          toColumnId,
          toFocusAreaId: card.focusAreaId,
          afterId: neighbour?.id ?? "start",
        };
        const sent = performance.now();
        const response = await send(agent, moveUrl, {
          method: "POST",
          headers: { Origin: origin, Cookie: session.cookie, "Content-Type": recorded.contentType },
          body: form(fields),
        });
        const ok = response !== null && response.status >= 200 && response.status < 300;
        const body = ok ? (parseJson(response.body) as { card?: { version?: number } } | null) : null;
        const answered = performance.now();
        // Throughput counts the moves answered inside the window, whenever they were sent; latency,
        // the moves sent inside it, whenever answered, so that the server's first, cold moves (sent
        // in the warm-up, answered seconds later) do not count and the window's last ones do.
        const measured = answered >= measureFrom && answered <= stopAt;
        const version = body?.card?.version;
        if (typeof version === "number") {
          card.version = version;
          card.columnId = toColumnId;
          acknowledged.push({ assignmentId: card.id, version, toColumnId, toFocusAreaId: card.focusAreaId });
          if (measured) moves += 1;
          if (sent >= measureFrom) latencies.push(answered - sent);
        } else if (measured) {
          if (response && response.status >= 400 && response.status < 500) refused += 1;
          else failed += 1;
        }
      }
    };
    await Promise.all(movers.map((_, index) => client(index)));
    await Promise.all([startWindow, endWindow]);
    // The last events leave on commit, just before their answers: give the streams a moment.
    for (let wait = 0; wait < 20 && viewers.some((viewer) => viewer.events < acknowledged.length); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!atStart || !atEnd) throw new Error("the measured window was not recorded");
    const serverRequests: Record<string, number> = {};
    for (const [kind, count] of Object.entries(atEnd.probe.requests)) {
      const delta = count - (atStart.probe.requests[kind] ?? 0);
      if (delta > 0) serverRequests[kind] = delta;
    }
    const requestsOf = (probe: ProbeCounts, pid: number) => probe.processes.find((each) => each.pid === pid)?.requests;
    const windowStart = atStart.probe;
    const byProcess = atEnd.probe.processes.flatMap(({ pid, requests }) => {
      const atWindowStart = requestsOf(windowStart, pid);
      const atViewersStart = requestsOf(beforeViewers, pid);
      if (!atWindowStart || !atViewersStart) return [];
      return [{ moves: (requests["board action"] ?? 0) - (atWindowStart["board action"] ?? 0), streams: (requests.events ?? 0) - (atViewersStart.events ?? 0) }];
    });
    return {
      seconds: options.measureMs / 1000,
      moves,
      refused,
      failed,
      latencies,
      acknowledged,
      viewers: viewers.length,
      streamBytes: viewers.reduce((sum, viewer) => sum + viewer.bytes, 0),
      streamEvents: viewers.reduce((sum, viewer) => sum + viewer.events, 0),
      viewersOff: viewers.filter((viewer) => viewer.events !== acknowledged.length).length,
      serverRequests,
      byProcess,
      serverStatements: atEnd.probe.statements - atStart.probe.statements,
      cpu: cpuSpent(atStart.cpu, atEnd.cpu, options.postgres),
    };
  } finally {
    agent.destroy();
    for (const viewer of viewers) viewer.close();
  }
}

export interface HistoryCheck {
  acknowledged: number;
  /** Acknowledged moves with no history row of that version and place. */
  lost: number;
  /** Moves written that no client was told succeeded. */
  unacknowledged: number;
  /** Cards whose history rows do not chain (from = previous to, versions one apart, ending where the card is). */
  brokenChains: number;
  historyRows: number;
}

/** Reads the plan's history since `snapshot` and checks it against what the clients were told. */
export async function checkHistory(bench: BenchDatabase, planId: string, snapshot: PlanSnapshot, acknowledged: AcknowledgedMove[]): Promise<HistoryCheck> {
  const rows = await bench.db
    .selectFrom("assignment_events")
    .select(["id", "assignment_id", "version", "from_column_id", "to_column_id", "from_focus_area_id", "to_focus_area_id"])
    .where("plan_id", "=", planId)
    .where("kind", "=", "moved")
    .where("id", ">", snapshot.lastEventId)
    .orderBy("id")
    .execute();
  const now = await snapshotPlan(bench, planId);
  const written = new Map<string, (typeof rows)[number]>();
  for (const row of rows) written.set(`${row.assignment_id}@${row.version}`, row);
  let lost = 0;
  const told = new Set<string>();
  for (const move of acknowledged) {
    const key = `${move.assignmentId}@${move.version}`;
    told.add(key);
    const row = written.get(key);
    if (!row || row.to_column_id !== move.toColumnId || row.to_focus_area_id !== move.toFocusAreaId) lost += 1;
  }
  const unacknowledged = [...written.keys()].filter((key) => !told.has(key)).length;

  const byCard = new Map<string, typeof rows>();
  for (const row of rows) byCard.set(row.assignment_id, [...(byCard.get(row.assignment_id) ?? []), row]);
  let brokenChains = 0;
  for (const [id, before] of snapshot.cards) {
    const chain = byCard.get(id) ?? [];
    let place = { columnId: before.columnId, focusAreaId: before.focusAreaId, version: before.version };
    let intact = true;
    for (const row of chain) {
      if (row.from_column_id !== place.columnId || row.from_focus_area_id !== place.focusAreaId || row.version !== place.version + 1) intact = false;
      place = { columnId: row.to_column_id ?? "", focusAreaId: row.to_focus_area_id ?? "", version: row.version ?? Number.NaN };
    }
    const after = now.cards.get(id);
    if (!after || after.columnId !== place.columnId || after.focusAreaId !== place.focusAreaId || after.version !== place.version) intact = false;
    if (!intact) brokenChains += 1;
  }
  return { acknowledged: acknowledged.length, lost, unacknowledged, brokenChains, historyRows: rows.length };
}
