/** When a non-drill incident of a service was open, in epoch milliseconds. */
export interface OpenInterval {
  fromMs: number;
  toMs: number;
  /** The incident that was open (for the rework reason); absent in hand-built intervals. */
  incidentId?: string;
}

/**
 * Which of a service's deployment finish times (ascending) fall in an open incident:
 * startedAt ≤ finishedAt ≤ end, where end = resolvedAt + grace (now for an active incident).
 */
export function finishedDuringOpenIncident(finishedMsAscending: readonly number[], intervals: readonly OpenInterval[]): boolean[] {
  return openIntervalsCovering(finishedMsAscending, intervals).map((interval) => interval !== undefined);
}

/**
 * For each finish time (ascending), an open interval that covers it, or undefined. One sweep: a time
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
