import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import { explainDeployment, findDeployment } from "../../src/metrics/explain/explanation.js";
import type { Commit } from "../../src/model/commit.js";
import type { Report } from "../../src/model/report.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import { renderExplanation } from "../../src/render/explain/render-explain.js";
import { DAY, HOUR, commit, deployment, input, options, scope, sha, commitChain, decemberDay } from "./builders.js";
import { FakeGitHub } from "./fake-github.js";

// `dora explain` for the lineage reasons no other test explains (identical, already-deployed,
// diverged), each on a hand-drawn commit graph (oldest first) of service api, window January 2024
// (UTC), everything before it lookback. A deployment's changes are the commits reachable from its
// SHA and from no earlier successful deployment's SHA (docs/metric-definitions.md).

const window = scope().window;
const day = decemberDay;
const chain = commitChain;
const ref = (id: string, shaValue: string, finishedAt: string) => ({ id, name: id, sha: shaValue, finishedAt });

function run(data: MetricsInput, history: Commit[]): Report {
  new FakeGitHub({ "acme/api": history }).collect(data, window);
  return computeReport(data, scope(), options());
}

/** `dora explain deployment <name>` as the text renderer prints it. */
function explained(report: Report, name: string): string {
  const found = findDeployment(report, name);
  if (found.kind !== "found") throw new Error(`no deployment ${name}`);
  return renderExplanation("table", explainDeployment(report, found.value));
}

const row = (report: Report, id: string) => report.deployments.find((deployment) => deployment.id === id)!;
const changesOf = (report: Report, id: string) => report.changes.filter((change) => change.deploymentId === id).map((change) => [change.sha, change.leadTimeSeconds]);

describe("dora explain on hand-built commit graphs", () => {
  it("identical: the previous deployment's commit under a short SHA, no changes", () => {
    // a1 ← a2 ← a3. L a1 (lookback); D1 a3 → {a1, a2, a3} − {a1} = {a2, a3} = 2;
    // D2 "a300000" (7 characters, the same commit as D1's) → {a1, a2, a3} − {a1, a2, a3} = 0.
    const data = input({
      deployments: [
        deployment({ id: "L", sha: sha("a1"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: sha("a3"), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: sha("a3").slice(0, 7), finishedAt: "2024-01-03T00:00" }),
      ],
    });
    const report = run(data, chain("a", 3));
    expect(report.deployments.map((deployment) => [deployment.id, deployment.changes, deployment.rollback])).toEqual([
      ["D1", 2, false],
      ["D2", 0, false],
    ]);
    const d1 = ref("D1", sha("a3"), "2024-01-02T00:00:00.000Z");
    expect(row(report, "D2").lineage).toEqual({ reason: "identical", previous: d1, base: d1, compared: null, alreadyDeployed: [] });
    expect(changesOf(report, "D2")).toEqual([]);
    const text = explained(report, "D2");
    expect(text).toContain("Changes: 0 (0 in lead time)");
    expect(text).toContain("the same commit as the previous deployment D1 (a30000000000): no changes");
    expect(text).toContain("Rework\n  not rework");
  });

  it("already-deployed: a redeploy of the SHA a rollback left, measured against the deployment that first reached it", () => {
    // a1 ← a2 ← a3, all in the window. D0 a3: first deployment, its head commit only = 1;
    // D1 a1: ancestor of a3 → rollback, 0; D2 a3 again (not the previous SHA a1, not its ancestor):
    // {a1, a2, a3} − reached {a1, a2, a3} = 0, and D0 is the deployment whose SHA it is.
    const data = input({
      deployments: [
        deployment({ id: "D0", sha: sha("a3"), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D1", sha: sha("a1"), finishedAt: "2024-01-03T00:00" }),
        deployment({ id: "D2", sha: sha("a3"), finishedAt: "2024-01-04T00:00" }),
      ],
    });
    const report = run(data, chain("a", 3));
    expect(report.deployments.map((deployment) => [deployment.id, deployment.changes, deployment.rollback])).toEqual([
      ["D0", 1, false],
      ["D1", 0, true],
      ["D2", 0, false],
    ]);
    expect(row(report, "D2").lineage).toEqual({
      reason: "already-deployed",
      previous: ref("D1", sha("a1"), "2024-01-03T00:00:00.000Z"),
      base: ref("D0", sha("a3"), "2024-01-02T00:00:00.000Z"),
      compared: null,
      alreadyDeployed: [],
    });
    expect(changesOf(report, "D2")).toEqual([]);
    const text = explained(report, "D2");
    expect(text).toContain("Changes: 0 (0 in lead time)");
    expect(text).toContain("its SHA was already reached by D0 (a30000000000): no changes");
    // Not a rollback (a3 is no ancestor of a1), so not rework either.
    expect(text).toContain("Rework\n  not rework");
  });

  it("already-deployed, closest case without a base: a SHA an earlier deployment reached but no deployment deployed", () => {
    // a1 ← a2 ← a3 and b1 ← b2 branching off a1. L a1 (lookback); D1 a3 → {a2, a3} = 2;
    // D2 b2 → {a1, b1, b2} − {a1, a2, a3} = {b1, b2} = 2 (the walk stops at a1, L's SHA → high-water, base L);
    // D3 a2 → {a1, a2} − reached {a1, a2, a3, b1, b2} = 0; a2 is no ancestor of b2 (not a rollback) and no
    // deployment deployed a2 itself, so the lineage has no base (D1 reached a2, but only as an ancestor).
    const history = [...chain("a", 3), commit(sha("b1"), day(4), { parents: [sha("a1")] }), commit(sha("b2"), day(5), { parents: [sha("b1")] })];
    const data = input({
      deployments: [
        deployment({ id: "L", sha: sha("a1"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: sha("a3"), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: sha("b2"), finishedAt: "2024-01-03T00:00" }),
        deployment({ id: "D3", sha: sha("a2"), finishedAt: "2024-01-04T00:00" }),
      ],
    });
    const report = run(data, history);
    expect(report.deployments.map((deployment) => [deployment.id, deployment.changes, deployment.rollback, deployment.lineage?.reason])).toEqual([
      ["D1", 2, false, "ahead"],
      ["D2", 2, false, "high-water"],
      ["D3", 0, false, "already-deployed"],
    ]);
    expect(row(report, "D3").lineage).toEqual({
      reason: "already-deployed",
      previous: ref("D2", sha("b2"), "2024-01-03T00:00:00.000Z"),
      base: null,
      compared: null,
      alreadyDeployed: [],
    });
    expect(explained(report, "D3")).toContain("its SHA was already reached by an earlier deployment: no changes");
  });

  it("diverged: a branch off a commit no deployment's SHA sits on, its one new commit counts", () => {
    // a1 ← a2 ← a3, and b1 branching off a2 (authored Dec 4 noon).
    // L a1 (lookback); D1 a3 → {a2, a3} = 2; D2 b1 → {a1, a2, b1} − {a1, a2, a3} = {b1} = 1: the walk
    // from b1 stops at a2, which D1 reached but no deployment deployed: no base found → diverged, base D1.
    const history = [...chain("a", 3), commit(sha("b1"), day(4), { parents: [sha("a2")] })];
    const data = input({
      deployments: [
        deployment({ id: "L", sha: sha("a1"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: sha("a3"), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: sha("b1"), finishedAt: "2024-01-03T00:00" }),
      ],
    });
    const report = run(data, history);
    expect(report.deployments.map((deployment) => [deployment.id, deployment.changes, deployment.rollback])).toEqual([
      ["D1", 2, false],
      ["D2", 1, false],
    ]);
    const d1 = ref("D1", sha("a3"), "2024-01-02T00:00:00.000Z");
    expect(row(report, "D2").lineage).toEqual({ reason: "diverged", previous: d1, base: d1, compared: null, alreadyDeployed: [] });
    // b1 Dec 4 12:00 → Jan 3 00:00 = 29 d 12 h
    expect(changesOf(report, "D2")).toEqual([[sha("b1"), 29 * DAY + 12 * HOUR]]);
    const text = explained(report, "D2");
    expect(text).toContain("Changes: 1 (1 in lead time)");
    expect(text).toContain(
      "on a line no earlier deployment sits on (a branch deploy), after the previous deployment D1 (a30000000000): its changes are the commits no earlier deployment reached",
    );
    expect(text).toMatch(/│ b10000000000 │ 2023-12-04 12:00 │ 29d 12h +│/);
  });
});
