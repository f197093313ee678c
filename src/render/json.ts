import type { BucketMetrics, Report } from "../model/report.js";
import { inChunks, joinChunks, joined } from "./chunks.js";
import { jsonPieces, type JsonShape } from "./json-chunks.js";
import { METRIC_SET_FIELDS } from "./metric-fields.js";
import { CHANGE_FIELDS, DEPLOYMENT_FIELDS, INCIDENT_FIELDS, WARNING_FIELDS, jsonKeys } from "./row-fields.js";
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
const METRIC_SET: JsonShape = {
  keys: Object.keys(METRIC_SET_FIELDS),
  children: Object.fromEntries(Object.entries(METRIC_SET_FIELDS).map(([part, keys]) => [part, { keys }])),
  // A summary holds 27,000 of them: not counted node by node before each is stringified.
  small: true,
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
    deployments: { each: { keys: jsonKeys(DEPLOYMENT_FIELDS) } },
    changes: { each: { keys: jsonKeys(CHANGE_FIELDS) } },
    incidents: { each: { keys: jsonKeys(INCIDENT_FIELDS) } },
    warnings: { each: { keys: jsonKeys(WARNING_FIELDS) } },
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
  return inChunks(joined([jsonPieces(document, REPORT), "\n"], ""));
}

/** The whole JSON document as one string: for reports well below V8's largest string. */
export function renderJson(report: Report, options: Pick<RenderOptions, "previous"> = {}): string {
  return joinChunks(jsonChunks(report, options));
}
