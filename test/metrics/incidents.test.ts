import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import type { ServiceDefinition } from "../../src/model/service.js";
import { API, HOUR, WEB, deployment, incident, input, options, scope, sha } from "./builders.js";

// Two successful deployments of api in the window with no GitHub data needed for incidents:
// D1 at Jan 10 12:00 (sha aaaaaaa1...), D2 at Jan 20 12:00 (sha bbbbbbb2...).
const deployments = () => [
  deployment({ id: "uid-1", name: "deploy-1", sha: sha("aaaaaaa1"), finishedAt: "2024-01-10T12:00" }),
  deployment({ id: "uid-2", name: "deploy-2", sha: sha("bbbbbbb2"), finishedAt: "2024-01-20T12:00" }),
];
const report = (data: MetricsInput, fields: Parameters<typeof scope>[0] = {}, opts = options()) =>
  computeReport(data, scope(fields), opts);
const attributionOf = (data: MetricsInput, opts = options()) =>
  report(data, {}, opts).incidents.map((row) => [row.id, row.deploymentId, row.attribution]);

describe("incident attribution", () => {
  it("follows a `deployment` label naming the workflow or its uid", () => {
    const data = input({
      deployments: deployments(),
      incidents: [
        // Started right after deploy-2, but the label names deploy-1.
        incident({ id: "i1", startedAt: "2024-01-20T13:00", labels: { service: "api", deployment: "deploy-1" } }),
        incident({ id: "i2", startedAt: "2024-01-25T13:00", labels: { service: "api", deployment: "uid-2" } }),
      ],
    });
    expect(attributionOf(data)).toEqual([
      ["i1", "uid-1", "label"],
      ["i2", "uid-2", "label"],
    ]);
  });

  it("follows a `commit` label that is a ≥ 7-character prefix of the SHA, ignoring case", () => {
    const data = input({
      deployments: deployments(),
      incidents: [
        incident({ id: "i1", startedAt: "2024-01-20T13:00", labels: { service: "api", commit: "AAAAAAA1" } }),
        // 6 characters: too short to be explicit → inferred to deploy-2 (1 h before)
        incident({ id: "i2", startedAt: "2024-01-20T13:30", labels: { service: "api", commit: "aaaaaa" } }),
      ],
    });
    expect(attributionOf(data)).toEqual([
      ["i1", "uid-1", "label"],
      ["i2", "uid-2", "inferred"],
    ]);
  });

  it("finds by `commit` label deployments that share a 7-digit prefix, and SHAs that are not hex", () => {
    // p1 and p2 share the prefix abcdef1; odd carries a build tag, not a SHA (kept apart by the index).
    const data = input({
      deployments: [
        deployment({ id: "p1", sha: `abcdef1${"1".repeat(33)}`, finishedAt: "2024-01-05T00:00" }),
        deployment({ id: "p2", sha: `abcdef1${"2".repeat(33)}`, finishedAt: "2024-01-06T00:00" }),
        deployment({ id: "odd", sha: "zz-build-7", finishedAt: "2024-01-07T00:00" }),
      ],
      incidents: [
        // Both match; p2 is the latest finished before Jan 6 12:00.
        incident({ id: "i1", startedAt: "2024-01-06T12:00", labels: { service: "api", commit: "ABCDEF1" } }),
        // Only p1 starts with abcdef11.
        incident({ id: "i2", startedAt: "2024-01-08T00:00", labels: { service: "api", commit: "abcdef11" } }),
        incident({ id: "i3", startedAt: "2024-01-08T00:00", labels: { service: "api", commit: "zz-build-7" } }),
      ],
    });
    expect(attributionOf(data)).toEqual([
      ["i1", "p2", "label"],
      ["i2", "p1", "label"],
      ["i3", "odd", "label"],
    ]);
  });

  it("finds the same deployments by `commit` label once a service asks often (the sorted index, past 32 lookups)", () => {
    // p1, p2 share abcdef1 (as above), q3 is cafe003…; 40 incidents ask, one every 12 hours from
    // Jan 10 (the last on Jan 29, in the window): the first 32 scan the column, the rest go
    // through the sorted keys. Incident k (k = 0…39) names abcdef1 when k % 3 = 0 (p1 and p2
    // match: p2, the latest finished, is picked), abcdef11 when k % 3 = 1 (p1 only), cafe003
    // when k % 3 = 2 (q3).
    const data = input({
      deployments: [
        deployment({ id: "p1", sha: `abcdef1${"1".repeat(33)}`, finishedAt: "2024-01-05T00:00" }),
        deployment({ id: "q3", sha: `cafe003${"3".repeat(33)}`, finishedAt: "2024-01-05T12:00" }),
        deployment({ id: "p2", sha: `abcdef1${"2".repeat(33)}`, finishedAt: "2024-01-06T00:00" }),
      ],
      incidents: Array.from({ length: 40 }, (_, k) =>
        incident({
          id: `i${String(k).padStart(2, "0")}`,
          startedAt: new Date(Date.parse("2024-01-10T00:00:00Z") + k * 12 * 3_600_000).toISOString().slice(0, 16),
          labels: { service: "api", commit: ["abcdef1", "abcdef11", "cafe003"][k % 3]! },
        }),
      ),
    });
    const expected = Array.from({ length: 40 }, (_, k) => [`i${String(k).padStart(2, "0")}`, ["p2", "p1", "q3"][k % 3], "label"]);
    expect(attributionOf(data)).toEqual(expected);
  });

  it("picks, of several labelled matches, the latest finished before the start, else the earliest", () => {
    const data = input({
      deployments: [
        deployment({ id: "r1", name: "deploy-x", sha: sha("c1"), finishedAt: "2024-01-05T00:00" }),
        deployment({ id: "r2", name: "deploy-x", sha: sha("c2"), finishedAt: "2024-01-06T00:00" }),
        deployment({ id: "r3", name: "deploy-x", sha: sha("c3"), finishedAt: "2024-01-08T00:00" }),
      ],
      incidents: [
        // r1, r2 finished before Jan 7 → the latest of them, r2
        incident({ id: "i1", startedAt: "2024-01-07T00:00", labels: { service: "api", deployment: "deploy-x" } }),
        // none finished before Jan 4 → the earliest, r1
        incident({ id: "i2", startedAt: "2024-01-04T00:00", labels: { service: "api", deployment: "deploy-x" } }),
      ],
    });
    expect(attributionOf(data)).toEqual([
      ["i2", "r1", "label"],
      ["i1", "r2", "label"],
    ]);
  });

  it("infers the latest deployment finished within the attribution window, else none", () => {
    const data = input({
      deployments: deployments(),
      incidents: [
        // deploy-1 at Jan 10 12:00 + 24 h = Jan 11 12:00: exactly at the window's edge → inferred
        incident({ id: "in", startedAt: "2024-01-11T12:00", resolvedAt: "2024-01-11T13:00" }),
        // one second later → none
        incident({ id: "out", startedAt: "2024-01-11T12:00:01", resolvedAt: "2024-01-11T13:00" }),
        // before any deployment → none
        incident({ id: "early", startedAt: "2024-01-02T00:00", resolvedAt: "2024-01-02T01:00" }),
      ],
    });
    expect(attributionOf(data)).toEqual([
      ["early", null, "none"],
      ["in", "uid-1", "inferred"],
      ["out", null, "none"],
    ]);
    // a 48 h window reaches "out" too
    expect(attributionOf(data, options({ attributionWindowSeconds: 48 * HOUR }))[2]).toEqual(["out", "uid-1", "inferred"]);
  });

  it("attributes to a lookback deployment, which does not count in the change failure rate", () => {
    const data = input({
      deployments: [deployment({ id: "old", sha: sha("c0"), finishedAt: "2023-12-31T23:00" }), ...deployments()],
      incidents: [incident({ id: "i1", startedAt: "2024-01-01T01:00", resolvedAt: "2024-01-01T02:00" })],
    });
    const result = report(data);
    expect(result.incidents[0]).toMatchObject({ deploymentId: "old", attribution: "inferred" });
    expect(result.deployments.map((row) => row.id)).toEqual(["uid-1", "uid-2"]); // lookback not listed
    expect(result.overall.changeFailureRate).toEqual({ deployments: 2, failedDeployments: 0, rate: 0, tier: "elite" });
    // but the incident started in the window counts in time to restore: 1 h
    expect(result.overall.timeToRestore).toMatchObject({ incidents: 1, resolved: 1, medianSeconds: HOUR });
  });
});

describe("change failure rate", () => {
  it("counts a deployment with two incidents once", () => {
    const data = input({
      deployments: deployments(),
      incidents: [
        incident({ id: "i1", startedAt: "2024-01-10T13:00", resolvedAt: "2024-01-10T14:00" }),
        incident({ id: "i2", startedAt: "2024-01-10T15:00", resolvedAt: "2024-01-10T18:00" }),
      ],
    });
    const result = report(data);
    // 1 failed of 2 → 0.5 → low
    expect(result.overall.changeFailureRate).toEqual({ deployments: 2, failedDeployments: 1, rate: 0.5, tier: "low" });
    expect(result.deployments[0]).toMatchObject({ id: "uid-1", failed: true, incidentIds: ["i1", "i2"] });
    expect(result.deployments[1]).toMatchObject({ id: "uid-2", failed: false, incidentIds: [] });
  });

  it("ignores drills everywhere but lists them", () => {
    const data = input({
      deployments: deployments(),
      incidents: [incident({ id: "drill", startedAt: "2024-01-10T13:00", resolvedAt: "2024-01-10T14:00", isDrill: true })],
    });
    const result = report(data);
    expect(result.overall.changeFailureRate.failedDeployments).toBe(0);
    expect(result.overall.timeToRestore).toMatchObject({ incidents: 0, medianSeconds: null, tier: null });
    expect(result.incidents).toMatchObject([{ id: "drill", isDrill: true, attribution: "none", deploymentId: null, restoreSeconds: HOUR }]);
  });

  it("counts failed rollouts in numerator and denominator with countFailedRollouts, not in frequency", () => {
    const data = input({
      deployments: [
        ...deployments(),
        deployment({ id: "f1", sha: sha("f1"), finishedAt: "2024-01-15T00:00", status: "failed" }),
        deployment({ id: "f0", sha: sha("f0"), finishedAt: "2023-12-15T00:00", status: "failed" }), // lookback
      ],
    });
    const off = report(data);
    expect(off.overall.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 0, rate: 0 });
    expect(off.deployments.map((row) => row.id)).toEqual(["uid-1", "uid-2"]);

    const on = report(data, {}, options({ countFailedRollouts: true }));
    // 1 failed rollout of 3 runs → 1/3
    expect(on.overall.changeFailureRate).toMatchObject({ deployments: 3, failedDeployments: 1 });
    expect(on.overall.changeFailureRate.rate).toBeCloseTo(1 / 3, 12);
    expect(on.overall.deploymentFrequency.deployments).toBe(2);
    expect(on.overall.reworkRate.deployments).toBe(2);
    expect(on.deployments.map((row) => [row.id, row.status, row.failed])).toEqual([
      ["uid-1", "succeeded", false],
      ["f1", "failed", true],
      ["uid-2", "succeeded", false],
    ]);
  });
});

describe("time to restore and failed deployment recovery", () => {
  it("averages resolved incidents, counts active ones without averaging them", () => {
    const data = input({
      deployments: deployments(),
      incidents: [
        incident({ id: "a", startedAt: "2024-01-03T00:00", resolvedAt: "2024-01-03T01:00" }), // 1 h
        incident({ id: "b", startedAt: "2024-01-04T00:00", resolvedAt: "2024-01-04T03:00" }), // 3 h
        incident({ id: "c", startedAt: "2024-01-05T00:00" }), // active
      ],
    });
    const result = report(data);
    // mean (1+3)/2 = 2 h; median 2 h; p90 rank 0.9 → 1 h + 0.9·2 h = 2.8 h
    expect(result.overall.timeToRestore).toEqual({
      incidents: 3,
      resolved: 2,
      active: 1,
      meanSeconds: 2 * HOUR,
      medianSeconds: 2 * HOUR,
      p90Seconds: 2.8 * HOUR,
      tier: "high",
    });
    expect(result.incidents.map((row) => row.restoreSeconds)).toEqual([HOUR, 3 * HOUR, null]);
  });

  it("leaves out and warns about a resolution before the start", () => {
    const data = input({
      incidents: [incident({ id: "bad", startedAt: "2024-01-03T05:00", resolvedAt: "2024-01-03T04:00" })],
    });
    const result = report(data);
    expect(result.overall.timeToRestore).toMatchObject({ incidents: 1, resolved: 1, meanSeconds: null });
    expect(result.incidents[0]!.restoreSeconds).toBeNull();
    expect(result.warnings.map((warning) => [warning.code, warning.subject])).toEqual([["negative-restore-time", "bad"]]);
  });

  it("measures recovery from the failed deployment to the last resolution of its incidents", () => {
    const data = input({
      deployments: deployments(),
      incidents: [
        // deploy-1 (Jan 10 12:00): incidents resolved at 14:00 and 18:00 → 6 h
        incident({ id: "i1", startedAt: "2024-01-10T13:00", resolvedAt: "2024-01-10T14:00" }),
        incident({ id: "i2", startedAt: "2024-01-10T15:00", resolvedAt: "2024-01-10T18:00" }),
        // deploy-2: one incident still active → no recovery time yet
        incident({ id: "i3", startedAt: "2024-01-20T13:00" }),
      ],
    });
    const result = report(data);
    expect(result.overall.failedDeploymentRecoveryTime).toEqual({
      count: 1,
      meanSeconds: 6 * HOUR,
      medianSeconds: 6 * HOUR,
      p90Seconds: 6 * HOUR,
    });
    expect(result.overall.changeFailureRate).toMatchObject({ failedDeployments: 2, rate: 1 });
  });
});

describe("incident services", () => {
  it("maps an incident to the first configured service whose labels it carries; unmatched ones count nowhere", () => {
    const both: ServiceDefinition = { name: "both", repo: "acme/both", incidentLabels: { team: "core" } };
    const none: ServiceDefinition = { name: "none", repo: "acme/none", incidentLabels: {} };
    const data = input({
      incidents: [
        incident({ id: "i1", startedAt: "2024-01-03T00:00", resolvedAt: "2024-01-03T01:00", labels: { service: "web", team: "core" } }),
        incident({ id: "i2", startedAt: "2024-01-04T00:00", resolvedAt: "2024-01-04T01:00", labels: { team: "core" } }),
        incident({ id: "i3", startedAt: "2024-01-05T00:00", resolvedAt: "2024-01-05T01:00", labels: { other: "x" } }),
        incident({ id: "i4", startedAt: "2024-01-06T00:00", resolvedAt: "2024-01-06T01:00", labels: {} }),
        // lookback: not counted in the warning
        incident({ id: "i0", startedAt: "2023-12-06T00:00", resolvedAt: "2023-12-06T01:00", labels: {} }),
      ],
    });
    const result = report(data, { services: [none, WEB, both, API] });
    expect(result.incidents.map((row) => [row.id, row.service])).toEqual([
      ["i1", "web"], // web comes before both in config order
      ["i2", "both"],
      ["i3", null],
      ["i4", null],
    ]);
    // 4 in the window; i3 and i4 unmatched → counted for web (1) and both (1) only
    expect(result.overall.timeToRestore.incidents).toBe(2);
    expect(result.services["none"]!.timeToRestore.incidents).toBe(0);
    expect(result.warnings).toEqual([
      { code: "unmatched-incidents", message: expect.stringContaining("2 incidents") },
    ]);
  });

  it("reports figures per service", () => {
    const data = input({
      deployments: [
        ...deployments(),
        deployment({ id: "w1", service: "web", repo: "acme/web", sha: sha("w1"), finishedAt: "2024-01-12T00:00" }),
      ],
      incidents: [incident({ id: "i1", startedAt: "2024-01-12T01:00", resolvedAt: "2024-01-12T02:00", labels: { service: "web" } })],
    });
    const result = report(data, { services: [API, WEB] });
    expect(result.services["api"]!.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 0 });
    expect(result.services["web"]!.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 1, rate: 1 });
    expect(result.overall.changeFailureRate).toMatchObject({ deployments: 3, failedDeployments: 1 });
    expect(result.overall.timeToRestore.medianSeconds).toBe(HOUR);
    expect(result.services["api"]!.timeToRestore.medianSeconds).toBeNull();
  });
});
