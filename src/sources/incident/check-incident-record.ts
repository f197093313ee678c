// Checks of each incident preview before normalize-incident reads it. An incident dora cannot read
// must not vanish or change meaning: a status outside the documented set (`active`, `resolved`;
// api-shapes §2.2) — "closed", "Resolved", "RESOLVED" — would otherwise count as active, and a time
// that is set but unreadable would move or drop the incident. Each is an `incomplete-incidents` gap
// naming the incident, the field and the value.

import type { Warning } from "../../model/warning.js";
import { INCOMPLETE_WARNING_PREFIX } from "../../errors.js";
import { stripControl } from "../../util/strip-control.js";
import { quoteValue } from "../../util/quote-value.js";
import { isUnsetTime, parseIncidentMs } from "./parse-incident-time.js";
import { isRecord } from "../../util/json-guards.js";

export const INCIDENT_GAP = `${INCOMPLETE_WARNING_PREFIX}incidents` as const;
const STATUSES = new Set(["active", "resolved"]);
const TIME_FIELDS = ["createdTime", "incidentStart", "incidentEnd", "closedTime"] as const;


const shown = quoteValue;

/** The gap that keeps this preview out of the figures, or undefined when it can be read. */
export function checkIncidentPreview(preview: unknown, where: string): Warning | undefined {
  if (!isRecord(preview)) return { code: INCIDENT_GAP, subject: where, message: `${where}: an incident preview is ${shown(preview)}, not an object; it is left out` };
  const rawId = preview.incidentID;
  const id = (typeof rawId === "string" && rawId !== "") || typeof rawId === "number" ? stripControl(String(rawId)) : undefined;
  if (id === undefined) return { code: INCIDENT_GAP, subject: where, message: `${where}: an incident preview without incidentID is left out` };
  if (typeof preview.status !== "string" || !STATUSES.has(preview.status)) {
    return {
      code: INCIDENT_GAP,
      subject: id,
      message: `incident ${id} has status ${shown(preview.status)}, not "active" or "resolved"; it is left out rather than counted as active`,
    };
  }
  for (const field of TIME_FIELDS) {
    const value = preview[field];
    if (!isUnsetTime(value) && parseIncidentMs(value) === undefined) {
      return { code: INCIDENT_GAP, subject: id, message: `incident ${id} has ${field} ${shown(value)}, which is not an RFC 3339 time; it is left out` };
    }
  }
  return undefined;
}
