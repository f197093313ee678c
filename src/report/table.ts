import Table from "cli-table3";
import type { MetricSet, Report, Tier } from "../model/report.js";
import type { RenderOptions } from "./format.js";
import {
  NONE, SERVICE_COLUMNS, TREND_COLUMNS, serviceFigures, summaryRows, trendFigures,
  type TieredFigure,
} from "./figures.js";
import { BUCKET_ADJECTIVE, formatWindow, inferBucket, periodLabel } from "./period.js";
import { stripControl } from "./sanitize.js";
import { sparkline } from "./sparkline.js";

const TIER_COLOR: Record<Tier, number> = { elite: 32, high: 36, medium: 33, low: 31 };
const SPARKLINE_LABELS = ["Deploys", "Lead time", "CFR", "Time to restore", "Rework"] as const;
const WARNINGS_SHOWN = 10;

function tierText(tier: Tier | null, color: boolean): string {
  if (tier === null) return NONE;
  return color ? `\x1b[${TIER_COLOR[tier]}m${tier}\x1b[39m` : tier;
}

function tieredText(figure: TieredFigure, color: boolean): string {
  if (figure.value === NONE || figure.tier === null) return figure.value;
  return `${figure.value} (${tierText(figure.tier, color)})`;
}

/** cli-table3 colours headers and borders by default; colour here is only ever the tiers'. Compact: no rule between rows. */
function newTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}

function summaryTable(metrics: MetricSet, color: boolean): string {
  const table = newTable(["Metric", "Value", "Detail", "Tier"]);
  for (const row of summaryRows(metrics)) table.push([row.metric, row.value, row.detail, tierText(row.tier, color)]);
  return table.toString();
}

function servicesTable(services: Record<string, MetricSet>, color: boolean): string {
  const table = newTable(["Service", ...SERVICE_COLUMNS]);
  for (const [name, metrics] of Object.entries(services)) {
    table.push([stripControl(name), ...serviceFigures(metrics).map((figure) => tieredText(figure, color))]);
  }
  return table.toString();
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

/** The terminal report: header, summary, per-service table, trend with sparklines, warnings. */
export function renderTable(report: Report, options: RenderOptions): string {
  const serviceNames = Object.keys(report.services).map(stripControl);
  const sections = [
    [
      `DORA metrics  ${formatWindow(report.window, options.timezone)}`,
      `Services: ${serviceNames.length > 0 ? serviceNames.join(", ") : "(none)"}`,
    ].join("\n"),
    summaryTable(report.overall, options.color),
  ];
  if (serviceNames.length > 0) sections.push(`By service\n${servicesTable(report.services, options.color)}`);
  if (report.buckets.length > 0) sections.push(trendSection(report, options.timezone, options.bucket));
  if (report.warnings.length > 0) sections.push(warningsSection(report));
  return `${sections.join("\n\n")}\n`;
}
