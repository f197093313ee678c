import type { DeploymentStatus } from "../model/deployment.js";
import type { ServiceDefinition } from "../model/service.js";
import type { Warning } from "../model/warning.js";
import type { Period } from "./buckets.js";
import { bucketPeriods } from "./buckets.js";
import { createCalendar } from "./calendar.js";
import { addFailedRolloutFacts, isFailedRollout } from "./change-failure-rate.js";
import { successfulHistories } from "./deployment-history.js";
import { DeploymentFactsBuilder, type DeploymentFacts } from "./deployment-fact-table.js";
import { addSuccessfulDeploymentFacts } from "./deployment-facts.js";
import { LineageScratch } from "./lineage.js";
import type { IncidentFact } from "./facts.js";
import { computeFigures, type Figures } from "./figures.js";
import { indexGitHubData } from "./github-data.js";
import { analyzeIncidents } from "./incident-facts.js";
import type { MetricsInput, MetricsOptions, ReportScope } from "./options.js";
import { dedupeWarnings } from "./warnings.js";

/**
 * Everything the metrics decided about a window, once: the facts (instants as epoch ms) and the
 * figures of every scope. The report (report-view.ts), `dora explain` and the backfill
 * (src/otlp) are views of it; none of them applies a metric rule again or reads the raw input.
 */
export interface Analysis {
  window: { fromMs: number; toMs: number; timezone: string };
  generatedAtMs: number;
  /** "Now": active incidents are open until now. */
  nowMs: number;
  /** The reported services (all configured ones, or those of `--service`), in config order. */
  services: readonly ServiceDefinition[];
  /** Incident labels of every configured service (the attribution reasons show them). */
  serviceLabels: ReadonlyMap<string, Record<string, string>>;
  options: MetricsOptions;
  /** Whether the report lists its rows (deployments, changes, incidents); facts keep lineage explanations only then. */
  listRows: boolean;
  /** Deployments of the reported services finished in the window, by finishedAt then id: successful ones, and failed rollouts when they count. */
  deployments: DeploymentFacts;
  /** Incidents started in the window, by startedAt then id (drills included; of no service unless `--service` narrows the report). */
  incidents: readonly IncidentFact[];
  /** What happened before the window (lookback), for counters that start at their cumulative totals. */
  lookback: Lookback;
  figures: Figures;
  /** Upstream (sources) warnings first, then the metrics', deduplicated. */
  warnings: readonly Warning[];
}

export interface Lookback {
  /** Deployments of the reported services finished before the window that the figures would count, in input order. */
  deployments: readonly LookbackDeployment[];
  /** Counted incidents (not drills) of the reported services started before the window, in input order. */
  incidents: readonly IncidentFact[];
}

export interface LookbackDeployment {
  service: string;
  finishedMs: number;
  /** failed: a failed rollout (only with changeFailure.countFailedRollouts). */
  status: DeploymentStatus;
}

/** The analysis of what the sources fetched. Pure: the same input gives the same analysis. */
export function analyze(input: MetricsInput, scope: ReportScope, options: MetricsOptions, upstreamWarnings: readonly Warning[] = []): Analysis {
  const warnings: Warning[] = [];
  const warn = (warning: Warning) => void warnings.push(warning);
  const window: Period = { fromMs: scope.window.from.getTime(), toMs: scope.window.to.getTime() };
  const calendar = createCalendar(scope.window.timezone);
  const services = reportedServices(scope);
  const reportedNames = services.map((service) => service.name);
  const reported = new Set(reportedNames);
  const configured = new Set(scope.services.map((service) => service.name));
  const listRows = scope.listRows ?? true;

  const histories = successfulHistories(input.deployments, configured);
  const incidents = analyzeIncidents(input.incidents, scope.services, histories, window, scope.now.getTime(), options, warn);

  const context = {
    window,
    calendar,
    github: indexGitHubData(input),
    options,
    attributedByDeployment: incidents.attributedByDeployment,
    warn,
    keepLineage: listRows,
    scratch: new LineageScratch(),
  };
  const serviceIndex = new Map(reportedNames.map((name, index) => [name, index]));
  const facts = new DeploymentFactsBuilder(input.deployments.length);
  reportedNames.forEach((service, index) => {
    const openIntervals = incidents.openIntervalsByService.get(service) ?? [];
    addSuccessfulDeploymentFacts(histories.get(service) ?? [], index, openIntervals, context, facts);
  });
  if (options.countFailedRollouts) addFailedRolloutFacts(input.deployments, serviceIndex, window, calendar, facts);
  const deployments = facts.build(listRows);

  // Unmatched incidents are listed unless the report is narrowed to some services.
  const listedIncidents = incidents.inWindow.filter((fact) =>
    fact.service === null ? scope.reportServices === undefined : reported.has(fact.service),
  );
  const listedIds = new Set(listedIncidents.map((fact) => fact.incident.id));

  return {
    window: { ...window, timezone: scope.window.timezone },
    generatedAtMs: scope.generatedAt.getTime(),
    nowMs: scope.now.getTime(),
    services,
    serviceLabels: new Map(scope.services.map((service) => [service.name, service.incidentLabels])),
    options,
    listRows,
    deployments,
    incidents: listedIncidents,
    lookback: {
      deployments: lookbackDeployments(input, reported, window, options),
      incidents: incidents.beforeWindow.filter((fact) => reported.has(fact.service!) && !listedIds.has(fact.incident.id)),
    },
    figures: computeFigures(deployments, listedIncidents, {
      window,
      calendar,
      services: reportedNames,
      periods: scope.bucket ? bucketPeriods(window, scope.bucket, calendar.timezone) : [],
    }),
    warnings: dedupeWarnings([...upstreamWarnings, ...warnings]),
  };
}

/** The reported services, in config order: all of them, or those named by `--service`. */
function reportedServices(scope: ReportScope): ServiceDefinition[] {
  if (scope.reportServices === undefined) return scope.services;
  const wanted = new Set(scope.reportServices);
  return scope.services.filter((service) => wanted.has(service.name));
}

function lookbackDeployments(input: MetricsInput, reported: ReadonlySet<string>, window: Period, options: MetricsOptions): LookbackDeployment[] {
  const before: LookbackDeployment[] = [];
  // Indexed: see successfulHistories.
  for (let index = 0; index < input.deployments.length; index++) {
    const deployment = input.deployments[index]!;
    const finishedMs = deployment.finishedMs;
    if (!(finishedMs < window.fromMs) || !reported.has(deployment.service)) continue;
    const counted = deployment.status === "succeeded" || (options.countFailedRollouts && isFailedRollout(deployment));
    if (counted) before.push({ service: deployment.service, finishedMs, status: deployment.status });
  }
  return before;
}
