import { tzOffset } from "@date-fns/tz";

// Calendar days and ISO weeks in the report time zone, as plain integers so that a million events
// cost a million additions, not a million time-zone conversions.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Zone offsets change at instants that are whole quarter hours in UTC (for every modern zone), so one
// offset lookup per quarter hour is exact.
const OFFSET_SLOT_MS = 15 * MINUTE_MS;
/** Quarter hours the column is filled by at a time: six hours. */
const BLOCK_SLOTS = 24;

export interface Calendar {
  timezone: string;
  /** Local calendar day of an instant: days since 1970-01-01 in the time zone. */
  dayOf(ms: number): number;
  /** ISO week (Monday start) of a day number: weeks since the week of 1969-12-29. */
  weekOfDay(day: number): number;
}

export function createCalendar(timezone: string): Calendar {
  // Offsets by quarter hour: a typed column over the first two years asked (a report's window and
  // lookback: a Map lookup per event was a tenth of a million deployments' time), a Map beyond.
  const SLOTS = 2 * 366 * 96;
  let firstSlot = NaN;
  const offsetColumn = new Float64Array(SLOTS).fill(NaN);
  const offsetBySlot = new Map<number, number>();
  const offsetOfSlot = (slot: number) => tzOffset(timezone, new Date(slot * OFFSET_SLOT_MS)) * MINUTE_MS;
  const offsetMs = (ms: number): number => {
    if (timezone === "UTC") return 0;
    const slot = Math.floor(ms / OFFSET_SLOT_MS);
    if (Number.isNaN(firstSlot)) firstSlot = Math.floor((slot - SLOTS / 2) / BLOCK_SLOTS) * BLOCK_SLOTS;
    const at = slot - firstSlot;
    if (at >= 0 && at < SLOTS) {
      if (Number.isNaN(offsetColumn[at]!)) fillBlock(at - (at % BLOCK_SLOTS));
      return offsetColumn[at]!;
    }
    let offset = offsetBySlot.get(slot);
    if (offset === undefined) offsetBySlot.set(slot, (offset = offsetOfSlot(slot)));
    return offset;
  };
  // A block of the column from two lookups, its first and last slot: a year of events asked for
  // 35,000 quarter hours one by one (a tenth of a second of Intl). Where the two differ, the slot
  // the offset changes at is found by bisection; no zone changes its offset twice in six hours.
  const fillBlock = (from: number) => {
    const to = from + BLOCK_SLOTS;
    const first = offsetOfSlot(firstSlot + from);
    const last = offsetOfSlot(firstSlot + to - 1);
    // The first slot with the last offset: (low, high].
    let low = from;
    let high = to - 1;
    while (first !== last && high - low > 1) {
      const middle = (low + high) >> 1;
      if (offsetOfSlot(firstSlot + middle) === first) low = middle;
      else high = middle;
    }
    const change = first === last ? to : high;
    offsetColumn.fill(first, from, change);
    offsetColumn.fill(last, change, to);
  };
  return {
    timezone,
    dayOf: (ms) => Math.floor((ms + offsetMs(ms)) / DAY_MS),
    // Day 0 (1970-01-01) is a Thursday: day −3 is the Monday that starts week 0.
    weekOfDay: (day) => Math.floor((day + 3) / 7),
  };
}
