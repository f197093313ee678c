import type { ChangeRow, DeploymentRow, IncidentRow } from "../../model/report.js";
import type {
  DeploymentExplanation, ExplainMetric, Explanation, IncidentExplanation, ServiceExplanation,
} from "../../metrics/explain/explanation.js";
import { formatDuration } from "../../util/duration.js";
import { countOf, summaryRows, type SummaryRow } from "../figures.js";
import { formatInstant, formatWindow } from "../period.js";
import { attributionText, leadTimeText, lineageText, reworkText, serviceMatchText, short } from "./reason-text.js";

// An explanation as a small document (title, blocks of lines and tables) that the text and
// Markdown renderers print the same way. Everything here is plain, unescaped text.

export interface ExplainTable {
  head: string[];
  rows: string[][];
  /** Rows left out of `rows` (the JSON lists them all). */
  more: number;
}

export interface ExplainBlock {
  heading: string;
  lines: string[];
  table?: ExplainTable;
}

export interface ExplainDocument {
  title: string;
  blocks: ExplainBlock[];
}

/** Beyond this many rows a table is cut; `--format json` has every row. */
export const ROWS_SHOWN = 50;

function table(head: string[], rows: string[][]): ExplainTable {
  return { head, rows: rows.slice(0, ROWS_SHOWN), more: Math.max(0, rows.length - ROWS_SHOWN) };
}

export function explanationDocument(explanation: Explanation): ExplainDocument {
  switch (explanation.kind) {
    case "deployment":
      return deploymentDocument(explanation);
    case "incident":
      return incidentDocument(explanation);
    case "service":
      return serviceDocument(explanation);
  }
}

function windowLine(explanation: Explanation): string {
  return `window: ${formatWindow(explanation.window, explanation.window.timezone)}`;
}

/** The changes with their lead times; with `names`, the deployment that brought each. */
function changesTable(changes: readonly ChangeRow[], timezone: string, names?: Record<string, string>): ExplainTable {
  const withDeployment = names !== undefined;
  const head = ["Commit", ...(withDeployment ? ["Deployment"] : []), "Authored", "Lead time"];
  return table(
    head,
    changes.map((change) => [
      short(change.sha),
      ...(names ? [names[change.deploymentId] ?? change.deploymentId] : []),
      change.authoredAt === null ? "–" : formatInstant(change.authoredAt, timezone),
      leadTimeText(change),
    ]),
  );
}

function failureLines(deployment: DeploymentRow, incidents: readonly IncidentRow[], unlisted: readonly string[]): string[] {
  if (!deployment.failed) return ["not failed: no incident is attributed to it"];
  if (deployment.status === "failed") return ["failed: its production step failed (a failed rollout, counted with changeFailure.countFailedRollouts)"];
  const lines = incidents.map((incident) => `failed: incident ${incident.id} (${attributionText(incident, deployment.name)})`);
  for (const id of unlisted) lines.push(`failed: incident ${id} (started before the window, so the report does not list it)`);
  lines.push(
    deployment.recoverySeconds === null || deployment.recoverySeconds === undefined
      ? "failed deployment recovery time: none (an attributed incident is not resolved)"
      : `failed deployment recovery time: ${formatDuration(deployment.recoverySeconds)} (its finish → the latest resolution of its incidents)`,
  );
  return lines;
}

function deploymentDocument(explanation: DeploymentExplanation): ExplainDocument {
  const { deployment, changes, window } = explanation;
  const timezone = window.timezone;
  const counted = changes.filter((change) => change.leadTimeSeconds !== null).length;
  const changeLines = deployment.lineage
    ? [lineageText(deployment.lineage, deployment.service)]
    : [deployment.status === "failed" ? "a failed rollout: it has no changes" : "no lineage in this report"];
  for (const { sha, deployment: by } of explanation.alreadyDeployed) {
    changeLines.push(`left out ${short(sha)}: already deployed${by ? ` by ${by.name} (${formatInstant(by.finishedAt, timezone)})` : " earlier"}`);
  }
  return {
    title: `Deployment ${deployment.name} (${deployment.service})`,
    blocks: [
      {
        heading: "Deployment",
        lines: [
          `uid: ${deployment.id}`,
          `SHA: ${deployment.sha} in ${deployment.repo}`,
          `status: ${deployment.status}, finished ${formatInstant(deployment.finishedAt, timezone)}`,
          windowLine(explanation),
        ],
      },
      {
        heading: `Changes: ${deployment.changes} (${counted} in lead time)`,
        lines: changeLines,
        ...(changes.length > 0 ? { table: changesTable(changes, timezone) } : {}),
      },
      { heading: "Change failure", lines: failureLines(deployment, explanation.incidents, explanation.unlistedIncidentIds) },
      { heading: "Rework", lines: [reworkText(deployment.reworkReasons ?? [], timezone)] },
    ],
  };
}

function incidentDocument(explanation: IncidentExplanation): ExplainDocument {
  const { incident, deployment, window } = explanation;
  const timezone = window.timezone;
  const counted = incident.service !== null && !incident.isDrill;
  const restore = !counted
    ? "counts nowhere"
    : incident.status === "active"
      ? "counts in time to restore as active (no restore time yet)"
      : incident.restoreSeconds === null
        ? "counts as resolved; its restore time is left out (resolved before it started)"
        : `counts in time to restore: ${formatDuration(incident.restoreSeconds)}`;
  const attributed = deployment
    ? [`${deployment.name} is failed by it (finished ${formatInstant(deployment.finishedAt, timezone)}, SHA ${short(deployment.sha)})`]
    : [];
  return {
    title: `Incident ${incident.id}: ${incident.title}`,
    blocks: [
      {
        heading: "Incident",
        lines: [
          `${incident.severity}, ${incident.status}${incident.isDrill ? " (drill)" : ""}`,
          `started ${formatInstant(incident.startedAt, timezone)}` + (incident.resolvedAt ? `, resolved ${formatInstant(incident.resolvedAt, timezone)}` : ""),
          restore,
          windowLine(explanation),
        ],
      },
      { heading: "Service", lines: [serviceMatchText(incident)] },
      { heading: `Attribution: ${incident.attribution}`, lines: [attributionText(incident, deployment?.name ?? null), ...attributed] },
    ],
  };
}

/** The summary row of each metric (figures.ts), so explain shows the figure exactly as report does. */
const SUMMARY_INDEX: Record<ExplainMetric, number[]> = { frequency: [0], "lead-time": [1], cfr: [2, 4], restore: [3], rework: [5] };

function figureLines(rows: readonly SummaryRow[], metric: ExplainMetric): string[] {
  return SUMMARY_INDEX[metric].map((index) => {
    const row = rows[index]!;
    return `${row.metric}: ${row.value} (${row.detail})${row.tier ? `, ${row.tier}` : ""}`;
  });
}

function serviceDocument(explanation: ServiceExplanation): ExplainDocument {
  const timezone = explanation.window.timezone;
  const rows = summaryRows(explanation.figures);
  const finished = (row: DeploymentRow) => formatInstant(row.finishedAt, timezone);
  const blocks: ExplainBlock[] = [{ heading: "Scope", lines: [windowLine(explanation)] }];
  const { frequency, leadTime, changeFailure, restore, rework } = explanation;
  if (frequency) {
    blocks.push({
      heading: "Deployment frequency",
      lines: figureLines(rows, "frequency"),
      table: table(["Finished", "Deployment", "SHA", "Changes"], frequency.deployments.map((row) => [finished(row), row.name, short(row.sha), String(row.changes)])),
    });
  }
  if (leadTime) {
    const excluded = leadTime.excluded.map(
      (change) => `left out ${short(change.sha)} of ${explanation.deploymentNames[change.deploymentId] ?? change.deploymentId}: ${leadTimeText(change).replace(/^left out: /, "")}`,
    );
    blocks.push({
      heading: "Lead time for changes (largest first)",
      lines: [...figureLines(rows, "lead-time"), ...excluded],
      table: changesTable(leadTime.changes, timezone, explanation.deploymentNames),
    });
  }
  if (changeFailure) {
    const failed = changeFailure.deployments.filter((row) => row.failed);
    const notFailed = changeFailure.deployments.length - failed.length;
    const incidentsOf = (row: DeploymentRow) => (row.status === "failed" ? "failed rollout" : row.incidentIds.join(", "));
    blocks.push({
      heading: "Change failure rate (failed deployments)",
      lines: [...figureLines(rows, "cfr"), `${countOf(notFailed, "other deployment")} not failed`],
      table: table(
        ["Deployment", "Finished", "Incidents", "Recovery"],
        failed.map((row) => [row.name, finished(row), incidentsOf(row), formatDuration(row.recoverySeconds ?? null)]),
      ),
    });
  }
  if (restore) {
    blocks.push({
      heading: "Time to restore service (longest first)",
      lines: [...figureLines(rows, "restore"), ...restore.notCounted.map((row) => `left out incident ${row.id}: a drill, it counts nowhere`)],
      table: table(
        ["Incident", "Started", "Restore", "Attribution"],
        restore.incidents.map((row) => [
          row.id,
          formatInstant(row.startedAt, timezone),
          row.status === "active" ? "active" : formatDuration(row.restoreSeconds),
          attributionText(row, row.deploymentId === null ? null : (explanation.deploymentNames[row.deploymentId] ?? null)),
        ]),
      ),
    });
  }
  if (rework) {
    const marked = rework.deployments.filter((row) => row.rework);
    blocks.push({
      heading: "Deployment rework rate",
      lines: [...figureLines(rows, "rework"), `${countOf(rework.deployments.length - marked.length, "other deployment")} not rework`],
      table: table(["Deployment", "Finished", "Why"], marked.map((row) => [row.name, finished(row), reworkText(row.reworkReasons ?? [], timezone)])),
    });
  }
  return { title: `Service ${explanation.service}`, blocks };
}
