import { stringify } from "csv-stringify/sync";
import type { MetricSet, Report } from "../model/report.js";
import { inChunks, joinChunks, mapped } from "./chunks.js";
import type { CsvTable, RenderOptions } from "./types.js";
import { neutralizeCsvCell, stripControl } from "./sanitize.js";

type Cell = string | number | boolean | null;

/** Column name → value, per summary column; names are the MetricSet paths in snake_case. */
const SUMMARY_COLUMNS: readonly [string, (metrics: MetricSet) => Cell][] = [
  ["deployment_frequency_deployments", (m) => m.deploymentFrequency.deployments],
  ["deployment_frequency_per_day", (m) => m.deploymentFrequency.perDay],
  ["deployment_frequency_per_week", (m) => m.deploymentFrequency.perWeek],
  ["deployment_frequency_deploy_days", (m) => m.deploymentFrequency.deployDays],
  ["deployment_frequency_median_deploy_days_per_week", (m) => m.deploymentFrequency.medianDeployDaysPerWeek],
  ["deployment_frequency_tier", (m) => m.deploymentFrequency.tier],
  ["lead_time_changes", (m) => m.leadTime.changes],
  ["lead_time_mean_seconds", (m) => m.leadTime.meanSeconds],
  ["lead_time_median_seconds", (m) => m.leadTime.medianSeconds],
  ["lead_time_p90_seconds", (m) => m.leadTime.p90Seconds],
  ["lead_time_tier", (m) => m.leadTime.tier],
  ["change_failure_rate_deployments", (m) => m.changeFailureRate.deployments],
  ["change_failure_rate_failed_deployments", (m) => m.changeFailureRate.failedDeployments],
  ["change_failure_rate", (m) => m.changeFailureRate.rate],
  ["change_failure_rate_tier", (m) => m.changeFailureRate.tier],
  ["time_to_restore_incidents", (m) => m.timeToRestore.incidents],
  ["time_to_restore_resolved", (m) => m.timeToRestore.resolved],
  ["time_to_restore_active", (m) => m.timeToRestore.active],
  ["time_to_restore_mean_seconds", (m) => m.timeToRestore.meanSeconds],
  ["time_to_restore_median_seconds", (m) => m.timeToRestore.medianSeconds],
  ["time_to_restore_p90_seconds", (m) => m.timeToRestore.p90Seconds],
  ["time_to_restore_tier", (m) => m.timeToRestore.tier],
  ["failed_deployment_recovery_time_count", (m) => m.failedDeploymentRecoveryTime.count],
  ["failed_deployment_recovery_time_mean_seconds", (m) => m.failedDeploymentRecoveryTime.meanSeconds],
  ["failed_deployment_recovery_time_median_seconds", (m) => m.failedDeploymentRecoveryTime.medianSeconds],
  ["failed_deployment_recovery_time_p90_seconds", (m) => m.failedDeploymentRecoveryTime.p90Seconds],
  ["rework_rate_deployments", (m) => m.reworkRate.deployments],
  ["rework_rate_rework_deployments", (m) => m.reworkRate.reworkDeployments],
  ["rework_rate", (m) => m.reworkRate.rate],
];

// Row tables use the JSON contract's field names and order, so CSV and JSON read the same.
const DEPLOYMENT_COLUMNS = [
  "id", "name", "service", "repo", "sha", "status", "startedAt", "finishedAt",
  "changes", "failed", "rework", "rollback", "incidentIds", "url", "traceId",
] as const satisfies readonly (keyof Report["deployments"][number])[];
const CHANGE_COLUMNS = [
  "sha", "service", "repo", "authoredAt", "committedAt", "deploymentId", "deployedAt", "leadTimeSeconds",
] as const satisfies readonly (keyof Report["changes"][number])[];
const INCIDENT_COLUMNS = [
  "id", "title", "service", "severity", "status", "isDrill", "startedAt", "resolvedAt",
  "restoreSeconds", "deploymentId", "attribution",
] as const satisfies readonly (keyof Report["incidents"][number])[];

/** Strings are stripped and neutralised against formula injection; numbers stay numbers; null is an empty cell. */
function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return cell(value.map(String).join(";"));
  if (typeof value === "string") return neutralizeCsvCell(stripControl(value));
  if (typeof value === "number" || typeof value === "boolean") return value;
  return cell(String(value));
}

/** Rows per csv-stringify call: each record ends with its own "\n", so the batches' texts simply follow one another. */
const ROWS_PER_CHUNK = 64;

function* toCsv(header: readonly string[], rows: Iterable<Cell[]>): Generator<string, void, undefined> {
  // The default writes true as "1" and false as "": say what is meant.
  const options = { cast: { boolean: (value: boolean) => String(value) } };
  let batch: Cell[][] = [[...header]];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= ROWS_PER_CHUNK) {
      yield stringify(batch, options);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, options);
}

function rowsCsv<Row extends object>(rows: readonly Row[], columns: readonly (keyof Row & string)[]): Iterable<string> {
  return toCsv(columns, mapped(rows, (row) => columns.map((column) => cell(row[column]))));
}

/**
 * With --compare previous, the previous window's figures follow as rows scoped "previous:overall",
 * "previous:<service>". With --bucket (options.bucket), every period's figures follow too, and two columns say which
 * span each row covers (the whole window, the previous one, or one period).
 */
function summaryCsv(report: Report, options: Pick<RenderOptions, "previous" | "bucket">): Iterable<string> {
  const periods = options.bucket !== undefined && report.buckets.length > 0;
  function* scopes(prefix: string, from: string, to: string, overall: MetricSet, services: Record<string, MetricSet>): Generator<Cell[], void, undefined> {
    const row = (scope: string, metrics: MetricSet): Cell[] =>
      [cell(scope), ...(periods ? [cell(from), cell(to)] : []), ...SUMMARY_COLUMNS.map(([, value]) => cell(value(metrics)))];
    yield row(`${prefix}overall`, overall);
    for (const [name, metrics] of Object.entries(services)) yield row(`${prefix}${name}`, metrics);
  }
  function* rows(): Generator<Cell[], void, undefined> {
    yield* scopes("", report.window.from, report.window.to, report.overall, report.services);
    const { previous } = options;
    if (previous) yield* scopes("previous:", previous.window.from, previous.window.to, previous.overall, previous.services);
    if (periods) for (const bucket of report.buckets) yield* scopes("", bucket.start, bucket.end, bucket.overall, bucket.services);
  }
  return toCsv(["scope", ...(periods ? ["period_start", "period_end"] : []), ...SUMMARY_COLUMNS.map(([name]) => name)], rows());
}

const TABLES: Record<CsvTable, (report: Report, options: Pick<RenderOptions, "previous" | "bucket">) => Iterable<string>> = {
  summary: summaryCsv,
  deployments: (report) => rowsCsv(report.deployments, DEPLOYMENT_COLUMNS),
  changes: (report) => rowsCsv(report.changes, CHANGE_COLUMNS),
  incidents: (report) => rowsCsv(report.incidents, INCIDENT_COLUMNS),
};

/** One table of the report (`--csv summary|deployments|changes|incidents`) as RFC 4180 CSV with a header row, in chunks. */
export function csvChunks(report: Report, options: Pick<RenderOptions, "csvTable" | "previous" | "bucket">): Iterable<string> {
  return inChunks(TABLES[options.csvTable](report, options));
}

/** One CSV table as one string. */
export function renderCsv(report: Report, options: Pick<RenderOptions, "csvTable" | "previous" | "bucket">): string {
  return joinChunks(csvChunks(report, options));
}
