import type { MetricSet, Report } from "../model/report.js";
import { inChunks, joinChunks, joined, mapped, type Pieces } from "./chunks.js";
import type { RenderOptions } from "./types.js";
import { NONE, SERVICE_COLUMNS, TREND_COLUMNS, serviceFigures, summaryRows, tieredCell, trendFigures } from "./figures.js";
import { INCIDENT_HEADINGS, incidentCellContext, incidentCells } from "./incident-columns.js";
import { incompleteGaps } from "./incomplete.js";
import { withChange } from "./previous.js";
import type { PreviousPeriod } from "./types.js";
import { BUCKET_ADJECTIVE, formatWindow, inferBucket, periodLabel } from "./period.js";
import { escapeMarkdownCell } from "./sanitize.js";
import { sparkline } from "./sparkline.js";

// Written for $GITHUB_STEP_SUMMARY: GitHub-flavoured tables, no colour. Every text that came from
// an API or the config goes through escapeMarkdownCell; our own figures contain nothing to escape.

const INCIDENTS_SHOWN = 20;
/** Beyond this many warnings the list folds into a <details> block so the figures stay on screen. */
const WARNINGS_OPEN_MAX = 5;

function* markdownTable(head: readonly string[], rows: Iterable<readonly string[]>): Generator<string, void, undefined> {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  yield `${line(head)}\n${line(head.map(() => "---"))}`;
  for (const row of rows) yield `\n${line(row)}`;
}

function summarySection(metrics: MetricSet, previous: MetricSet | undefined): Iterable<string> {
  return markdownTable(
    ["Metric", "Value", "Detail", "Tier"],
    summaryRows(metrics, previous).map((row) => [row.metric, withChange(row.value, row.change), row.detail, row.tier ?? NONE]),
  );
}

function* servicesSection(services: Record<string, MetricSet>, previous: PreviousPeriod | undefined): Generator<string, void, undefined> {
  const rows = mapped(Object.entries(services), ([name, metrics]) => [
    escapeMarkdownCell(name),
    ...serviceFigures(metrics, previous?.services[name]).map((figure) => tieredCell(figure)),
  ]);
  yield "### By service\n\n";
  yield* markdownTable(["Service", ...SERVICE_COLUMNS], rows);
}

function* trendSection(report: Report, options: RenderOptions): Generator<string, void, undefined> {
  const bucket = options.bucket ?? inferBucket(report.buckets, options.timezone);
  const columns: (number | null)[][] = TREND_COLUMNS.map(() => []);
  function* rows(): Generator<string[], void, undefined> {
    for (const { start, overall } of report.buckets) {
      const figures = trendFigures(overall);
      figures.forEach((figure, index) => columns[index]!.push(figure.value));
      yield [periodLabel(start, bucket, options.timezone), ...figures.map((figure) => figure.text)];
    }
    // A code span keeps the spaces that stand for empty buckets.
    yield ["**Trend**", ...columns.map((values) => `\`${sparkline(values)}\``)];
  }
  yield `### Trend (${BUCKET_ADJECTIVE[bucket]}, all services)\n\n`;
  yield* markdownTable(["Period", ...TREND_COLUMNS], rows());
}

function* incidentsSection(report: Report, timezone: string): Generator<string, void, undefined> {
  const context = incidentCellContext(report, escapeMarkdownCell, timezone);
  const rows = report.incidents.slice(0, INCIDENTS_SHOWN).map((incident) => incidentCells(incident, context));
  const more = report.incidents.length - rows.length;
  yield `### Incidents (${report.incidents.length})\n\n`;
  yield* markdownTable(INCIDENT_HEADINGS, rows);
  if (more > 0) yield `\n\n… and ${more} more`;
}

function* warningsSection(report: Report): Generator<string, void, undefined> {
  const { warnings } = report;
  const items = mapped(warnings, (warning) => {
    const subject = warning.subject === undefined ? "" : `${escapeMarkdownCell(warning.subject)}: `;
    return `- ${subject}${escapeMarkdownCell(warning.message)} (${escapeMarkdownCell(warning.code)})`;
  });
  const folded = warnings.length > WARNINGS_OPEN_MAX;
  yield `### Warnings (${warnings.length})\n\n`;
  if (folded) yield `<details><summary>Show ${warnings.length} warnings</summary>\n\n`;
  yield* joined(items, "\n");
  if (folded) yield "\n\n</details>";
}

/** A GitHub alert block: rendered as a red "Caution" box, still readable as a plain quote elsewhere. */
function incompleteBanner(gaps: string[]): string {
  return [
    "> [!CAUTION]",
    `> **INCOMPLETE:** ${gaps.length} gap(s) in the data; the figures below do not cover them:`,
    ...gaps.map((gap) => `> - ${escapeMarkdownCell(gap)}`),
  ].join("\n");
}

/** The report as GitHub-flavoured Markdown, e.g. for `$GITHUB_STEP_SUMMARY`, in chunks. */
export function markdownChunks(report: Report, options: RenderOptions): Iterable<string> {
  const serviceNames = Object.keys(report.services).map(escapeMarkdownCell);
  const { previous } = options;
  const gaps = incompleteGaps(report.warnings);
  const compared = previous ? ` · **Changes against:** ${formatWindow(previous.window, options.timezone)}` : "";
  const sections: Pieces[] = [
    "## DORA metrics",
    ...(gaps.length > 0 ? [incompleteBanner(gaps)] : []),
    `**Window:** ${formatWindow(report.window, options.timezone)} · **Services:** ${serviceNames.length > 0 ? serviceNames.join(", ") : "(none)"}${compared}`,
    summarySection(report.overall, previous?.overall),
  ];
  if (serviceNames.length > 0) sections.push(servicesSection(report.services, previous));
  if (report.buckets.length > 0) sections.push(trendSection(report, options));
  if (report.incidents.length > 0) sections.push(incidentsSection(report, options.timezone));
  if (report.warnings.length > 0) sections.push(warningsSection(report));
  return inChunks(joined([joined(sections, "\n\n"), "\n"], ""));
}

/** The Markdown report as one string. */
export function renderMarkdown(report: Report, options: RenderOptions): string {
  return joinChunks(markdownChunks(report, options));
}
