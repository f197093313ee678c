import { format } from "date-fns";
import { tz } from "@date-fns/tz";
import type { Bucket } from "../model/window.js";
import type { BucketMetrics } from "../model/report.js";

const PERIOD_PATTERN: Record<Bucket, string> = { day: "yyyy-MM-dd", week: "RRRR-'W'II", month: "yyyy-MM" };

export const BUCKET_ADJECTIVE: Record<Bucket, string> = { day: "daily", week: "weekly", month: "monthly" };

/** An ISO instant as "yyyy-MM-dd HH:mm" in the report time zone. */
export function formatInstant(iso: string, timezone: string): string {
  return format(new Date(iso), "yyyy-MM-dd HH:mm", { in: tz(timezone) });
}

/** "2026-08-24 00:00 → 2026-09-14 00:00 (UTC)"; `to` is exclusive, as in the window. */
export function formatWindow(window: { from: string; to: string }, timezone: string): string {
  return `${formatInstant(window.from, timezone)} → ${formatInstant(window.to, timezone)} (${timezone})`;
}

/** The period a bucket starting at `start` belongs to: "2026-09-07", "2026-W37" or "2026-09". */
export function periodLabel(start: string, bucket: Bucket, timezone: string): string {
  return format(new Date(start), PERIOD_PATTERN[bucket], { in: tz(timezone) });
}

/**
 * The report does not say how it was bucketed, so read it off the buckets: the finest period
 * (day, ISO week, month) that holds every bucket. Edge buckets cut by the window are shorter,
 * which is why "holds" is tested rather than the length.
 */
export function inferBucket(buckets: readonly Pick<BucketMetrics, "start" | "end">[], timezone: string): Bucket {
  const fits = (bucket: Bucket) =>
    buckets.every(({ start, end }) => {
      const lastInstant = new Date(new Date(end).getTime() - 1).toISOString();
      return periodLabel(start, bucket, timezone) === periodLabel(lastInstant, bucket, timezone);
    });
  if (fits("day")) return "day";
  if (fits("week")) return "week";
  return "month";
}
