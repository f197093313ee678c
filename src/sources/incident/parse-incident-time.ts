// Grafana Incident times are RFC 3339 (often with microseconds), but some fields come as
// "2022-02-11 00:50:20.574137" (space, no zone: UTC) and unset ones as "". Both forms are read
// strictly: "0", "1" or 2026-02-30 are not dates (a lenient parser read them as 2000-01-01,
// 2001-01-01 and March 2).

import { parseRfc3339, utcFields } from "../../util/rfc3339.js";

/** The looser forms Grafana writes: a space, no seconds, no zone (UTC) or "+0100". */
const LOOSE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** An incident time → epoch ms; undefined when empty or unreadable. */
export function parseIncidentMs(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const raw = value.trim();
  if (raw === "") return undefined;
  let ms = parseRfc3339(raw);
  if (ms === undefined) {
    const match = LOOSE.exec(raw);
    if (match) {
      const [, y, mo, d, h, mi, s = "0", fraction = "", zone = "Z"] = match;
      ms = utcFields(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Number((fraction + "000").slice(0, 3)));
      const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
      if (ms !== undefined && offset) {
        const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
        ms = Number(offset[2]) > 23 || Number(offset[3] ?? 0) > 59 ? undefined : ms - (offset[1] === "-" ? -1 : 1) * minutes * 60_000;
      }
    }
  }
  return ms;
}

/** Whether a time field is unset (absent, null or ""), as opposed to set but unreadable. */
export function isUnsetTime(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}
