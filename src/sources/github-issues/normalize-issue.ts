// GitHub issue JSON (List repository issues) → Incident (docs/incident-sources.md). Pure: no I/O.
// start = created_at, or a `started: <ISO time with zone>` line of the body (the incident began
// before someone opened the issue); resolved = closed_at of a closed issue. GitHub sets closed_at at
// every close, so a reopened and closed again issue resolves at its last close, and a reopened issue
// that is open again is active whatever closed_at still says. Pull requests (the issues endpoint
// lists them too, with a `pull_request` key) and issues closed as duplicates are not incidents.

import type { Incident } from "../../model/incident.js";
import type { Warning } from "../../model/warning.js";
import { attributionFromText, withAttributionLabels } from "../incident-sources/attribution-text.js";
import { zonedInstantMs } from "../incident-sources/incident-time.js";
import { isRecord, trimmedText } from "../../util/json-guards.js";

type Json = Record<string, unknown>;

/** An issue with this label is a drill (a game day): reported, never counted. */
export const DRILL_LABEL = "drill";

const STARTED_RE = /^[\s>*-]*(?:started|incident start|impact start)\s*:\s*(.+?)\s*$/im;
const PAIR_RE = /^([^:=\s][^:=]*?)\s*[:=]\s*(.+)$/;

export interface IssueIncidentResult {
  incident?: Incident;
  /** Why the item is not an incident (a pull request, a duplicate), when it is not. */
  skipped?: "pull-request" | "duplicate";
  /** The issue's label names. */
  labelNames: string[];
  warnings: Warning[];
}

/** Label names written `key:value` (or `key=value`) → incident labels; a repeated key keeps every value. */
export function labelPairs(names: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of names) {
    const match = PAIR_RE.exec(name.trim());
    if (!match) continue;
    const key = match[1]!.trim().toLowerCase();
    const value = match[2]!.trim();
    const known = out[key];
    out[key] = known === undefined ? value : [...(typeof known === "string" ? [known] : known), value];
  }
  return out;
}

/** Every value of a label key (none, one or several). */
export const valuesOf = (labels: Incident["labels"], key: string): readonly string[] => {
  const value = labels[key];
  return value === undefined ? [] : typeof value === "string" ? [value] : value;
};

function labelNamesOf(issue: Json): string[] {
  const labels = Array.isArray(issue.labels) ? issue.labels : [];
  return labels.map((label) => (typeof label === "string" ? label : isRecord(label) ? trimmedText(label.name) : undefined)).filter((name): name is string => name !== undefined);
}

export function normalizeIssue(raw: unknown, repo: string): IssueIncidentResult {
  const warnings: Warning[] = [];
  const issue = isRecord(raw) ? raw : {};
  const labelNames = labelNamesOf(issue);
  if (issue.pull_request !== undefined && issue.pull_request !== null) return { skipped: "pull-request", labelNames, warnings };
  if (issue.state_reason === "duplicate") return { skipped: "duplicate", labelNames, warnings };
  const number = typeof issue.number === "number" ? issue.number : undefined;
  if (number === undefined) {
    warnings.push({ code: "incident-without-id", message: `an issue of ${repo} without a number was left out` });
    return { labelNames, warnings };
  }
  const id = `${repo}#${number}`;
  const body = typeof issue.body === "string" ? issue.body : "";
  const createdMs = zonedInstantMs(issue.created_at);
  const startedLine = STARTED_RE.exec(body)?.[1]?.replace(/^`|`$/g, "");
  const startedFromBody = startedLine === undefined ? undefined : zonedInstantMs(startedLine);
  if (startedLine !== undefined && startedFromBody === undefined) {
    warnings.push({
      code: "incident-start-unreadable",
      message: `issue ${id}: "started: ${startedLine}" is not an ISO time with a zone (e.g. 2026-11-03T10:00:00Z); created_at is used`,
      subject: id,
    });
  }
  const startedMs = startedFromBody ?? createdMs;
  if (startedMs === undefined) {
    warnings.push({ code: "incident-without-start", message: `issue ${id} has no readable created_at; it is left out`, subject: id });
    return { labelNames, warnings };
  }
  const pairs = labelPairs(labelNames);
  const labels = withAttributionLabels(pairs, attributionFromText(body));
  const status = issue.state === "closed" ? "resolved" : "active";
  const incident: Incident = {
    id,
    title: trimmedText(issue.title) ?? "",
    severity: valuesOf(pairs, "severity")[0] ?? "",
    status,
    isDrill: labelNames.some((name) => name.toLowerCase() === DRILL_LABEL),
    labels,
    startedMs,
    ...(trimmedText(issue.html_url) ? { url: trimmedText(issue.html_url) } : {}),
  };
  if (status === "resolved") {
    const resolvedMs = zonedInstantMs(issue.closed_at);
    if (resolvedMs !== undefined) incident.resolvedMs = resolvedMs;
    else warnings.push({ code: "incident-without-end", message: `issue ${id} is closed but has no readable closed_at; it has no restore time`, subject: id });
  }
  return { incident, labelNames, warnings };
}
