import Table from "cli-table3";
import type { MetricSet, Report, Tier } from "../model/report.js";
import { inChunks, joinChunks, joined } from "./chunks.js";
import type { RenderOptions } from "./types.js";
import { NONE, SERVICE_COLUMNS, TREND_COLUMNS, serviceFigures, summaryRows, tieredCell, trendFigures } from "./figures.js";
import { incompleteGaps } from "./incomplete.js";
import { BUCKET_ADJECTIVE, formatWindow, inferBucket, periodLabel } from "./period.js";
import { stripControl } from "./sanitize.js";
import { sparkline } from "./sparkline.js";
import { withChange } from "./previous.js";
import type { PreviousPeriod } from "./types.js";

const TIER_COLOR: Record<Tier, number> = { elite: 32, high: 36, medium: 33, low: 31 };
const SPARKLINE_LABELS = ["Deploys", "Lead time", "CFR", "Time to restore", "Rework"] as const;
const WARNINGS_SHOWN = 10;

function tierText(tier: Tier | null, color: boolean): string {
  if (tier === null) return NONE;
  return color ? `\x1b[${TIER_COLOR[tier]}m${tier}\x1b[39m` : tier;
}

/** cli-table3 colours headers and borders by default; colour here is only ever the tiers'. Compact: no rule between rows. */
function newTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}

function summaryTable(metrics: MetricSet, previous: MetricSet | undefined, color: boolean): string {
  const table = newTable(["Metric", "Value", "Detail", "Tier"]);
  for (const row of summaryRows(metrics, previous)) {
    table.push([row.metric, withChange(row.value, row.change), row.detail, tierText(row.tier, color)]);
  }
  return table.toString();
}

function servicesTable(services: Record<string, MetricSet>, previous: PreviousPeriod | undefined, color: boolean): string {
  const table = newTable(["Service", ...SERVICE_COLUMNS]);
  for (const [name, metrics] of Object.entries(services)) {
    const figures = serviceFigures(metrics, previous?.services[name]);
    table.push([stripControl(name), ...figures.map((figure) => tieredCell(figure, (tier) => tierText(tier, color)))]);
  }
  return table.toString();
}

/** Gaps first, above the figures they make wrong, so no one reads the numbers without seeing it. */
function incompleteBanner(gaps: string[]): string {
  return [
    `INCOMPLETE: ${gaps.length} gap(s) in the data; the figures below do not cover them:`,
    ...gaps.map((gap) => `  - ${stripControl(gap)}`),
  ].join("\n");
}

function trendSection(report: Report, timezone: string, bucketOption: RenderOptions["bucket"]): string {
  const bucket = bucketOption ?? inferBucket(report.buckets, timezone);
  const table = newTable(["Period", ...TREND_COLUMNS]);
  const columns: (number | null)[][] = TREND_COLUMNS.map(() => []);
  for (const { start, overall } of report.buckets) {
    const figures = trendFigures(overall);
    table.push([periodLabel(start, bucket, timezone), ...figures.map((figure) => figure.text)]);
    figures.forEach((figure, index) => columns[index]!.push(figure.value));
  }
  const labelWidth = Math.max(...SPARKLINE_LABELS.map((label) => label.length)) + 2;
  const lines = SPARKLINE_LABELS.map((label, index) => `${label.padEnd(labelWidth)}${sparkline(columns[index]!)}`);
  return [`Trend (${BUCKET_ADJECTIVE[bucket]}, all services)`, table.toString(), "", ...lines].join("\n");
}

function warningsSection(report: Report): string {
  const { warnings } = report;
  const lines = warnings.slice(0, WARNINGS_SHOWN).map((warning) => {
    const subject = warning.subject === undefined ? "" : `${stripControl(warning.subject)}: `;
    return `  - ${subject}${stripControl(warning.message)} [${stripControl(warning.code)}]`;
  });
  if (warnings.length > WARNINGS_SHOWN) lines.push(`  … and ${warnings.length - WARNINGS_SHOWN} more`);
  return [`Warnings (${warnings.length}):`, ...lines].join("\n");
}

/**
 * The terminal report: header, summary, per-service table, trend with sparklines, warnings, a
 * section at a time (a table's column widths need all its rows, so a section is one piece).
 */
export function tableChunks(report: Report, options: RenderOptions): Iterable<string> {
  const serviceNames = Object.keys(report.services).map(stripControl);
  const { previous } = options;
  const gaps = incompleteGaps(report.warnings);
  const header = [
    `DORA metrics  ${formatWindow(report.window, options.timezone)}`,
    `Services: ${serviceNames.length > 0 ? serviceNames.join(", ") : "(none)"}`,
  ];
  if (previous) header.push(`Changes against the previous window ${formatWindow(previous.window, options.timezone)}`);
  const sections = [
    ...(gaps.length > 0 ? [incompleteBanner(gaps)] : []),
    header.join("\n"),
    summaryTable(report.overall, previous?.overall, options.color),
  ];
  if (serviceNames.length > 0) sections.push(`By service\n${servicesTable(report.services, previous, options.color)}`);
  if (report.buckets.length > 0) sections.push(trendSection(report, options.timezone, options.bucket));
  if (report.warnings.length > 0) sections.push(warningsSection(report));
  return inChunks(joined([joined(sections, "\n\n"), "\n"], ""));
}

/** The terminal report as one string. */
export function renderTable(report: Report, options: RenderOptions): string {
  return joinChunks(tableChunks(report, options));
}
