import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import { DAY, HOUR, commit, comparison, deployment, input, options, repoCommit, scope, sha } from "./builders.js";
import { FakeGitHub } from "./fake-github.js";

const c = (n: number) => sha(`c${n}`);
const codes = (report: { warnings: { code: string; subject?: string }[] }) =>
  report.warnings.map((warning) => `${warning.code}:${warning.subject ?? ""}`);

describe("changes and lead time", () => {
  it("counts only the head commit of a first deployment, with a warning", () => {
    const data = input({
      deployments: [deployment({ id: "D1", name: "deploy-1", sha: c(3), finishedAt: "2024-01-05T12:00" })],
      commits: [repoCommit("acme/api", c(3), "2024-01-04T12:00")],
    });
    const report = computeReport(data, scope(), options());
    // 2024-01-04T12:00 → 2024-01-05T12:00 = 1 day
    expect(report.changes).toEqual([
      {
        sha: c(3),
        service: "api",
        repo: "acme/api",
        authoredAt: "2024-01-04T12:00:00.000Z",
        committedAt: "2024-01-04T12:00:00.000Z",
        deploymentId: "D1",
        deployedAt: "2024-01-05T12:00:00.000Z",
        leadTimeSeconds: DAY,
      },
    ]);
    expect(report.overall.leadTime).toMatchObject({ changes: 1, meanSeconds: DAY, medianSeconds: DAY, p90Seconds: DAY });
    expect(codes(report)).toEqual(["first-deployment:deploy-1"]);
  });

  it("gives a redeploy of the same SHA no changes", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T00:00" }),
        deployment({ id: "D1", sha: c(2), finishedAt: "2024-01-05T00:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-06T00:00" }),
      ],
      comparisons: [comparison(c(1), c(2), "ahead", [commit(c(2), "2024-01-04T00:00")])],
    });
    const report = computeReport(data, scope(), options());
    expect(report.deployments.map((row) => [row.id, row.changes, row.rollback])).toEqual([
      ["D1", 1, false],
      ["D2", 0, false],
    ]);
  });

  it("gives a rollback (compare behind) no changes, and compares the next deployment from the high water", () => {
    // Dec 1..6: c1..c6 authored at noon. L (lookback) runs c1; D1 c4; D2 rolls back to c2; D3 c6.
    const history = [1, 2, 3, 4, 5, 6].map((n) => commit(c(n), `2023-12-0${n}T12:00`));
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T00:00" }),
        deployment({ id: "D1", sha: c(4), finishedAt: "2024-01-02T12:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-03T12:00" }),
        deployment({ id: "D3", sha: c(6), finishedAt: "2024-01-04T12:00" }),
      ],
    });
    const github = new FakeGitHub({ "acme/api": history });
    // One round: the graph compare c1...c6 (oldest...newest deployed SHA) holds every deployed SHA.
    expect(github.collect(data, scope().window)).toBe(1);
    expect(github.comparisonCalls).toEqual([{ repo: "acme/api", base: c(1), head: c(6) }]);
    const report = computeReport(data, scope(), options());
    expect(report.deployments.map((row) => [row.id, row.changes, row.rollback, row.rework])).toEqual([
      ["D1", 3, false, false], // c2, c3, c4
      ["D2", 0, true, true], // rollback: rework too
      ["D3", 2, false, false], // c4...c6 = c5, c6 (not c3, c4 again)
    ]);
    // D3's changes: c5 Dec 5 12:00 → Jan 4 12:00 = 30 days; c6 → 29 days
    expect(report.changes.filter((change) => change.deploymentId === "D3").map((change) => change.leadTimeSeconds)).toEqual([
      30 * DAY,
      29 * DAY,
    ]);
  });

  it("gives a deployment after a rollback that re-deploys the high water no changes", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T00:00" }),
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-03T00:00" }),
        deployment({ id: "D3", sha: c(3), finishedAt: "2024-01-04T00:00" }),
      ],
      comparisons: [
        comparison(c(1), c(3), "ahead", [commit(c(2), "2023-12-02T00:00"), commit(c(3), "2023-12-03T00:00")]),
        comparison(c(3), c(2), "behind"),
        comparison(c(2), c(3), "ahead", [commit(c(3), "2023-12-03T00:00")]),
      ],
    });
    const report = computeReport(data, scope(), options());
    expect(report.deployments.map((row) => [row.id, row.changes, row.rollback])).toEqual([
      ["D1", 2, false],
      ["D2", 0, true],
      ["D3", 0, false],
    ]);
  });

  it("counts a commit once, at its first deployment", () => {
    // Diverged histories: c3 appears in both D1's and D2's compares; it belongs to D1 only.
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T00:00" }),
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: c(5), finishedAt: "2024-01-03T00:00" }),
      ],
      comparisons: [
        comparison(c(1), c(3), "ahead", [commit(c(3), "2024-01-01T00:00")]),
        comparison(c(3), c(5), "diverged", [commit(c(3), "2024-01-01T00:00"), commit(c(5), "2024-01-02T12:00")]),
      ],
    });
    const report = computeReport(data, scope(), options());
    expect(report.changes.map((change) => [change.deploymentId, change.sha])).toEqual([
      ["D1", c(3)],
      ["D2", c(5)],
    ]);
    // D1: Jan 1 → Jan 2 = 86400; D2: Jan 2 12:00 → Jan 3 = 43200; mean 64800, median (43200+86400)/2 = 64800
    expect(report.overall.leadTime).toMatchObject({ changes: 2, meanSeconds: 64_800, medianSeconds: 64_800 });
  });

  describe("lead-time start", () => {
    const pr = { number: 7, createdAt: "2024-01-03T00:00:00Z", firstCommitAuthoredAt: "2024-01-01T00:00:00Z" };
    const make = (withPr: boolean): MetricsInput =>
      input({
        deployments: [
          deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T00:00" }),
          deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T00:00" }),
        ],
        comparisons: [
          comparison(c(1), c(3), "ahead", [
            { sha: c(3), authoredAt: "2024-01-02T00:00:00Z", committedAt: "2024-01-04T00:00:00Z", ...(withPr ? { pullRequest: pr } : {}) },
          ]),
        ],
      });
    const leadTime = (data: MetricsInput, start: "authored" | "committed" | "pull-request") =>
      computeReport(data, scope(), options({ leadTimeStart: start })).changes[0]!.leadTimeSeconds;

    it("authored: from the author date", () => {
      expect(leadTime(make(true), "authored")).toBe(3 * DAY); // Jan 2 → Jan 5
    });
    it("committed: from the committer date", () => {
      expect(leadTime(make(true), "committed")).toBe(DAY); // Jan 4 → Jan 5
    });
    it("pull-request: from the PR's first commit, else the author date", () => {
      expect(leadTime(make(true), "pull-request")).toBe(4 * DAY); // Jan 1 → Jan 5
      expect(leadTime(make(false), "pull-request")).toBe(3 * DAY); // no PR: Jan 2 → Jan 5
    });
  });

  it("excludes and warns about a lead time ≤ 0, and a commit without a date", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T00:00" }),
        deployment({ id: "D1", name: "deploy-1", sha: c(4), finishedAt: "2024-01-05T00:00" }),
      ],
      comparisons: [
        comparison(c(1), c(4), "ahead", [
          commit(c(2), "2024-01-04T00:00"), // 1 day: counts
          commit(c(3), "2024-01-05T00:00"), // exactly at the deploy: 0 → excluded
          { sha: c(4) }, // no dates
        ]),
      ],
    });
    const report = computeReport(data, scope(), options());
    expect(report.changes.map((change) => change.leadTimeSeconds)).toEqual([DAY, null, null]);
    expect(report.deployments[0]!.changes).toBe(3);
    expect(report.overall.leadTime).toMatchObject({ changes: 1, medianSeconds: DAY });
    expect(codes(report)).toEqual([`non-positive-lead-time:${c(3)}`, `missing-commit-date:${c(4)}`]);
    expect(report.warnings[0]!.message).toContain("deploy-1");
  });

  it("falls back to the head commit when GitHub lost the comparison", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T00:00" }),
        deployment({ id: "D1", name: "deploy-1", sha: c(3), finishedAt: "2024-01-05T00:00" }),
      ],
      missingComparisons: [{ repo: "acme/api", base: c(1), head: c(3) }],
      commits: [repoCommit("acme/api", c(3), "2024-01-04T18:00")],
    });
    const report = computeReport(data, scope(), options());
    // only c3: Jan 4 18:00 → Jan 5 00:00 = 6 h
    expect(report.changes.map((change) => [change.sha, change.leadTimeSeconds])).toEqual([[c(3), 6 * HOUR]]);
    expect(codes(report)).toEqual(["comparison-not-found:deploy-1"]);
    expect(report.warnings[0]!.message).toContain(`${c(1)}...${c(3)}`);
  });

  it("gives no changes and a warning when the head commit cannot be found either", () => {
    const data = input({
      deployments: [deployment({ id: "D1", name: "deploy-1", sha: c(3), finishedAt: "2024-01-05T00:00" })],
      missingCommits: [{ repo: "acme/api", sha: c(3) }],
    });
    const report = computeReport(data, scope(), options());
    expect(report.changes).toEqual([]);
    expect(report.deployments[0]!.changes).toBe(0);
    expect(report.overall.leadTime).toEqual({ changes: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, tier: null });
    expect(codes(report)).toEqual(["first-deployment:deploy-1", "commit-not-found:deploy-1"]);
  });
});
