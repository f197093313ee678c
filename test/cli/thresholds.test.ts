import { describe, expect, it } from "vitest";
import { evaluateThresholds, parseThresholds } from "../../src/cli/thresholds.js";
import type { MetricSet } from "../../src/model/report.js";

const metrics: MetricSet = {
  deploymentFrequency: { deployments: 6, perDay: 6 / 30, perWeek: 1.4, deployDays: 5, medianDeployDaysPerWeek: 1, tier: "high" },
  leadTime: { changes: 10, meanSeconds: 90_000, medianSeconds: 8 * 86_400, p90Seconds: 10 * 86_400, tier: "medium" },
  changeFailureRate: { deployments: 6, failedDeployments: 1, rate: 1 / 6, tier: "low" },
  timeToRestore: { incidents: 1, resolved: 0, active: 1, meanSeconds: null, medianSeconds: null, p90Seconds: null, tier: null },
  failedDeploymentRecoveryTime: { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null },
  reworkRate: { deployments: 6, reworkDeployments: 0, rate: 0 },
};

describe("thresholds", () => {
  it("parses rates, percentages and durations", () => {
    expect(parseThresholds({ failChangeFailureRate: "15%", failLeadTime: "7d", failDeploysPerWeek: "2" })).toEqual({
      changeFailureRate: 0.15,
      leadTimeSeconds: 604_800,
      restoreSeconds: undefined,
      deploysPerWeek: 2,
    });
    expect(() => parseThresholds({ failChangeFailureRate: "15" })).toThrow(/"15" is not a rate/);
    expect(() => parseThresholds({ failLeadTime: "a week" })).toThrow(/--fail-lead-time/);
  });

  it("names metric, value and threshold for each breach", () => {
    // CFR 1/6 = 16.7% > 15%; median lead time 8d > 7d; 1.4/week < 2/week.
    const outcome = evaluateThresholds(metrics, parseThresholds({ failChangeFailureRate: "0.15", failLeadTime: "7d", failDeploysPerWeek: "2", failRestoreTime: "1d" }));
    expect(outcome.breaches).toEqual([
      "overall: change failure rate 16.7% is above the threshold 15.0% (--fail-change-failure-rate)",
      "overall: median lead time 8d is above the threshold 7d (--fail-lead-time)",
      "overall: deployments per week 1.40 is below the threshold 2.00 (--fail-deploys-per-week)",
    ]);
    expect(outcome.unchecked).toEqual(["overall: median time to restore has no value in this window; --fail-restore-time not checked"]);
  });

  it("passes when within the thresholds", () => {
    expect(evaluateThresholds(metrics, parseThresholds({ failChangeFailureRate: "0.2", failLeadTime: "9d" })).breaches).toEqual([]);
  });
});
