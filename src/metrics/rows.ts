import type {
  AttributionReason, ChangeRow, DeploymentLineageRow, DeploymentRef, DeploymentRow, IncidentRow, LeadTimeExclusion, ReworkReason,
} from "../model/report.js";
import { traceIdFor } from "../model/trace-id.js";
import type { TimedDeployment } from "./deployment-history.js";
import type { LineageExplanation } from "./explain/lineage-reason.js";
import type { DeploymentFact, IncidentFact } from "./facts.js";
import { parseInstant } from "./instant.js";
import { leadTimeStartOf } from "./lead-time.js";
import type { LeadTimeStart } from "./options.js";

/** What the reasons in the rows need besides the facts. */
export interface RowContext {
  leadTimeStart: LeadTimeStart;
  attributionWindowSeconds: number;
  /** Incident labels of each configured service. */
  serviceLabels: ReadonlyMap<string, Record<string, string>>;
}

const NO_SHAS: readonly string[] = Object.freeze([]);

export function deploymentRow(fact: DeploymentFact): DeploymentRow {
  const { deployment } = fact.timed;
  const row: DeploymentRow = {
    id: deployment.id,
    name: deployment.name,
    service: deployment.service,
    repo: deployment.repo,
    sha: deployment.sha,
    status: deployment.status,
    startedAt: deployment.startedAt,
    finishedAt: deployment.finishedAt,
    changes: fact.changes.length,
    failed: fact.failed,
    rework: fact.rework,
    rollback: fact.rollback,
    incidentIds: [...fact.incidentIds],
    url: deployment.url ?? null,
    traceId: traceIdFor(deployment.id),
  };
  if (fact.lineage) {
    row.lineage = lineageRow(fact.lineage, fact);
    row.reworkReasons = reworkReasons(fact);
    row.recoverySeconds = fact.recoverySeconds;
  }
  return row;
}

function refOf(timed: TimedDeployment | undefined): DeploymentRef | null {
  if (!timed) return null;
  const { id, name, sha, finishedAt } = timed.deployment;
  return { id, name, sha, finishedAt };
}

function lineageRow(lineage: LineageExplanation, fact: DeploymentFact): DeploymentLineageRow {
  return {
    reason: lineage.reason,
    previous: refOf(lineage.previous),
    base: refOf(lineage.base),
    compared: lineage.compared ? { base: lineage.compared.base, head: lineage.compared.head } : null,
    alreadyDeployed: [...alreadyDeployedShas(lineage, fact)],
  };
}

/** The commits the comparison listed that are not the deployment's changes (an earlier one brought them). */
function alreadyDeployedShas(lineage: LineageExplanation, fact: DeploymentFact): readonly string[] {
  // changesOfService keeps the same array when every listed commit is new, as nearly all are.
  if (lineage.listed === fact.changes || lineage.listed.length === fact.changes.length) return NO_SHAS;
  const changed = new Set(fact.changes.map((commit) => commit.sha));
  return lineage.listed.filter((commit) => !changed.has(commit.sha)).map((commit) => commit.sha);
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
  const { deployment } = fact.timed;
  return fact.changes.map((commit, index) => {
    const seconds = fact.leadTimeSeconds[index]!;
    const row: ChangeRow = {
      sha: commit.sha,
      service: deployment.service,
      repo: deployment.repo,
      authoredAt: commit.authoredAt ?? null,
      committedAt: commit.committedAt ?? null,
      deploymentId: deployment.id,
      deployedAt: deployment.finishedAt,
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
    startedAt: incident.startedAt,
    resolvedAt: incident.resolvedAt ?? null,
    restoreSeconds: fact.restore.seconds,
    deploymentId: fact.attribution.deployment?.deployment.id ?? null,
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
