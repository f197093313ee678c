// Summary statistics of the metrics. An empty set has no mean/median/percentile: null, never 0.

import type { Doubles } from "../util/typed-arrays.js";

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

/** The mean of values[from, to) (all of them by default). */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number | null {
  if (to <= from) return null;
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum / (to - from);
}

export interface Summary {
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/**
 * Mean, median and p90 of durations in seconds. A Float64Array is reordered in place (it is the
 * caller's scratch copy); an array is copied first. `knownMean`: the mean of the values, taken by
 * the caller before it reordered them. The two percentiles are found by selection,
 * O(n), not by a sort: a year of a large organisation has millions of lead times per summary.
 */
export function summarizeSeconds(values: readonly number[] | Float64Array, knownMean?: number | null): Summary {
  const scratch = values instanceof Float64Array ? values : Float64Array.from(values);
  return summarizeRun(scratch, 0, scratch.length, knownMean);
}

/** summarizeSeconds of values[from, to), a run of a column it reorders in place. */
export function summarizeRun(values: Doubles, from: number, to: number, knownMean?: number | null): Summary {
  // The mean adds the values in their order; a caller that reorders them first (order statistics
  // do not depend on the order) passes the mean it took before.
  const meanSeconds = knownMean === undefined ? mean(values, from, to) : knownMean;
  if (to <= from) return { meanSeconds, medianSeconds: null, p90Seconds: null };
  const median = quantileBySelection(values, from, to, 0.5, from);
  // Selecting the median's rank left every value after it ≥ it: the p90 is selected among those.
  const p90 = quantileBySelection(values, from, to, 0.9, median.lower + 1);
  return { meanSeconds, medianSeconds: median.value, p90Seconds: p90.value };
}

/**
 * percentileOfSorted's figure of values[from, to) without sorting: the two closest ranks are
 * selected (reorders the run). `after`: the values before it are all ≤ the ones from it, and the
 * rank is among the latter (a rank after one already selected). `lower`: where the lower rank is.
 */
function quantileBySelection(values: Doubles, from: number, to: number, p: number, after: number): { value: number; lower: number } {
  const rank = Math.round(p * (to - from - 1) * 1e9) / 1e9;
  const lower = from + Math.floor(rank);
  const low = lower < after ? values[lower]! : selectRank(values, lower, after, to);
  // After selecting rank `lower`, everything after it is ≥ it: the next rank is their minimum.
  let high = low;
  const fraction = rank - Math.floor(rank);
  if (fraction > 0) {
    high = Infinity;
    for (let i = lower + 1; i < to; i++) if (values[i]! < high) high = values[i]!;
  }
  return { value: Math.round((low + (high - low) * fraction) * 1e6) / 1e6, lower };
}

/**
 * The value at position k once values[from, to) is ascending, by quickselect (Hoare partition,
 * middle pivot): that range ends up with smaller values before k and larger ones after it.
 */
function selectRank(values: Doubles, k: number, from: number, to: number): number {
  let left = from;
  let right = to - 1;
  while (left < right) {
    const pivot = values[(left + right) >>> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}

// A typed array sorts numerically (no comparator) and fast.
function sortAscending(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}
