import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseLiveCursor } from "~/schemas/board.server";
import { planEventStream } from "~/utils/event-stream.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

/** Server-sent events: the plan's board changes, from any app instance (see planEventStream). */
export async function loader(args: LoaderFunctionArgs) {
  const { plan } = await requireReadablePlan(args);
  return planEventStream(args.context.db, plan.id, args.request.signal, { after: parseLiveCursor(args.request) });
}
