import type { LoaderFunctionArgs } from "@remix-run/node";
import { summaryRows } from "~/models/flow.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { DEFAULT_STALLED_WEEKS } from "~/schemas/summary";
import { ATOM_HEADERS, feedMonths, monthlySummaryFeed } from "~/utils/feeds.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireShareLink } from "~/utils/share-access.server";

/**
 * A share link's own feed: the monthly summaries its summary page shows (cards, focus areas and
 * groups, no person's name), each entry linking to that page. Stops with the link.
 */
export async function loader(args: LoaderFunctionArgs) {
  const link = await requireShareLink(args);
  await requireExportAllowance(args.context.db, `share:${link.id}`);
  const now = new Date();
  const months = feedMonths(now);
  const [rows, locale] = await Promise.all([
    summaryRows(args.context.db, { organisationId: link.organisationId, planId: link.planId }, { first: months[0]!, last: months.at(-1)! }, DEFAULT_STALLED_WEEKS, now),
    resolveLocale(args.request),
  ]);
  const sharePath = `/share/${encodeURIComponent(args.params.token!)}`;
  const xml = monthlySummaryFeed({
    origin: new URL(args.request.url).origin,
    scope: { id: link.planId, title: link.planTitle, summaryPath: `${sharePath}/summary`, feedPath: `${sharePath}/feed.atom` },
    months,
    rows,
    stalledWeeks: DEFAULT_STALLED_WEEKS,
    locale,
    now,
  });
  return new Response(xml, { headers: { ...ATOM_HEADERS, "X-Robots-Tag": "noindex" } });
}
