import type { AttributionReason, ChangeRow, DeploymentLineageRow, DeploymentRef, IncidentRow, ReworkReason } from "../../model/report.js";
import { formatDuration } from "../../util/duration.js";
import { formatInstant } from "../period.js";

// The reasons of the report's rows as one sentence each, shared by `dora explain` and the HTML
// report. Plain text: each output escapes it for its medium.

const SHORT_SHA = 12;

export const short = (sha: string) => sha.slice(0, SHORT_SHA);

function named(ref: DeploymentRef): string {
  return `${ref.name} (${short(ref.sha)})`;
}

/** Where a deployment's changes come from. */
export function lineageText(lineage: DeploymentLineageRow, service: string): string {
  const { previous, base, compared } = lineage;
  const previousName = previous ? named(previous) : "?";
  const baseName = base ? named(base) : "an earlier deployment";
  switch (lineage.reason) {
    case "first-deployment":
      return `first deployment of ${service} (none earlier, lookback included): only its head commit is a change`;
    case "ahead":
      return `ahead of the previous deployment ${previousName}: its changes are the commits no earlier deployment reached`;
    case "high-water":
      return `ahead of the high water ${baseName}, not of the previous deployment ${previousName}, which is behind it (a rollback): its changes are the commits no earlier deployment reached`;
    case "diverged":
      return `on a line no earlier deployment sits on (a branch deploy), after the previous deployment ${previousName}: its changes are the commits no earlier deployment reached`;
    case "comparison-not-found":
      return `GitHub cannot place its SHA${compared ? ` (${short(compared.base)}...${short(compared.head)})` : ""} (force-pushed or deleted?): only its head commit is a change`;
    case "redeploy":
      return `redeploy of the SHA of the previous deployment ${previousName}: no changes`;
    case "identical":
      return `the same commit as the previous deployment ${previousName}: no changes`;
    case "rollback":
      return `rollback: its SHA is an ancestor of the previous deployment ${previousName}'s: no changes`;
    case "already-deployed":
      return `its SHA was already reached by ${baseName}: no changes`;
  }
}

/** Why a deployment is rework, or that it is not. */
export function reworkText(reasons: readonly ReworkReason[], timezone: string): string {
  if (reasons.length === 0) return "not rework";
  const why = reasons.map((reason) =>
    reason.kind === "rollback"
      ? "a rollback"
      : `finished while incident ${reason.incidentId} was open (${formatInstant(reason.openFrom, timezone)} → ${formatInstant(reason.openUntil, timezone)}, grace included)`,
  );
  return `rework: ${why.join(", and ")}`;
}

/** A change's lead time, or why it is left out. */
export function leadTimeText(change: ChangeRow): string {
  if (change.leadTimeSeconds !== null) return formatDuration(change.leadTimeSeconds);
  return change.leadTimeExcluded === "missing-commit-date"
    ? "left out: the commit has no date"
    : "left out: dated at or after its deployment (clock skew)";
}

/** Which configured labels put the incident in its service. */
export function serviceMatchText(incident: IncidentRow): string {
  const labels = incident.attributionReason?.serviceLabels;
  if (incident.service === null) return "no service: its labels match no configured service's incident labels; it counts nowhere";
  const pairs = labels ? Object.entries(labels).map(([key, value]) => `${key}=${value}`) : [];
  return `service ${incident.service}: it carries ${pairs.length > 0 ? pairs.join(", ") : "the service's labels"}`;
}

/** How the incident was attributed, with the candidates it rejected. */
export function attributionText(incident: IncidentRow, deploymentName: string | null): string {
  const reason = incident.attributionReason;
  if (!reason) return incident.attribution;
  const latest = latestText(reason);
  const ignored = reason.ignoredLabels.map((label) => `; label ${label.key}=${label.value} names no deployment of its service (ignored)`).join("");
  const window = formatDuration(reason.windowSeconds);
  const target = deploymentName ?? incident.deploymentId ?? "?";
  switch (reason.rule) {
    case "deployment-label":
      return `label: deployment=${reason.label?.value} names ${target}${otherCandidate(reason, incident)}${ignored}`;
    case "commit-label":
      return `label: commit=${reason.label?.value} is a prefix of the SHA of ${target}${otherCandidate(reason, incident)}${ignored}`;
    case "inferred":
      return `inferred: ${latest}, within the ${window} window${ignored}`;
    case "outside-window":
      return `none: ${latest}, beyond the ${window} window${ignored}`;
    case "no-earlier-deployment":
      return `none: no deployment of ${incident.service} finished before it started (lookback included)${ignored}`;
    case "drill":
      return "none: a drill is never attributed and counts nowhere";
    case "no-service":
      return "none: it belongs to no configured service";
  }
}

function latestText(reason: AttributionReason): string {
  if (!reason.latestDeployment) return "no earlier deployment";
  return `the latest deployment ${named(reason.latestDeployment)} finished ${formatDuration(reason.secondsAfterLatest)} before it started`;
}

/** With a label: the deployment the inferred rule would have picked, when another. */
function otherCandidate(reason: AttributionReason, incident: IncidentRow): string {
  const latest = reason.latestDeployment;
  if (!latest || latest.id === incident.deploymentId) return "";
  return `; labels come first, so not the latest deployment ${named(latest)}, ${formatDuration(reason.secondsAfterLatest)} before it started`;
}
