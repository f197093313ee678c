import type { Incident } from "../model/incident.js";
import type { Period } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import { changesOfService } from "./changes.js";
import { CommitIdList } from "./commit-id-list.js";
import { failedByIncidents } from "./change-failure-rate.js";
import type { Deployment } from "../model/deployment.js";
import { compareDeployments } from "./deployment-history.js";
import type { DeploymentFact } from "./facts.js";
import type { GitHubData } from "./github-data.js";
import { resolveLineages } from "./lineage.js";
import type { MetricsOptions } from "./options.js";
import { recoverySecondsOf } from "./recovery-time.js";
import { explainLineages } from "./explain/lineage-reason.js";
import { openIntervalsCovering } from "./rework-rate.js";
import type { OpenInterval } from "./rework-rate.js";
import type { WarningSink } from "./warnings.js";

const NO_INCIDENTS: readonly Incident[] = [];
// Shared by the (nearly all) deployments without incidents: a million empty arrays are 30 MB.
const NO_INCIDENT_IDS: readonly string[] = Object.freeze([]);

export interface DeploymentContext {
  window: Period;
  calendar: Calendar;
  github: GitHubData;
  options: MetricsOptions;
  attributedByDeployment: ReadonlyMap<string, readonly Incident[]>;
  warn: WarningSink;
  /** Keep each deployment's lineage explanation (only the rows show it: a summary of a million deployments skips it). */
  keepLineage: boolean;
}

/** Facts of one service's successful deployments in the window (history: finishedAt order, lookback included). */
export function successfulDeploymentFacts(
  history: readonly Deployment[],
  openIntervals: readonly OpenInterval[],
  context: DeploymentContext,
): DeploymentFact[] {
  const { window, calendar, github, options, attributedByDeployment, warn, keepLineage } = context;
  const taken = new CommitIdList();
  const lineages = resolveLineages(history, window, github, "missing", taken);
  const changes = changesOfService(lineages, taken, github, options.leadTimeStart, warn);
  const explained = keepLineage ? explainLineages(history, lineages) : undefined;
  const duringIncident = openIntervalsCovering(
    lineages.map((lineage) => lineage.deployment.finishedMs),
    openIntervals,
  );
  return lineages.map(({ deployment, rollback }, index): DeploymentFact => {
    const incidents = attributedByDeployment.get(deployment.id) ?? NO_INCIDENTS;
    const failed = failedByIncidents(incidents);
    const reworkIncident = duringIncident[index];
    return {
      deployment,
      day: calendar.dayOf(deployment.finishedMs),
      successful: true,
      rollback,
      rework: rollback || reworkIncident !== undefined,
      reworkIncident,
      lineage: explained?.[index],
      failed,
      incidentIds: failed ? incidents.map((incident) => incident.id).sort() : NO_INCIDENT_IDS,
      recoverySeconds: failed ? recoverySecondsOf(deployment.finishedMs, incidents) : null,
      changeLog: changes.log,
      changesFrom: changes.ranges[index]!.changesFrom,
      changesTo: changes.ranges[index]!.changesTo,
    };
  });
}

export function compareDeploymentFacts(a: DeploymentFact, b: DeploymentFact): number {
  return compareDeployments(a.deployment, b.deployment);
}
