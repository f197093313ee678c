import type { BucketMetrics, MetricSet, Report } from "../model/report.js";
import type { Warning } from "../model/warning.js";
import type { Period } from "./buckets.js";
import { bucketPeriods, periodIndexOf } from "./buckets.js";
import { createCalendar } from "./calendar.js";
import type { Calendar } from "./calendar.js";
import { successfulHistories } from "./deployment-history.js";
import { compareDeploymentFacts, failedRolloutFacts, successfulDeploymentFacts } from "./deployment-facts.js";
import type { DeploymentFact, IncidentFact } from "./facts.js";
import { indexGitHubData } from "./github-data.js";
import { analyzeIncidents } from "./incident-facts.js";
import { computeMetricSet } from "./metric-set.js";
import type { Slice } from "./metric-set.js";
import type { MetricsInput, MetricsOptions, ReportScope } from "./options.js";
import { changeRows, deploymentRow, incidentRow, type RowContext } from "./rows.js";
import { dedupeWarnings } from "./warnings.js";

/**
 * The whole report (docs/metric-definitions.md) from what the sources fetched. Pure: the same input gives
 * the same report. `upstreamWarnings` (from the sources) come first in `warnings`.
 */
export function computeReport(
  input: MetricsInput,
  scope: ReportScope,
  options: MetricsOptions,
  upstreamWarnings: Warning[] = [],
): Report {
  const warnings: Warning[] = [];
  const warn = (warning: Warning) => void warnings.push(warning);
  const window: Period = { fromMs: scope.window.from.getTime(), toMs: scope.window.to.getTime() };
  const calendar = createCalendar(scope.window.timezone);
  const reportedServices = reportedServiceNames(scope);
  const reported = new Set(reportedServices);
  const configured = new Set(scope.services.map((service) => service.name));

  const histories = successfulHistories(input.deployments, configured);
  const incidents = analyzeIncidents(input.incidents, scope.services, histories, window, scope.now.getTime(), options, warn);

  const context = {
    window,
    calendar,
    github: indexGitHubData(input),
    options,
    attributedByDeployment: incidents.attributedByDeployment,
    warn,
    keepLineage: scope.listRows ?? true,
  };
  // One push per fact: concat per service would copy the growing list once per service, and a
  // push(...spread) of a million arguments overflows the stack.
  const deployments: DeploymentFact[] = [];
  const add = (facts: readonly DeploymentFact[]) => {
    for (const fact of facts) deployments.push(fact);
  };
  for (const service of reportedServices) {
    const openIntervals = incidents.openIntervalsByService.get(service) ?? [];
    add(successfulDeploymentFacts(histories.get(service) ?? [], openIntervals, context));
  }
  if (options.countFailedRollouts) add(failedRolloutFacts(input.deployments, reported, window, calendar));
  // Each service's facts are already in order: the sort merges those runs.
  deployments.sort(compareDeploymentFacts);

  // Unmatched incidents are listed unless the report is narrowed to some services.
  const listedIncidents = incidents.inWindow.filter((fact) =>
    fact.service === null ? scope.reportServices === undefined : reported.has(fact.service),
  );

  const whole: Slice = { period: window, deployments, incidents: listedIncidents };
  const listRows = scope.listRows ?? true;
  const rowContext: RowContext = {
    leadTimeStart: options.leadTimeStart,
    attributionWindowSeconds: options.attributionWindowSeconds,
    serviceLabels: new Map(scope.services.map((service) => [service.name, service.incidentLabels])),
  };
  return {
    schemaVersion: 1,
    generatedAt: scope.generatedAt.toISOString(),
    window: { from: scope.window.from.toISOString(), to: scope.window.to.toISOString(), timezone: scope.window.timezone },
    benchmark: "dora-2023",
    overall: computeMetricSet(whole, calendar),
    services: metricSetsByService(whole, reportedServices, calendar),
    buckets: scope.bucket ? bucketMetrics(whole, bucketPeriods(window, scope.bucket, calendar.timezone), reportedServices, calendar) : [],
    deployments: listRows ? deployments.map(deploymentRow) : [],
    changes: listRows ? deployments.flatMap((fact) => changeRows(fact, rowContext)) : [],
    incidents: listRows ? listedIncidents.map((fact) => incidentRow(fact, rowContext)) : [],
    warnings: dedupeWarnings([...upstreamWarnings, ...warnings]),
  };
}

/** The reported services, in config order: all of them, or those named by `--service`. */
function reportedServiceNames(scope: ReportScope): string[] {
  const names = scope.services.map((service) => service.name);
  if (scope.reportServices === undefined) return names;
  const wanted = new Set(scope.reportServices);
  return names.filter((name) => wanted.has(name));
}

function metricSetsByService(slice: Slice, services: readonly string[], calendar: Calendar): Record<string, MetricSet> {
  const slices = new Map<string, { period: Period; deployments: DeploymentFact[]; incidents: IncidentFact[] }>();
  for (const service of services) slices.set(service, { period: slice.period, deployments: [], incidents: [] });
  const sliceOf = (service: string | null) => (service === null ? undefined : slices.get(service));
  for (const fact of slice.deployments) sliceOf(fact.timed.deployment.service)?.deployments.push(fact);
  for (const fact of slice.incidents) sliceOf(fact.service)?.incidents.push(fact);
  const sets: Record<string, MetricSet> = {};
  for (const [service, serviceSlice] of slices) sets[service] = computeMetricSet(serviceSlice, calendar);
  return sets;
}

/** The same figures per calendar bucket: events by the bucket they fall in, lookups over all data. */
function bucketMetrics(whole: Slice, periods: readonly Period[], services: readonly string[], calendar: Calendar): BucketMetrics[] {
  const deploymentsByBucket = periods.map((): DeploymentFact[] => []);
  const incidentsByBucket = periods.map((): IncidentFact[] => []);
  for (const fact of whole.deployments) deploymentsByBucket[periodIndexOf(periods, fact.timed.finishedMs)]?.push(fact);
  for (const fact of whole.incidents) incidentsByBucket[periodIndexOf(periods, fact.startedMs)]?.push(fact);
  return periods.map((period, index) => {
    const slice: Slice = { period, deployments: deploymentsByBucket[index]!, incidents: incidentsByBucket[index]! };
    return {
      start: new Date(period.fromMs).toISOString(),
      end: new Date(period.toMs).toISOString(),
      overall: computeMetricSet(slice, calendar),
      services: metricSetsByService(slice, services, calendar),
    };
  });
}
