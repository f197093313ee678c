// Summary statistics of the metrics. An empty set has no mean/median/percentile: null, never 0.

/**
 * The p-quantile (0 ≤ p ≤ 1) of already ascending-sorted values, interpolating linearly between
 * the closest ranks (rank = p·(n−1), as PERCENTILE_CONT and numpy's default).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  // 0.9 × 6 is 5.3999999999999995 in binary floating point: round the rank so p90 of a clean
  // dataset is the clean figure a person computes (28800, not 28800.000000000004).
  const rank = Math.round(p * (sorted.length - 1) * 1e9) / 1e9;
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  // Seconds to the microsecond: interpolation noise below that is not a figure anyone means.
  return Math.round((low + (high - low) * (rank - lower)) * 1e6) / 1e6;
}

/** The p-quantile (0 ≤ p ≤ 1) of values in any order; null for an empty set. */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(sortAscending(values), p);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

export function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

export interface Summary {
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** Mean, median and p90 of durations in seconds (sorted once). */
export function summarizeSeconds(values: readonly number[]): Summary {
  const sorted = sortAscending(values);
  return {
    meanSeconds: mean(sorted),
    medianSeconds: percentileOfSorted(sorted, 0.5),
    p90Seconds: percentileOfSorted(sorted, 0.9),
  };
}

// A typed array sorts numerically (no comparator) and fast, which matters for a million lead times.
function sortAscending(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}
