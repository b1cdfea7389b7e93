import { describe, expect, it } from "vitest";
import { breadthOf, experienceBand, mergeCompetences, suggestSelection, type Applicant } from "./breadth";

const applicant = (id: string, minute: number, competences: string[], unitIds: string[], experienceYears: number): Applicant => ({
  id,
  submittedAt: new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString(),
  competences,
  unitIds,
  experienceYears,
});

describe("experience bands", () => {
  it("puts years into 0–4, 5–9, 10–19 and 20+", () => {
    expect([0, 4, 5, 9, 10, 19, 20, 42].map(experienceBand)).toEqual([
      "0-4",
      "0-4",
      "5-9",
      "5-9",
      "10-19",
      "10-19",
      "20+",
      "20+",
    ]);
  });
});

describe("merging competences", () => {
  it("adds free text to the chosen ones, each once regardless of case and spacing", () => {
    expect(mergeCompetences(["Juridik", "Ekonomi"], "  juridik , Samtalsmetodik;\nEKONOMI,, Teckenspråk  ")).toEqual([
      "Juridik",
      "Ekonomi",
      "Samtalsmetodik",
      "Teckenspråk",
    ]);
  });
});

describe("breadth of a selection", () => {
  const universe = { competences: ["Juridik", "Ekonomi", "Statistik"], unitIds: ["u1", "u2", "u3"] };
  const pool = [
    applicant("a", 0, ["Juridik", "  motiverande   SAMTAL "], ["u1"], 3),
    applicant("b", 1, ["ekonomi"], ["u1", "u2"], 12),
    applicant("c", 2, ["Motiverande samtal"], ["u9"], 25),
  ];

  it("tells what the selection covers, what the applicants offer beyond it, and what nobody offers", () => {
    expect(breadthOf(pool, ["a"], universe)).toEqual({
      competences: { covered: ["Juridik", "motiverande SAMTAL"], missing: ["Ekonomi"], absent: ["Statistik"] },
      units: { covered: ["u1"], missing: ["u2", "u9"], absent: ["u3"] },
      experience: { covered: ["0-4"], missing: ["10-19", "20+"], absent: ["5-9"] },
      // a: juridik, motiverande samtal, u1, 0–4 = 4; all: 3 competences, u1 u2 u9, three bands = 9
      coveredCount: 4,
      availableCount: 9,
    });
  });

  it("lists units and bands missing when the selection is empty, in the organisation's order", () => {
    const breadth = breadthOf(pool, [], universe);
    expect(breadth.units).toEqual({ covered: [], missing: ["u1", "u2", "u9"], absent: ["u3"] });
    expect(breadth.coveredCount).toBe(0);
  });

  it("ignores ids that are not applicants", () => {
    expect(breadthOf(pool, ["b", "zzz"], universe).coveredCount).toBe(breadthOf(pool, ["b"], universe).coveredCount);
  });
});

describe("suggesting a broad selection", () => {
  it("takes the applicant adding most, then the one adding most of what is still missing", () => {
    // a adds 4 (x, y, u1, 0–4); then b adds 0 new competences + u1 (no) + band 5–9 = 1,
    // c adds z + u2 + 20+ = 3, so c; then b adds 5–9 = 1 and d adds w = 1: tie, b applied first.
    const pool = [
      applicant("a", 0, ["x", "y"], ["u1"], 1),
      applicant("b", 1, ["x"], ["u1"], 6),
      applicant("c", 2, ["z"], ["u2"], 30),
      applicant("d", 3, ["w"], ["u1"], 2),
    ];
    expect(suggestSelection(pool, 3)).toEqual(["a", "c", "b"]);
  });

  it("counts only what is still missing, not the size of a profile", () => {
    const pool = [
      applicant("big", 0, ["a", "b", "c"], ["u1"], 1), // 5 facets; ties with left, applied first
      applicant("left", 1, ["a", "b", "d"], ["u2"], 12), // 5 facets, but only d, u2, 10–19 new after big
      applicant("right", 2, ["e", "f"], ["u3"], 25), // 4 facets, all new after big
    ];
    expect(suggestSelection(pool, 2)).toEqual(["big", "right"]);
  });

  it("breaks a tie by the earlier application, whatever order the applicants come in", () => {
    const early = applicant("b-early", 0, ["x"], ["u1"], 1);
    const late = applicant("a-late", 5, ["y"], ["u2"], 1);
    expect(suggestSelection([late, early], 1)).toEqual(["b-early"]);
    expect(suggestSelection([early, late], 1)).toEqual(["b-early"]);
  });

  it("breaks a tie at the same instant by the smaller id", () => {
    const one = applicant("0f", 0, ["x"], [], 1);
    const two = applicant("0a", 0, ["y"], [], 1);
    expect(suggestSelection([one, two], 1)).toEqual(["0a"]);
  });

  it("fills seats nobody can add to in application order", () => {
    const pool = [
      applicant("a", 0, ["x"], ["u1"], 1),
      applicant("twin-late", 9, ["x"], ["u1"], 2),
      applicant("twin-early", 4, ["x"], ["u1"], 3),
    ];
    expect(suggestSelection(pool, 3)).toEqual(["a", "twin-early", "twin-late"]);
  });

  it("takes everyone when there are more seats than applicants, and no one for no seats", () => {
    const pool = [applicant("a", 0, [], [], 1), applicant("b", 1, [], [], 1)];
    expect(suggestSelection(pool, 8)).toEqual(["a", "b"]);
    expect(suggestSelection(pool, 0)).toEqual([]);
    expect(suggestSelection([], 3)).toEqual([]);
  });

  it("gives the same answer for the same applicants in any order", () => {
    const pool = Array.from({ length: 25 }, (_, i) =>
      applicant(`p${String(i).padStart(2, "0")}`, i % 7, [`k${i % 5}`, `k${(i * 3) % 11}`], [`u${i % 4}`], (i * 7) % 31)
    );
    const expected = suggestSelection(pool, 8);
    expect(expected).toHaveLength(8);
    expect(suggestSelection([...pool].reverse(), 8)).toEqual(expected);
    let seed = 7;
    for (let round = 0; round < 5; round++) {
      const shuffled = [...pool];
      for (let i = shuffled.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      expect(suggestSelection(shuffled, 8)).toEqual(expected);
    }
  });
});
