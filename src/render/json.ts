import type { BucketMetrics, MetricSet, Report } from "../model/report.js";
import { inChunks, joinChunks } from "./chunks.js";
import { jsonPieces, type JsonShape } from "./json-chunks.js";
import type { RenderOptions } from "./types.js";

// Key order is part of the public contract (docs/metric-definitions.md, "JSON report contract"), so the object is rebuilt in that order
// rather than trusting how the metrics code happened to build it. Text stays raw: JSON escaping
// already makes control characters harmless.

const REPORT_KEYS = [
  "schemaVersion", "generatedAt", "window", "benchmark", "overall", "services",
  "buckets", "deployments", "changes", "incidents", "warnings",
] as const satisfies readonly (keyof Report)[];
const WINDOW_KEYS = ["from", "to", "timezone"] as const;
const BUCKET_KEYS = ["start", "end", "overall", "services"] as const satisfies readonly (keyof BucketMetrics)[];
const METRIC_SET_KEYS = {
  deploymentFrequency: ["deployments", "perDay", "perWeek", "deployDays", "medianDeployDaysPerWeek", "tier"],
  leadTime: ["changes", "meanSeconds", "medianSeconds", "p90Seconds", "tier"],
  changeFailureRate: ["deployments", "failedDeployments", "rate", "tier"],
  timeToRestore: ["incidents", "resolved", "active", "meanSeconds", "medianSeconds", "p90Seconds", "tier"],
  failedDeploymentRecoveryTime: ["count", "meanSeconds", "medianSeconds", "p90Seconds"],
  reworkRate: ["deployments", "reworkDeployments", "rate"],
} as const satisfies { [K in keyof MetricSet]: readonly (keyof MetricSet[K])[] };
const DEPLOYMENT_KEYS = [
  "id", "name", "service", "repo", "sha", "status", "startedAt", "finishedAt",
  "changes", "failed", "rework", "rollback", "incidentIds", "url", "traceId",
  // Optional, added to schemaVersion 1 (docs/explain.md): the reasons behind the row.
  "lineage", "reworkReasons", "recoverySeconds",
] as const;
const CHANGE_KEYS = [
  "sha", "service", "repo", "authoredAt", "committedAt", "deploymentId", "deployedAt", "leadTimeSeconds",
  "leadTimeExcluded",
] as const;
const INCIDENT_KEYS = [
  "id", "title", "service", "severity", "status", "isDrill", "startedAt", "resolvedAt",
  "restoreSeconds", "deploymentId", "attribution", "attributionReason",
] as const;
const WARNING_KEYS = ["code", "message", "subject"] as const;

const METRIC_SET: JsonShape = {
  keys: Object.keys(METRIC_SET_KEYS),
  children: Object.fromEntries(Object.entries(METRIC_SET_KEYS).map(([part, keys]) => [part, { keys }])),
};
const SERVICES: JsonShape = { values: METRIC_SET };
const WINDOW: JsonShape = { keys: WINDOW_KEYS };

const REPORT: JsonShape = {
  keys: REPORT_KEYS,
  children: {
    window: WINDOW,
    overall: METRIC_SET,
    services: SERVICES,
    buckets: { each: { keys: BUCKET_KEYS, children: { overall: METRIC_SET, services: SERVICES } } },
    deployments: { each: { keys: DEPLOYMENT_KEYS } },
    changes: { each: { keys: CHANGE_KEYS } },
    incidents: { each: { keys: INCIDENT_KEYS } },
    warnings: { each: { keys: WARNING_KEYS } },
    // Not a key of the report: comes after all of them.
    previous: { keys: ["window", "overall", "services"], children: { window: WINDOW, overall: METRIC_SET, services: SERVICES } },
  },
};

/**
 * The report as the `schemaVersion: 1` JSON document, two-space indented, with a final newline,
 * in chunks. With `--compare previous`, an optional top-level `previous` ({ window, overall, services }) comes last.
 */
export function jsonChunks(report: Report, options: Pick<RenderOptions, "previous"> = {}): Iterable<string> {
  // A shallow facade: the report's own objects are ordered member by member as they are written.
  const document: object = options.previous
    ? { ...report, previous: { window: options.previous.window, overall: options.previous.overall, services: options.previous.services } }
    : report;
  return inChunks(withFinalNewline(jsonPieces(document, REPORT)));
}

function* withFinalNewline(pieces: Iterable<string>): Generator<string, void, undefined> {
  yield* pieces;
  yield "\n";
}

/** The whole JSON document as one string: for reports well below V8's largest string. */
export function renderJson(report: Report, options: Pick<RenderOptions, "previous"> = {}): string {
  return joinChunks(jsonChunks(report, options));
}
