import type { Db } from "./db.server";
import { liveHubFor, type LiveCursor, type LiveEvent, type MovedEvent } from "./live-events.server";

const HEARTBEAT_MS = 20_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A server-sent-events response. A move goes out as a `moved` event with the card as it now is
 * and the history row's id as the event id, so the board patches itself in place; any other
 * change as `change` (reload the board). A viewer that comes with a cursor (`after`, or the
 * browser's Last-Event-ID on reconnecting) first gets what it missed, or `reload` when that is no
 * longer known; every open stream gets `reload` when the hub's LISTEN connection came back after
 * a loss (it may have missed events). The stream ends when the client goes away, at `endsAt`, or at once when `endsOn`
 * says an event ends it (a revoked share link).
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
  } = {},
): Promise<Response> {
  // Listening before answering: if the database is away this fails here, as a 503 the browser
  // retries later, rather than as a stream that is answered 200 and then breaks.
  await liveHubFor(db).start();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const forward = (event: LiveEvent) => {
        if (options.endsOn?.(event)) cleanup();
        else if (event.kind === "reload") send("event: reload\ndata: {}\n\n");
        else if (event.kind === "moved") {
          const { card, from } = options.redact ? options.redact(event) : event;
          send(`id: ${event.seq}\nevent: moved\ndata: ${JSON.stringify({ card, from })}\n\n`);
        } else if (event.kind !== "share-revoked") {
          send(`event: change\ndata: ${JSON.stringify({ kind: event.kind, assignmentId: event.assignmentId ?? null })}\n\n`);
        }
      };
      const { replay, unsubscribe } = await liveHubFor(db).follow(planId, options.after ?? null, forward);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      const untilEnd = options.endsAt ? Math.max(0, options.endsAt.getTime() - Date.now()) : null;
      // Timers cannot wait longer than about 24 days; a stream open that long reconnects and is checked anew.
      const expiry = untilEnd !== null && untilEnd < MAX_TIMER_MS ? setTimeout(() => cleanup(), untilEnd) : undefined;
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        clearTimeout(expiry);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      if (signal.aborted) cleanup();
      else signal.addEventListener("abort", cleanup, { once: true });
      send("retry: 3000\n\n");
      if (replay === "reload") send("event: reload\ndata: {}\n\n");
      else replay.events.forEach(forward);
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
