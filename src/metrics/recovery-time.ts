import type { Incident } from "../model/incident.js";
import type { FailedDeploymentRecoveryTime } from "../model/report.js";
import { summarizeSeconds } from "./stats.js";

// Failed deployment recovery time (docs/metric-definitions.md): from a failed deployment's finish to
// the resolution of the incidents that made it fail. DORA gives it no tier.

/**
 * The recovery time of a deployment in seconds: from its finish to the latest resolution of its
 * attributed incidents; null while any of them is unresolved (or the span is negative).
 */
export function recoverySecondsOf(finishedMs: number, incidents: readonly Incident[]): number | null {
  if (incidents.length === 0) return null;
  let latestResolvedMs = -Infinity;
  for (const incident of incidents) {
    if (incident.status !== "resolved" || incident.resolvedMs === undefined) return null;
    latestResolvedMs = Math.max(latestResolvedMs, incident.resolvedMs);
  }
  const seconds = (latestResolvedMs - finishedMs) / 1000;
  return seconds >= 0 ? seconds : null;
}

/** The figures of a scope from its recovery times (a scratch copy: reordered in place). */
export function recoveryTime(seconds: Float64Array): FailedDeploymentRecoveryTime {
  return { count: seconds.length, ...summarizeSeconds(seconds) };
}
