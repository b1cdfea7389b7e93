import { MAX_YEAR, MIN_YEAR } from "~/schemas/fields";

// How indicator values and periods are read, from a form or a spreadsheet: numbers as Swedes
// write them (decimal comma, space or no-break space between thousands), anything that could be
// read two ways refused with the reason (decision 0016).

export type NumberProblem = "empty" | "notNumber" | "ambiguous";

const SPACE = "[ \\u00a0\\u202f]";
const SWEDISH_THOUSANDS = new RegExp(`^[+-]?\\d{1,3}(${SPACE}\\d{3})+(,\\d+)?$`);
const PLAIN = /^[+-]?\d+(,\d+)?$/;
const DOT_DECIMAL = /^[+-]?\d+\.(\d+)$/;
const DOT_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const COMMA_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+\.\d+$/;

/**
 * `12,5`, `1 234,5` (space, no-break space or narrow no-break space between thousands), `-3`,
 * `−3` and `12.5` are numbers; `1.234` (a thousands point or a decimal point?), `1.234,5` and
 * `1,234.5` (another country's separators) are refused as ambiguous.
 */
export function parseSwedishNumber(input: string): { ok: true; value: number } | { ok: false; problem: NumberProblem } {
  const text = input.trim().replace(/\u2212/g, "-");
  if (text === "") return { ok: false, problem: "empty" };
  let normal: string | null = null;
  if (SWEDISH_THOUSANDS.test(text)) normal = text.replace(new RegExp(SPACE, "g"), "").replace(",", ".");
  else if (PLAIN.test(text)) normal = text.replace(",", ".");
  else {
    const dotted = DOT_DECIMAL.exec(text);
    if (dotted) {
      if (dotted[1]!.length === 3) return { ok: false, problem: "ambiguous" };
      normal = text;
    } else if (DOT_THOUSANDS.test(text) || COMMA_THOUSANDS.test(text)) return { ok: false, problem: "ambiguous" };
  }
  if (normal === null) return { ok: false, problem: "notNumber" };
  const value = Number(normal);
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return { ok: false, problem: "notNumber" };
  return { ok: true, value };
}

export type PeriodKind = "month" | "quarter";
export type PeriodProblem = "format" | "kind" | "future";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})[- ]?[Qq]([1-4])$/;

/** The period a date falls in: `2026-03`, or `2026-Q1`. */
export function periodOf(isoDate: string, kind: PeriodKind): string {
  const year = isoDate.slice(0, 4);
  const month = Number(isoDate.slice(5, 7));
  return kind === "month" ? `${year}-${isoDate.slice(5, 7)}` : `${year}-Q${Math.ceil(month / 3)}`;
}

/**
 * A month `2026-03` or a quarter `2026-Q1` (also `2026Q1`, `2026 q1`), of the indicator's kind,
 * and not after `today`'s period: a value is measured, so it cannot be for a period to come.
 */
export function parsePeriod(input: string, kind: PeriodKind, today: string): { ok: true; period: string } | { ok: false; problem: PeriodProblem } {
  const text = input.trim();
  const month = MONTH.exec(text);
  const quarter = QUARTER.exec(text);
  const year = Number((month ?? quarter)?.[1]);
  if ((!month && !quarter) || year < MIN_YEAR || year > MAX_YEAR) return { ok: false, problem: "format" };
  if ((kind === "month") !== Boolean(month)) return { ok: false, problem: "kind" };
  const period = month ? text : `${quarter![1]}-Q${quarter![2]}`;
  if (comparePeriods(period, periodOf(today, kind)) > 0) return { ok: false, problem: "future" };
  return { ok: true, period };
}

/** Periods of one kind in time order (`2026-Q1` < `2026-Q2`, `2026-09` < `2026-10`): their text compares so. */
export function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
