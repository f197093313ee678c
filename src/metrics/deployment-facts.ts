import type { Deployment } from "../model/deployment.js";
import type { Incident } from "../model/incident.js";
import type { Period } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import { ServiceChanges } from "./changes.js";
import { ChangeLog } from "./change-log.js";
import { CommitIdList } from "./commit-id-list.js";
import { failedByIncidents } from "./change-failure-rate.js";
import { type DeploymentFactsBuilder, FAILED, REWORK, ROLLBACK, SUCCESSFUL } from "./deployment-fact-table.js";
import type { GitHubData } from "./github-data.js";
import { type LineageScratch, visitLineages } from "./lineage.js";
import type { MetricsOptions } from "./options.js";
import { recoverySecondsOf } from "./recovery-time.js";
import { explainLineage } from "./explain/lineage-reason.js";
import { intervalCover } from "./rework-rate.js";
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
  attributedByDeployment: ReadonlyMap<Deployment, readonly Incident[]>;
  warn: WarningSink;
  /** Room the lineages of the analysis's services share. */
  scratch: LineageScratch;
  /** Keep each deployment's lineage explanation (only the rows show it: a summary of a million deployments skips it). */
  keepLineage: boolean;
}

/**
 * Adds the facts of one service's successful deployments in the window (history: finishedAt order,
 * lookback included; `service`: its index among the reported services).
 */
export function addSuccessfulDeploymentFacts(
  history: readonly Deployment[],
  service: number,
  openIntervals: readonly OpenInterval[],
  context: DeploymentContext,
  facts: DeploymentFactsBuilder,
): void {
  const { window, calendar, github, options, attributedByDeployment, warn, keepLineage, scratch } = context;
  // A commit is taken once per service: the graph's size bounds the ids (plus one head per deployment outside it).
  const graph = github.graph(history[0]?.repo ?? "");
  const taken = new CommitIdList(graph.size + 64);
  const changes = new ServiceChanges(new ChangeLog(graph, taken, options.leadTimeStart), github, options.leadTimeStart, warn);
  const cover = intervalCover(openIntervals);
  // One lineage at a time, each made a fact at once (see visitLineages).
  visitLineages(history, window, github, "missing", taken, scratch, (lineage, index) => {
    changes.add(lineage);
    const { deployment, rollback } = lineage;
    const incidents = attributedByDeployment.get(deployment) ?? NO_INCIDENTS;
    const failed = failedByIncidents(incidents);
    const reworkIncident = cover(deployment.finishedMs);
    const rework = rollback || reworkIncident !== undefined;
    facts.add({
      deployment,
      service,
      day: calendar.dayOf(deployment.finishedMs),
      flags: SUCCESSFUL | (rollback ? ROLLBACK : 0) | (rework ? REWORK : 0) | (failed ? FAILED : 0),
      reworkIncident,
      lineage: keepLineage ? explainLineage(history, lineage, index) : undefined,
      incidentIds: failed ? incidents.map((incident) => incident.id).sort() : NO_INCIDENT_IDS,
      recoverySeconds: failed ? (recoverySecondsOf(deployment.finishedMs, incidents) ?? NaN) : NaN,
      changeLog: changes.log,
      changesFrom: lineage.changesFrom,
      changesTo: lineage.changesTo,
    });
  });
  changes.log.seal();
}
