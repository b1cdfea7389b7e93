import type { LoaderFunctionArgs } from "@remix-run/node";
import { summaryRows } from "~/models/flow.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { DEFAULT_STALLED_WEEKS } from "~/schemas/summary";
import { ATOM_HEADERS, feedMonths, monthlySummaryFeed } from "~/utils/feeds.server";
import { requireReadablePlanFeed } from "~/utils/plan-access.server";

/** The plan's monthly summaries as an Atom feed: the last twelve months, in one query. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan, locale, feedQuery } = await requireReadablePlanFeed(args);
  await requireExportAllowance(args.context.db, actor.id);

  const now = new Date();
  const months = feedMonths(now);
  const rows = await summaryRows(args.context.db, { organisationId: plan.organisationId, planId: plan.id }, { first: months[0]!, last: months.at(-1)! }, DEFAULT_STALLED_WEEKS, now);
  const xml = monthlySummaryFeed({
    origin: new URL(args.request.url).origin,
    scope: { id: plan.id, title: plan.title, summaryPath: `/plans/${plan.id}/summary`, feedPath: `/plans/${plan.id}/feed.atom`, feedQuery },
    months,
    rows,
    stalledWeeks: DEFAULT_STALLED_WEEKS,
    locale,
    now,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}
