import type { DeploymentFrequency } from "../model/report.js";
import type { Period } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import { median } from "./stats.js";
import { deploymentFrequencyTier } from "./tiers.js";

const DAY_MS = 86_400_000;

/** Length of a period in (fractional) days. */
export function periodDays(period: Period): number {
  return (period.toMs - period.fromMs) / DAY_MS;
}

/**
 * Deployment frequency of the successful deployments of a period, given their local calendar days.
 * The weekly figure is the median, over the ISO weeks overlapping the period (partial ones
 * included), of the deploy days in that week.
 */
export function deploymentFrequency(deployDayNumbers: readonly number[], period: Period, calendar: Calendar): DeploymentFrequency {
  const deployments = deployDayNumbers.length;
  const windowDays = periodDays(period);
  const distinctDays = new Set(deployDayNumbers);
  const medianDeployDaysPerWeek = windowDays > 0 ? median(deployDaysPerWeek(distinctDays, period, calendar)) : null;
  return {
    deployments,
    perDay: windowDays > 0 ? deployments / windowDays : 0,
    perWeek: windowDays > 0 ? deployments / (windowDays / 7) : 0,
    deployDays: distinctDays.size,
    medianDeployDaysPerWeek,
    tier: deploymentFrequencyTier(medianDeployDaysPerWeek, deployments, windowDays),
  };
}

function deployDaysPerWeek(distinctDays: ReadonlySet<number>, period: Period, calendar: Calendar): number[] {
  const firstWeek = calendar.weekOfDay(calendar.dayOf(period.fromMs));
  const lastWeek = calendar.weekOfDay(calendar.dayOf(period.toMs - 1));
  const counts = new Array<number>(lastWeek - firstWeek + 1).fill(0);
  for (const day of distinctDays) {
    const slot = calendar.weekOfDay(day) - firstWeek;
    if (slot >= 0 && slot < counts.length) counts[slot]!++;
  }
  return counts;
}
