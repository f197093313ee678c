import { stringify } from "csv-stringify/sync";
import type { MetricSet, Report } from "../model/report.js";
import { inChunks, joinChunks, mapped } from "./chunks.js";
import { METRIC_SET_COLUMNS } from "./metric-fields.js";
import { CHANGE_FIELDS, DEPLOYMENT_FIELDS, INCIDENT_FIELDS, type RowFields } from "./row-fields.js";
import type { CsvTable, RenderOptions } from "./types.js";
import { neutralizeCsvCell, stripControl } from "./sanitize.js";

type Cell = string | number | boolean | null;

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

/** A row table: the row type's columns, named as in the JSON, so CSV and JSON read the same. */
function rowsCsv<Row extends object>(rows: readonly Row[], { columns }: RowFields<Row>): Iterable<string> {
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
      [cell(scope), ...(periods ? [cell(from), cell(to)] : []), ...METRIC_SET_COLUMNS.map(({ value }) => cell(value(metrics)))];
    yield row(`${prefix}overall`, overall);
    for (const [name, metrics] of Object.entries(services)) yield row(`${prefix}${name}`, metrics);
  }
  function* rows(): Generator<Cell[], void, undefined> {
    yield* scopes("", report.window.from, report.window.to, report.overall, report.services);
    const { previous } = options;
    if (previous) yield* scopes("previous:", previous.window.from, previous.window.to, previous.overall, previous.services);
    if (periods) for (const bucket of report.buckets) yield* scopes("", bucket.start, bucket.end, bucket.overall, bucket.services);
  }
  return toCsv(["scope", ...(periods ? ["period_start", "period_end"] : []), ...METRIC_SET_COLUMNS.map(({ name }) => name)], rows());
}

const TABLES: Record<CsvTable, (report: Report, options: Pick<RenderOptions, "previous" | "bucket">) => Iterable<string>> = {
  summary: summaryCsv,
  deployments: (report) => rowsCsv(report.deployments, DEPLOYMENT_FIELDS),
  changes: (report) => rowsCsv(report.changes, CHANGE_FIELDS),
  incidents: (report) => rowsCsv(report.incidents, INCIDENT_FIELDS),
};

/** One table of the report (`--csv summary|deployments|changes|incidents`) as RFC 4180 CSV with a header row, in chunks. */
export function csvChunks(report: Report, options: Pick<RenderOptions, "csvTable" | "previous" | "bucket">): Iterable<string> {
  return inChunks(TABLES[options.csvTable](report, options));
}

/** One CSV table as one string. */
export function renderCsv(report: Report, options: Pick<RenderOptions, "csvTable" | "previous" | "bucket">): string {
  return joinChunks(csvChunks(report, options));
}
