import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import { explainDeployment, explainIncident, findDeployment } from "../../src/metrics/explain/explanation.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import type { Report } from "../../src/model/report.js";
import { renderExplanation } from "../../src/render/explain/render-explain.js";
import { HOUR, commit, comparison, deployment, incident, input, options, repoCommit, scope, sha } from "./builders.js";

// The reasons the demo dataset does not hold (it must stay as EXPECTED.md describes it), each on a
// hand-built history of service api in January 2024 (UTC), with the printed explanation.

const c = (n: number) => sha(`c${n}`);
const ref = (id: string, shaValue: string, finishedAt: string) => ({ id, name: id, sha: shaValue, finishedAt });

function report(data: MetricsInput, extra: Parameters<typeof options>[0] = {}): Report {
  return computeReport(data, scope(), options(extra));
}

function deploymentText(report: Report, name: string): string {
  const found = findDeployment(report, name);
  if (found.kind !== "found") throw new Error(`no deployment ${name}`);
  return renderExplanation("table", explainDeployment(report, found.value));
}

function incidentText(report: Report, id: string): string {
  return renderExplanation("table", explainIncident(report, report.incidents.find((row) => row.id === id)!));
}

describe("lineage reasons the demo does not hold", () => {
  it("comparison-not-found: GitHub lost the compare, only the head commit counts", () => {
    const data = input({
      deployments: [deployment({ id: "A", sha: c(1), finishedAt: "2024-01-02T00:00" }), deployment({ id: "B", sha: c(2), finishedAt: "2024-01-03T00:00" })],
      comparisons: [],
      missingComparisons: [{ repo: "acme/api", base: c(1), head: c(2) }],
      commits: [repoCommit("acme/api", c(1), "2024-01-01T00:00"), repoCommit("acme/api", c(2), "2024-01-02T00:00")],
    });
    const result = report(data);
    expect(result.deployments[1]!.lineage).toEqual({
      reason: "comparison-not-found",
      previous: ref("A", c(1), "2024-01-02T00:00:00.000Z"),
      base: null, // the commit graph of this input holds neither SHA: no earlier deployment is known to it
      compared: { base: c(1), head: c(2) },
      alreadyDeployed: [],
    });
    expect(deploymentText(result, "B")).toContain(
      "GitHub cannot place its SHA (c10000000000...c20000000000) (force-pushed or deleted?): only its head commit is a change",
    );
  });

  it("a change without a date is listed, its lead time left out as missing-commit-date", () => {
    const data = input({
      deployments: [deployment({ id: "A", sha: c(1), finishedAt: "2024-01-02T00:00" }), deployment({ id: "B", sha: c(2), finishedAt: "2024-01-03T00:00" })],
      comparisons: [comparison(c(1), c(2), "ahead", [{ sha: c(2) }])],
      commits: [repoCommit("acme/api", c(1), "2024-01-01T00:00")],
    });
    const result = report(data);
    expect(result.changes[1]).toMatchObject({ sha: c(2), leadTimeSeconds: null, leadTimeExcluded: "missing-commit-date" });
    expect(deploymentText(result, "B")).toMatch(/│ c20000000000 │ – +│ left out: the commit has no date │/);
  });
});

describe("attribution reasons the demo does not hold", () => {
  const deployed = [deployment({ id: "A", sha: c(1), finishedAt: "2024-01-10T00:00" })];
  const commits = [repoCommit("acme/api", c(1), "2024-01-09T00:00")];

  it("no-earlier-deployment: nothing of its service finished before it started", () => {
    const data = input({ deployments: deployed, commits, incidents: [incident({ id: "I", startedAt: "2024-01-05T00:00", resolvedAt: "2024-01-05T01:00" })] });
    const result = report(data);
    expect(result.incidents[0]!.attributionReason).toMatchObject({ rule: "no-earlier-deployment", latestDeployment: null, secondsAfterLatest: null });
    expect(incidentText(result, "I")).toContain("none: no deployment of api finished before it started (lookback included)");
  });

  it("a deployment label naming nothing is ignored, and attribution falls back to inference", () => {
    const data = input({
      deployments: deployed,
      commits,
      incidents: [incident({ id: "I", startedAt: "2024-01-10T03:00", resolvedAt: "2024-01-10T04:00", labels: { service: "api", deployment: "deploy-gone", commit: "c1" } })],
    });
    const result = report(data);
    // 00:00 → 03:00 = 3 h ≤ 24 h; "c1" is shorter than the 7 characters a commit label needs
    expect(result.incidents[0]).toMatchObject({ attribution: "inferred", deploymentId: "A" });
    expect(result.incidents[0]!.attributionReason).toMatchObject({
      rule: "inferred",
      ignoredLabels: [{ key: "deployment", value: "deploy-gone" }, { key: "commit", value: "c1" }],
      secondsAfterLatest: 3 * HOUR,
    });
    expect(incidentText(result, "I")).toContain(
      "inferred: the latest deployment A (c10000000000) finished 3h before it started, within the 1d window; label deployment=deploy-gone names no deployment of its service (ignored); label commit=c1 names no deployment of its service (ignored)",
    );
  });

  it("of a repeated deployment label, the value that names a deployment decides and the other is ignored", () => {
    const data = input({
      deployments: deployed,
      commits,
      incidents: [incident({ id: "I", startedAt: "2024-01-12T00:00", resolvedAt: "2024-01-12T01:00", labels: { service: "api", deployment: ["deploy-gone", "A"] } })],
    });
    const result = report(data);
    // 2 days after A: only the label attributes it
    expect(result.incidents[0]!.attributionReason).toMatchObject({
      rule: "deployment-label",
      label: { key: "deployment", value: "A" },
      ignoredLabels: [{ key: "deployment", value: "deploy-gone" }],
      secondsAfterLatest: 48 * HOUR,
    });
  });

  it("a drill is never attributed", () => {
    const data = input({ deployments: deployed, commits, incidents: [incident({ id: "I", startedAt: "2024-01-10T03:00", resolvedAt: "2024-01-10T04:00", isDrill: true })] });
    const result = report(data);
    expect(result.incidents[0]!.attributionReason!.rule).toBe("drill");
    expect(incidentText(result, "I")).toContain("none: a drill is never attributed and counts nowhere");
  });

  it("the attribution window follows the config (2h: an incident 3h after is outside)", () => {
    const data = input({ deployments: deployed, commits, incidents: [incident({ id: "I", startedAt: "2024-01-10T03:00", resolvedAt: "2024-01-10T04:00" })] });
    const result = report(data, { attributionWindowSeconds: 2 * HOUR });
    expect(result.incidents[0]!.attributionReason).toMatchObject({ rule: "outside-window", windowSeconds: 2 * HOUR, secondsAfterLatest: 3 * HOUR });
    expect(incidentText(result, "I")).toContain("none: the latest deployment A (c10000000000) finished 3h before it started, beyond the 2h window");
  });
});

describe("rework reasons", () => {
  it("an active incident is open until now", () => {
    const data = input({
      deployments: [deployment({ id: "A", sha: c(1), finishedAt: "2024-01-10T00:00" }), deployment({ id: "B", sha: c(2), finishedAt: "2024-01-20T00:00" })],
      comparisons: [comparison(c(1), c(2), "ahead", [commit(c(2), "2024-01-19T00:00")])],
      commits: [repoCommit("acme/api", c(1), "2024-01-09T00:00")],
      incidents: [incident({ id: "open", startedAt: "2024-01-15T00:00" })],
    });
    const result = report(data);
    // active: open from 01-15 until now (the scope's 2024-01-31)
    expect(result.deployments[1]!.reworkReasons).toEqual([
      { kind: "open-incident", incidentId: "open", openFrom: "2024-01-15T00:00:00.000Z", openUntil: "2024-01-31T00:00:00.000Z" },
    ]);
  });
});
