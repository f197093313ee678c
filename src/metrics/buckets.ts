import { TZDate, tz } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, startOfDay, startOfISOWeek, startOfMonth } from "date-fns";
import type { Bucket } from "../model/window.js";

/** A half-open period [fromMs, toMs) in epoch milliseconds. */
export interface Period {
  fromMs: number;
  toMs: number;
}

/**
 * The calendar periods (day, ISO week from Monday, month) of the time zone that overlap the window,
 * clipped to it: the first starts at `from`, the last ends at `to`.
 */
export function bucketPeriods(window: Period, bucket: Bucket, timezone: string): Period[] {
  const context = { in: tz(timezone) };
  const startOf = { day: startOfDay, week: startOfISOWeek, month: startOfMonth }[bucket];
  const next = (date: TZDate): TZDate =>
    bucket === "day" ? addDays(date, 1, context) : bucket === "week" ? addWeeks(date, 1, context) : addMonths(date, 1, context);
  const periods: Period[] = [];
  let start: TZDate = startOf(new TZDate(window.fromMs, timezone), context);
  while (start.getTime() < window.toMs) {
    const end = next(start);
    periods.push({ fromMs: Math.max(start.getTime(), window.fromMs), toMs: Math.min(end.getTime(), window.toMs) });
    start = end;
  }
  return periods;
}

/** Index of the period holding ms (periods sorted and contiguous), or −1 when outside them all. */
export function periodIndexOf(periods: readonly Period[], ms: number): number {
  let low = 0;
  let high = periods.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const period = periods[middle]!;
    if (ms < period.fromMs) high = middle - 1;
    else if (ms >= period.toMs) low = middle + 1;
    else return middle;
  }
  return -1;
}
