// Grafana Incident `IncidentPreview` JSON → Incident (docs/api-shapes.md). Pure: no I/O.
// Previews carry `severityLabel` (not `severity`), label text in `label` or `value`, and "" for
// unset times; the incident's own start/end (incidentStart/incidentEnd) win over created/closed.

import type { Incident, IncidentLabels } from "../../model/incident.js";
import type { Warning } from "../../model/warning.js";
import { parseIncidentMs } from "./parse-incident-time.js";
import { isRecord, nonEmptyText } from "../../util/json-guards.js";

export interface NormalizedIncident {
  incident?: Incident;
  warnings: Warning[];
}

// Older incidents carry plain tags under the key "Tags" (a label without key defaults to "tags");
// a tag written `key:value` is that pair (grafana/gcx matches `squad:mimir` against
// {"key":"Tags","label":"squad:mimir"} and {"key":"squad","label":"mimir"} alike).
const TAG_KEYS = new Set(["tags"]);
const LEGACY_PAIR = /^([^:\s][^:]*?)\s*:\s*(\S.*)$/;

/**
 * IncidentLabel[] → key → value, or the values of a key that appears several times (in order,
 * without repeats). A legacy tag `key:value` also counts as that pair. See docs/incident-labels.md.
 */
export function readIncidentLabels(labels: unknown): IncidentLabels {
  const values = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    const list = values.get(key);
    if (!list) values.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  if (!Array.isArray(labels)) return {};
  for (const label of labels) {
    if (!isRecord(label)) continue;
    const key = nonEmptyText(label.key) ?? "tags";
    const value = nonEmptyText(label.label) ?? nonEmptyText(label.value);
    if (value === undefined) continue;
    add(key, value);
    const pair = TAG_KEYS.has(key.toLowerCase()) ? LEGACY_PAIR.exec(value) : null;
    if (pair) add(pair[1]!, pair[2]!.trim());
  }
  const out: Record<string, string | string[]> = {};
  for (const [key, list] of values) out[key] = list.length === 1 ? list[0]! : list;
  return out;
}

export function normalizeIncidentPreview(preview: unknown): NormalizedIncident {
  const warnings: Warning[] = [];
  const doc = isRecord(preview) ? preview : {};
  const id = nonEmptyText(doc.incidentID) ?? (typeof doc.incidentID === "number" ? String(doc.incidentID) : undefined);
  if (id === undefined) {
    warnings.push({ code: "incident-without-id", message: "an incident preview without incidentID was left out" });
    return { warnings };
  }
  const startedMs = parseIncidentMs(doc.incidentStart) ?? parseIncidentMs(doc.createdTime);
  if (startedMs === undefined) {
    warnings.push({
      code: "incident-without-start",
      message: `incident ${id} has neither a readable incidentStart nor createdTime; it is left out`,
      subject: id,
    });
    return { warnings };
  }
  const status = doc.status === "resolved" ? "resolved" : "active";
  const incident: Incident = {
    id,
    title: nonEmptyText(doc.title) ?? "",
    severity: nonEmptyText(doc.severityLabel) ?? nonEmptyText(doc.severity) ?? "",
    status,
    isDrill: doc.isDrill === true,
    labels: readIncidentLabels(doc.labels),
    startedMs,
  };
  if (status === "resolved") {
    const resolvedMs = parseIncidentMs(doc.incidentEnd) ?? parseIncidentMs(doc.closedTime);
    if (resolvedMs !== undefined) incident.resolvedMs = resolvedMs;
    else {
      warnings.push({
        code: "incident-without-end",
        message: `incident ${id} is resolved but has neither incidentEnd nor closedTime; it has no restore time`,
        subject: id,
      });
    }
  }
  return { incident, warnings };
}
