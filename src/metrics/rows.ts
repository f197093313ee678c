import type { Change } from "../model/change.js";
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
    incidentIds: fact.incidentIds,
    url: deployment.url ?? null,
    traceId: traceIdFor(deployment.id),
  };
}

export function changeRow(change: Change): ChangeRow {
  return {
    sha: change.sha,
    service: change.service,
    repo: change.repo,
    authoredAt: change.authoredAt ?? null,
    committedAt: change.committedAt ?? null,
    deploymentId: change.deploymentId,
    deployedAt: change.deployedAt,
    leadTimeSeconds: change.leadTimeSeconds,
  };
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
