import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authorize, requireActor } from "~/utils/auth.server";
import { liveHubFor } from "~/utils/live-events.server";

const HEARTBEAT_MS = 20_000;
const paramsSchema = z.object({ planId: z.uuid() });

/** Server-sent events: one `change` event whenever the plan's board changes, from any app instance. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const params = paramsSchema.safeParse(args.params);
  if (!params.success) throw new Response("Not found", { status: 404 });
  const plan = await args.context.db
    .selectFrom("action_plans")
    .select(["id", "organisation_id"])
    .where("id", "=", params.data.planId)
    .executeTakeFirst();
  if (!plan) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: plan.organisation_id });

  const encoder = new TextEncoder();
  const signal = args.request.signal;
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await liveHubFor(args.context.db).subscribe(plan.id, (event) => {
        send(`event: change\ndata: ${JSON.stringify({ kind: event.kind, assignmentId: event.assignmentId ?? null })}\n\n`);
      });
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
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
