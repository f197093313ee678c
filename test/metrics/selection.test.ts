import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mean, percentile, summarizeSeconds } from "../../src/metrics/stats.js";

describe("summarizeSeconds (percentiles by selection)", () => {
  it("gives the sorted-rank median and p90, duplicates and all", () => {
    // Small integers force many ties, the hard case for a partition.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }), (values) => {
        const summary = summarizeSeconds(values);
        expect(summary.medianSeconds).toBe(percentile(values, 0.5));
        expect(summary.p90Seconds).toBe(percentile(values, 0.9));
        expect(summary.meanSeconds).toBe(mean(values));
      }),
      { numRuns: 3000 },
    );
  });

  it("interpolates between the two closest ranks", () => {
    // p90 of 1..10: rank 0.9 × 9 = 8.1 → 9 + 0.1 × (10 − 9) = 9.1; median: rank 4.5 → 5.5.
    const summary = summarizeSeconds([10, 3, 7, 1, 9, 2, 8, 6, 4, 5]);
    expect(summary.medianSeconds).toBe(5.5);
    expect(summary.p90Seconds).toBe(9.1);
  });
});
