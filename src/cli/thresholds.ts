import { ConfigError } from "../errors.js";
import type { MetricSet } from "../model/report.js";
import { DURATION_FORM, formatDuration, parseDurationSeconds } from "../util/duration.js";

export interface ThresholdFlags {
  failChangeFailureRate?: string;
  failLeadTime?: string;
  failRestoreTime?: string;
  failDeploysPerWeek?: string;
}

export interface Thresholds {
  changeFailureRate?: number;
  leadTimeSeconds?: number;
  restoreSeconds?: number;
  deploysPerWeek?: number;
}

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

export function parseThresholds(flags: ThresholdFlags): Thresholds {
  return {
    changeFailureRate: flags.failChangeFailureRate === undefined ? undefined : parseRate(flags.failChangeFailureRate, "--fail-change-failure-rate"),
    leadTimeSeconds: flags.failLeadTime === undefined ? undefined : parseSeconds(flags.failLeadTime, "--fail-lead-time"),
    restoreSeconds: flags.failRestoreTime === undefined ? undefined : parseSeconds(flags.failRestoreTime, "--fail-restore-time"),
    deploysPerWeek: flags.failDeploysPerWeek === undefined ? undefined : parsePositive(flags.failDeploysPerWeek, "--fail-deploys-per-week"),
  };
}

export interface ThresholdOutcome {
  breaches: string[];
  /** Thresholds that could not be checked because the metric has no value (no data is not a pass or a fail). */
  unchecked: string[];
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** Compares the overall figures with the thresholds; one line per breach naming metric, value and threshold. */
export function evaluateThresholds(metrics: MetricSet, thresholds: Thresholds, scope = "overall"): ThresholdOutcome {
  const outcome: ThresholdOutcome = { breaches: [], unchecked: [] };
  const check = (name: string, value: number | null, limit: number | undefined, breached: (v: number, l: number) => boolean, show: (n: number) => string, flag: string, relation: string) => {
    if (limit === undefined) return;
    if (value === null) {
      outcome.unchecked.push(`${scope}: ${name} has no value in this window; ${flag} not checked`);
      return;
    }
    if (breached(value, limit)) outcome.breaches.push(`${scope}: ${name} ${show(value)} is ${relation} the threshold ${show(limit)} (${flag})`);
  };
  check("change failure rate", metrics.changeFailureRate.rate, thresholds.changeFailureRate, (v, l) => v > l, percent, "--fail-change-failure-rate", "above");
  check("median lead time", metrics.leadTime.medianSeconds, thresholds.leadTimeSeconds, (v, l) => v > l, formatDuration, "--fail-lead-time", "above");
  check("median time to restore", metrics.timeToRestore.medianSeconds, thresholds.restoreSeconds, (v, l) => v > l, formatDuration, "--fail-restore-time", "above");
  check("deployments per week", metrics.deploymentFrequency.perWeek, thresholds.deploysPerWeek, (v, l) => v < l, (n) => n.toFixed(2), "--fail-deploys-per-week", "below");
  return outcome;
}
