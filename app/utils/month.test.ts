import { describe, expect, it } from "vitest";
import { addMonths, monthLabel, monthOf } from "./month";

describe("months", () => {
  it("takes the month in Stockholm time", () => {
    expect(monthOf(new Date("2026-10-31T22:30:00Z"))).toBe("2026-10");
    expect(monthOf(new Date("2026-10-31T23:30:00Z"))).toBe("2026-11");
  });

  it("steps across years", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-05", -11)).toBe("2025-06");
  });

  it("names a month in each language", () => {
    expect(monthLabel("2026-10", "sv")).toBe("oktober 2026");
    expect(monthLabel("2026-10", "en")).toBe("October 2026");
  });
});
