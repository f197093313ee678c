import type { Incident } from "../model/incident.js";
import type { ReworkRate } from "../model/report.js";

// Rework rate (docs/metric-definitions.md, "Rework rate"): the share of a scope's successful
// deployments that were unplanned — a rollback (lineage.ts decides), or finished while a non-drill
// incident of its service was open (resolution + rework.grace; now while active).

/** When a non-drill incident of a service was open, in epoch milliseconds. */
export interface OpenInterval {
  fromMs: number;
  toMs: number;
  /** The incident that was open (for the rework reason); absent in hand-built intervals. */
  incidentId?: string;
}

/** An incident is open from its start to its resolution plus the grace, or until now while active. */
export function openInterval(incident: Incident, startedMs: number, nowMs: number, graceSeconds: number): OpenInterval {
  if (incident.status === "active") return { fromMs: startedMs, toMs: nowMs, incidentId: incident.id };
  return { fromMs: startedMs, toMs: (incident.resolvedMs ?? startedMs) + graceSeconds * 1000, incidentId: incident.id };
}

/**
 * For a service's deployment finish times, asked in ascending order: an open interval that covers
 * each (startedAt ≤ finishedAt ≤ end), or undefined. One sweep: a time is covered iff the
 * latest-ending interval among those started by then reaches it, and that interval is the one
 * returned.
 */
export function intervalCover(intervals: readonly OpenInterval[]): (finishedMs: number) => OpenInterval | undefined {
  const sorted = [...intervals].sort((a, b) => a.fromMs - b.fromMs);
  let next = 0;
  let latest: OpenInterval | undefined;
  return (finishedMs) => {
    while (next < sorted.length && sorted[next]!.fromMs <= finishedMs) {
      if (latest === undefined || sorted[next]!.toMs > latest.toMs) latest = sorted[next];
      next++;
    }
    return latest !== undefined && latest.toMs >= finishedMs ? latest : undefined;
  };
}

/** The figures of a scope: its successful deployments and those that are rework. */
export function reworkRate(deployments: number, reworkDeployments: number): ReworkRate {
  return { deployments, reworkDeployments, rate: deployments > 0 ? reworkDeployments / deployments : null };
}
