// Strict RFC 3339 instants: `2026-11-16T08:30:00Z`, with optional fractional seconds and a `Z` or
// ±HH:MM offset. Date.parse is lenient in ways that change figures: it reads "0" as 2000-01-01 and
// rolls 2026-02-30 over to March 2. Every date field is checked here instead (hand-written: no
// library on the dependency list parses exactly RFC 3339, and this is a dozen lines).

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of the date-time fields (UTC), or undefined when one is out of range. */
export function utcFields(year: number, month: number, day: number, hour: number, minute: number, second: number, millis = 0): number | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > DAYS_IN_MONTH[month - 1]! + (month === 2 && isLeap(year) ? 1 : 0)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}

/** Epoch milliseconds of a strict RFC 3339 instant; undefined for anything else. */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone] = match;
  const ms = utcFields(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Number((fraction + "000").slice(0, 3)));
  if (ms === undefined) return undefined;
  if (zone === "Z" || zone === "z") return ms;
  const sign = zone!.startsWith("-") ? -1 : 1;
  const offsetHours = Number(zone!.slice(1, 3));
  const offsetMinutes = Number(zone!.slice(4, 6));
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  return ms - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** The ISO form (Date#toISOString) of a strict RFC 3339 instant; undefined for anything else. */
export function rfc3339ToIso(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const ms = parseRfc3339(value.trim());
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
