import type { Report } from "../model/report.js";
import type { Warning } from "../model/warning.js";
import { analyze } from "./analysis.js";
import type { MetricsInput, MetricsOptions, ReportScope } from "./options.js";
import { reportOf } from "./report-view.js";

/**
 * The whole report (docs/metric-definitions.md) from what the sources fetched: the report view of
 * the analysis. `upstreamWarnings` (from the sources) come first in `warnings`.
 */
export function computeReport(input: MetricsInput, scope: ReportScope, options: MetricsOptions, upstreamWarnings: Warning[] = []): Report {
  return reportOf(analyze(input, scope, options, upstreamWarnings));
}
