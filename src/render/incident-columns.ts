// The incidents table of the Markdown and HTML reports, listed once: a column is added here and
// both formats show it. Each format passes its own escape for API text.
import type { IncidentRow, Report } from "../model/report.js";
import { formatDuration } from "../util/duration.js";
import { NONE } from "./figures.js";
import { formatInstant } from "./period.js";

export interface IncidentCellContext {
  /** Makes API text inert in the format (escapeMarkdownCell, html). */
  escape: (text: string) => string;
  timezone: string;
  /** The name of the deployment with this id, or the id when the report does not list it. */
  deploymentName: (id: string) => string;
}

const INCIDENT_COLUMNS: readonly { title: string; cell: (row: IncidentRow, context: IncidentCellContext) => string }[] = [
  { title: "Incident", cell: (row, { escape }) => escape(row.id) },
  { title: "Title", cell: (row, { escape }) => escape(row.title) },
  { title: "Service", cell: (row, { escape }) => (row.service === null ? NONE : escape(row.service)) },
  { title: "Severity", cell: (row, { escape }) => escape(row.severity) },
  { title: "Status", cell: (row) => (row.isDrill ? `${row.status} (drill)` : row.status) },
  { title: "Started", cell: (row, { timezone }) => formatInstant(row.startedAt, timezone) },
  { title: "Time to restore", cell: (row) => formatDuration(row.restoreSeconds) },
  {
    title: "Deployment",
    cell: (row, { escape, deploymentName }) => (row.deploymentId === null ? NONE : `${escape(deploymentName(row.deploymentId))} (${row.attribution})`),
  },
];

export const INCIDENT_HEADINGS = INCIDENT_COLUMNS.map((column) => column.title);

/** A context for the report's rows: deployment names looked up in one map built once. */
export function incidentCellContext(report: Report, escape: (text: string) => string, timezone: string): IncidentCellContext {
  const names = new Map(report.deployments.map((deployment) => [deployment.id, deployment.name]));
  return { escape, timezone, deploymentName: (id) => names.get(id) ?? id };
}

/** One incident's cells, in INCIDENT_HEADINGS order. */
export function incidentCells(row: IncidentRow, context: IncidentCellContext): string[] {
  return INCIDENT_COLUMNS.map((column) => column.cell(row, context));
}
