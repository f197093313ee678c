import type { ChangeRow, DeploymentRow, IncidentRow, Report } from "../model/report.js";
import { formatDuration } from "../util/duration.js";
import { attributionText, leadTimeText, lineageText, reworkText, serviceMatchText, short } from "./explain/reason-text.js";
import { NONE, countOf } from "./figures.js";
import { formatInstant } from "./period.js";
import { html } from "./sanitize.js";

// The HTML report's "Evidence" section: per service a <details> a reader opens to see the
// deployments, changes and incidents behind its figures, each with the reason the metrics gave
// (the same sentences as `dora explain`). No script: <details> opens natively, within the CSP.

/** Rows per table: a year of a large service would make the page too heavy to open. */
export const EVIDENCE_ROWS_MAX = 500;

function tableOf(head: readonly string[], rows: readonly string[][], rowAttributes: readonly string[], total: number, what: string): string {
  if (total === 0) return `<p class="none">No ${what}.</p>`;
  const body = rows.map((cells, index) => `<tr${rowAttributes[index] ?? ""}>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`).join("");
  const more = total > rows.length ? `<p class="none">… and ${total - rows.length} more ${what}: dora explain service and --format json list them all.</p>` : "";
  return `<table class="evidence"><thead><tr>${head.map((title) => `<th>${title}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

function failureCell(row: DeploymentRow): string {
  if (!row.failed) return NONE;
  if (row.status === "failed") return "failed rollout";
  const recovery = row.recoverySeconds === null || row.recoverySeconds === undefined ? "" : `, recovered in ${formatDuration(row.recoverySeconds)}`;
  return `incident ${row.incidentIds.map(html).join(", ")}${recovery}`;
}

function deploymentsTable(rows: readonly DeploymentRow[], timezone: string): string {
  const shown = rows.slice(-EVIDENCE_ROWS_MAX); // the latest ones
  return tableOf(
    ["Finished", "Deployment", "SHA", "Changes", "Why these changes", "Failed by", "Rework"],
    shown.map((row) => [
      formatInstant(row.finishedAt, timezone),
      html(row.name),
      `<code>${html(short(row.sha))}</code>`,
      String(row.changes),
      row.lineage ? html(lineageText(row.lineage, row.service)) : row.status === "failed" ? "failed rollout: no changes" : NONE,
      failureCell(row),
      row.reworkReasons ? html(reworkText(row.reworkReasons, timezone)) : NONE,
    ]),
    shown.map((row) => ` data-deployment="${html(row.id)}"`),
    rows.length,
    "deployments",
  );
}

function changesTable(changes: readonly ChangeRow[], names: ReadonlyMap<string, string>, timezone: string): string {
  const shown = changes.slice(-EVIDENCE_ROWS_MAX);
  return tableOf(
    ["Commit", "Deployment", "Authored", "Lead time"],
    shown.map((change) => [
      `<code>${html(short(change.sha))}</code>`,
      html(names.get(change.deploymentId) ?? change.deploymentId),
      change.authoredAt === null ? NONE : formatInstant(change.authoredAt, timezone),
      html(leadTimeText(change)),
    ]),
    shown.map((change) => (change.leadTimeSeconds === null ? ` data-change="${html(change.sha)}" class="left-out"` : ` data-change="${html(change.sha)}"`)),
    changes.length,
    "changes",
  );
}

function incidentsTable(incidents: readonly IncidentRow[], names: ReadonlyMap<string, string>, timezone: string): string {
  return tableOf(
    ["Incident", "Started", "Time to restore", "Service match", "Attribution"],
    incidents.map((row) => [
      html(row.id),
      formatInstant(row.startedAt, timezone),
      row.isDrill ? "drill" : row.status === "active" ? "active" : formatDuration(row.restoreSeconds),
      html(serviceMatchText(row)),
      html(attributionText(row, row.deploymentId === null ? null : (names.get(row.deploymentId) ?? null))),
    ]),
    incidents.map((row) => ` data-incident="${html(row.id)}"`),
    incidents.length,
    "incidents",
  );
}

/** The rows by service, each list in the report's order: one pass, not one filter per service. */
function byService<Row extends { service: string | null }>(rows: readonly Row[]): Map<string | null, Row[]> {
  const groups = new Map<string | null, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.service);
    if (group) group.push(row);
    else groups.set(row.service, [row]);
  }
  return groups;
}

/** One closed <details> per service with its rows and their reasons, a service at a time; nothing when the report lists no rows. */
export function* evidenceSection(report: Report, timezone: string): Generator<string, void, undefined> {
  if (report.deployments.length === 0 && report.incidents.length === 0) return;
  const names = new Map(report.deployments.map((row) => [row.id, row.name]));
  const deploymentsOf = byService(report.deployments);
  const changesOf = byService(report.changes);
  const incidentsOf = byService(report.incidents);
  yield `<section id="evidence"><h2>Evidence by service</h2><p class="meta">Open a service to see the rows behind its figures and why each counts the way it does (<code>dora explain</code> prints the same).</p>`;
  for (const service of Object.keys(report.services)) {
    const deployments = deploymentsOf.get(service) ?? [];
    const incidents = incidentsOf.get(service) ?? [];
    const changes = changesOf.get(service) ?? [];
    const counts = `${countOf(deployments.length, "deployment")}, ${countOf(changes.length, "change")}, ${countOf(incidents.length, "incident")}`;
    yield `<details class="evidence" data-service="${html(service)}"><summary><strong>${html(service)}</strong> <span class="change">${counts}</span></summary>` +
      `<h3>Deployments</h3>${deploymentsTable(deployments, timezone)}` +
      `<h3>Changes</h3>${changesTable(changes, names, timezone)}` +
      `<h3>Incidents</h3>${incidentsTable(incidents, names, timezone)}</details>`;
  }
  yield "</section>";
}
