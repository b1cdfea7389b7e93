import type { LoaderFunctionArgs } from "@remix-run/node";
import { listActivity } from "~/models/activity.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { activityFeed, ATOM_HEADERS } from "~/utils/feeds.server";
import { requireReadablePlanFeed } from "~/utils/plan-access.server";

const FEED_EVENTS = 50;

/** The plan's latest events as an Atom feed. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan, locale, feedQuery } = await requireReadablePlanFeed(args);
  await requireExportAllowance(args.context.db, actor.id);
  const { events } = await listActivity(args.context.db, { organisationId: plan.organisationId, planId: plan.id }, { limit: FEED_EVENTS });
  const xml = activityFeed({
    origin: new URL(args.request.url).origin,
    scope: { title: plan.title, pagePath: `/plans/${plan.id}/activity`, feedPath: `/plans/${plan.id}/activity.atom`, feedQuery },
    events,
    locale,
    now: new Date(),
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}
