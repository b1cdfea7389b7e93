import type { LoaderFunctionArgs } from "@remix-run/node";
import { summaryRows } from "~/models/flow.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { DEFAULT_STALLED_WEEKS } from "~/schemas/summary";
import { ATOM_HEADERS, monthlySummaryFeed } from "~/utils/feeds.server";
import { resolveLocale } from "~/utils/locale.server";
import { addMonths, monthOf } from "~/utils/month";
import { requireReadablePlan } from "~/utils/plan-access.server";

const FEED_MONTHS = 12;

/** The plan's monthly summaries as an Atom feed: the last twelve months, in one query. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  await requireExportAllowance(args.context.db, actor.id);

  const now = new Date();
  const last = monthOf(now);
  const months = Array.from({ length: FEED_MONTHS }, (_, index) => addMonths(last, index - FEED_MONTHS + 1));
  const [rows, locale] = await Promise.all([
    summaryRows(args.context.db, { organisationId: plan.organisationId, planId: plan.id }, { first: months[0]!, last }, DEFAULT_STALLED_WEEKS, now),
    resolveLocale(args.request),
  ]);
  const xml = monthlySummaryFeed({
    origin: new URL(args.request.url).origin,
    scope: { id: plan.id, title: plan.title, summaryPath: `/plans/${plan.id}/summary`, feedPath: `/plans/${plan.id}/feed.atom` },
    months,
    rows,
    stalledWeeks: DEFAULT_STALLED_WEEKS,
    locale,
    now,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}
