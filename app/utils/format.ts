import { intlLocale, type Locale } from "./i18n";

const MS_PER_DAY = 24 * 60 * 60 * 1000;
export const TIME_ZONE = "Europe/Stockholm";

/** Formats a calendar date (`YYYY-MM-DD`) without letting a time zone shift it a day. */
export function formatCalendarDate(isoDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

export function formatInstant(instant: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: TIME_ZONE,
  }).format(new Date(instant));
}

/** Whole days from `from` to `to`, never negative. */
export function wholeDaysBetween(from: Date | string, to: Date | string): number {
  const elapsed = new Date(to).getTime() - new Date(from).getTime();
  return Math.max(0, Math.floor(elapsed / MS_PER_DAY));
}
