import { describe, expect, it } from "vitest";
import type { MetricSet, Report } from "../../src/model/report.js";
import type { ServiceExplanation } from "../../src/metrics/explain/explanation.js";
import { runCli } from "../cli/run-cli.js";

// The explanation and the report never disagree: every service's figures are rebuilt here from the
// rows `dora explain service` lists (with an independent percentile, not the report's code) and
// compared with `dora report`'s, on the demo window and on a narrower one.

const DAY_MS = 86_400_000;

/** Linear interpolation between closest ranks (docs/metric-definitions.md), written out again for this check. */
function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function summary(values: readonly number[]) {
  return {
    meanSeconds: values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length,
    medianSeconds: percentile(values, 0.5),
    p90Seconds: percentile(values, 0.9),
  };
}

/** Median over the ISO weeks overlapping [from, to) of distinct deploy days (UTC, the demo's zone). */
function medianDeployDaysPerWeek(finishedAt: readonly string[], from: string, to: string): number | null {
  const dayOf = (iso: string) => Math.floor(Date.parse(iso) / DAY_MS);
  const weekOf = (day: number) => Math.floor((day + 3) / 7); // day 0 (1970-01-01) is a Thursday
  const firstWeek = weekOf(dayOf(from));
  const lastWeek = weekOf(Math.floor((Date.parse(to) - 1) / DAY_MS));
  const counts = new Array<number>(lastWeek - firstWeek + 1).fill(0);
  for (const day of new Set(finishedAt.map(dayOf))) counts[weekOf(day) - firstWeek]!++;
  return percentile(counts, 0.5);
}

function rebuild(explanation: ServiceExplanation): Omit<MetricSet, "deploymentFrequency" | "leadTime" | "changeFailureRate" | "timeToRestore"> & Record<string, unknown> {
  const { window } = explanation;
  const successful = explanation.frequency!.deployments;
  const windowDays = (Date.parse(window.to) - Date.parse(window.from)) / DAY_MS;
  const leadTimes = explanation.leadTime!.changes.map((change) => change.leadTimeSeconds!);
  const cfrRows = explanation.changeFailure!.deployments;
  const failed = cfrRows.filter((row) => row.failed);
  const recoveries = failed.map((row) => row.recoverySeconds).filter((value): value is number => typeof value === "number");
  const incidents = explanation.restore!.incidents;
  const restores = incidents.map((row) => row.restoreSeconds).filter((value): value is number => value !== null);
  const reworked = explanation.rework!.deployments.filter((row) => row.rework).length;
  return {
    deploymentFrequency: {
      deployments: successful.length,
      perDay: successful.length / windowDays,
      perWeek: successful.length / (windowDays / 7),
      deployDays: new Set(successful.map((row) => row.finishedAt.slice(0, 10))).size,
      medianDeployDaysPerWeek: medianDeployDaysPerWeek(successful.map((row) => row.finishedAt), window.from, window.to),
    },
    leadTime: { changes: leadTimes.length, ...summary(leadTimes) },
    changeFailureRate: { deployments: cfrRows.length, failedDeployments: failed.length, rate: cfrRows.length > 0 ? failed.length / cfrRows.length : null },
    timeToRestore: {
      incidents: incidents.length,
      resolved: incidents.filter((row) => row.status === "resolved").length,
      active: incidents.filter((row) => row.status === "active").length,
      ...summary(restores),
    },
    failedDeploymentRecoveryTime: { count: recoveries.length, ...summary(recoveries) },
    reworkRate: { deployments: successful.length, reworkDeployments: reworked, rate: successful.length > 0 ? reworked / successful.length : null },
  };
}

/** The report's figures without the tiers (the rows give the values; tiers are a function of them). */
function withoutTiers(metrics: MetricSet): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(metrics).map(([metric, values]) => [metric, Object.fromEntries(Object.entries(values).filter(([key]) => key !== "tier"))]),
  );
}

/** Numbers compared to 1e-6 (the report rounds percentiles to 6 decimals). */
function expectSameFigures(rebuilt: Record<string, unknown>, reported: Record<string, Record<string, unknown>>): void {
  expect(Object.keys(rebuilt).sort()).toEqual(Object.keys(reported).sort());
  for (const [metric, values] of Object.entries(reported)) {
    for (const [key, value] of Object.entries(values)) {
      const mine = (rebuilt[metric] as Record<string, unknown>)[key];
      if (typeof value === "number") expect(mine, `${metric}.${key}`).toBeCloseTo(value, 6);
      else expect(mine, `${metric}.${key}`).toEqual(value);
    }
  }
}

const WINDOWS: [string, string[]][] = [
  ["the demo window (90 days)", []],
  ["September 2026", ["--from", "2026-09-01", "--to", "2026-10-01"]],
];

describe.each(WINDOWS)("explain service vs report, %s", (_, windowArgs) => {
  it("rebuilds every service's figures from the explained rows", async () => {
    const reportRun = await runCli(["report", "--demo", "--format", "json", ...windowArgs]);
    expect(reportRun.code).toBe(0);
    const report = JSON.parse(reportRun.stdout) as Report;
    const services = Object.keys(report.services);
    expect(services).toEqual(["backstage", "checkout", "search"]);
    let deployments = 0;
    for (const service of services) {
      const run = await runCli(["explain", "service", service, "--demo", "--format", "json", ...windowArgs]);
      expect(run.code).toBe(0);
      const explanation = JSON.parse(run.stdout) as ServiceExplanation;
      expect(explanation.figures).toEqual(report.services[service]);
      expectSameFigures(rebuild(explanation), withoutTiers(report.services[service]!));
      deployments += explanation.frequency!.deployments.length;
    }
    // the rows add up to the overall figure too
    expect(deployments).toBe(report.overall.deploymentFrequency.deployments);
  });
});
