import type { Deployment } from "../model/deployment.js";
import type { Period } from "./buckets.js";

/** Orders by finishedMs, ties by id: the order every "previous deployment" lookup uses. */
export function compareDeployments(a: Deployment, b: Deployment): number {
  return a.finishedMs - b.finishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Successful deployments (window and lookback) per service, in finishedMs order. Only services in
 * `onlyServices` (when given) are kept.
 */
export function successfulHistories(
  deployments: readonly Deployment[],
  onlyServices?: ReadonlySet<string>,
): Map<string, Deployment[]> {
  const counted = (deployment: Deployment) => deployment.status === "succeeded" && (!onlyServices || onlyServices.has(deployment.service));
  // Each history made at its size (grown by pushes, a million references were copied as they grew
  // and moved by the collector while they did). Indexed loops, not for…of: each runs once, too
  // few times for V8 to drop an iterator result per deployment (38 MB of garbage for a million).
  const runs = new Map<string, { size: number; filled: number; history: Deployment[] }>();
  for (let index = 0; index < deployments.length; index++) {
    const deployment = deployments[index]!;
    if (!counted(deployment)) continue;
    const run = runs.get(deployment.service);
    if (run) run.size++;
    else runs.set(deployment.service, { size: 1, filled: 0, history: [] });
  }
  for (const run of runs.values()) run.history = new Array<Deployment>(run.size);
  for (let index = 0; index < deployments.length; index++) {
    const deployment = deployments[index]!;
    if (!counted(deployment)) continue;
    const run = runs.get(deployment.service)!;
    run.history[run.filled++] = deployment;
  }
  const byService = new Map(Array.from(runs, ([service, run]) => [service, run.history]));
  // Sources list runs in time order, mostly: a sorted history is not copied through a sort.
  for (const history of byService.values()) if (!isSorted(history)) history.sort(compareDeployments);
  return byService;
}

function isSorted(history: readonly Deployment[]): boolean {
  for (let index = 1; index < history.length; index++) if (compareDeployments(history[index - 1]!, history[index]!) > 0) return false;
  return true;
}

export function isInPeriod(ms: number, period: Period): boolean {
  return ms >= period.fromMs && ms < period.toMs;
}

/** Index of the latest deployment with finishedMs ≤ ms in a finishedMs-ordered history, or −1. */
export function latestAtOrBefore(history: readonly Deployment[], ms: number): number {
  let low = 0;
  let high = history.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (history[middle]!.finishedMs <= ms) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
