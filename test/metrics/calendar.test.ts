import { describe, expect, it } from "vitest";
import { createCalendar } from "../../src/metrics/calendar.js";

// The calendar fills its offset column six hours at a time, bisecting a block where the zone's
// offset changes. Checked against Intl's own local date for every quarter hour around real
// transitions (tzdata, as Node's ICU carries it): the day of each instant must be Intl's.

const DAY_MS = 86_400_000;
const QUARTER_MS = 15 * 60_000;

/** The local calendar day of an instant as Intl formats it, as days since 1970-01-01. */
const formats = new Map<string, Intl.DateTimeFormat>();
function intlDay(timezone: string, ms: number): number {
  let format = formats.get(timezone);
  if (!format) formats.set(timezone, (format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" })));
  const text = format.format(new Date(ms));
  const [year, month, day] = text.split("-").map(Number);
  return Date.UTC(year!, month! - 1, day!) / DAY_MS;
}

/** Every quarter hour of [fromMs, toMs), minus one second (the instant just before a slot ends). */
function quarterHours(fromMs: number, toMs: number): number[] {
  const instants: number[] = [];
  for (let ms = fromMs; ms < toMs; ms += QUARTER_MS) instants.push(ms, ms + QUARTER_MS - 1000);
  return instants;
}

describe("calendar days", () => {
  it.each([
    // Berlin: +01:00 → +02:00 at 2026-03-29T01:00Z, back at 2026-10-25T01:00Z.
    ["Europe/Berlin", "2026-03-28T12:00:00Z"],
    ["Europe/Berlin", "2026-10-24T12:00:00Z"],
    // St. John's: −03:30 → −02:30 at 2026-03-08T05:30Z (a change at half past, UTC).
    ["America/St_Johns", "2026-03-07T12:00:00Z"],
    // Lord Howe: +11:00 → +10:30 at 2026-04-04T15:00Z (a half-hour daylight saving).
    ["Australia/Lord_Howe", "2026-04-04T00:00:00Z"],
    // Changes at local midnight, where a slot given the wrong offset moves an instant's day:
    // Santiago −03:00 → −04:00 at 2026-04-05T03:00Z; Beirut +02:00 → +03:00 at 2026-03-28T22:00Z.
    ["America/Santiago", "2026-04-04T12:00:00Z"],
    ["Asia/Beirut", "2026-03-28T12:00:00Z"],
    // Kathmandu: +05:45 all year (local midnight at 18:15Z).
    ["Asia/Kathmandu", "2026-06-01T00:00:00Z"],
    // Chatham: +13:45 → +12:45 at 2026-04-04T14:00Z.
    ["Pacific/Chatham", "2026-04-03T12:00:00Z"],
  ])("%s around %s: each quarter hour's day is Intl's", (timezone, around) => {
    const calendar = createCalendar(timezone);
    const centre = Date.parse(around);
    const instants = quarterHours(centre - 2 * DAY_MS, centre + 2 * DAY_MS);
    const days = instants.map((ms) => calendar.dayOf(ms));
    expect(days).toEqual(instants.map((ms) => intlDay(timezone, ms)));
  });

  it("a year of hours in New York, and instants beyond the column (two years away)", () => {
    const calendar = createCalendar("America/New_York");
    const from = Date.parse("2026-01-01T00:00:00Z");
    const instants: number[] = [];
    for (let ms = from; ms < from + 366 * DAY_MS; ms += 3_600_000) instants.push(ms);
    // Beyond the column's two years: looked up slot by slot.
    instants.push(Date.parse("2029-03-11T06:59:59Z"), Date.parse("2029-03-11T07:00:00Z"), Date.parse("2022-11-06T04:30:00Z"));
    expect(instants.map((ms) => calendar.dayOf(ms))).toEqual(instants.map((ms) => intlDay("America/New_York", ms)));
  });

  it("days worked out by hand at a change (Berlin, 2026-03-29: 01:00Z is 03:00 local)", () => {
    const calendar = createCalendar("Europe/Berlin");
    // 2026-03-28 is day 20,540 since 1970-01-01 (Date.UTC(2026, 2, 28) / 86,400,000).
    // 22:59:59Z on the 28th is 23:59:59 local (+01:00): still day 20,540.
    expect(calendar.dayOf(Date.parse("2026-03-28T22:59:59Z"))).toBe(20_540);
    // 23:00Z is midnight local: day 20,541.
    expect(calendar.dayOf(Date.parse("2026-03-28T23:00:00Z"))).toBe(20_541);
    // 22:00Z on the 29th is midnight local under +02:00: day 20,542; a second before, day 20,541.
    expect(calendar.dayOf(Date.parse("2026-03-29T21:59:59Z"))).toBe(20_541);
    expect(calendar.dayOf(Date.parse("2026-03-29T22:00:00Z"))).toBe(20_542);
  });
});
