import type { BucketMetrics, MetricSet, Report } from "../model/report.js";
import type { RenderOptions } from "./types.js";

// Key order is part of the public contract (docs/metric-definitions.md, "JSON report contract"), so the object is rebuilt in that order
// rather than trusting how the metrics code happened to build it. Text stays raw: JSON escaping
// already makes control characters harmless.

type Json = Record<string, unknown>;

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

/** The listed keys first, in order (absent ones skipped), then any others as they came: nothing is dropped. */
function ordered(value: object, keys: readonly string[], transform: (key: string, value: unknown) => unknown = (_, v) => v): Json {
  const source = value as Json;
  const result: Json = {};
  for (const key of keys) {
    if (Object.hasOwn(source, key)) result[key] = transform(key, source[key]);
  }
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(result, key)) result[key] = source[key];
  }
  return result;
}

function orderedMetricSet(metrics: MetricSet): Json {
  const keys = Object.keys(METRIC_SET_KEYS) as (keyof MetricSet)[];
  return ordered(metrics, keys, (key, part) => ordered(part as object, METRIC_SET_KEYS[key as keyof MetricSet]));
}

function orderedServices(services: Record<string, MetricSet>): Json {
  return Object.fromEntries(Object.entries(services).map(([name, metrics]) => [name, orderedMetricSet(metrics)]));
}

/**
 * The report as the `schemaVersion: 1` JSON document, two-space indented, with a final newline.
 * With `--compare previous`, an optional top-level `previous` ({ window, overall, services }) comes last.
 */
export function renderJson(report: Report, options: Pick<RenderOptions, "previous"> = {}): string {
  const document = ordered(report, REPORT_KEYS, (key, value) => {
    switch (key) {
      case "window":
        return ordered(value as object, WINDOW_KEYS);
      case "overall":
        return orderedMetricSet(value as MetricSet);
      case "services":
        return orderedServices(value as Record<string, MetricSet>);
      case "buckets":
        return (value as BucketMetrics[]).map((bucket) =>
          ordered(bucket, BUCKET_KEYS, (bucketKey, part) =>
            bucketKey === "overall"
              ? orderedMetricSet(part as MetricSet)
              : bucketKey === "services"
                ? orderedServices(part as Record<string, MetricSet>)
                : part,
          ),
        );
      case "deployments":
        return (value as object[]).map((row) => ordered(row, DEPLOYMENT_KEYS));
      case "changes":
        return (value as object[]).map((row) => ordered(row, CHANGE_KEYS));
      case "incidents":
        return (value as object[]).map((row) => ordered(row, INCIDENT_KEYS));
      case "warnings":
        return (value as object[]).map((row) => ordered(row, WARNING_KEYS));
      default:
        return value;
    }
  });
  if (options.previous) {
    const { window, overall, services } = options.previous;
    document.previous = { window: ordered(window, WINDOW_KEYS), overall: orderedMetricSet(overall), services: orderedServices(services) };
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}
