import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import type { ServiceDefinition } from "../../src/model/service.js";
import type { Warning } from "../../src/model/warning.js";
import { traceIdFor } from "../../src/model/trace-id.js";
import { API, DAY, HOUR, WEB, commit, comparison, deployment, incident, input, options, repoCommit, scope, sha } from "./builders.js";

describe("computeReport", () => {
  it("fills the envelope of the JSON contract", () => {
    const report = computeReport(input(), scope({ timezone: "Europe/Berlin" }), options());
    expect(report).toMatchObject({
      schemaVersion: 1,
      generatedAt: "2024-01-31T00:00:00.000Z",
      window: { from: "2024-01-01T00:00:00.000Z", to: "2024-01-31T00:00:00.000Z", timezone: "Europe/Berlin" },
      benchmark: "dora-2023",
      buckets: [],
      deployments: [],
      changes: [],
      incidents: [],
      warnings: [],
    });
  });

  it("gives counts of 0 and null figures for empty sets, for every reported service", () => {
    const report = computeReport(input(), scope({ services: [API, WEB] }), options());
    const empty = {
      deploymentFrequency: { deployments: 0, perDay: 0, perWeek: 0, deployDays: 0, medianDeployDaysPerWeek: 0, tier: "low" },
      leadTime: { changes: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, tier: null },
      changeFailureRate: { deployments: 0, failedDeployments: 0, rate: null, tier: null },
      timeToRestore: { incidents: 0, resolved: 0, active: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, tier: null },
      failedDeploymentRecoveryTime: { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null },
      reworkRate: { deployments: 0, reworkDeployments: 0, rate: null },
    };
    expect(report.overall).toEqual(empty);
    expect(report.services).toEqual({ api: empty, web: empty });
    expect(Object.keys(report.services)).toEqual(["api", "web"]); // config order
  });

  it("neither counts nor lists lookback events", () => {
    const data = input({
      deployments: [
        deployment({ id: "L1", sha: sha("c1"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "L2", sha: sha("c2"), finishedAt: "2023-12-31T23:59:59" }),
        deployment({ id: "D1", sha: sha("c3"), finishedAt: "2024-01-01T00:00" }), // `from` is inclusive
        deployment({ id: "after", sha: sha("c4"), finishedAt: "2024-01-31T00:00" }), // `to` is exclusive
      ],
      comparisons: [comparison(sha("c2"), sha("c3"), "ahead", [commit(sha("c3"), "2023-12-31T22:00")])],
      incidents: [
        incident({ id: "old", startedAt: "2023-12-10T01:00", resolvedAt: "2023-12-10T02:00" }),
        incident({ id: "new", startedAt: "2024-01-01T03:00", resolvedAt: "2024-01-01T05:00" }),
      ],
    });
    const report = computeReport(data, scope(), options());
    expect(report.deployments.map((row) => row.id)).toEqual(["D1"]);
    expect(report.changes.map((row) => [row.deploymentId, row.leadTimeSeconds])).toEqual([["D1", 2 * HOUR]]);
    expect(report.incidents.map((row) => row.id)).toEqual(["new"]);
    // "old" was attributed to L1 (1 h after it) and is not counted; "new" (3 h after D1) fails D1
    expect(report.overall.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 1 });
    expect(report.overall.timeToRestore).toMatchObject({ incidents: 1, medianSeconds: 2 * HOUR });
    expect(report.overall.deploymentFrequency.deployments).toBe(1);
    expect(report.warnings).toEqual([]); // D1 has a lookback predecessor: not a first deployment
  });

  it("builds deployment rows sorted by finishedAt then id", () => {
    const data = input({
      deployments: [
        deployment({ id: "b", name: "deploy-b", sha: sha("c2"), finishedAt: "2024-01-05T00:00", url: "https://argo/b" }),
        deployment({ id: "a", name: "deploy-a", sha: sha("c1"), finishedAt: "2024-01-05T00:00" }),
      ],
      commits: [repoCommit("acme/api", sha("c1"), "2024-01-04T00:00")],
      comparisons: [comparison(sha("c1"), sha("c2"), "identical")],
    });
    const report = computeReport(data, scope(), options());
    expect(report.deployments).toEqual([
      {
        id: "a",
        name: "deploy-a",
        service: "api",
        repo: "acme/api",
        sha: sha("c1"),
        status: "succeeded",
        startedAt: "2024-01-04T23:50:00.000Z",
        finishedAt: "2024-01-05T00:00:00.000Z",
        changes: 1,
        failed: false,
        rework: false,
        rollback: false,
        incidentIds: [],
        url: null,
        traceId: traceIdFor("a"),
        // the reasons (optional fields): a is the service's first deployment, so only its head commit counts
        lineage: { reason: "first-deployment", previous: null, base: null, compared: null, alreadyDeployed: [] },
        reworkReasons: [],
        recoverySeconds: null,
      },
      expect.objectContaining({ id: "b", changes: 0, url: "https://argo/b", traceId: traceIdFor("b") }),
    ]);
    expect(report.changes).toMatchObject([{ sha: sha("c1"), deploymentId: "a", leadTimeSeconds: DAY }]);
    // b (same finish, after a by id): its SHA is in no commit graph of this input, so GitHub cannot place it
    expect(report.deployments[1]!.lineage).toEqual({
      reason: "comparison-not-found",
      previous: { id: "a", name: "deploy-a", sha: sha("c1"), finishedAt: "2024-01-05T00:00:00.000Z" },
      base: { id: "a", name: "deploy-a", sha: sha("c1"), finishedAt: "2024-01-05T00:00:00.000Z" },
      compared: { base: sha("c1"), head: sha("c2") },
      alreadyDeployed: [],
    });
  });

  it("puts upstream warnings first and drops duplicates by code and subject", () => {
    const data = input({ deployments: [deployment({ id: "D1", name: "deploy-1", sha: sha("c1"), finishedAt: "2024-01-05T00:00" })] });
    const upstream: Warning[] = [
      { code: "workflow-not-in-archive", message: "retried", subject: "page 2" },
      { code: "first-deployment", message: "from the source", subject: "deploy-1" },
    ];
    const report = computeReport(data, scope(), options(), upstream);
    expect(report.warnings.map((warning) => [warning.code, warning.subject, warning.message.slice(0, 15)])).toEqual([
      ["workflow-not-in-archive", "page 2", "retried"],
      ["first-deployment", "deploy-1", "from the source"],
      ["commit-not-found", "deploy-1", "GitHub has no c"],
    ]);
  });

  it("restricts figures and rows to the reported services, mapping incidents against all of them", () => {
    const core: ServiceDefinition = { name: "core", repo: "acme/core", incidentLabels: { team: "core" } };
    const data = input({
      deployments: [
        deployment({ id: "a1", sha: sha("a1"), finishedAt: "2024-01-05T00:00" }),
        deployment({ id: "k1", service: "core", repo: "acme/core", sha: sha("k1"), finishedAt: "2024-01-05T00:00" }),
      ],
      commits: [repoCommit("acme/api", sha("a1"), "2024-01-04T00:00"), repoCommit("acme/core", sha("k1"), "2024-01-04T12:00")],
      incidents: [
        // carries both services' labels: api comes first in config order, so it is api's even in a core-only report
        incident({ id: "both", startedAt: "2024-01-05T01:00", resolvedAt: "2024-01-05T02:00", labels: { service: "api", team: "core" } }),
        incident({ id: "core", startedAt: "2024-01-05T03:00", resolvedAt: "2024-01-05T07:00", labels: { team: "core" } }),
        incident({ id: "nobody", startedAt: "2024-01-06T00:00", labels: {} }),
      ],
    });
    const report = computeReport(data, scope({ services: [API, core], reportServices: ["core"] }), options());
    expect(Object.keys(report.services)).toEqual(["core"]);
    expect(report.deployments.map((row) => row.id)).toEqual(["k1"]);
    expect(report.changes.map((row) => row.sha)).toEqual([sha("k1")]);
    expect(report.incidents.map((row) => [row.id, row.service])).toEqual([["core", "core"]]);
    // core: lead time 12 h, one incident of 4 h attributed to k1 (3 h after it)
    expect(report.overall.leadTime.medianSeconds).toBe(12 * HOUR);
    expect(report.overall.timeToRestore).toMatchObject({ incidents: 1, medianSeconds: 4 * HOUR });
    expect(report.overall.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 1 });
    expect(report.services["core"]).toEqual(report.overall);
  });
});
