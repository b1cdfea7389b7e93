import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseLiveCursor } from "~/schemas/board.server";
import { planEventStream } from "~/utils/event-stream.server";
import { requireLivePlanViewer } from "~/utils/plan-access.server";

/** Server-sent events: the plan's board changes, from any app instance, while the session may read it (see planEventStream). */
export async function loader(args: LoaderFunctionArgs) {
  const { plan, viewer } = await requireLivePlanViewer(args);
  return planEventStream(args.context.db, plan.id, args.request.signal, { after: parseLiveCursor(args.request), viewer });
}
