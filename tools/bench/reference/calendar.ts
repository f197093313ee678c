// Local calendar days and buckets of the report time zone, for the reference, from Intl alone (not
// dora's calendar): one Intl lookup per UTC hour of the window, then every instant is a table read.
// Exact for zones whose offsets and transitions are whole hours (Europe/Berlin, UTC, …); any other
// zone is refused rather than answered approximately.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type ReferenceBucket = "none" | "day" | "week";

export interface Period {
  fromMs: number;
  toMs: number;
}

export interface ReferenceCalendar {
  /** Local calendar day of an instant in [fromMs, toMs): days since 1970-01-01 in the zone. */
  dayOf(ms: number): number;
  /** The buckets clipped to the window (one, the window itself, for "none"). */
  periods: Period[];
  /** Index in `periods` of an instant in [fromMs, toMs). */
  periodOf(ms: number): number;
}

/** ISO week (Monday start) of a local day number: 1970-01-01 is a Thursday, so day −3 starts week 0. */
export const weekOfDay = (day: number): number => Math.floor((day + 3) / 7);

export function referenceCalendar(timezone: string, fromMs: number, toMs: number, bucket: ReferenceBucket): ReferenceCalendar {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
  const firstHour = Math.floor(fromMs / HOUR_MS);
  const hours = Math.ceil(toMs / HOUR_MS) - firstHour;
  const dayOfHour = new Int32Array(hours);
  const periodOfHour = new Int32Array(hours);
  const periods: Period[] = [];
  let periodFrom = fromMs;
  for (let h = 0; h < hours; h++) {
    const hourMs = (firstHour + h) * HOUR_MS;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(hourMs))) if (part.type !== "literal") parts[part.type] = Number(part.value);
    if (parts["minute"] !== 0) throw new Error(`the reference handles whole-hour zone offsets only; ${timezone} is ${parts["minute"]} minutes off`);
    const day = Date.UTC(parts["year"]!, parts["month"]! - 1, parts["day"]!) / DAY_MS;
    dayOfHour[h] = day;
    // A bucket starts at a local midnight (a Monday's for weeks) inside the window.
    const startsBucket = h > 0 && hourMs > fromMs && day !== dayOfHour[h - 1] && (bucket === "day" || (bucket === "week" && weekOfDay(day) !== weekOfDay(dayOfHour[h - 1]!)));
    if (startsBucket) {
      periods.push({ fromMs: periodFrom, toMs: hourMs });
      periodFrom = hourMs;
    }
    periodOfHour[h] = periods.length;
  }
  periods.push({ fromMs: periodFrom, toMs });
  return {
    dayOf: (ms) => dayOfHour[Math.floor(ms / HOUR_MS) - firstHour]!,
    periods,
    periodOf: (ms) => periodOfHour[Math.floor(ms / HOUR_MS) - firstHour]!,
  };
}
