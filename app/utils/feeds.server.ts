import { Feed } from "feed";
import { describeEvent, type DescribedEvent } from "~/components/event-description";
import type { SummaryRow } from "~/models/flow.server";
import type { Locale } from "./i18n";
import { serverI18n } from "./i18n.server";
import { addMonths, monthLabel } from "./month";
import { buildSummary, summaryHtml } from "./summary";

export const ATOM_HEADERS = { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "private, max-age=300" };

function newFeed(origin: string, feedPath: string, pagePath: string, title: string, locale: Locale, updated: Date) {
  return new Feed({
    id: `${origin}${feedPath}`,
    title,
    link: `${origin}${pagePath}`,
    language: locale,
    updated,
    copyright: "",
    feedLinks: { atom: `${origin}${feedPath}` },
  });
}

/** One Atom entry per month, newest first, each the month's summary as HTML. */
export function monthlySummaryFeed(options: {
  origin: string;
  scope: { id: string; title: string; summaryPath: string; feedPath: string };
  months: string[];
  rows: SummaryRow[];
  stalledWeeks: number;
  locale: Locale;
  now: Date;
}): string {
  const { t } = serverI18n(options.locale);
  const { origin, scope } = options;
  const feed = newFeed(origin, scope.feedPath, scope.summaryPath, t("summary.feedTitle", { scope: scope.title }), options.locale, options.now);
  for (const month of [...options.months].reverse()) {
    const summary = buildSummary(options.rows.filter((row) => row.month === month));
    const title = t("summary.title", { scope: scope.title, month: monthLabel(month, options.locale) });
    const link = `${origin}${scope.summaryPath}?month=${month}`;
    const monthEnd = new Date(`${addMonths(month, 1)}-01T00:00:00Z`);
    feed.addItem({
      id: link,
      title,
      link,
      date: monthEnd < options.now ? monthEnd : options.now,
      content: summaryHtml(summary, {
        title,
        categoryTitle: (category, count) => t(`summary.categories.${category}`, { count, weeks: options.stalledWeeks }),
        groupsTitle: t("summary.groupsInvolved"),
        nothing: t("summary.nothing"),
        showPlans: false,
      }),
    });
  }
  return feed.atom1();
}

interface FeedEvent extends DescribedEvent {
  id: number | string;
  occurredAt: Date | string;
  assignmentId: string;
  title: string;
  planId: string;
}

/** The latest history events as Atom entries, each linking to its assignment. */
export function activityFeed(options: {
  origin: string;
  scope: { title: string; pagePath: string; feedPath: string };
  events: FeedEvent[];
  locale: Locale;
  now: Date;
}): string {
  const { t } = serverI18n(options.locale);
  const { origin, scope } = options;
  const updated = options.events[0] ? new Date(options.events[0].occurredAt) : options.now;
  const feed = newFeed(origin, scope.feedPath, scope.pagePath, t("activity.feedTitle", { scope: scope.title }), options.locale, updated);
  for (const event of options.events) {
    const link = `${origin}/plans/${event.planId}/assignments/${event.assignmentId}`;
    feed.addItem({
      id: `${origin}/events/${event.id}`,
      title: `${event.title}: ${describeEvent(t, event)}`,
      link,
      date: new Date(event.occurredAt),
      description: describeEvent(t, event),
    });
  }
  return feed.atom1();
}
