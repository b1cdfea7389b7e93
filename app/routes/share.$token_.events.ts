import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseLiveCursor } from "~/schemas/board.server";
import { planEventStream } from "~/utils/event-stream.server";
import { requireShareLink } from "~/utils/share-access.server";

/** Live updates for a shared board; the stream ends when the link is revoked or expires. */
export async function loader(args: LoaderFunctionArgs) {
  const link = await requireShareLink(args);
  const after = parseLiveCursor(args.request);
  return planEventStream(args.context.db, link.planId, args.request.signal, {
    endsOn: (event) => event.kind === "share-revoked" && event.shareId === link.id,
    endsAt: link.expiresAt,
    after,
    // A shared board shows no people.
    redact: (event) => ({ ...event, card: { ...event.card, responsibles: [] } }),
  });
}
