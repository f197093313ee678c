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
  let from: Date;
  if (flags.from) {
    from = parseDateFlag(flags.from, timezone, "--from");
  } else {
    const sinceText = flags.since ?? defaultSince;
    const seconds = parseDurationSeconds(sinceText);
    if (seconds === undefined || seconds <= 0) {
      throw new ConfigError(`--since "${sinceText}" is not a valid duration`, "--since", `expected ${DURATION_FORM}`);
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
  return { from, to, timezone };
}
