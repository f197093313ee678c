// Mean, median and p90 of a range of a Float64Array, by selection (no sort), for the reference.
// docs/metric-definitions.md: "Percentiles interpolate linearly between closest ranks (numpy's
// default, PERCENTILE_CONT). A figure over an empty set is null, never 0." Two rounding rules are
// dora's, not the page's (read in src/metrics/stats.ts to match it to the bit): the rank p·(n−1) is
// rounded to 1e-9 and the interpolated figure to the microsecond (1e-6 s).

export interface Summary {
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** Summarizes values[from, to) (reordering that range). */
export function summarize(values: Float64Array, from: number, to: number): Summary {
  if (to <= from) return { meanSeconds: null, medianSeconds: null, p90Seconds: null };
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return { meanSeconds: sum / (to - from), medianSeconds: quantile(values, from, to, 0.5), p90Seconds: quantile(values, from, to, 0.9) };
}

function quantile(values: Float64Array, from: number, to: number, p: number): number {
  const rank = Math.round(p * (to - from - 1) * 1e9) / 1e9;
  const lower = Math.floor(rank);
  const low = select(values, from, to - 1, from + lower);
  let high = low;
  if (rank > lower) {
    // After the selection everything right of the rank is ≥ it: the next rank is their minimum.
    high = Infinity;
    for (let i = from + lower + 1; i < to; i++) if (values[i]! < high) high = values[i]!;
  }
  return Math.round((low + (high - low) * (rank - lower)) * 1e6) / 1e6;
}

/**
 * The k-th smallest of values[left..right] (k absolute), by quickselect with a three-way partition
 * (less | equal | greater than a median-of-three pivot): afterwards everything right of k is ≥ it.
 */
function select(values: Float64Array, left: number, right: number, k: number): number {
  for (;;) {
    if (left >= right) return values[k]!;
    const a = values[left]!;
    const b = values[(left + right) >>> 1]!;
    const c = values[right]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let less = left;
    let greater = right;
    for (let i = left; i <= greater; ) {
      const value = values[i]!;
      if (value < pivot) {
        values[i++] = values[less]!;
        values[less++] = value;
      } else if (value > pivot) {
        values[i] = values[greater]!;
        values[greater--] = value;
      } else i++;
    }
    if (k < less) right = less - 1;
    else if (k > greater) left = greater + 1;
    else return pivot;
  }
}
