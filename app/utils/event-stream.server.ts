import type { Db } from "./db.server";
import { liveHubFor, type LiveCursor, type LiveEvent, type MovedEvent } from "./live-events.server";

const HEARTBEAT_MS = 20_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
// A check that fails (the database away for a moment, as just after the LISTEN connection came
// back) is tried again for a while, events held meanwhile, before the stream gives up and ends.
const CHECK_RETRY_MS = 1_000;
const CHECK_ATTEMPTS = 10;
/**
 * A stream writes what arrived at most this often, all of it at once; the first event after a
 * quiet stretch goes at once. Each write goes through the web stream, Remix's copy into the
 * response and a system call: at 300-400 moves/s, one write per event to each of 30 viewers cost
 * the server a fifth of its moves (decision 0029).
 */
const WRITE_EVERY_MS = 25;

const encoder = new TextEncoder();
/** The last move's text on the stream: the hub hands one event to all its viewers in turn. */
let lastMoved: { event: MovedEvent; bytes: Uint8Array } | undefined;

/** How to end each stream open in this process. */
const openStreams = new Set<() => void>();

/** Ends every live stream of this process: the server is stopping. */
export function endEventStreams(): void {
  for (const end of [...openStreams]) end();
}

function movedText({ seq, card, from }: MovedEvent): string {
  return `id: ${seq}\nevent: moved\ndata: ${JSON.stringify({ card, from })}\n\n`;
}

/**
 * A server-sent-events response. A move goes out as a `moved` event with the card as it now is
 * and the history row's id as the event id, so the board patches itself in place; any other
 * change as `change` (reload the board). A viewer that comes with a cursor (`after`, or the
 * browser's Last-Event-ID on reconnecting) first gets what it missed, or `reload` when that is no
 * longer known; every open stream gets `reload` when the hub's LISTEN connection came back after
 * a loss (it may have missed events). The stream ends when the client goes away, at `endsAt`, or at once when `endsOn`
 * says an event ends it (a revoked share link).
 *
 * A signed-in `viewer`'s stream lives only as long as their session may read the plan: `check`
 * answers until when (the session's expiry) or null. It runs when the stream opens, whenever
 * sessions of the person end (sign-out, deactivation, a new password; on any instance), and
 * after the hub reconnected (such news may have been lost). While it runs, events wait; when it
 * says no, the stream ends without them. The news is notified in the transaction that ends the
 * sessions, so every change committed after it arrives after it and is held back.
 */
export async function planEventStream(
  db: Db,
  planId: string,
  signal: AbortSignal,
  options: {
    endsOn?: (event: LiveEvent) => boolean;
    endsAt?: Date | null;
    after?: LiveCursor | null;
    /** What this viewer may see of a moved card (a shared board shows no people). */
    redact?: (event: MovedEvent) => MovedEvent;
    viewer?: { personId: string; check: () => Promise<Date | null> };
  } = {},
): Promise<Response> {
  // Listening before answering: if the database is away this fails here, as a 503 the browser
  // retries later, rather than as a stream that is answered 200 and then breaks.
  await liveHubFor(db).start();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      let queued: Uint8Array[] = [];
      let writeTimer: ReturnType<typeof setTimeout> | undefined;
      let wroteAt = -Infinity;
      const write = () => {
        writeTimer = undefined;
        if (!open || queued.length === 0) return;
        const chunk = queued.length === 1 ? queued[0]! : Buffer.concat(queued);
        queued = [];
        wroteAt = performance.now();
        try {
          controller.enqueue(chunk);
        } catch {
          cleanup();
        }
      };
      const sendBytes = (bytes: Uint8Array) => {
        if (!open) return;
        queued.push(bytes);
        if (writeTimer) return;
        const wait = wroteAt + WRITE_EVERY_MS - performance.now();
        if (wait <= 0) write();
        else writeTimer = setTimeout(write, wait);
      };
      const send = (text: string) => sendBytes(encoder.encode(text));
      const forward = (event: LiveEvent) => {
        if (options.endsOn?.(event)) cleanup();
        else if (event.kind === "reload") send("event: reload\ndata: {}\n\n");
        else if (event.kind === "moved" && options.redact) send(movedText(options.redact(event)));
        else if (event.kind === "moved") {
          if (lastMoved?.event !== event) lastMoved = { event, bytes: encoder.encode(movedText(event)) };
          sendBytes(lastMoved.bytes);
        } else if (event.kind !== "share-revoked") {
          send(`event: change\ndata: ${JSON.stringify({ kind: event.kind, assignmentId: event.assignmentId ?? null })}\n\n`);
        }
      };
      let expiry: ReturnType<typeof setTimeout> | undefined;
      const endAt = (until: Date | null | undefined) => {
        const end = Math.min(until?.getTime() ?? Infinity, options.endsAt?.getTime() ?? Infinity);
        clearTimeout(expiry);
        // Timers cannot wait longer than about 24 days; a stream open that long reconnects and is checked anew.
        if (end - Date.now() < MAX_TIMER_MS) expiry = setTimeout(() => cleanup(), Math.max(0, end - Date.now()));
      };
      endAt(null);
      const answerOf = async (check: () => Promise<Date | null>): Promise<Date | null> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await check();
          } catch {
            if (attempt >= CHECK_ATTEMPTS || !open) return null;
            await new Promise((resolve) => setTimeout(resolve, CHECK_RETRY_MS));
          }
        }
      };
      // Events that arrive while the viewer's access is being checked, and whether to check once more.
      let held: LiveEvent[] | null = null;
      let checkAgain = false;
      const recheck = async (check: () => Promise<Date | null>) => {
        if (held) {
          checkAgain = true;
          return;
        }
        held = [];
        do {
          checkAgain = false;
          const until = await answerOf(check);
          if (!until) {
            held = null;
            cleanup();
            return;
          }
          endAt(until);
        } while (checkAgain);
        const waiting = held;
        held = null;
        waiting.forEach(forward);
      };
      const hold = (event: LiveEvent) => {
        if (held) held.push(event);
        else forward(event);
      };
      const receive = (event: LiveEvent) => {
        if (options.viewer && event.kind === "reload") void recheck(options.viewer.check);
        hold(event);
      };
      const hub = liveHubFor(db);
      const { replay, unsubscribe } = await hub.follow(planId, options.after ?? null, receive);
      const viewer = options.viewer;
      const unwatch = viewer ? hub.watchSessions(viewer.personId, () => void recheck(viewer.check)) : () => {};
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        openStreams.delete(cleanup);
        clearTimeout(writeTimer);
        clearInterval(heartbeat);
        clearTimeout(expiry);
        unsubscribe();
        unwatch();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      openStreams.add(cleanup);
      if (signal.aborted) cleanup();
      else signal.addEventListener("abort", cleanup, { once: true });
      send("retry: 3000\n\n");
      // Between the check that opened the stream and the subscription above, the session may have ended.
      if (viewer) void recheck(viewer.check);
      if (replay === "reload") send("event: reload\ndata: {}\n\n");
      else replay.events.forEach(hold);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
