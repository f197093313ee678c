// PagerDuty answers `since`/`until` ranges of at most 6 months (List incidents, REST v2), and an
// offset list stops at 10 000 records. A long window is asked for in calendar months (UTC): each is
// far inside the limit, and a past month whose incidents are all resolved never changes again, so
// it can be kept in the cache (resolved-range-cache.ts).

/** 180 days: no 6-month span is shorter (the shortest, Feb–Jul of a common year, has 181). */
export const MAX_RANGE_MS = 180 * 86_400_000;

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

const nextMonthStart = (ms: number) => {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
};

/** [fromMs, toMs) cut at every UTC month start, and into pieces of at most maxMs, oldest first. */
export function splitRange(range: TimeRange, maxMs: number = MAX_RANGE_MS): TimeRange[] {
  const out: TimeRange[] = [];
  for (let start = range.fromMs; start < range.toMs; ) {
    const end = Math.min(nextMonthStart(start), start + maxMs, range.toMs);
    out.push({ fromMs: start, toMs: end });
    start = end;
  }
  return out;
}

/** A range in two halves (when it holds more incidents than offset paging reaches). */
export function halve(range: TimeRange): [TimeRange, TimeRange] {
  const middle = range.fromMs + Math.floor((range.toMs - range.fromMs) / 2);
  return [
    { fromMs: range.fromMs, toMs: middle },
    { fromMs: middle, toMs: range.toMs },
  ];
}
