import { intlLocale, type Locale } from "./i18n";

/** A calendar month written `YYYY-MM`. */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month an instant falls in, in Stockholm. */
export function monthOf(instant: Date): string {
  const parts = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit" }).formatToParts(instant);
  const year = parts.find((part) => part.type === "year")!.value;
  const month = parts.find((part) => part.type === "month")!.value;
  return `${year}-${month}`;
}

export function addMonths(month: string, count: number): string {
  const [, year, monthNumber] = MONTH_PATTERN.exec(month) ?? [];
  const index = Number(year) * 12 + Number(monthNumber) - 1 + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** "oktober 2026" / "October 2026". */
export function monthLabel(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
}
