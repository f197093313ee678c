/** When a non-drill incident of a service was open, in epoch milliseconds. */
export interface OpenInterval {
  fromMs: number;
  toMs: number;
}

/**
 * Which of a service's deployment finish times (ascending) fall in an open incident:
 * startedAt ≤ finishedAt ≤ end, where end = resolvedAt + grace (now for an active incident).
 * One sweep: a time is covered iff the latest end among intervals started by then reaches it.
 */
export function finishedDuringOpenIncident(finishedMsAscending: readonly number[], intervals: readonly OpenInterval[]): boolean[] {
  const sorted = [...intervals].sort((a, b) => a.fromMs - b.fromMs);
  const covered: boolean[] = [];
  let next = 0;
  let latestEnd = -Infinity;
  for (const finishedMs of finishedMsAscending) {
    while (next < sorted.length && sorted[next]!.fromMs <= finishedMs) {
      latestEnd = Math.max(latestEnd, sorted[next]!.toMs);
      next++;
    }
    covered.push(latestEnd >= finishedMs);
  }
  return covered;
}
