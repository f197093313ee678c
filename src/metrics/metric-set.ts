import type { MetricSet } from "../model/report.js";
import type { Period } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import type { DeploymentFact, IncidentFact } from "./facts.js";
import { deploymentFrequency } from "./frequency.js";
import { summarizeSeconds } from "./stats.js";
import { changeFailureRateTier, leadTimeTier, timeToRestoreTier } from "./tiers.js";

/** The events of one slice (overall, a service, a bucket) and the period they fall in. */
export interface Slice {
  period: Period;
  /** Listed deployments finished in the period (failed rollouts only when they count). */
  deployments: readonly DeploymentFact[];
  /** Listed incidents started in the period. */
  incidents: readonly IncidentFact[];
}

/** The DORA figures of a slice (docs/metric-definitions.md). */
export function computeMetricSet(slice: Slice, calendar: Calendar): MetricSet {
  const deployDays: number[] = [];
  // Sized once, filled, summarized in place: no growing arrays and no copies of millions of lead times.
  const leadTimes = new Float64Array(changeCount(slice.deployments));
  let leadTimeCount = 0;
  const recoveryTimes: number[] = [];
  let changeFailureDeployments = 0;
  let failedDeployments = 0;
  let reworkDeployments = 0;
  for (const fact of slice.deployments) {
    // Failed rollouts (listed only with countFailedRollouts) count in the change failure rate alone.
    changeFailureDeployments++;
    if (fact.failed) failedDeployments++;
    if (!fact.successful) continue;
    deployDays.push(fact.day);
    if (fact.rework) reworkDeployments++;
    if (fact.recoverySeconds !== null) recoveryTimes.push(fact.recoverySeconds);
    for (const seconds of fact.leadTimeSeconds) if (!Number.isNaN(seconds)) leadTimes[leadTimeCount++] = seconds;
  }

  const restoreTimes: number[] = [];
  let incidents = 0;
  let resolved = 0;
  let active = 0;
  for (const fact of slice.incidents) {
    if (!fact.counted) continue;
    incidents++;
    if (fact.incident.status === "active") active++;
    else resolved++;
    if (fact.restore.seconds !== null) restoreTimes.push(fact.restore.seconds);
  }

  const leadTime = summarizeSeconds(leadTimes.subarray(0, leadTimeCount));
  const restore = summarizeSeconds(restoreTimes);
  const changeFailureRate = changeFailureDeployments > 0 ? failedDeployments / changeFailureDeployments : null;
  return {
    deploymentFrequency: deploymentFrequency(deployDays, slice.period, calendar),
    leadTime: { changes: leadTimeCount, ...leadTime, tier: leadTimeTier(leadTime.medianSeconds) },
    changeFailureRate: {
      deployments: changeFailureDeployments,
      failedDeployments,
      rate: changeFailureRate,
      tier: changeFailureRateTier(changeFailureRate),
    },
    timeToRestore: { incidents, resolved, active, ...restore, tier: timeToRestoreTier(restore.medianSeconds) },
    failedDeploymentRecoveryTime: { count: recoveryTimes.length, ...summarizeSeconds(recoveryTimes) },
    reworkRate: {
      deployments: deployDays.length,
      reworkDeployments,
      rate: deployDays.length > 0 ? reworkDeployments / deployDays.length : null,
    },
  };
}

function changeCount(deployments: readonly DeploymentFact[]): number {
  let count = 0;
  for (const fact of deployments) count += fact.leadTimeSeconds.length;
  return count;
}
