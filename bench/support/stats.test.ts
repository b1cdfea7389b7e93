import { describe, expect, it } from "vitest";
import { percentileOfSums } from "./stats";

describe("percentileOfSums", () => {
  it("sums as many draws as asked", () => {
    expect(percentileOfSums([3], 32, 99)).toBe(96);
    expect(percentileOfSums([3], 32, 1)).toBe(96);
  });

  it("spreads as a sum of independent draws does", () => {
    // 32 draws of 1 or 3: 32 + 2 × Binomial(32, ½), mean 64 and standard deviation √32 ≈ 5.7.
    expect(percentileOfSums([1, 3], 32, 50)).toBe(64);
    const p99 = percentileOfSums([1, 3], 32, 99);
    expect(p99).toBeGreaterThanOrEqual(76);
    expect(p99).toBeLessThanOrEqual(80);
  });

  it("gives the same figure for the same samples", () => {
    const samples = [1.7, 1.9, 2.4, 3.1, 5.5, 2.0];
    expect(percentileOfSums(samples, 32, 99)).toBe(percentileOfSums(samples, 32, 99));
  });
});
