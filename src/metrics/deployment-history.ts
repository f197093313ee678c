import type { Deployment } from "../model/deployment.js";
import type { Period } from "./buckets.js";

/** A deployment with its finish parsed once. */
export interface TimedDeployment {
  deployment: Deployment;
  finishedMs: number;
}

/** Orders by finishedAt, ties by id: the order every "previous deployment" lookup uses. */
export function compareTimed(a: TimedDeployment, b: TimedDeployment): number {
  return a.finishedMs - b.finishedMs || (a.deployment.id < b.deployment.id ? -1 : a.deployment.id > b.deployment.id ? 1 : 0);
}

/**
 * Successful deployments (window and lookback) per service, in finishedAt order. Only services in
 * `onlyServices` (when given) are kept.
 */
export function successfulHistories(
  deployments: readonly Deployment[],
  onlyServices?: ReadonlySet<string>,
): Map<string, TimedDeployment[]> {
  const byService = new Map<string, TimedDeployment[]>();
  for (const deployment of deployments) {
    if (deployment.status !== "succeeded") continue;
    if (onlyServices && !onlyServices.has(deployment.service)) continue;
    let history = byService.get(deployment.service);
    if (!history) byService.set(deployment.service, (history = []));
    history.push({ deployment, finishedMs: deployment.finishedMs });
  }
  for (const history of byService.values()) history.sort(compareTimed);
  return byService;
}

export function isInPeriod(ms: number, period: Period): boolean {
  return ms >= period.fromMs && ms < period.toMs;
}

/** Index of the latest entry with finishedMs ≤ ms in a finishedAt-ordered history, or −1. */
export function latestAtOrBefore(history: readonly TimedDeployment[], ms: number): number {
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
