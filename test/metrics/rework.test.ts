import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import { commit, deployment, incident, input, linearGraph, options, scope, sha } from "./builders.js";

// An incident of api open Jan 10 10:00 → Jan 10 12:00; grace 1 h → open until 13:00.
const openIncident = incident({ id: "i1", startedAt: "2024-01-10T10:00", resolvedAt: "2024-01-10T12:00" });
const reworkOf = (finishedAt: string, extra: { isDrill?: boolean; labels?: Record<string, string> } = {}) => {
  const data = input({
    deployments: [deployment({ id: "D", sha: sha("d"), finishedAt })],
    incidents: [{ ...openIncident, ...extra }],
  });
  return computeReport(data, scope(), options()).deployments[0]!.rework;
};

describe("rework", () => {
  it("marks a deployment finished while an incident of its service was open, grace included", () => {
    expect(reworkOf("2024-01-10T09:59:59")).toBe(false); // before the start
    expect(reworkOf("2024-01-10T10:00")).toBe(true); // startedAt ≤ finishedAt
    expect(reworkOf("2024-01-10T13:00")).toBe(true); // resolvedAt + 1 h, inclusive
    expect(reworkOf("2024-01-10T13:00:01")).toBe(false); // past the grace
  });

  it("ignores drills and other services' incidents", () => {
    expect(reworkOf("2024-01-10T11:00", { isDrill: true })).toBe(false);
    expect(reworkOf("2024-01-10T11:00", { labels: { service: "web" } })).toBe(false);
  });

  it("honours the grace option", () => {
    const data = input({
      deployments: [deployment({ id: "D", sha: sha("d"), finishedAt: "2024-01-10T12:30" })],
      incidents: [openIncident],
    });
    // grace 0: the incident closed at 12:00, before the 12:30 deployment
    expect(computeReport(data, scope(), options({ reworkGraceSeconds: 0 })).deployments[0]!.rework).toBe(false);
  });

  it("keeps an active incident open until now, even one started in the lookback", () => {
    const data = input({
      deployments: [deployment({ id: "D", sha: sha("d"), finishedAt: "2024-01-20T00:00" })],
      incidents: [incident({ id: "old", startedAt: "2023-12-30T00:00" })], // active
    });
    expect(computeReport(data, scope({ now: "2024-01-31T00:00" }), options()).deployments[0]!.rework).toBe(true);
    // "now" before the deployment (a pinned clock): no longer open at that time
    expect(computeReport(data, scope({ now: "2024-01-19T00:00" }), options()).deployments[0]!.rework).toBe(false);
  });

  it("counts rollbacks as rework and gives the rate", () => {
    const data = input({
      deployments: [
        deployment({ id: "D1", sha: sha("c1"), finishedAt: "2024-01-05T00:00" }),
        deployment({ id: "D2", sha: sha("c2"), finishedAt: "2024-01-06T00:00" }),
        deployment({ id: "D3", sha: sha("c1"), finishedAt: "2024-01-07T00:00" }), // back to c1
        deployment({ id: "D4", sha: sha("c3"), finishedAt: "2024-01-08T00:00" }),
      ],
      // c1 ← c2 ← c3: D3 deploys c1, an ancestor of D2's c2.
      commitGraphs: [linearGraph([commit(sha("c1"), "2024-01-01T00:00"), commit(sha("c2"), "2024-01-02T00:00"), commit(sha("c3"), "2024-01-03T00:00")])],
    });
    const result = computeReport(data, scope(), options());
    expect(result.deployments.map((row) => [row.id, row.rollback, row.rework])).toEqual([
      ["D1", false, false],
      ["D2", false, false],
      ["D3", true, true],
      ["D4", false, false],
    ]);
    // 1 of 4
    expect(result.overall.reworkRate).toEqual({ deployments: 4, reworkDeployments: 1, rate: 0.25 });
  });
});
