import type { ChangeRow, DeploymentRow, IncidentRow } from "../model/report.js";
import { traceIdFor } from "../model/trace-id.js";
import type { DeploymentFact, IncidentFact } from "./facts.js";

export function deploymentRow(fact: DeploymentFact): DeploymentRow {
  const { deployment } = fact.timed;
  return {
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
}

/** The rows of the changes a deployment brought. */
export function changeRows(fact: DeploymentFact): ChangeRow[] {
  const { deployment } = fact.timed;
  return fact.changes.map((commit, index) => {
    const seconds = fact.leadTimeSeconds[index]!;
    return {
      sha: commit.sha,
      service: deployment.service,
      repo: deployment.repo,
      authoredAt: commit.authoredAt ?? null,
      committedAt: commit.committedAt ?? null,
      deploymentId: deployment.id,
      deployedAt: deployment.finishedAt,
      leadTimeSeconds: Number.isNaN(seconds) ? null : seconds,
    };
  });
}

export function incidentRow(fact: IncidentFact): IncidentRow {
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
  };
}
