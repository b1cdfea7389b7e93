import { describeEvent, type DescribedEvent } from "~/components/event-description";
import type { SummaryRow } from "~/models/flow.server";
import type { Locale } from "./i18n";
import { serverI18n } from "./i18n.server";
import { addMonths, monthLabel, monthOf } from "./month";
import { buildSummary, summaryHtml } from "./summary";

export const ATOM_HEADERS = { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "private, max-age=300" };

const FEED_MONTHS = 12;

/** The months a summary feed covers: the last twelve, oldest first, this one last. */
export function feedMonths(now: Date): string[] {
  const last = monthOf(now);
  return Array.from({ length: FEED_MONTHS }, (_, index) => addMonths(last, index - FEED_MONTHS + 1));
}

interface AtomEntry {
  id: string;
  title: string;
  link: string;
  updated: Date;
  /** Plain text. */
  summary?: string;
  /** HTML whose own text is already escaped: it goes out escaped once more, as `type="html"`. */
  contentHtml?: string;
}

// Characters XML 1.0 cannot carry at all, escaped or not (controls, lone surrogates, U+FFFE/FFFF).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#xD;" };

/** Text as XML character data or an attribute value: every markup character escaped, unusable characters replaced. */
function xml(text: string): string {
  return text.replace(NOT_XML_CHAR, "\uFFFD").replace(/[&<>"'\r]/g, (char) => XML_ESCAPES[char]!);
}

/**
 * An Atom document, written here rather than by the `feed` package: that one sends every title
 * as `type="html"` in CDATA and escapes only the first `]]>`, so a card title could add elements
 * or markup to a feed. Here every value is escaped text and text constructs are `type="text"`.
 */
function atomDocument(feed: { id: string; title: string; link: string; self: string; locale: Locale; updated: Date; entries: AtomEntry[] }): string {
  const entries = feed.entries.map((entry) =>
    [
      "  <entry>",
      `    <id>${xml(entry.id)}</id>`,
      `    <title type="text">${xml(entry.title)}</title>`,
      `    <link rel="alternate" href="${xml(entry.link)}"/>`,
      `    <updated>${entry.updated.toISOString()}</updated>`,
      entry.summary === undefined ? null : `    <summary type="text">${xml(entry.summary)}</summary>`,
      entry.contentHtml === undefined ? null : `    <content type="html">${xml(entry.contentHtml)}</content>`,
      "  </entry>",
    ]
      .filter((line) => line !== null)
      .join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.locale)}">`,
    `  <id>${xml(feed.id)}</id>`,
    `  <title type="text">${xml(feed.title)}</title>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <link rel="alternate" href="${xml(feed.link)}"/>`,
    `  <link rel="self" href="${xml(feed.self)}"/>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

/** One Atom entry per month, newest first, each the month's summary as HTML. */
export function monthlySummaryFeed(options: {
  origin: string;
  scope: { id: string; title: string; summaryPath: string; feedPath: string; feedQuery?: string };
  months: string[];
  rows: SummaryRow[];
  stalledWeeks: number;
  locale: Locale;
  now: Date;
}): string {
  const { t } = serverI18n(options.locale);
  const { origin, scope } = options;
  const entries = [...options.months].reverse().map((month): AtomEntry => {
    const summary = buildSummary(options.rows.filter((row) => row.month === month));
    const title = t("summary.title", { scope: scope.title, month: monthLabel(month, options.locale) });
    const link = `${origin}${scope.summaryPath}?month=${month}`;
    const monthEnd = new Date(`${addMonths(month, 1)}-01T00:00:00Z`);
    return {
      id: link,
      title,
      link,
      updated: monthEnd < options.now ? monthEnd : options.now,
      contentHtml: summaryHtml(summary, {
        title,
        categoryTitle: (category, count) => t(`summary.categories.${category}`, { count, weeks: options.stalledWeeks }),
        groupsTitle: t("summary.groupsInvolved"),
        nothing: t("summary.nothing"),
        showPlans: false,
      }),
    };
  });
  return atomDocument({
    id: `${origin}${scope.feedPath}`,
    title: t("summary.feedTitle", { scope: scope.title }),
    link: `${origin}${scope.summaryPath}`,
    // With the reader's token, if any: a reader that moves to the self link must keep working.
    self: `${origin}${scope.feedPath}${scope.feedQuery ?? ""}`,
    locale: options.locale,
    updated: options.now,
    entries,
  });
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
  scope: { title: string; pagePath: string; feedPath: string; feedQuery?: string };
  events: FeedEvent[];
  locale: Locale;
  now: Date;
}): string {
  const { t } = serverI18n(options.locale);
  const { origin, scope } = options;
  const updated = options.events[0] ? new Date(options.events[0].occurredAt) : options.now;
  return atomDocument({
    id: `${origin}${scope.feedPath}`,
    title: t("activity.feedTitle", { scope: scope.title }),
    link: `${origin}${scope.pagePath}`,
    // With the reader's token, if any: a reader that moves to the self link must keep working.
    self: `${origin}${scope.feedPath}${scope.feedQuery ?? ""}`,
    locale: options.locale,
    updated,
    entries: options.events.map((event) => ({
      id: `${origin}/events/${event.id}`,
      title: `${event.title}: ${describeEvent(t, event)}`,
      link: `${origin}/plans/${event.planId}/assignments/${event.assignmentId}`,
      updated: new Date(event.occurredAt),
      summary: describeEvent(t, event),
    })),
  });
}
