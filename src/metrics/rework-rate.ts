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
 * For each of a service's deployment finish times (ascending), an open interval that covers it
 * (startedAt ≤ finishedAt ≤ end), or undefined. One sweep: a time
 * is covered iff the latest-ending interval among those started by then reaches it, and that
 * interval is the one returned.
 */
export function openIntervalsCovering(finishedMsAscending: readonly number[], intervals: readonly OpenInterval[]): (OpenInterval | undefined)[] {
  const sorted = [...intervals].sort((a, b) => a.fromMs - b.fromMs);
  const covering: (OpenInterval | undefined)[] = [];
  let next = 0;
  let latest: OpenInterval | undefined;
  for (const finishedMs of finishedMsAscending) {
    while (next < sorted.length && sorted[next]!.fromMs <= finishedMs) {
      if (latest === undefined || sorted[next]!.toMs > latest.toMs) latest = sorted[next];
      next++;
    }
    covering.push(latest !== undefined && latest.toMs >= finishedMs ? latest : undefined);
  }
  return covering;
}

/** The figures of a scope: its successful deployments and those that are rework. */
export function reworkRate(deployments: number, reworkDeployments: number): ReworkRate {
  return { deployments, reworkDeployments, rate: deployments > 0 ? reworkDeployments / deployments : null };
}
