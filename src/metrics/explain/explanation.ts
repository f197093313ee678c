import type { ChangeRow, DeploymentRef, DeploymentRow, IncidentRow, MetricSet, Report } from "../../model/report.js";

// What `dora explain` answers, as plain data (its --format json): the report's own rows, with their
// reasons (deployments[].lineage, reworkReasons, changes[].leadTimeExcluded,
// incidents[].attributionReason), picked and ordered for one question. Built from the report, so an
// explanation cannot disagree with it.

export const EXPLAIN_METRICS = ["frequency", "lead-time", "cfr", "restore", "rework"] as const;
export type ExplainMetric = (typeof EXPLAIN_METRICS)[number];

export interface DeploymentExplanation {
  kind: "deployment";
  window: Report["window"];
  deployment: DeploymentRow;
  /** Its changes: counted lead times, largest first, then the ones left out (with their reason). */
  changes: ChangeRow[];
  /** Commits its comparison listed that an earlier deployment of the window brought (not its changes). */
  alreadyDeployed: { sha: string; deployment: DeploymentRef | null }[];
  /** The listed incidents attributed to it, with how. */
  incidents: IncidentRow[];
  /** Incidents attributed to it that the report does not list (started before the window). */
  unlistedIncidentIds: string[];
}

export interface IncidentExplanation {
  kind: "incident";
  window: Report["window"];
  incident: IncidentRow;
  /** The deployment it is attributed to, when the report lists it. */
  deployment: DeploymentRow | null;
}

export interface ServiceExplanation {
  kind: "service";
  window: Report["window"];
  service: string;
  metrics: ExplainMetric[];
  figures: MetricSet;
  /** Name of each of the service's listed deployments, by id (the rows name deployments by id). */
  deploymentNames: Record<string, string>;
  /** Successful deployments, by finish: deployment frequency. */
  frequency?: { deployments: DeploymentRow[] };
  /** Changes whose lead time counts (largest first), and those left out. */
  leadTime?: { changes: ChangeRow[]; excluded: ChangeRow[] };
  /** Deployments in the change failure rate, failed first; with failed deployment recovery times. */
  changeFailure?: { deployments: DeploymentRow[] };
  /** Incidents in time to restore (longest first, active last), and those that count nowhere (drills). */
  restore?: { incidents: IncidentRow[]; notCounted: IncidentRow[] };
  /** Successful deployments, rework first. */
  rework?: { deployments: DeploymentRow[] };
}

export type Explanation = DeploymentExplanation | IncidentExplanation | ServiceExplanation;

/** A lookup's answer: the match, several (an ambiguous SHA prefix), or none. */
export type Lookup<T> = { kind: "found"; value: T } | { kind: "ambiguous"; matches: T[] } | { kind: "not-found" };

/** Shortest SHA prefix looked up: shorter ones would match by accident. */
export const MIN_SHA_PREFIX = 4;

/** A deployment of the report by name, uid, or SHA prefix (a redeploy shares its SHA: ambiguous). */
export function findDeployment(report: Report, query: string): Lookup<DeploymentRow> {
  const exact = report.deployments.filter((row) => row.name === query || row.id === query);
  if (exact.length === 1) return { kind: "found", value: exact[0]! };
  if (exact.length > 1) return { kind: "ambiguous", matches: exact };
  const prefix = query.trim().toLowerCase();
  if (prefix.length < MIN_SHA_PREFIX || !/^[0-9a-f]+$/.test(prefix)) return { kind: "not-found" };
  const bySha = report.deployments.filter((row) => row.sha.toLowerCase().startsWith(prefix));
  if (bySha.length === 1) return { kind: "found", value: bySha[0]! };
  return bySha.length === 0 ? { kind: "not-found" } : { kind: "ambiguous", matches: bySha };
}

export function explainDeployment(report: Report, deployment: DeploymentRow): DeploymentExplanation {
  const changes = sortChanges(report.changes.filter((change) => change.deploymentId === deployment.id));
  const attributed = new Set(deployment.incidentIds);
  const incidents = report.incidents.filter((incident) => attributed.has(incident.id));
  const listed = new Set(incidents.map((incident) => incident.id));
  return {
    kind: "deployment",
    window: report.window,
    deployment,
    changes,
    alreadyDeployed: alreadyDeployedBy(report, deployment),
    incidents,
    unlistedIncidentIds: deployment.incidentIds.filter((id) => !listed.has(id)),
  };
}

/** Each already-deployed commit with the deployment of the window that brought it. */
function alreadyDeployedBy(report: Report, deployment: DeploymentRow): DeploymentExplanation["alreadyDeployed"] {
  const shas = deployment.lineage?.alreadyDeployed ?? [];
  if (shas.length === 0) return [];
  const wanted = new Set(shas);
  const byId = new Map(report.deployments.map((row) => [row.id, row]));
  const broughtBy = new Map<string, DeploymentRef>();
  for (const change of report.changes) {
    if (change.service !== deployment.service || !wanted.has(change.sha)) continue;
    const row = byId.get(change.deploymentId);
    if (row) broughtBy.set(change.sha, { id: row.id, name: row.name, sha: row.sha, finishedAt: row.finishedAt });
  }
  return shas.map((sha) => ({ sha, deployment: broughtBy.get(sha) ?? null }));
}

export function findIncident(report: Report, id: string): Lookup<IncidentRow> {
  const incident = report.incidents.find((row) => row.id === id);
  return incident ? { kind: "found", value: incident } : { kind: "not-found" };
}

export function explainIncident(report: Report, incident: IncidentRow): IncidentExplanation {
  const deployment = incident.deploymentId === null ? null : (report.deployments.find((row) => row.id === incident.deploymentId) ?? null);
  return { kind: "incident", window: report.window, incident, deployment };
}

/** The figures of one service (report.services[service] must exist) and the rows behind each asked metric. */
export function explainService(report: Report, service: string, metrics: readonly ExplainMetric[] = EXPLAIN_METRICS): ServiceExplanation {
  const figures = report.services[service];
  if (!figures) throw new Error(`service ${service} is not in the report`);
  const deployments = report.deployments.filter((row) => row.service === service);
  const successful = deployments.filter((row) => row.status === "succeeded");
  const deploymentNames = Object.fromEntries(deployments.map((row) => [row.id, row.name]));
  const explanation: ServiceExplanation = { kind: "service", window: report.window, service, metrics: [...metrics], figures, deploymentNames };
  for (const metric of metrics) {
    switch (metric) {
      case "frequency":
        explanation.frequency = { deployments: successful };
        break;
      case "lead-time": {
        const changes = sortChanges(report.changes.filter((change) => change.service === service));
        explanation.leadTime = {
          changes: changes.filter((change) => change.leadTimeSeconds !== null),
          excluded: changes.filter((change) => change.leadTimeSeconds === null),
        };
        break;
      }
      case "cfr":
        explanation.changeFailure = { deployments: firstWhere(deployments, (row) => row.failed) };
        break;
      case "restore": {
        const incidents = report.incidents.filter((row) => row.service === service);
        explanation.restore = {
          incidents: sortIncidents(incidents.filter((row) => !row.isDrill)),
          notCounted: incidents.filter((row) => row.isDrill),
        };
        break;
      }
      case "rework":
        explanation.rework = { deployments: firstWhere(successful, (row) => row.rework) };
        break;
    }
  }
  return explanation;
}

/** Rows matching `test` first, each group keeping its order. */
function firstWhere<T>(rows: readonly T[], test: (row: T) => boolean): T[] {
  return [...rows.filter(test), ...rows.filter((row) => !test(row))];
}

/** Largest lead time first (the ones that move the figures most), then those left out, by deployment. */
function sortChanges(changes: readonly ChangeRow[]): ChangeRow[] {
  return [...changes].sort((a, b) => (b.leadTimeSeconds ?? -Infinity) - (a.leadTimeSeconds ?? -Infinity));
}

/** Longest restore first; active (no restore time) last. */
function sortIncidents(incidents: readonly IncidentRow[]): IncidentRow[] {
  return [...incidents].sort((a, b) => (b.restoreSeconds ?? -Infinity) - (a.restoreSeconds ?? -Infinity));
}
