import type { MetricSet, Report, Tier } from "../model/report.js";
import { formatDuration } from "../util/duration.js";
import { inChunks, joinChunks, joined, mapped, type Pieces } from "./chunks.js";
import type { RenderOptions } from "./types.js";
import { NONE, SERVICE_COLUMNS, formatPercent, serviceFigures, summaryRows, type TieredFigure } from "./figures.js";
import { evidenceSection } from "./html-evidence.js";
import { INCIDENT_HEADINGS, incidentCellContext, incidentCells } from "./incident-columns.js";
import { incompleteGaps } from "./incomplete.js";
import { HEADLINE_FIELDS, SERVICE_HEADLINES } from "./metric-fields.js";
import { BUCKET_ADJECTIVE, formatWindow, inferBucket, periodLabel } from "./period.js";
import type { PreviousPeriod } from "./types.js";
import { html } from "./sanitize.js";

// One self-contained page for a CI artifact: inline CSS, inline SVG charts, no script and no
// external request, so it opens anywhere (a mail attachment, an artifact viewer, offline). Every
// text from an API or the config goes through `html()`; figures carry their exact JSON value in
// `data-value` so tools (and the tests) can check them against the JSON output.


const numberAttribute = (value: number | null) => (value === null ? "null" : String(value));

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p.meta { margin: 0; color: var(--muted); }
table { border-collapse: collapse; margin: 0 0 8px; }
th, td { border: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.change { color: var(--muted); font-size: 12px; white-space: nowrap; }
.tier { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.tier-elite { background: #1a7f37; } .tier-high { background: #0969da; } .tier-medium { background: #bf8700; } .tier-low { background: #cf222e; }
.none { color: var(--muted); }
.banner { margin: 16px 0; padding: 12px 16px; border: 2px solid #cf222e; background: #ffebe9; border-radius: 6px; }
.banner strong { color: #a40e26; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 16px; }
figure.chart { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 6px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
figure.chart svg { width: 100%; height: auto; display: block; }
ul.warnings li { margin-bottom: 4px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; }
details.evidence { margin: 8px 0; padding: 6px 12px; border: 1px solid var(--line); border-radius: 6px; }
details.evidence summary { cursor: pointer; }
details.evidence h3 { font-size: 14px; margin: 16px 0 6px; }
table.evidence td { font-size: 13px; }
tr.left-out td { color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

function tierBadge(tier: Tier | null): string {
  return tier === null ? `<span class="none">${NONE}</span>` : `<span class="tier tier-${tier}">${tier}</span>`;
}

function changeNote(change: string | null | undefined): string {
  return change ? ` <span class="change">(${html(change)})</span>` : "";
}

function figureCell(scope: string, field: string, value: number | null, text: string, change?: string | null): string {
  return `<td class="num" data-scope="${html(scope)}" data-field="${field}" data-value="${numberAttribute(value)}">${html(text)}${changeNote(change)}</td>`;
}

function summarySection(report: Report, previous: PreviousPeriod | undefined): string {
  const rows = summaryRows(report.overall, previous?.overall).map((row, index) => {
    // The exact JSON value behind the row, in summaryRows order.
    const { field, value } = HEADLINE_FIELDS[index]!;
    return `<tr><th scope="row">${row.metric}</th>${figureCell("overall", field, value(report.overall), row.value, row.change)}` +
      `<td>${html(row.detail)}</td><td>${tierBadge(row.tier)}</td></tr>`;
  });
  return `<section id="summary"><h2>Summary</h2><table class="summary"><thead><tr><th>Metric</th><th>Value</th><th>Detail</th><th>Tier</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table></section>`;
}

function serviceCell(name: string, index: number, metrics: MetricSet, figure: TieredFigure): string {
  const { field, value } = SERVICE_HEADLINES[index]!;
  const tier = figure.tier === null || figure.value === NONE ? "" : ` ${tierBadge(figure.tier)}`;
  return figureCell(name, field, value(metrics), figure.value, figure.change).replace("</td>", `${tier}</td>`);
}

function* servicesSection(report: Report, previous: PreviousPeriod | undefined): Generator<string, void, undefined> {
  const rows = mapped(Object.entries(report.services), ([name, metrics]) => {
    const figures = serviceFigures(metrics, previous?.services[name]);
    const cells = figures.map((figure, index) => serviceCell(name, index, metrics, figure));
    const counts = `${metrics.deploymentFrequency.deployments} / ${metrics.leadTime.changes} / ${metrics.timeToRestore.incidents}`;
    return `<tr><th scope="row">${html(name)}</th>${cells.join("")}<td class="num">${counts}</td></tr>`;
  });
  const head = ["Service", ...SERVICE_COLUMNS, "Deployments / changes / incidents"].map((title) => `<th>${title}</th>`).join("");
  yield `<section id="services"><h2>By service</h2><table class="services"><thead><tr>${head}</tr></thead><tbody>`;
  yield* rows;
  yield "</tbody></table></section>";
}

interface ChartSpec {
  metric: string;
  title: string;
  color: string;
  value: (m: MetricSet) => number | null;
  text: (value: number) => string;
}

const CHARTS: readonly ChartSpec[] = [
  { metric: "deploymentFrequency", title: "Deployments", color: "#0969da", value: (m) => m.deploymentFrequency.deployments, text: String },
  { metric: "leadTime", title: "Lead time for changes (median)", color: "#8250df", value: (m) => m.leadTime.medianSeconds, text: formatDuration },
  { metric: "changeFailureRate", title: "Change failure rate", color: "#cf222e", value: (m) => m.changeFailureRate.rate, text: formatPercent },
  { metric: "timeToRestore", title: "Time to restore service (median)", color: "#bf8700", value: (m) => m.timeToRestore.medianSeconds, text: formatDuration },
  {
    metric: "failedDeploymentRecoveryTime", title: "Failed deployment recovery time (median)", color: "#953800",
    value: (m) => m.failedDeploymentRecoveryTime.medianSeconds, text: formatDuration,
  },
  { metric: "reworkRate", title: "Deployment rework rate", color: "#1a7f37", value: (m) => m.reworkRate.rate, text: formatPercent },
];

const CHART = { width: 480, height: 220, left: 64, right: 12, top: 18, bottom: 34 } as const;
/** Beyond this many bars, value labels would overlap: the bars' tooltips still carry them. */
const LABELLED_BARS_MAX = 16;
/** At most this many period labels on the x axis. */
const X_LABELS_MAX = 7;

function barChart(spec: ChartSpec, points: readonly { label: string; value: number | null }[], previousValue: number | null): string {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const baseline = CHART.top + plotHeight;
  const present = points.map((point) => point.value).filter((value): value is number => value !== null);
  const high = Math.max(0, ...present, previousValue ?? 0);
  const scale = (value: number) => (high === 0 ? 0 : (Math.max(0, value) / high) * plotHeight);
  const slot = plotWidth / Math.max(1, points.length);
  const barWidth = Math.max(2, slot * 0.7);
  const parts: string[] = [];
  // Axes and a mid grid line, labelled with the metric's own formatting.
  parts.push(`<line x1="${CHART.left}" y1="${baseline}" x2="${CHART.width - CHART.right}" y2="${baseline}" stroke="#8c959f"/>`);
  for (const fraction of [0.5, 1]) {
    const y = (baseline - fraction * plotHeight).toFixed(1);
    parts.push(`<line x1="${CHART.left}" y1="${y}" x2="${CHART.width - CHART.right}" y2="${y}" stroke="#d1d9e0" stroke-dasharray="3 3"/>`);
    if (high > 0) parts.push(`<text x="${CHART.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" class="axis">${html(spec.text(high * fraction))}</text>`);
  }
  parts.push(`<text x="${CHART.left - 6}" y="${baseline}" text-anchor="end" dominant-baseline="middle" class="axis">0</text>`);
  const labelEvery = Math.max(1, Math.ceil(points.length / X_LABELS_MAX));
  points.forEach((point, index) => {
    const x = CHART.left + index * slot + (slot - barWidth) / 2;
    const center = (x + barWidth / 2).toFixed(1);
    const shown = point.value === null ? NONE : spec.text(point.value);
    if (point.value === null) {
      parts.push(`<text x="${center}" y="${baseline - 4}" text-anchor="middle" class="empty">${NONE}<title>${html(point.label)}: no data</title></text>`);
    } else {
      const height = scale(point.value);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(baseline - height).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" ` +
          `fill="${spec.color}" data-period="${html(point.label)}" data-value="${point.value}"><title>${html(point.label)}: ${html(shown)}</title></rect>`,
      );
      if (points.length <= LABELLED_BARS_MAX) {
        parts.push(`<text x="${center}" y="${(baseline - height - 4).toFixed(1)}" text-anchor="middle" class="bar-label">${html(shown)}</text>`);
      }
    }
    if (index % labelEvery === 0) {
      parts.push(`<text x="${center}" y="${baseline + 16}" text-anchor="middle" class="axis">${html(point.label)}</text>`);
    }
  });
  if (previousValue !== null && high > 0) {
    const y = (baseline - scale(previousValue)).toFixed(1);
    parts.push(
      `<line x1="${CHART.left}" y1="${y}" x2="${CHART.width - CHART.right}" y2="${y}" stroke="#57606a" stroke-width="1.5" stroke-dasharray="6 3">` +
        `<title>previous window: ${html(spec.text(previousValue))}</title></line>`,
    );
  }
  const style = `<style>.axis{font-size:10px;fill:#59636e}.bar-label{font-size:9px;fill:#1f2328}.empty{font-size:12px;fill:#8c959f}</style>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" ` +
    `aria-label="${html(spec.title)} per period" data-metric="${spec.metric}">${style}${parts.join("")}</svg>`;
}

function chartsSection(report: Report, options: RenderOptions): string {
  if (report.buckets.length === 0) {
    return `<section id="trend"><h2>Trend</h2><p class="none">No periods in this report: run with --bucket day, week or month for the charts.</p></section>`;
  }
  const bucket = options.bucket ?? inferBucket(report.buckets, options.timezone);
  const figures = CHARTS.map((spec) => {
    const points = report.buckets.map(({ start, overall }) => ({ label: periodLabel(start, bucket, options.timezone), value: spec.value(overall) }));
    // The previous window's overall figure is a whole-window value: a reference line only for rates and medians.
    const reference = options.previous && spec.metric !== "deploymentFrequency" ? spec.value(options.previous.overall) : null;
    const legend = reference === null ? "" : ` <span class="change">(dashed: previous window)</span>`;
    return `<figure class="chart" data-metric="${spec.metric}"><figcaption>${spec.title}${legend}</figcaption>${barChart(spec, points, reference)}</figure>`;
  });
  return `<section id="trend"><h2>Trend (${BUCKET_ADJECTIVE[bucket]}, all services)</h2><div class="charts">${figures.join("")}</div></section>`;
}

function* incidentsSection(report: Report, timezone: string): Generator<string, void, undefined> {
  const context = incidentCellContext(report, html, timezone);
  const head = INCIDENT_HEADINGS.map((title) => `<th>${title}</th>`).join("");
  yield `<section id="incidents"><h2>Incidents (${report.incidents.length})</h2><table><thead><tr>${head}</tr></thead><tbody>`;
  yield* mapped(report.incidents, (incident) => `<tr>${incidentCells(incident, context).map((cell) => `<td>${cell}</td>`).join("")}</tr>`);
  yield "</tbody></table></section>";
}

function* warningsSection(report: Report): Generator<string, void, undefined> {
  const items = mapped(report.warnings, (warning) => {
    const subject = warning.subject === undefined ? "" : `${html(warning.subject)}: `;
    return `<li>${subject}${html(warning.message)} <code>${html(warning.code)}</code></li>`;
  });
  yield `<section id="warnings"><h2>Warnings (${report.warnings.length})</h2><ul class="warnings">`;
  yield* items;
  yield "</ul></section>";
}

function incompleteBanner(gaps: string[]): string {
  const items = gaps.map((gap) => `<li>${html(gap)}</li>`).join("");
  return `<div class="banner" role="alert" id="incomplete"><strong>INCOMPLETE:</strong> ${gaps.length} gap(s) in the data; ` +
    `the figures below do not cover them:<ul>${items}</ul></div>`;
}

/** The report as one self-contained HTML page, in chunks: summary, a chart per metric over the buckets, per-service tables, tiers, incidents, warnings. */
export function htmlChunks(report: Report, options: RenderOptions): Iterable<string> {
  const { previous } = options;
  const windowText = formatWindow(report.window, options.timezone);
  const serviceNames = Object.keys(report.services);
  const gaps = incompleteGaps(report.warnings);
  const meta = [
    `Window: ${html(windowText)}`,
    `Services: ${serviceNames.length > 0 ? serviceNames.map(html).join(", ") : "(none)"}`,
    ...(previous ? [`Changes against the previous window ${html(formatWindow(previous.window, options.timezone))}`] : []),
  ];
  const body: Pieces[] = [
    `<header><h1>DORA metrics</h1>${meta.map((line) => `<p class="meta">${line}</p>`).join("")}</header>`,
    ...(gaps.length > 0 ? [incompleteBanner(gaps)] : []),
    summarySection(report, previous),
    chartsSection(report, options),
    ...(serviceNames.length > 0 ? [servicesSection(report, previous), evidenceSection(report, options.timezone)] : []),
    ...(report.incidents.length > 0 ? [incidentsSection(report, options.timezone)] : []),
    ...(report.warnings.length > 0 ? [warningsSection(report)] : []),
    `<footer>Generated ${html(report.generatedAt)} by dora · tiers: DORA 2023 (${html(report.benchmark)})</footer>`,
  ];
  const head = [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network at all, even if someone adds an image or a font later.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>DORA metrics ${html(windowText)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
  ];
  return inChunks(joined([head.join("\n"), "\n<body>", joined(body, "\n"), "</body>\n</html>\n"], ""));
}

/** The HTML page as one string. */
export function renderHtml(report: Report, options: RenderOptions): string {
  return joinChunks(htmlChunks(report, options));
}
