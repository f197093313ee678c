import { traceIdFor } from "../model/trace-id.js";
import { changeCountOf, leadTimesOf } from "../metrics/change-log.js";
import type { IncidentFact } from "../metrics/facts.js";
import type { BackfillData } from "./backfill-data.js";

export type SeriesKind = "counter" | "histogram" | "info";

/** One metric family, under its final Prometheus name (sent over OTLP with an empty unit, so no backend adds suffixes). */
export interface MetricFamily {
  /** Counters end in `_total`; histograms carry their base name (`_bucket`, `_sum`, `_count` are added by the backend). */
  name: string;
  kind: SeriesKind;
  help: string;
  /** Histogram bucket upper bounds in seconds, ascending, without +Inf. */
  bounds?: readonly number[];
}

/** A counter increment, a histogram observation, or the value of an info sample, at an instant. */
export interface SeriesEvent {
  timeMs: number;
  value: number;
}

export interface MetricSeries {
  family: MetricFamily;
  /** Data-point attributes = Prometheus labels, in a fixed order. */
  labels: Readonly<Record<string, string>>;
  /** Stable identity (family name + labels), the key of the --state file. */
  key: string;
  /** Sorted by time (then value): the whole known history, lookback included. */
  events: SeriesEvent[];
}

const HOUR = 3600;
const DAY = 86_400;
/** Lead times run from minutes (hotfixes) to weeks (stale branches). */
export const LEAD_TIME_BOUNDS = [HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 12 * HOUR, DAY, 2 * DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY] as const;
/** Restore times: the DORA tiers' edges (1 h, 1 d, 1 w) fall on bucket bounds. */
export const RESTORE_TIME_BOUNDS = [300, 900, 1800, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, DAY, 2 * DAY, 7 * DAY] as const;

// The blog's series (names and labels as its PromQL expects them).
export const CD_DEPLOYMENTS: MetricFamily = {
  name: "cd_argoworkflows_count_total",
  kind: "counter",
  help: "Successful production deployments (Argo Workflows runs whose production step succeeded), at their finish.",
};
export const CD_LEAD_TIME: MetricFamily = {
  name: "cd_argoworkflows_leadtime",
  kind: "histogram",
  help: "Lead time for changes in seconds, one observation per change at its deployment's finish.",
  bounds: LEAD_TIME_BOUNDS,
};
export const CD_INCIDENTS: MetricFamily = {
  name: "cd_incidents_count_total",
  kind: "counter",
  help: "Non-drill incidents: status active counts each at its start, status resolved at its resolution.",
};
// DORA-named series: the dashboard's figures equal the report's.
export const DORA_DEPLOYMENTS: MetricFamily = {
  name: "dora_deployments_total",
  kind: "counter",
  help: "Production deployments the report counts, at their finish: status succeeded; status failed only with changeFailure.countFailedRollouts.",
};
export const DORA_FAILED_DEPLOYMENTS: MetricFamily = {
  name: "dora_failed_deployments_total",
  kind: "counter",
  help: "Deployments counted as failed by the change failure rate (an attributed incident, or a failed rollout), at the deployment's finish.",
};
export const DORA_CHANGES: MetricFamily = {
  name: "dora_changes_total",
  kind: "counter",
  help: "Changes (commits first deployed to production), at their deployment's finish.",
};
export const DORA_REWORK: MetricFamily = {
  name: "dora_rework_deployments_total",
  kind: "counter",
  help: "Unplanned deployments (during an open incident, or a rollback), at their finish.",
};
export const DORA_ROLLBACKS: MetricFamily = {
  name: "dora_rollback_deployments_total",
  kind: "counter",
  help: "Rollback deployments (the SHA is an ancestor of the previous deployment's), at their finish.",
};
export const DORA_LEAD_TIME: MetricFamily = {
  name: "dora_lead_time_seconds",
  kind: "histogram",
  help: "Lead time for changes in seconds (changes with a positive lead time), at their deployment's finish.",
  bounds: LEAD_TIME_BOUNDS,
};
export const DORA_INCIDENTS: MetricFamily = {
  name: "dora_incidents_total",
  kind: "counter",
  help: "Non-drill incidents of the service, at their start.",
};
export const DORA_RESTORE_TIME: MetricFamily = {
  name: "dora_restore_time_seconds",
  kind: "histogram",
  help: "Time to restore in seconds of resolved non-drill incidents, observed at the incident's START (the report counts incidents started in the window).",
  bounds: RESTORE_TIME_BOUNDS,
};
export const DORA_DEPLOYMENT_INFO: MetricFamily = {
  name: "dora_deployment_info",
  kind: "info",
  help: "One sample (value 1) per deployment at its finish, labelled with its trace id for links to Tempo.",
};

export const METRIC_FAMILIES: readonly MetricFamily[] = [
  CD_DEPLOYMENTS,
  CD_LEAD_TIME,
  CD_INCIDENTS,
  DORA_DEPLOYMENTS,
  DORA_FAILED_DEPLOYMENTS,
  DORA_CHANGES,
  DORA_REWORK,
  DORA_ROLLBACKS,
  DORA_LEAD_TIME,
  DORA_INCIDENTS,
  DORA_RESTORE_TIME,
  DORA_DEPLOYMENT_INFO,
];

export function seriesKey(family: MetricFamily, labels: Readonly<Record<string, string>>): string {
  return `${family.name}{${Object.entries(labels).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(",")}}`;
}

/**
 * Every series of the backfill with its events. Instants (why each is stamped where it is):
 * - deployments, failures, changes, rework, rollbacks, lead times: the deployment's `finishedAt`, the
 *   instant that puts the deployment (and its changes) in a window (docs/metric-definitions.md);
 * - incidents (`dora_incidents_total`, `cd_incidents_count_total{status="active"}`) and restore times:
 *   the incident's `startedAt`, the instant that puts it in a window — so the increase over a window
 *   is exactly the report's "incidents started in the window", restore times included;
 * - `cd_incidents_count_total{status="resolved"}`: the resolution, when the incident stops being active.
 * Window events are the analysis's facts (exactly what the figures counted); events before the window
 * are its lookback: deployments and incidents only, since changes, lead times, failures and rework
 * need GitHub data the sources fetch for the window's deployments alone.
 */
export function buildMetricSeries(data: BackfillData): MetricSeries[] {
  const { toMs } = data.window;
  const series = new Map<string, MetricSeries>();

  const seriesOf = (family: MetricFamily, labels: Record<string, string>): MetricSeries => {
    const key = seriesKey(family, labels);
    let found = series.get(key);
    if (!found) {
      found = { family, labels, key, events: [] };
      series.set(key, found);
    }
    return found;
  };
  const add = (family: MetricFamily, labels: Record<string, string>, timeMs: number, value = 1) => {
    if (Number.isFinite(timeMs) && timeMs < toMs) seriesOf(family, labels).events.push({ timeMs, value });
  };
  const repoOf = new Map(data.services.map((service) => [service.name, service.repo]));
  const blog = (service: string) => ({ workflow_group: service, service_name: service, repo: repoOf.get(service) ?? "" });
  const dora = (service: string) => ({ service_name: service, repo: repoOf.get(service) ?? "" });

  // Every reported service gets its base series, at zero when nothing happened, so a dashboard
  // shows 0 rather than "no data" where the report says 0.
  for (const { name: service } of data.services) {
    seriesOf(CD_DEPLOYMENTS, { ...blog(service), status: "Succeeded" });
    seriesOf(CD_LEAD_TIME, blog(service));
    seriesOf(CD_INCIDENTS, { ...dora(service), status: "active" });
    seriesOf(CD_INCIDENTS, { ...dora(service), status: "resolved" });
    seriesOf(DORA_DEPLOYMENTS, { ...dora(service), status: "succeeded" });
    for (const family of [DORA_FAILED_DEPLOYMENTS, DORA_CHANGES, DORA_REWORK, DORA_ROLLBACKS, DORA_LEAD_TIME, DORA_INCIDENTS, DORA_RESTORE_TIME]) {
      seriesOf(family, dora(service));
    }
  }

  // History before the window: the deployments the figures would count (failed rollouts only when they do).
  for (const { service, finishedMs, status } of data.lookback.deployments) {
    if (status === "succeeded") {
      add(CD_DEPLOYMENTS, { ...blog(service), status: "Succeeded" }, finishedMs);
      add(DORA_DEPLOYMENTS, { ...dora(service), status: "succeeded" }, finishedMs);
    } else {
      add(DORA_DEPLOYMENTS, { ...dora(service), status: "failed" }, finishedMs);
      add(DORA_FAILED_DEPLOYMENTS, dora(service), finishedMs);
    }
  }
  for (const fact of data.lookback.incidents) addIncident(fact);

  // The window: exactly the facts behind the figures.
  for (const fact of data.deployments) {
    const { deployment } = fact;
    const { finishedMs } = deployment;
    const labels = dora(deployment.service);
    if (deployment.status === "succeeded") {
      add(CD_DEPLOYMENTS, { ...blog(deployment.service), status: "Succeeded" }, finishedMs);
      add(DORA_DEPLOYMENTS, { ...labels, status: "succeeded" }, finishedMs);
    } else {
      add(DORA_DEPLOYMENTS, { ...labels, status: "failed" }, finishedMs);
    }
    if (fact.failed) add(DORA_FAILED_DEPLOYMENTS, labels, finishedMs);
    if (changeCountOf(fact) > 0) add(DORA_CHANGES, labels, finishedMs, changeCountOf(fact));
    if (fact.rework) add(DORA_REWORK, labels, finishedMs);
    if (fact.rollback) add(DORA_ROLLBACKS, labels, finishedMs);
    add(
      DORA_DEPLOYMENT_INFO,
      { ...labels, deployment: deployment.name, deployment_id: deployment.id, sha: deployment.sha, status: deployment.status, trace_id: traceIdFor(deployment.id) },
      finishedMs,
    );
  }
  for (const fact of data.deployments) {
    const { deployment } = fact;
    const { finishedMs } = deployment;
    for (const seconds of leadTimesOf(fact)) {
      if (Number.isNaN(seconds)) continue;
      add(CD_LEAD_TIME, blog(deployment.service), finishedMs, seconds);
      add(DORA_LEAD_TIME, dora(deployment.service), finishedMs, seconds);
    }
  }
  for (const fact of data.incidents) if (fact.counted) addIncident(fact);

  function addIncident({ incident, service, startedMs, restore }: IncidentFact) {
    const labels = dora(service!);
    add(CD_INCIDENTS, { ...labels, status: "active" }, startedMs);
    add(DORA_INCIDENTS, labels, startedMs);
    if (incident.status !== "resolved" || incident.resolvedMs === undefined) return;
    add(CD_INCIDENTS, { ...labels, status: "resolved" }, incident.resolvedMs);
    // A negative restore time (resolved before it started) is left out, as the report does.
    if (restore.seconds !== null) add(DORA_RESTORE_TIME, labels, startedMs, restore.seconds);
  }

  const familyOrder = new Map(METRIC_FAMILIES.map((family, index) => [family.name, index]));
  const all = [...series.values()];
  for (const one of all) one.events.sort((a, b) => a.timeMs - b.timeMs || a.value - b.value);
  // Deterministic order: family, then the order series were first met (services in config order).
  return all
    .map((one, index) => ({ one, index }))
    .sort((a, b) => familyOrder.get(a.one.family.name)! - familyOrder.get(b.one.family.name)! || a.index - b.index)
    .map(({ one }) => one);
}
