import { TZDate } from "@date-fns/tz";
import { ConfigError } from "../errors.js";
import type { Window } from "../model/window.js";
import { DURATION_FORM, parseDurationSeconds } from "../util/duration.js";

export const DATE_FORM = "a date YYYY-MM-DD (midnight in --timezone) or an ISO 8601 instant such as 2026-09-01T12:00:00Z";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses a --from/--to value: a date is midnight in the timezone, an instant must carry its offset. */
export function parseDateFlag(text: string, timezone: string, flag: string): Date {
  const trimmed = text.trim();
  const dateOnly = DATE_ONLY.exec(trimmed);
  if (dateOnly) {
    const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
    const date = new TZDate(y, m - 1, d, timezone);
    // Reject 2026-02-31 and friends rather than letting them roll over.
    if (date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d) return new Date(date.getTime());
  } else if (INSTANT.test(trimmed)) {
    const date = new Date(trimmed);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new ConfigError(`${flag} "${text}" is not a valid date`, flag, `expected ${DATE_FORM}`);
}

/** The longest window a run reads: five years (a DORA trend rarely needs more; a typo such as 100000d is refused at once). */
export const MAX_WINDOW_DAYS = 1827;
/** How far past now `--to` may reach: a day (a date in a zone east of UTC); the future has no data. */
const MAX_FUTURE_MS = 86_400_000;
const DAY_MS = 86_400_000;

export interface WindowFlags {
  since?: string;
  from?: string;
  to?: string;
}

/** Resolves the half-open report window [from, to) of docs/metric-definitions.md. */
export function resolveWindow(flags: WindowFlags, timezone: string, now: Date, defaultSince = "30d"): Window {
  if (flags.since && flags.from) {
    throw new ConfigError("--since and --from cannot be combined", "--since", "use --since 30d, or --from DATE [--to DATE]");
  }
  const to = flags.to ? parseDateFlag(flags.to, timezone, "--to") : now;
  if (to.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw new ConfigError(
      `--to "${flags.to}" is in the future (now is ${now.toISOString()}); there is no data there`,
      "--to",
      `give a --to no later than ${new Date(now.getTime() + MAX_FUTURE_MS).toISOString().slice(0, 10)}, or leave it out (it defaults to now)`,
    );
  }
  let from: Date;
  if (flags.from) {
    from = parseDateFlag(flags.from, timezone, "--from");
  } else {
    const sinceText = flags.since ?? defaultSince;
    const seconds = parseDurationSeconds(sinceText);
    if (seconds === undefined || seconds <= 0) {
      throw new ConfigError(`--since "${sinceText}" is not a valid duration`, "--since", `expected ${DURATION_FORM}`);
    }
    if (seconds * 1000 > MAX_WINDOW_DAYS * DAY_MS) {
      throw new ConfigError(`--since "${sinceText}" is longer than ${MAX_WINDOW_DAYS} days`, "--since", `use a window from 1s to ${MAX_WINDOW_DAYS}d (five years)`);
    }
    from = new Date(to.getTime() - seconds * 1000);
  }
  if (from.getTime() >= to.getTime()) {
    throw new ConfigError(
      `the window is empty: from ${from.toISOString()} is not before to ${to.toISOString()}`,
      flags.from ? "--from" : "--to",
      "give a --from earlier than --to",
    );
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new ConfigError(
      `the window from ${from.toISOString()} to ${to.toISOString()} is longer than ${MAX_WINDOW_DAYS} days`,
      "--from",
      `give --from and --to at most ${MAX_WINDOW_DAYS} days (five years) apart`,
    );
  }
  return { from, to, timezone };
}
