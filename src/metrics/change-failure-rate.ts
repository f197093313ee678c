import { ChangeLog } from "./change-log.js";
import type { Deployment } from "../model/deployment.js";
import type { Incident } from "../model/incident.js";
import type { ChangeFailureRate, Tier } from "../model/report.js";
import type { Period } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import { isInPeriod } from "./deployment-history.js";
import { FAILED, type DeploymentFactsBuilder } from "./deployment-fact-table.js";

// Change failure rate (docs/metric-definitions.md, "Change failure rate"): the share of a scope's
// deployments that failed. A successful deployment failed when at least one non-drill incident is
// attributed to it (attribution.ts decides which); with changeFailure.countFailedRollouts, a
// production rollout that failed is a deployment of the rate, and a failed one.

/** Whether a successful deployment counts as failed, given the non-drill incidents attributed to it. */
export function failedByIncidents(attributed: readonly Incident[]): boolean {
  return attributed.length > 0;
}

/** Adds the production runs of the reported services (by name → index) that failed in the window: deployments of the rate only with countFailedRollouts. */
export function addFailedRolloutFacts(
  deployments: readonly Deployment[],
  services: ReadonlyMap<string, number>,
  window: Period,
  calendar: Calendar,
  facts: DeploymentFactsBuilder,
): void {
  for (const deployment of deployments) {
    const service = services.get(deployment.service);
    if (!isFailedRollout(deployment) || service === undefined) continue;
    const finishedMs = deployment.finishedMs;
    if (!isInPeriod(finishedMs, window)) continue;
    facts.add({
      deployment,
      service,
      day: calendar.dayOf(finishedMs),
      flags: FAILED,
      reworkIncident: undefined,
      lineage: undefined,
      incidentIds: [],
      recoverySeconds: NaN,
      changeLog: ChangeLog.EMPTY,
      changesFrom: 0,
      changesTo: 0,
    });
  }
}

/** A production run whose production step failed (counted only with countFailedRollouts). */
export function isFailedRollout(deployment: Deployment): boolean {
  return deployment.status === "failed";
}

/** The figures of a scope: its deployments (failed rollouts included when they count) and the failed ones. */
export function changeFailureRate(deployments: number, failedDeployments: number): ChangeFailureRate {
  const rate = deployments > 0 ? failedDeployments / deployments : null;
  return { deployments, failedDeployments, rate, tier: changeFailureRateTier(rate) };
}

/** DORA 2023 tier from the rate (0..1). */
export function changeFailureRateTier(rate: number | null): Tier | null {
  if (rate === null) return null;
  if (rate <= 0.05) return "elite";
  if (rate <= 0.1) return "high";
  if (rate <= 0.15) return "medium";
  return "low";
}
