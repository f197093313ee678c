import { describe, expect, it } from "vitest";
import { mean, median, percentile, summarizeRun, summarizeSeconds } from "../../src/metrics/stats.js";

describe("percentile (linear interpolation, rank = p·(n−1))", () => {
  it("interpolates the median and p90 of [1,2,3,4]", () => {
    // median: rank 0.5·3 = 1.5 → 2 + 0.5·(3−2) = 2.5
    expect(percentile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    // p90: rank 0.9·3 = 2.7 → 3 + 0.7·(4−3) = 3.7
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });

  it("sorts its input first", () => {
    // sorted [10, 20, 40]: median rank 1 → 20; p90 rank 1.8 → 20 + 0.8·20 = 36
    expect(percentile([40, 10, 20], 0.5)).toBe(20);
    expect(percentile([40, 10, 20], 0.9)).toBeCloseTo(36, 12);
  });

  it("returns the value of a single-element set for every p", () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 0.9)).toBe(7);
  });

  it("gives the extremes at p = 0 and p = 1", () => {
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 1)).toBe(3);
  });

  it("is null, never 0, for an empty set", () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
    expect(summarizeSeconds([])).toEqual({ meanSeconds: null, medianSeconds: null, p90Seconds: null });
  });
});

describe("summarizeSeconds", () => {
  it("gives mean, median and p90", () => {
    // [100, 200, 600]: mean 900/3 = 300; median 200; p90 rank 1.8 → 200 + 0.8·400 = 520
    const summary = summarizeSeconds([600, 100, 200]);
    expect(summary.meanSeconds).toBe(300);
    expect(summary.medianSeconds).toBe(200);
    expect(summary.p90Seconds).toBeCloseTo(520, 9);
  });
});

describe("summarizeRun", () => {
  it("summarizes values[from, to) of a column in place, leaving the rest as it was", () => {
    // The run is [50, 10, 40, 20, 30]: mean 150 / 5 = 30; ascending 10 20 30 40 50, median
    // (rank 0.5 × 4 = 2) 30, p90 (rank 0.9 × 4 = 3.6) 40 + 0.6 × (50 − 40) = 46.
    const column = [999, -1, 50, 10, 40, 20, 30, 7];
    expect(summarizeRun(column, 2, 7)).toEqual({ meanSeconds: 30, medianSeconds: 30, p90Seconds: 46 });
    expect([column[0], column[1], column[7]]).toEqual([999, -1, 7]);
    expect(column.slice(2, 7).sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50]);
    // The same run of a typed column, its mean given (taken before a reordering): kept as given.
    expect(summarizeRun(Float64Array.of(0, 50, 10, 40, 20, 30), 1, 6, 12.5)).toEqual({ meanSeconds: 12.5, medianSeconds: 30, p90Seconds: 46 });
    expect(summarizeRun(column, 3, 3)).toEqual({ meanSeconds: null, medianSeconds: null, p90Seconds: null });
  });
});
