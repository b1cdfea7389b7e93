import type { Db } from "./db.server";
import { liveHubFor, type LiveEvent } from "./live-events.server";

const HEARTBEAT_MS = 20_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A server-sent-events response: one `change` event whenever the plan changes. The stream ends
 * when the client goes away, at `endsAt`, or at once when `endsOn` says an event ends it (a
 * revoked share link).
 */
export async function planEventStream(
  db: Db,
  planId: string,
  signal: AbortSignal,
  options: { endsOn?: (event: LiveEvent) => boolean; endsAt?: Date | null } = {},
): Promise<Response> {
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
      const unsubscribe = await liveHubFor(db).subscribe(planId, (event) => {
        if (options.endsOn?.(event)) cleanup();
        else if (event.kind !== "share-revoked") {
          send(`event: change\ndata: ${JSON.stringify({ kind: event.kind, assignmentId: event.assignmentId ?? null })}\n\n`);
        }
      });
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
