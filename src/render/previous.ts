// `--compare previous`: the same figures over the window of equal length just before the report's,
// and how each figure changed. Deltas are computed from the exact values, then formatted.
import { formatDuration } from "../util/duration.js";

const MINUS = "\u2212";

function signed(diff: number, magnitude: string): string {
  return `${diff < 0 ? MINUS : "+"}${magnitude}`;
}

/** Change of a duration in seconds: "−4h", "+1d 2h", "±0". */
export function durationChange(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null;
  const exact = current - previous;
  // Beyond an hour, seconds are noise ("−4h 49s"): round to the minute.
  const diff = Math.abs(exact) >= 3600 ? Math.round(exact / 60) * 60 : Math.round(exact);
  return diff === 0 ? "±0" : signed(diff, formatDuration(Math.abs(diff)));
}

/** Change of a rate in percentage points: "+1.2 pp", "±0 pp". */
export function rateChange(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null;
  const points = (current - previous) * 100;
  const shown = Math.abs(points).toFixed(1);
  return shown === "0.0" ? "±0 pp" : signed(points, `${shown} pp`);
}

/** Change of a count or a per-week figure, one decimal at most: "+0.4", "−3", "±0". */
export function numberChange(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null;
  const diff = Math.round((current - previous) * 10) / 10;
  return diff === 0 ? "±0" : signed(diff, String(Math.abs(diff)));
}

/** "17h 22m" + "−4h" → "17h 22m (−4h)"; no change known → the value alone. */
export function withChange(value: string, change: string | null | undefined): string {
  return change ? `${value} (${change})` : value;
}
