import type { DeploymentFrequency, Tier } from "../model/report.js";
import type { Period } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import { median } from "./stats.js";

// Deployment frequency (docs/metric-definitions.md, "Deployment frequency"): the successful
// deployments of a scope, their local calendar days, and the DORA 2023 tier.

const DAY_MS = 86_400_000;

/** Length of a period in (fractional) days. */
export function periodDays(period: Period): number {
  return (period.toMs - period.fromMs) / DAY_MS;
}

/**
 * Deployment frequency of `deployments` successful deployments of a period, given the distinct local
 * calendar days they fell on. The weekly figure is the median, over the ISO weeks overlapping the
 * period (partial ones included), of the deploy days in that week.
 */
export function deploymentFrequency(deployments: number, distinctDays: readonly number[], period: Period, calendar: Calendar): DeploymentFrequency {
  const windowDays = periodDays(period);
  const medianDeployDaysPerWeek = windowDays > 0 ? median(deployDaysPerWeek(distinctDays, period, calendar)) : null;
  return {
    deployments,
    perDay: windowDays > 0 ? deployments / windowDays : 0,
    perWeek: windowDays > 0 ? deployments / (windowDays / 7) : 0,
    deployDays: distinctDays.length,
    medianDeployDaysPerWeek,
    tier: deploymentFrequencyTier(medianDeployDaysPerWeek, deployments, windowDays),
  };
}

function deployDaysPerWeek(distinctDays: readonly number[], period: Period, calendar: Calendar): number[] {
  const firstWeek = calendar.weekOfDay(calendar.dayOf(period.fromMs));
  const lastWeek = calendar.weekOfDay(calendar.dayOf(period.toMs - 1));
  const counts = new Array<number>(lastWeek - firstWeek + 1).fill(0);
  for (const day of distinctDays) {
    const slot = calendar.weekOfDay(day) - firstWeek;
    if (slot >= 0 && slot < counts.length) counts[slot]!++;
  }
  return counts;
}

/**
 * DORA 2023 tier (as Apache DevLake codes it) from the median number of deploy days per ISO week;
 * "medium" needs at least one deployment per 30 days on average over the window. A null value has no tier.
 */
export function deploymentFrequencyTier(medianDeployDaysPerWeek: number | null, deployments: number, windowDays: number): Tier | null {
  if (medianDeployDaysPerWeek === null) return null;
  if (medianDeployDaysPerWeek >= 5) return "elite";
  if (medianDeployDaysPerWeek >= 1) return "high";
  if (windowDays > 0 && (deployments / windowDays) * 30 >= 1) return "medium";
  return "low";
}
