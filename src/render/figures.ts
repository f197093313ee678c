// Display strings for the figures of a MetricSet, shared by the table and Markdown renderers so
// both show the same numbers the same way.
import type { MetricSet, Tier } from "../model/report.js";
import { formatDuration } from "../util/duration.js";
import { HEADLINE_FIELDS, SERVICE_HEADLINES, type HeadlineField } from "./metric-fields.js";

export const NONE = "–";

export interface SummaryRow {
  metric: string;
  value: string;
  detail: string;
  tier: Tier | null;
  /** Change against the previous window ("−4h", "+1.2 pp"), when compared and both have a value. */
  change?: string | null;
}

/** 0.125 → "12.5%"; null → "–". */
export function formatPercent(rate: number | null): string {
  return rate === null ? NONE : `${(rate * 100).toFixed(1)}%`;
}

/** 2.333 → "2.3"; a tiny non-zero rate reads "<0.1" rather than a misleading "0.0". */
export function formatPerWeek(perWeek: number): string {
  if (perWeek > 0 && perWeek < 0.05) return "<0.1";
  return perWeek.toFixed(1);
}

/** 1.5 → "1.5", 2 → "2": at most one decimal, no trailing ".0". */
export function formatDecimal(value: number | null): string {
  return value === null ? NONE : String(Math.round(value * 10) / 10);
}

/** count + noun, pluralised with "s": "1 change", "5 changes". */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function spread(stats: { meanSeconds: number | null; p90Seconds: number | null }): string {
  return `mean ${formatDuration(stats.meanSeconds)}, p90 ${formatDuration(stats.p90Seconds)}`;
}

/** Each headline figure's change against the previous window, in the fields' order. */
function headlineChanges(fields: readonly HeadlineField[], metrics: MetricSet, previous: MetricSet): (string | null)[] {
  return fields.map((field) => field.change(field.value(metrics), field.value(previous)));
}

/** The six rows of the summary table for one scope; with `previous`, each row's change against it. */
export function summaryRows(metrics: MetricSet, previous?: MetricSet): SummaryRow[] {
  const rows = currentSummaryRows(metrics).map((row, index) => ({ metric: HEADLINE_FIELDS[index]!.metric, ...row }));
  if (previous === undefined) return rows;
  const changes = headlineChanges(HEADLINE_FIELDS, metrics, previous);
  return rows.map((row, index) => ({ ...row, change: changes[index] ?? null }));
}

/** "mean 1h, p90 2h, 3 changes", or the count alone when there is no median. */
function spreadDetail(stats: { meanSeconds: number | null; medianSeconds: number | null; p90Seconds: number | null }, counted: string): string {
  return stats.medianSeconds === null ? counted : `${spread(stats)}, ${counted}`;
}

/** The six rows' figures, in HEADLINE_FIELDS order (which names them). */
function currentSummaryRows(metrics: MetricSet): Omit<SummaryRow, "metric">[] {
  const { deploymentFrequency: df, leadTime, changeFailureRate: cfr, timeToRestore: ttr } = metrics;
  const { failedDeploymentRecoveryTime: fdrt, reworkRate: rework } = metrics;
  const restoreCounts = `${ttr.resolved} resolved, ${ttr.active} active`;
  return [
    {
      value: `${formatPerWeek(df.perWeek)}/week`,
      detail:
        `${countOf(df.deployments, "deployment")}, ${countOf(df.deployDays, "deploy day")}, ` +
        `median ${formatDecimal(df.medianDeployDaysPerWeek)} deploy days/week`,
      tier: df.tier,
    },
    {
      value: formatDuration(leadTime.medianSeconds),
      detail: spreadDetail(leadTime, countOf(leadTime.changes, "change")),
      tier: leadTime.tier,
    },
    {
      value: formatPercent(cfr.rate),
      detail: `${cfr.failedDeployments} of ${countOf(cfr.deployments, "deployment")}`,
      tier: cfr.tier,
    },
    {
      value: formatDuration(ttr.medianSeconds),
      detail:
        ttr.incidents === 0
          ? countOf(0, "incident")
          : ttr.medianSeconds === null
            ? restoreCounts
            : `${spread(ttr)}, ${restoreCounts}`,
      tier: ttr.tier,
    },
    {
      value: formatDuration(fdrt.medianSeconds),
      detail: spreadDetail(fdrt, countOf(fdrt.count, "failed deployment")),
      tier: null,
    },
    {
      value: formatPercent(rework.rate),
      detail: `${rework.reworkDeployments} of ${countOf(rework.deployments, "deployment")}`,
      tier: null,
    },
  ];
}

/** One figure with its tier, for the compact per-service table. */
export interface TieredFigure {
  value: string;
  tier: Tier | null;
  /** Change against the previous window, when compared. */
  change?: string | null;
}

export const SERVICE_COLUMNS = SERVICE_HEADLINES.map((headline) => headline.serviceColumn!);

/** The per-service row's figures, in SERVICE_COLUMNS order; with `previous`, each one's change. */
export function serviceFigures(metrics: MetricSet, previous?: MetricSet): TieredFigure[] {
  const figures = currentServiceFigures(metrics);
  if (previous === undefined) return figures;
  const changes = headlineChanges(SERVICE_HEADLINES, metrics, previous);
  return figures.map((figure, index) => ({ ...figure, change: changes[index] ?? null }));
}

/** "7h 5m (elite)", "7h 5m (elite, −2h)", "5.3% (+1.0 pp)": one compact cell. */
export function tieredCell(figure: TieredFigure, tierText: (tier: Tier) => string = (tier) => tier): string {
  const notes = [figure.value === NONE || figure.tier === null ? undefined : tierText(figure.tier), figure.change ?? undefined];
  const shown = notes.filter((note): note is string => note !== undefined);
  return shown.length === 0 ? figure.value : `${figure.value} (${shown.join(", ")})`;
}

function currentServiceFigures(metrics: MetricSet): TieredFigure[] {
  return [
    { value: formatPerWeek(metrics.deploymentFrequency.perWeek), tier: metrics.deploymentFrequency.tier },
    { value: formatDuration(metrics.leadTime.medianSeconds), tier: metrics.leadTime.tier },
    { value: formatPercent(metrics.changeFailureRate.rate), tier: metrics.changeFailureRate.tier },
    { value: formatDuration(metrics.timeToRestore.medianSeconds), tier: metrics.timeToRestore.tier },
    { value: formatPercent(metrics.reworkRate.rate), tier: null },
  ];
}

export const TREND_COLUMNS = ["Deploys", "Lead time (median)", "CFR", "Time to restore (median)", "Rework"] as const;

/** Per trend column: the number a sparkline scales and the text a cell shows. */
export function trendFigures(metrics: MetricSet): { value: number | null; text: string }[] {
  const { deploymentFrequency, leadTime, changeFailureRate, timeToRestore, reworkRate } = metrics;
  return [
    { value: deploymentFrequency.deployments, text: String(deploymentFrequency.deployments) },
    { value: leadTime.medianSeconds, text: formatDuration(leadTime.medianSeconds) },
    { value: changeFailureRate.rate, text: formatPercent(changeFailureRate.rate) },
    { value: timeToRestore.medianSeconds, text: formatDuration(timeToRestore.medianSeconds) },
    { value: reworkRate.rate, text: formatPercent(reworkRate.rate) },
  ];
}
