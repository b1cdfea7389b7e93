import { describe, expect, it } from "vitest";
import { formatCalendarDate, formatDueDates, wholeDaysBetween } from "./format";

describe("wholeDaysBetween", () => {
  it("counts completed days only", () => {
    expect(wholeDaysBetween("2026-10-01T12:00:00Z", "2026-10-03T11:59:59Z")).toBe(1);
    expect(wholeDaysBetween("2026-10-01T12:00:00Z", "2026-10-03T12:00:00Z")).toBe(2);
  });

  it("is zero for an instant in the future", () => {
    expect(wholeDaysBetween(new Date("2026-10-05"), new Date("2026-10-01"))).toBe(0);
  });
});

describe("formatCalendarDate", () => {
  it("formats a date in each language without shifting it", () => {
    expect(formatCalendarDate("2026-12-31", "sv")).toBe("31 dec. 2026");
    expect(formatCalendarDate("2026-12-31", "en")).toBe("31 Dec 2026");
  });
});

describe("formatDueDates", () => {
  it("formats each due date of a board once, as formatCalendarDate does, and skips cards without one", () => {
    const cards = [{ dueOn: "2026-12-31" }, { dueOn: null }, { dueOn: "2027-01-05" }, { dueOn: "2026-12-31" }];
    expect(formatDueDates(cards, "sv")).toEqual({ "2026-12-31": "31 dec. 2026", "2027-01-05": "5 jan. 2027" });
    expect(formatDueDates(cards, "en")).toEqual({ "2026-12-31": "31 Dec 2026", "2027-01-05": "5 Jan 2027" });
    expect(formatDueDates([{ dueOn: null }], "sv")).toEqual({});
  });
});
