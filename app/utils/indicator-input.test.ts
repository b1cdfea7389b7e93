import { describe, expect, it } from "vitest";
import { parsePeriod, parseSwedishNumber, periodOf } from "./indicator-input";

describe("parseSwedishNumber", () => {
  it.each([
    ["12,5", 12.5],
    ["12", 12],
    ["-3,25", -3.25],
    ["\u22123", -3],
    ["1 234,5", 1234.5],
    ["1\u00a0234,5", 1234.5],
    ["1\u202f234", 1234],
    ["12 345 678", 12345678],
    ["  7,0  ", 7],
    ["0,05", 0.05],
    ["12.5", 12.5],
    ["3.14159", 3.14159],
  ])("reads %j as %d", (input, value) => {
    expect(parseSwedishNumber(input)).toEqual({ ok: true, value });
  });

  it.each([
    ["1.234", "ambiguous"],
    ["1.234,5", "ambiguous"],
    ["1.234.567", "ambiguous"],
    ["1,234.5", "ambiguous"],
    ["", "empty"],
    ["   ", "empty"],
    ["12,5 %", "notNumber"],
    ["tolv", "notNumber"],
    ["1 23,5", "notNumber"],
    ["12,5,1", "notNumber"],
    ["1e5", "notNumber"],
    ["12 345,", "notNumber"],
  ])("refuses %j as %s", (input, problem) => {
    expect(parseSwedishNumber(input)).toEqual({ ok: false, problem });
  });
});

describe("parsePeriod", () => {
  const today = "2026-12-06";
  it("reads months and quarters of the indicator's kind, up to the current one", () => {
    expect(parsePeriod("2026-03", "month", today)).toEqual({ ok: true, period: "2026-03" });
    expect(parsePeriod("2026-12", "month", today)).toEqual({ ok: true, period: "2026-12" });
    expect(parsePeriod("2026-Q4", "quarter", today)).toEqual({ ok: true, period: "2026-Q4" });
    expect(parsePeriod("2025q2", "quarter", today)).toEqual({ ok: true, period: "2025-Q2" });
    expect(parsePeriod("2025 Q3", "quarter", today)).toEqual({ ok: true, period: "2025-Q3" });
  });

  it("refuses periods that do not exist, of the other kind, or to come", () => {
    expect(parsePeriod("2026-13", "month", today)).toEqual({ ok: false, problem: "format" });
    expect(parsePeriod("2026-00", "month", today)).toEqual({ ok: false, problem: "format" });
    expect(parsePeriod("2026-Q5", "quarter", today)).toEqual({ ok: false, problem: "format" });
    expect(parsePeriod("2026-3", "month", today)).toEqual({ ok: false, problem: "format" });
    expect(parsePeriod("0999-01", "month", today)).toEqual({ ok: false, problem: "format" });
    expect(parsePeriod("2026-Q1", "month", today)).toEqual({ ok: false, problem: "kind" });
    expect(parsePeriod("2026-01", "quarter", today)).toEqual({ ok: false, problem: "kind" });
    expect(parsePeriod("2027-01", "month", today)).toEqual({ ok: false, problem: "future" });
    expect(parsePeriod("2027-Q1", "quarter", today)).toEqual({ ok: false, problem: "future" });
  });

  it("names the period a date falls in", () => {
    expect(periodOf("2026-02-28", "month")).toBe("2026-02");
    expect(periodOf("2026-04-01", "quarter")).toBe("2026-Q2");
    expect(periodOf("2026-12-31", "quarter")).toBe("2026-Q4");
  });
});
