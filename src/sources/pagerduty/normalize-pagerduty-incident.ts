// PagerDuty REST v2 Incident JSON → Incident (docs/incident-sources.md). Pure: no I/O.
// start = created_at (when the incident was first triggered); resolved = resolved_at (on the
// Incident object since 2023, see docs/incident-sources.md), else last_status_change_at
// of a resolved incident (its last status change is the resolve). The log entries are not needed.

import type { Incident } from "../../model/incident.js";
import type { Warning } from "../../model/warning.js";
import { zonedInstantMs } from "../incident-sources/incident-time.js";
import { isRecord, trimmedText } from "../../util/json-guards.js";

/** Labels every PagerDuty incident carries (besides its custom fields and the dora service's labels). */
export const PAGERDUTY_SERVICE_ID_LABEL = "pagerduty.service.id";
export const PAGERDUTY_SERVICE_LABEL = "pagerduty.service";

export interface PagerDutyIncidentResult {
  incident?: Incident;
  /** The PagerDuty service reference of the incident (id, summary = name). */
  service?: { id?: string; name?: string };
  warnings: Warning[];
}

export function normalizePagerDutyIncident(raw: unknown): PagerDutyIncidentResult {
  const warnings: Warning[] = [];
  const doc = isRecord(raw) ? raw : {};
  const id = trimmedText(doc.id);
  if (id === undefined) {
    warnings.push({ code: "incident-without-id", message: "a PagerDuty incident without id was left out" });
    return { warnings };
  }
  const startedMs = zonedInstantMs(doc.created_at);
  if (startedMs === undefined) {
    warnings.push({ code: "incident-without-start", message: `PagerDuty incident ${id} has no readable created_at; it is left out`, subject: id });
    return { warnings };
  }
  const serviceRef = isRecord(doc.service) ? doc.service : {};
  const service = { id: trimmedText(serviceRef.id), name: trimmedText(serviceRef.summary) ?? trimmedText(serviceRef.name) };
  const labels: Record<string, string> = {};
  if (service.id !== undefined) labels[PAGERDUTY_SERVICE_ID_LABEL] = service.id;
  if (service.name !== undefined) labels[PAGERDUTY_SERVICE_LABEL] = service.name;
  const urgency = trimmedText(doc.urgency);
  if (urgency !== undefined) labels.urgency = urgency;
  const priority = isRecord(doc.priority) ? (trimmedText(doc.priority.summary) ?? trimmedText(doc.priority.name)) : undefined;

  const status = doc.status === "resolved" ? "resolved" : "active";
  const incident: Incident = {
    id,
    title: trimmedText(doc.title) ?? trimmedText(doc.summary) ?? "",
    severity: priority ?? urgency ?? "",
    status,
    // PagerDuty has no drill flag: every incident is real.
    isDrill: false,
    labels,
    startedMs,
    ...(trimmedText(doc.html_url) ? { url: trimmedText(doc.html_url) } : {}),
  };
  if (status === "resolved") {
    const resolvedMs = zonedInstantMs(doc.resolved_at) ?? zonedInstantMs(doc.last_status_change_at);
    if (resolvedMs !== undefined) incident.resolvedMs = resolvedMs;
    else {
      warnings.push({
        code: "incident-without-end",
        message: `PagerDuty incident ${id} is resolved but has neither resolved_at nor last_status_change_at; it has no restore time`,
        subject: id,
      });
    }
  }
  return { incident, service, warnings };
}

/** Custom field values (GET /incidents/{id}/custom_fields/values) → labels: field name → value, or values of a multi-value field. */
export function customFieldLabels(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const fields = isRecord(body) && Array.isArray(body.custom_fields) ? body.custom_fields : [];
  const valueText = (value: unknown) => (typeof value === "number" ? String(value) : trimmedText(value));
  for (const field of fields) {
    if (!isRecord(field)) continue;
    const name = trimmedText(field.name);
    if (name === undefined || name in out) continue;
    const values = (Array.isArray(field.value) ? field.value : [field.value]).map(valueText).filter((value): value is string => value !== undefined);
    if (values.length > 0) out[name] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** Note contents (GET /incidents/{id}/notes), oldest first, as one text. */
export function notesText(body: unknown): string {
  const notes = isRecord(body) && Array.isArray(body.notes) ? body.notes : [];
  return notes
    .filter(isRecord)
    .map((note) => ({ at: Date.parse(String(note.created_at ?? "")), content: trimmedText(note.content) ?? "" }))
    .sort((a, b) => (Number.isNaN(a.at) ? 0 : a.at) - (Number.isNaN(b.at) ? 0 : b.at))
    .map((note) => note.content)
    .join("\n");
}
