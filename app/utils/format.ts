import { intlLocale, type Locale } from "./i18n";

const MS_PER_DAY = 24 * 60 * 60 * 1000;
export const TIME_ZONE = "Europe/Stockholm";

// Building an Intl.DateTimeFormat is costly; a board formats a date on every card, so build each once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, kind: "date" | "instant"): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      kind === "date"
        ? new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeZone: "UTC" })
        : new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
    formatters.set(key, found);
  }
  return found;
}

/** Formats a calendar date (`YYYY-MM-DD`) without letting a time zone shift it a day. */
export function formatCalendarDate(isoDate: string, locale: Locale): string {
  return formatter(locale, "date").format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatInstant(instant: Date | string, locale: Locale): string {
  return formatter(locale, "instant").format(new Date(instant));
}

/**
 * Every due date of a board formatted once, by ISO date: the board sends them with its cards, so the
 * browser does not build its first Intl.DateTimeFormat (tens of ms: it loads the locale's calendar
 * data) while it hydrates the cards.
 */
export function formatDueDates(cards: ReadonlyArray<{ dueOn: string | null }>, locale: Locale): Record<string, string> {
  const formatted: Record<string, string> = {};
  for (const { dueOn } of cards) if (dueOn !== null && !(dueOn in formatted)) formatted[dueOn] = formatCalendarDate(dueOn, locale);
  return formatted;
}

/** Whole days from `from` to `to`, never negative. */
export function wholeDaysBetween(from: Date | string, to: Date | string): number {
  const elapsed = new Date(to).getTime() - new Date(from).getTime();
  return Math.max(0, Math.floor(elapsed / MS_PER_DAY));
}

// Built on first use: the first formatter a page builds loads the time zone data, tens of ms.
let calendarDate: Intl.DateTimeFormat | undefined;

/** The calendar date (`YYYY-MM-DD`) an instant falls on where plans are followed. */
export function calendarDateOf(instant: Date | string): string {
  calendarDate ??= new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
  return calendarDate.format(new Date(instant));
}
