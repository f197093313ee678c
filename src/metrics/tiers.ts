import type { Tier } from "../model/report.js";

// DORA 2023 performance tiers as Apache DevLake codes them (docs/metric-definitions.md). A null value has no tier.

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * Deployment frequency tier from the median number of deploy days per ISO week; "medium" needs at
 * least one deployment per 30 days on average over the window.
 */
export function deploymentFrequencyTier(
  medianDeployDaysPerWeek: number | null,
  deployments: number,
  windowDays: number,
): Tier | null {
  if (medianDeployDaysPerWeek === null) return null;
  if (medianDeployDaysPerWeek >= 5) return "elite";
  if (medianDeployDaysPerWeek >= 1) return "high";
  if (windowDays > 0 && (deployments / windowDays) * 30 >= 1) return "medium";
  return "low";
}

/** Lead time tier from the median lead time in seconds. */
export function leadTimeTier(medianSeconds: number | null): Tier | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < DAY) return "elite";
  if (medianSeconds < WEEK) return "high";
  if (medianSeconds < 30 * DAY) return "medium";
  return "low";
}

/** Change failure rate tier from the rate (0..1). */
export function changeFailureRateTier(rate: number | null): Tier | null {
  if (rate === null) return null;
  if (rate <= 0.05) return "elite";
  if (rate <= 0.1) return "high";
  if (rate <= 0.15) return "medium";
  return "low";
}

/** Time to restore tier from the median restore time in seconds. */
export function timeToRestoreTier(medianSeconds: number | null): Tier | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR) return "elite";
  if (medianSeconds < DAY) return "high";
  if (medianSeconds < WEEK) return "medium";
  return "low";
}
