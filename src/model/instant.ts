// ISO instants as the sources normalize them (Date#toISOString: `2026-01-05T10:00:00.000Z`, or
// without milliseconds) are read digit by digit; anything else goes to Date.parse. A year of a
// large organisation is millions of commit dates, and this is twice as fast.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DASH = 45;
const COLON = 58;
const DOT = 46;
const T = 84;
const Z = 90;

/** Epoch milliseconds of an ISO instant, exactly as Date.parse reads it (NaN when invalid). */
export function parseInstant(text: string): number {
  const length = text.length;
  const canonical =
    (length === 20 || (length === 24 && text.charCodeAt(19) === DOT)) &&
    text.charCodeAt(length - 1) === Z &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    text.charCodeAt(10) === T &&
    text.charCodeAt(13) === COLON &&
    text.charCodeAt(16) === COLON;
  if (!canonical) return Date.parse(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millisecond = length === 24 ? digits(text, 20, 3) : 0;
  const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  // Date.UTC reads years 0–99 as 1900–1999: those go to Date.parse.
  const valid =
    year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]! + leapDay &&
    hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && millisecond >= 0;
  return valid ? Date.UTC(year, month - 1, day, hour, minute, second, millisecond) : Date.parse(text);
}

/** The decimal number of `count` digits at `start`, or −1 when one is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The ISO 8601 text of an epoch-ms instant (Date#toISOString): how reports and messages show instants. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
