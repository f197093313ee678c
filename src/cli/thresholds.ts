import type { ThresholdsConfig } from "../config/schema.js";
import { ConfigError } from "../errors.js";
import type { MetricSet, Tier } from "../model/report.js";
import { DURATION_FORM, formatDuration, parseDurationSeconds } from "../util/duration.js";

// --fail-* flags and the config's `thresholds:` become one flat list of limits, each naming the
// flag or config key it came from, so a breach line tells the reader what to change.

/** Each flag is repeatable: `VALUE` limits the overall figures, `SERVICE=VALUE` one service's. */
export interface ThresholdFlags {
  failChangeFailureRate?: string | string[];
  failLeadTime?: string | string[];
  failRestoreTime?: string | string[];
  failDeploysPerWeek?: string | string[];
  failReworkRate?: string | string[];
  failBelowTier?: string | string[];
}

/** Same names as the config's `thresholds:` keys. */
export type NumericThresholdMetric = "changeFailureRate" | "leadTime" | "restoreTime" | "deploysPerWeek" | "reworkRate";

export type Threshold = {
  /** The service whose figures are checked; undefined: the overall figures. */
  service?: string;
  /** Where the limit was set: a flag or a config key, e.g. "thresholds.services.backstage.leadTime". */
  origin: string;
} & ({ metric: NumericThresholdMetric; limit: number } | { metric: "belowTier"; limit: Tier });

export type ThresholdMetric = Threshold["metric"];

export const TIERS = ["elite", "high", "medium", "low"] as const satisfies readonly Tier[];

const FLAG_OF: Record<ThresholdMetric, { key: keyof ThresholdFlags; flag: string }> = {
  changeFailureRate: { key: "failChangeFailureRate", flag: "--fail-change-failure-rate" },
  leadTime: { key: "failLeadTime", flag: "--fail-lead-time" },
  restoreTime: { key: "failRestoreTime", flag: "--fail-restore-time" },
  deploysPerWeek: { key: "failDeploysPerWeek", flag: "--fail-deploys-per-week" },
  reworkRate: { key: "failReworkRate", flag: "--fail-rework-rate" },
  belowTier: { key: "failBelowTier", flag: "--fail-below-tier" },
};

const SERVICE_PREFIX = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.*)$/;

function parseRate(text: string, flag: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith("%");
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  const rate = percent ? value / 100 : value;
  if (trimmed === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new ConfigError(`${flag} "${text}" is not a rate`, flag, "expected a fraction between 0 and 1 such as 0.15, or a percentage such as 15%");
  }
  return rate;
}

function parseSeconds(text: string, flag: string): number {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined) throw new ConfigError(`${flag} "${text}" is not a duration`, flag, `expected ${DURATION_FORM}`);
  return seconds;
}

function parsePositive(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${flag} "${text}" is not a number`, flag, "expected a number of deployments per week such as 1 or 2.5");
  }
  return value;
}

function parseTier(text: string, flag: string): Tier {
  const tier = TIERS.find((candidate) => candidate === text.trim());
  if (tier === undefined) throw new ConfigError(`${flag} "${text}" is not a tier`, flag, 'expected "elite", "high", "medium" or "low"');
  return tier;
}

function parseLimit(metric: ThresholdMetric, text: string, flag: string): Threshold {
  const origin = flag;
  switch (metric) {
    case "changeFailureRate":
    case "reworkRate":
      return { metric, limit: parseRate(text, flag), origin };
    case "leadTime":
    case "restoreTime":
      return { metric, limit: parseSeconds(text, flag), origin };
    case "deploysPerWeek":
      return { metric, limit: parsePositive(text, flag), origin };
    case "belowTier":
      return { metric, limit: parseTier(text, flag), origin };
  }
}

/** The --fail-* flags as thresholds; syntax only (service names are checked against the config later). */
export function parseThresholdFlags(flags: ThresholdFlags): Threshold[] {
  const thresholds: Threshold[] = [];
  for (const [metric, { key, flag }] of Object.entries(FLAG_OF) as [ThresholdMetric, (typeof FLAG_OF)[ThresholdMetric]][]) {
    const given = flags[key];
    for (const text of given === undefined ? [] : Array.isArray(given) ? given : [given]) {
      const scoped = SERVICE_PREFIX.exec(text.trim());
      const threshold = parseLimit(metric, scoped ? scoped[2]! : text, flag);
      thresholds.push(scoped ? { ...threshold, service: scoped[1]! } : threshold);
    }
  }
  return thresholds;
}

type ScopeConfig = Omit<ThresholdsConfig, "services">;

function fromConfigScope(scope: ScopeConfig, path: string, service?: string): Threshold[] {
  const thresholds: Threshold[] = [];
  const at = (key: string) => ({ origin: `${path}.${key}`, ...(service === undefined ? {} : { service }) });
  // The schema has validated every value: durations parse, rates are within [0, 1].
  if (scope.changeFailureRate !== undefined) thresholds.push({ metric: "changeFailureRate", limit: scope.changeFailureRate, ...at("changeFailureRate") });
  if (scope.leadTime !== undefined) thresholds.push({ metric: "leadTime", limit: parseDurationSeconds(scope.leadTime)!, ...at("leadTime") });
  if (scope.restoreTime !== undefined) thresholds.push({ metric: "restoreTime", limit: parseDurationSeconds(scope.restoreTime)!, ...at("restoreTime") });
  if (scope.deploysPerWeek !== undefined) thresholds.push({ metric: "deploysPerWeek", limit: scope.deploysPerWeek, ...at("deploysPerWeek") });
  if (scope.reworkRate !== undefined) thresholds.push({ metric: "reworkRate", limit: scope.reworkRate, ...at("reworkRate") });
  if (scope.belowTier !== undefined) thresholds.push({ metric: "belowTier", limit: scope.belowTier, ...at("belowTier") });
  return thresholds;
}

/** The config's `thresholds:` as a list. */
export function thresholdsFromConfig(config: ThresholdsConfig | undefined): Threshold[] {
  if (config === undefined) return [];
  const { services = {}, ...overall } = config;
  return [
    ...fromConfigScope(overall, "thresholds"),
    ...Object.entries(services).flatMap(([name, scope]) => fromConfigScope(scope, `thresholds.services.${name}`, name)),
  ];
}

/**
 * Config thresholds, overridden by the flags for the same metric and scope; every service named
 * must be a configured one (a typo would otherwise silently check nothing).
 */
export function resolveThresholds(flags: Threshold[], config: Threshold[], configuredServices: readonly string[]): Threshold[] {
  const known = new Set(configuredServices);
  for (const threshold of [...config, ...flags]) {
    if (threshold.service !== undefined && !known.has(threshold.service)) {
      throw new ConfigError(
        `${threshold.origin}: "${threshold.service}" is not a configured service`,
        threshold.origin,
        `use one of: ${[...known].join(", ")}`,
      );
    }
  }
  const key = (threshold: Threshold) => `${threshold.service ?? ""}\u0000${threshold.metric}`;
  const merged = new Map<string, Threshold>();
  for (const threshold of [...config, ...flags]) merged.set(key(threshold), threshold);
  return [...merged.values()];
}

/** One breached limit; `text` is the line printed for it. */
export interface Breach {
  scope: string;
  metric: string;
  value: string;
  threshold: string;
  origin: string;
  text: string;
}

export interface ThresholdOutcome {
  breaches: Breach[];
  /** Thresholds that could not be checked: the metric has no value (no data is not a pass or a fail) or the service is not reported. */
  unchecked: string[];
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

const NUMERIC: Record<NumericThresholdMetric, { name: string; value: (m: MetricSet) => number | null; breached: (v: number, l: number) => boolean; show: (n: number) => string }> = {
  changeFailureRate: { name: "change failure rate", value: (m) => m.changeFailureRate.rate, breached: (v, l) => v > l, show: percent },
  leadTime: { name: "median lead time", value: (m) => m.leadTime.medianSeconds, breached: (v, l) => v > l, show: formatDuration },
  restoreTime: { name: "median time to restore", value: (m) => m.timeToRestore.medianSeconds, breached: (v, l) => v > l, show: formatDuration },
  deploysPerWeek: { name: "deployments per week", value: (m) => m.deploymentFrequency.perWeek, breached: (v, l) => v < l, show: (n) => n.toFixed(2) },
  reworkRate: { name: "deployment rework rate", value: (m) => m.reworkRate.rate, breached: (v, l) => v > l, show: percent },
};

/** The four metrics DORA tiers, in display order. */
const TIERED: readonly { name: string; tier: (m: MetricSet) => Tier | null }[] = [
  { name: "deployment frequency", tier: (m) => m.deploymentFrequency.tier },
  { name: "lead time", tier: (m) => m.leadTime.tier },
  { name: "change failure rate", tier: (m) => m.changeFailureRate.tier },
  { name: "time to restore", tier: (m) => m.timeToRestore.tier },
];

const TIER_RANK: Record<Tier, number> = { elite: 0, high: 1, medium: 2, low: 3 };

/**
 * Checks the report's figures against the thresholds: overall ones against `overall`, per-service
 * ones against that service. One breach per limit crossed, naming scope, metric, value, limit and origin.
 */
export function evaluateThresholds(
  report: { overall: MetricSet; services: Record<string, MetricSet> },
  thresholds: readonly Threshold[],
): ThresholdOutcome {
  const outcome: ThresholdOutcome = { breaches: [], unchecked: [] };
  for (const threshold of thresholds) {
    const scope = threshold.service === undefined ? "overall" : `service ${threshold.service}`;
    const metrics = threshold.service === undefined ? report.overall : report.services[threshold.service];
    if (metrics === undefined) {
      outcome.unchecked.push(`${scope} is not in this report (--service); ${threshold.origin} not checked`);
      continue;
    }
    const breach = (metric: string, value: string, relation: string, limit: string) =>
      outcome.breaches.push({
        scope, metric, value, threshold: limit, origin: threshold.origin,
        text: `${scope}: ${metric} ${value} is ${relation} the threshold ${limit} (${threshold.origin})`,
      });
    if (threshold.metric === "belowTier") {
      for (const { name, tier } of TIERED) {
        const value = tier(metrics);
        if (value === null) outcome.unchecked.push(`${scope}: ${name} has no tier in this window; ${threshold.origin} not checked for it`);
        else if (TIER_RANK[value] > TIER_RANK[threshold.limit]) breach(`${name} tier`, value, "below", threshold.limit);
      }
      continue;
    }
    const { name, value: valueOf, breached, show } = NUMERIC[threshold.metric];
    const value = valueOf(metrics);
    if (value === null) {
      outcome.unchecked.push(`${scope}: ${name} has no value in this window; ${threshold.origin} not checked`);
    } else if (breached(value, threshold.limit)) {
      const relation = threshold.metric === "deploysPerWeek" ? "below" : "above";
      breach(name, show(value), relation, show(threshold.limit));
    }
  }
  return outcome;
}
