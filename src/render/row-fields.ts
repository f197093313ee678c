// The fields of each row type, listed once for every format: the CSV tables have one column per
// field of `columns`, the JSON writes `columns` then `reasons` (optional fields added to
// schemaVersion 1 for `dora explain`, docs/explain.md, objects that do not fit a CSV cell).
// Add a field here and both JSON and CSV carry it.
import type { ChangeRow, DeploymentRow, IncidentRow } from "../model/report.js";
import type { Warning } from "../model/warning.js";

export interface RowFields<Row> {
  columns: readonly (keyof Row & string)[];
  reasons: readonly (keyof Row & string)[];
}

export const DEPLOYMENT_FIELDS: RowFields<DeploymentRow> = {
  columns: [
    "id", "name", "service", "repo", "sha", "status", "startedAt", "finishedAt",
    "changes", "failed", "rework", "rollback", "incidentIds", "url", "traceId",
  ],
  reasons: ["lineage", "reworkReasons", "recoverySeconds"],
};

export const CHANGE_FIELDS: RowFields<ChangeRow> = {
  columns: ["sha", "service", "repo", "authoredAt", "committedAt", "deploymentId", "deployedAt", "leadTimeSeconds"],
  reasons: ["leadTimeExcluded"],
};

export const INCIDENT_FIELDS: RowFields<IncidentRow> = {
  columns: [
    "id", "title", "service", "severity", "status", "isDrill", "startedAt", "resolvedAt",
    "restoreSeconds", "deploymentId", "attribution",
  ],
  reasons: ["attributionReason"],
};

export const WARNING_FIELDS: RowFields<Warning> = { columns: ["code", "message", "subject"], reasons: [] };

/** The JSON's key order for a row type. */
export const jsonKeys = <Row>(fields: RowFields<Row>): string[] => [...fields.columns, ...fields.reasons];
