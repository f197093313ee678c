import { describe, expect, it } from "vitest";
import { evaluateThresholds, parseThresholdFlags, resolveThresholds, thresholdsFromConfig } from "../../src/cli/thresholds.js";
import { configSchema } from "../../src/config/schema.js";
import type { MetricSet } from "../../src/model/report.js";

const metrics: MetricSet = {
  deploymentFrequency: { deployments: 6, perDay: 6 / 30, perWeek: 1.4, deployDays: 5, medianDeployDaysPerWeek: 1, tier: "high" },
  leadTime: { changes: 10, meanSeconds: 90_000, medianSeconds: 8 * 86_400, p90Seconds: 10 * 86_400, tier: "medium" },
  changeFailureRate: { deployments: 6, failedDeployments: 1, rate: 1 / 6, tier: "low" },
  timeToRestore: { incidents: 1, resolved: 0, active: 1, meanSeconds: null, medianSeconds: null, p90Seconds: null, tier: null },
  failedDeploymentRecoveryTime: { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null },
  reworkRate: { deployments: 6, reworkDeployments: 2, rate: 2 / 6 },
};
/** A faster service: median lead time 1d, CFR 0 of 4, 4 deployments/week, tiers elite/high/elite/–. */
const fast: MetricSet = {
  ...metrics,
  deploymentFrequency: { deployments: 4, perDay: 4 / 7, perWeek: 4, deployDays: 4, medianDeployDaysPerWeek: 4, tier: "high" },
  leadTime: { changes: 4, meanSeconds: 86_400, medianSeconds: 86_400, p90Seconds: 86_400, tier: "high" },
  changeFailureRate: { deployments: 4, failedDeployments: 0, rate: 0, tier: "elite" },
};
const report = { overall: metrics, services: { backstage: fast, checkout: metrics } };
const SERVICES = ["backstage", "checkout", "search"];

describe("thresholds", () => {
  it("parses rates, percentages, durations, tiers and SERVICE=VALUE", () => {
    expect(parseThresholdFlags({ failChangeFailureRate: "15%", failLeadTime: ["7d", "backstage=2d"], failDeploysPerWeek: "2", failBelowTier: "high" })).toEqual([
      { metric: "changeFailureRate", limit: 0.15, origin: "--fail-change-failure-rate" },
      { metric: "leadTime", limit: 604_800, origin: "--fail-lead-time" },
      { metric: "leadTime", limit: 172_800, origin: "--fail-lead-time", service: "backstage" },
      { metric: "deploysPerWeek", limit: 2, origin: "--fail-deploys-per-week" },
      { metric: "belowTier", limit: "high", origin: "--fail-below-tier" },
    ]);
    expect(() => parseThresholdFlags({ failChangeFailureRate: "15" })).toThrow(/"15" is not a rate/);
    expect(() => parseThresholdFlags({ failLeadTime: "a week" })).toThrow(/--fail-lead-time/);
    expect(() => parseThresholdFlags({ failReworkRate: "backstage=2" })).toThrow(/--fail-rework-rate "2" is not a rate/);
    expect(() => parseThresholdFlags({ failBelowTier: "great" })).toThrow(/"great" is not a tier/);
  });

  it("names scope, metric, value, threshold and origin for each breach", () => {
    // CFR 1/6 = 16.7% > 15%; median lead time 8d > 7d; 1.4/week < 2/week; rework 2/6 = 33.3% > 10%.
    const thresholds = parseThresholdFlags({ failChangeFailureRate: "0.15", failLeadTime: "7d", failDeploysPerWeek: "2", failRestoreTime: "1d", failReworkRate: "10%" });
    const outcome = evaluateThresholds(report, thresholds);
    expect(outcome.breaches.map((breach) => breach.text)).toEqual([
      "overall: change failure rate 16.7% is above the threshold 15.0% (--fail-change-failure-rate)",
      "overall: median lead time 8d is above the threshold 7d (--fail-lead-time)",
      "overall: deployments per week 1.40 is below the threshold 2.00 (--fail-deploys-per-week)",
      "overall: deployment rework rate 33.3% is above the threshold 10.0% (--fail-rework-rate)",
    ]);
    expect(outcome.breaches[1]).toMatchObject({ scope: "overall", metric: "median lead time", value: "8d", threshold: "7d" });
    expect(outcome.unchecked).toEqual(["overall: median time to restore has no value in this window; --fail-restore-time not checked"]);
  });

  it("checks per-service limits against that service only", () => {
    // backstage's median lead time 1d is above 12h but below 2d; checkout's CFR 16.7% is above 10%.
    const thresholds = parseThresholdFlags({ failLeadTime: ["backstage=12h"], failChangeFailureRate: ["checkout=0.1", "backstage=0.1"] });
    expect(evaluateThresholds(report, thresholds).breaches.map((breach) => breach.text)).toEqual([
      "service checkout: change failure rate 16.7% is above the threshold 10.0% (--fail-change-failure-rate)",
      "service backstage: median lead time 1d is above the threshold 12h (--fail-lead-time)",
    ]);
    expect(evaluateThresholds(report, parseThresholdFlags({ failLeadTime: "backstage=2d" })).breaches).toEqual([]);
  });

  it("a tier floor breaches once per metric below it; a metric without a tier is not checked", () => {
    // overall tiers: frequency high, lead time medium, CFR low, restore none → floor high: lead time and CFR.
    const outcome = evaluateThresholds(report, parseThresholdFlags({ failBelowTier: "high" }));
    expect(outcome.breaches.map((breach) => breach.text)).toEqual([
      "overall: lead time tier medium is below the threshold high (--fail-below-tier)",
      "overall: change failure rate tier low is below the threshold high (--fail-below-tier)",
    ]);
    expect(outcome.unchecked).toEqual(["overall: time to restore has no tier in this window; --fail-below-tier not checked for it"]);
    expect(evaluateThresholds(report, parseThresholdFlags({ failBelowTier: "low" })).breaches).toEqual([]);
  });

  it("reads the config's thresholds and lets a flag override the same metric and scope", () => {
    const config = configSchema.parse({
      services: [{ name: "backstage", repo: "grafana/backstage", workflows: { labelSelector: "a=b" } }],
      thresholds: { changeFailureRate: 0.15, leadTime: "7d", belowTier: "medium", services: { backstage: { leadTime: "2d", reworkRate: 0.1 } } },
    });
    const fromConfig = thresholdsFromConfig(config.thresholds);
    expect(fromConfig).toEqual([
      { metric: "changeFailureRate", limit: 0.15, origin: "thresholds.changeFailureRate" },
      { metric: "leadTime", limit: 604_800, origin: "thresholds.leadTime" },
      { metric: "belowTier", limit: "medium", origin: "thresholds.belowTier" },
      { metric: "leadTime", limit: 172_800, origin: "thresholds.services.backstage.leadTime", service: "backstage" },
      { metric: "reworkRate", limit: 0.1, origin: "thresholds.services.backstage.reworkRate", service: "backstage" },
    ]);
    const resolved = resolveThresholds(parseThresholdFlags({ failLeadTime: ["9d", "backstage=12h"] }), fromConfig, SERVICES);
    expect(resolved.filter((threshold) => threshold.metric === "leadTime")).toEqual([
      { metric: "leadTime", limit: 777_600, origin: "--fail-lead-time" },
      { metric: "leadTime", limit: 43_200, origin: "--fail-lead-time", service: "backstage" },
    ]);
    expect(resolved).toHaveLength(5);
  });

  it("rejects a threshold for a service that is not configured, naming where it was set", () => {
    expect(() => resolveThresholds(parseThresholdFlags({ failLeadTime: "bakstage=2d" }), [], SERVICES)).toThrow(
      '--fail-lead-time: "bakstage" is not a configured service',
    );
    const config = thresholdsFromConfig({ services: { nope: { reworkRate: 0.1 } } });
    expect(() => resolveThresholds([], config, SERVICES)).toThrow(/thresholds\.services\.nope\.reworkRate: "nope"/);
  });

  it("does not check a service the report leaves out (--service)", () => {
    const outcome = evaluateThresholds({ overall: metrics, services: { backstage: fast } }, parseThresholdFlags({ failLeadTime: "search=1d" }));
    expect(outcome).toEqual({ breaches: [], unchecked: ["service search is not in this report (--service); --fail-lead-time not checked"] });
  });

  it("the config schema rejects a bad threshold and an unknown key", () => {
    const base = { services: [{ name: "a", repo: "o/a", workflows: { labelSelector: "a=b" } }] };
    expect(configSchema.safeParse({ ...base, thresholds: { changeFailureRate: 1.5 } }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, thresholds: { leadTime: "a week" } }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, thresholds: { belowTier: "great" } }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, thresholds: { leadtime: "7d" } }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, thresholds: { services: { a: { deploysPerWeek: 1 } } } }).success).toBe(true);
  });
});
