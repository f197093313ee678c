import type {
  AttributionReason, ChangeRow, DeploymentLineageRow, DeploymentRef, DeploymentRow, IncidentRow, LeadTimeExclusion, ReworkReason,
} from "../model/report.js";
import { traceIdFor } from "../model/trace-id.js";
import type { Deployment } from "../model/deployment.js";
import type { LineageExplanation } from "./explain/lineage-reason.js";
import { changeCountOf, changesOf, leadTimeStartOf, leadTimesOf } from "./change-log.js";
import type { DeploymentFact, IncidentFact } from "./facts.js";
import { parseInstant, toIso } from "../model/instant.js";
import type { LeadTimeStart } from "./options.js";

/** What the reasons in the rows need besides the facts. */
export interface RowContext {
  leadTimeStart: LeadTimeStart;
  attributionWindowSeconds: number;
  /** Incident labels of each configured service. */
  serviceLabels: ReadonlyMap<string, Record<string, string>>;
}

export function deploymentRow(fact: DeploymentFact): DeploymentRow {
  const { deployment } = fact;
  const row: DeploymentRow = {
    id: deployment.id,
    name: deployment.name,
    service: deployment.service,
    repo: deployment.repo,
    sha: deployment.sha,
    status: deployment.status,
    startedAt: toIso(deployment.startedMs),
    finishedAt: toIso(deployment.finishedMs),
    changes: changeCountOf(fact),
    failed: fact.failed,
    rework: fact.rework,
    rollback: fact.rollback,
    incidentIds: [...fact.incidentIds],
    url: deployment.url ?? null,
    traceId: traceIdFor(deployment.id),
  };
  if (fact.lineage) {
    row.lineage = lineageRow(fact.lineage);
    row.reworkReasons = reworkReasons(fact);
    row.recoverySeconds = fact.recoverySeconds;
  }
  return row;
}

function refOf(deployment: Deployment | undefined): DeploymentRef | null {
  if (!deployment) return null;
  const { id, name, sha, finishedMs } = deployment;
  return { id, name, sha, finishedAt: toIso(finishedMs) };
}

function lineageRow(lineage: LineageExplanation): DeploymentLineageRow {
  return {
    reason: lineage.reason,
    previous: refOf(lineage.previous),
    base: refOf(lineage.base),
    compared: lineage.compared ? { base: lineage.compared.base, head: lineage.compared.head } : null,
    // The commit graph takes only commits no earlier deployment reached: none is listed twice.
    alreadyDeployed: [],
  };
}

function reworkReasons(fact: DeploymentFact): ReworkReason[] {
  const reasons: ReworkReason[] = [];
  if (fact.rollback) reasons.push({ kind: "rollback" });
  const open = fact.reworkIncident;
  if (open?.incidentId !== undefined) {
    reasons.push({
      kind: "open-incident",
      incidentId: open.incidentId,
      openFrom: new Date(open.fromMs).toISOString(),
      openUntil: new Date(open.toMs).toISOString(),
    });
  }
  return reasons;
}

/** The rows of the changes a deployment brought. */
export function changeRows(fact: DeploymentFact, context: Pick<RowContext, "leadTimeStart">): ChangeRow[] {
  const { deployment } = fact;
  const leadTimes = leadTimesOf(fact);
  return changesOf(fact).map((commit, index) => {
    const seconds = leadTimes[index]!;
    const row: ChangeRow = {
      sha: commit.sha,
      service: deployment.service,
      repo: deployment.repo,
      authoredAt: commit.authoredAt ?? null,
      committedAt: commit.committedAt ?? null,
      deploymentId: deployment.id,
      deployedAt: toIso(deployment.finishedMs),
      leadTimeSeconds: Number.isNaN(seconds) ? null : seconds,
    };
    if (Number.isNaN(seconds)) row.leadTimeExcluded = leadTimeExclusion(leadTimeStartOf(commit, context.leadTimeStart));
    return row;
  });
}

/** The reason leadTimeSecondsOf left a lead time out: no usable start date, or one not before the deployment. */
function leadTimeExclusion(start: string | undefined): LeadTimeExclusion {
  return start === undefined || Number.isNaN(parseInstant(start)) ? "missing-commit-date" : "non-positive-lead-time";
}

export function incidentRow(fact: IncidentFact, context: RowContext): IncidentRow {
  const { incident } = fact;
  return {
    id: incident.id,
    title: incident.title,
    service: fact.service,
    severity: incident.severity,
    status: incident.status,
    isDrill: incident.isDrill,
    startedAt: toIso(incident.startedMs),
    resolvedAt: incident.resolvedMs === undefined ? null : toIso(incident.resolvedMs),
    restoreSeconds: fact.restore.seconds,
    deploymentId: fact.attribution.deployment?.id ?? null,
    attribution: fact.attribution.attribution,
    attributionReason: attributionReason(fact, context),
  };
}

function attributionReason(fact: IncidentFact, context: RowContext): AttributionReason {
  const { attribution } = fact;
  const latest = attribution.latest;
  return {
    rule: attribution.rule ?? (fact.service === null ? "no-service" : "drill"),
    label: attribution.label ?? null,
    ignoredLabels: attribution.ignoredLabels ?? [],
    latestDeployment: refOf(latest),
    secondsAfterLatest: latest ? (fact.startedMs - latest.finishedMs) / 1000 : null,
    windowSeconds: context.attributionWindowSeconds,
    serviceLabels: fact.service === null ? null : { ...(context.serviceLabels.get(fact.service) ?? {}) },
  };
}
