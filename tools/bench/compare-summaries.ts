// Number-by-number comparison of two report summaries (dora's and the reference's): the same keys
// in every MetricSet, the same numbers, the same tiers and bucket bounds. Means are sums in
// different orders (dora's fact order, the reference's slot order), so they agree to a relative
// 1e-9, not to the bit; every other figure must be identical.

export interface SummaryMismatch {
  path: string;
  dora: unknown;
  reference: unknown;
}

export interface SummaryComparison {
  /** Values compared: every number, null, tier and bucket bound. */
  figures: number;
  mismatches: number;
  first: SummaryMismatch[];
}

const MEAN_TOLERANCE = 1e-9;

export function compareSummaries(dora: unknown, reference: unknown, keep = 10): SummaryComparison {
  const result: SummaryComparison = { figures: 0, mismatches: 0, first: [] };
  const mismatch = (path: string, a: unknown, b: unknown) => {
    result.mismatches++;
    if (result.first.length < keep) result.first.push({ path, dora: a, reference: b });
  };
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
      const keysA = Object.keys(a);
      const keysB = new Set(Object.keys(b));
      for (const key of keysA) {
        if (!keysB.has(key)) mismatch(`${path}.${key}`, (a as Record<string, unknown>)[key], "(missing)");
        else walk(`${path}.${key}`, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
        keysB.delete(key);
      }
      for (const key of keysB) mismatch(`${path}.${key}`, "(missing)", (b as Record<string, unknown>)[key]);
      return;
    }
    result.figures++;
    if (a === b) return;
    if (path.endsWith(".meanSeconds") && typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= MEAN_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) return;
    mismatch(path, a, b);
  };
  walk("", dora, reference);
  return result;
}
