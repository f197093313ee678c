import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import { resolveLineages } from "../../src/metrics/lineage.js";
import { successfulHistories } from "../../src/metrics/deployment-history.js";
import { indexGitHubData } from "../../src/metrics/github-data.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import { DAY, commit, deployment, input, options, scope, sha, commitChain, decemberDay } from "./builders.js";
import { FakeGitHub } from "./fake-github.js";

// Hand-drawn commit graphs (oldest first; parents written out where it is not the commit before).
// Window: January 2024; everything before 2024-01-01 is lookback. Each figure is the set
// reachable from the deployment's SHA and from no earlier successful deployment's SHA.

const window = scope().window;
const day = decemberDay;
const chain = commitChain;

function run(data: MetricsInput, github: FakeGitHub) {
  github.collect(data, window);
  const report = computeReport(data, scope(), options());
  const rows = report.deployments.map((row) => [row.id, row.changes, row.rollback]);
  const reasons = Object.fromEntries(
    resolveLineages(successfulHistories(data.deployments).get("api")!, { fromMs: window.from.getTime(), toMs: window.to.getTime() }, indexGitHubData(data), "missing").map(
      (lineage) => [lineage.deployment.id, lineage.reason.kind],
    ),
  );
  return { report, rows, reasons };
}

const leadTimesOf = (report: ReturnType<typeof computeReport>, id: string) =>
  report.changes.filter((change) => change.deploymentId === id).map((change) => change.leadTimeSeconds);

describe("change sets on the commit graph", () => {
  it("a rollback as the last lookback deployment, then a forward deployment in the window", () => {
    // a1 ← a2 ← a3 ← a4 ← a5 (Dec 1..5, noon). Lookback: L1 a3, L2 a1 (rollback). Window: D1 a5.
    // D1 = {a1..a5} − {a1..a3} − {a1} = {a4, a5}: 2 changes (compared with L2 alone it would be a2..a5 = 4).
    const data = input({
      deployments: [
        deployment({ id: "L1", sha: sha("a3"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "L2", sha: sha("a1"), finishedAt: "2023-12-11T00:00" }),
        deployment({ id: "D1", sha: sha("a5"), finishedAt: "2024-01-02T12:00" }),
      ],
    });
    const { report, rows, reasons } = run(data, new FakeGitHub({ "acme/api": chain("a", 5) }));
    expect(rows).toEqual([["D1", 2, false]]);
    expect(reasons).toEqual({ D1: "high-water" });
    // a4 Dec 4 12:00 → Jan 2 12:00 = 29 d; a5 Dec 5 → 28 d
    expect(leadTimesOf(report, "D1")).toEqual([29 * DAY, 28 * DAY]);
  });

  it("a redeploy, in the window, of a SHA rolled back in the lookback: 0 changes", () => {
    // Same graph. Lookback: L1 a3, L2 a1 (rollback). Window: D1 a3 again: {a1..a3} all reached by L1 → 0.
    const data = input({
      deployments: [
        deployment({ id: "L1", sha: sha("a3"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "L2", sha: sha("a1"), finishedAt: "2023-12-11T00:00" }),
        deployment({ id: "D1", sha: sha("a3"), finishedAt: "2024-01-02T12:00" }),
      ],
    });
    const { rows, reasons } = run(data, new FakeGitHub({ "acme/api": chain("a", 5) }));
    expect(rows).toEqual([["D1", 0, false]]);
    expect(reasons).toEqual({ D1: "already-deployed" });
  });

  it("a branch deploy (diverged), then its merge: the branch commits count once, at the branch deploy", () => {
    //   m1 ← m2 ←──── M (merge, parents m2, b2)
    //    ↖ b1 ← b2 ↙
    // L m1 (lookback); D1 m2 → {m2} = 1; D2 b2 (diverged from m2) → {b1, b2} = 2 (what GitHub's
    // m2...b2 lists: reachable from b2, not from the merge base m1); D3 M → {M} = 1 (m2, b1, b2 counted).
    const history = [
      commit(sha("m1"), day(1), { parents: [] }),
      commit(sha("m2"), day(2), { parents: [sha("m1")] }),
      commit(sha("b1"), day(3), { parents: [sha("m1")] }),
      commit(sha("b2"), day(4), { parents: [sha("b1")] }),
      commit(sha("mm"), day(5), { parents: [sha("m2"), sha("b2")] }),
    ];
    const data = input({
      deployments: [
        deployment({ id: "L", sha: sha("m1"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: sha("m2"), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: sha("b2"), finishedAt: "2024-01-03T00:00" }),
        deployment({ id: "D3", sha: sha("mm"), finishedAt: "2024-01-04T00:00" }),
      ],
    });
    const { report, rows, reasons } = run(data, new FakeGitHub({ "acme/api": history }));
    expect(rows).toEqual([
      ["D1", 1, false],
      ["D2", 2, false],
      ["D3", 1, false],
    ]);
    expect(reasons).toEqual({ D1: "ahead", D2: "high-water", D3: "ahead" });
    expect(report.changes.filter((change) => change.deploymentId === "D2").map((change) => change.sha)).toEqual([sha("b1"), sha("b2")]);
  });

  it("a squash merge: the squashed branch commits are not changes, the squash commit is", () => {
    // s1 ← s2 ← S (squash of f1, f2, a single parent s2); f1 ← f2 branch off s1, never deployed.
    // L s1; D1 S → {s2, S} = 2 (f1, f2 are not reachable from S).
    const history = [
      commit(sha("s1"), day(1), { parents: [] }),
      commit(sha("f1"), day(2), { parents: [sha("s1")] }),
      commit(sha("f2"), day(3), { parents: [sha("f1")] }),
      commit(sha("s2"), day(4), { parents: [sha("s1")] }),
      commit(sha("sq"), day(5), { parents: [sha("s2")] }),
    ];
    const data = input({
      deployments: [
        deployment({ id: "L", sha: sha("s1"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: sha("sq"), finishedAt: "2024-01-02T12:00" }),
      ],
    });
    const { report, rows } = run(data, new FakeGitHub({ "acme/api": history }));
    expect(rows).toEqual([["D1", 2, false]]);
    // s2 Dec 4 12:00 → Jan 2 12:00 = 29 d; S Dec 5 → 28 d
    expect(leadTimesOf(report, "D1")).toEqual([29 * DAY, 28 * DAY]);
  });

  it("a force-pushed SHA between two good deployments: the next one is measured from the last SHA the graph knows", () => {
    // h1 ← h2 ← h3 ← h4; X was force-pushed away (404 for compares and the commit).
    // L h1; D1 h2 → {h2} = 1; D2 X → head commit only, and GitHub lost it → 0, warnings;
    // D3 h4 → {h3, h4} = 2 (from h2, the last SHA the graph knows).
    const data = input({
      deployments: [
        deployment({ id: "L", sha: sha("h1"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: sha("h2"), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: sha("x1"), finishedAt: "2024-01-03T00:00" }),
        deployment({ id: "D3", sha: sha("h4"), finishedAt: "2024-01-04T00:00" }),
      ],
    });
    const { report, rows, reasons } = run(data, new FakeGitHub({ "acme/api": chain("h", 4) }, new Set([sha("x1")])));
    expect(rows).toEqual([
      ["D1", 1, false],
      ["D2", 0, false],
      ["D3", 2, false],
    ]);
    // D3's base is D1, the latest earlier deployment whose SHA is an ancestor (the previous one is lost).
    expect(reasons).toEqual({ D1: "ahead", D2: "comparison-not-found", D3: "high-water" });
    expect(report.warnings.map((warning) => warning.code)).toEqual(expect.arrayContaining(["comparison-not-found", "commit-not-found"]));
  });

  it("a 400-commit release counts its 400 commits", () => {
    // r1 ← … ← r401, one a minute from Dec 1 00:00. L r1; D1 r401 → r2..r401 = 400 changes.
    const r = (n: number) => sha(`r${String(n).padStart(3, "0")}`);
    const history = Array.from({ length: 401 }, (_, index) => commit(r(index + 1), new Date(Date.UTC(2023, 11, 1, 0, index)).toISOString()));
    const data = input({
      deployments: [
        deployment({ id: "L", sha: r(1), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: r(401), finishedAt: "2024-01-01T00:00" }),
      ],
    });
    const { report, rows } = run(data, new FakeGitHub({ "acme/api": history }));
    expect(rows).toEqual([["D1", 400, false]]);
    // r2 Dec 1 00:01 → Jan 1 00:00 = 31 d − 60 s; r401 Dec 1 06:40 → 31 d − 24,000 s
    const leadTimes = leadTimesOf(report, "D1");
    expect([leadTimes[0], leadTimes[399]]).toEqual([31 * DAY - 60, 31 * DAY - 24_000]);
  });

  it("a rollback to a SHA older than the whole range", () => {
    // o1 ← o2 ← o3 ← o4 ← o5. L o3 is the oldest deployed SHA (the graph's root); D1 o5 → {o4, o5} = 2;
    // D2 o1: behind o5 and below the root → rollback, 0; D3 o5 again → already deployed, 0.
    const data = input({
      deployments: [
        deployment({ id: "L", sha: sha("o3"), finishedAt: "2023-12-10T00:00" }),
        deployment({ id: "D1", sha: sha("o5"), finishedAt: "2024-01-02T00:00" }),
        deployment({ id: "D2", sha: sha("o1"), finishedAt: "2024-01-03T00:00" }),
        deployment({ id: "D3", sha: sha("o5"), finishedAt: "2024-01-04T00:00" }),
      ],
    });
    const github = new FakeGitHub({ "acme/api": chain("o", 5) });
    const { rows, reasons } = run(data, github);
    expect(rows).toEqual([
      ["D1", 2, false],
      ["D2", 0, true],
      ["D3", 0, false],
    ]);
    expect(reasons).toEqual({ D1: "ahead", D2: "rollback", D3: "already-deployed" });
    // o3...o5 (the first and the last deployment's SHAs), then o5...o1 (the graph's tip to the SHA it lacks).
    expect(github.comparisonCalls.map((request) => `${request.base.slice(0, 2)}...${request.head.slice(0, 2)}`)).toEqual(["o3...o5", "o5...o1"]);
  });

  it("two consecutive windows give the changes and lead-time sums of one window over both", () => {
    // a1..a5 as above; L1 a3, L2 a1 (rollback) in the lookback; D1 a4 (Jan 10), D2 a2 (Jan 20, rollback), D3 a5 (Jan 25).
    // One window [Jan 1, Jan 31): D1 {a4} (37 d 12 h... see below), D2 0, D3 {a5}.
    // Two windows [Jan 1, Jan 16) and [Jan 16, Jan 31): the same, each window's lookback holding the other's past.
    const deployments = [
      deployment({ id: "L1", sha: sha("a3"), finishedAt: "2023-12-10T00:00" }),
      deployment({ id: "L2", sha: sha("a1"), finishedAt: "2023-12-11T00:00" }),
      deployment({ id: "D1", sha: sha("a4"), finishedAt: "2024-01-10T12:00" }),
      deployment({ id: "D2", sha: sha("a2"), finishedAt: "2024-01-20T12:00" }),
      deployment({ id: "D3", sha: sha("a5"), finishedAt: "2024-01-25T12:00" }),
    ];
    const summary = (from: string, to: string) => {
      const data = input({ deployments });
      new FakeGitHub({ "acme/api": chain("a", 5) }).collect(data, scope({ from, to }).window);
      const report = computeReport(data, scope({ from, to }), options());
      return report.changes.map((change) => [change.deploymentId, change.sha.slice(0, 2), change.leadTimeSeconds]);
    };
    // a4: Dec 4 12:00 → Jan 10 12:00 = 37 d; a5: Dec 5 12:00 → Jan 25 12:00 = 51 d
    const whole = summary("2024-01-01T00:00", "2024-01-31T00:00");
    expect(whole).toEqual([
      ["D1", "a4", 37 * DAY],
      ["D3", "a5", 51 * DAY],
    ]);
    expect([...summary("2024-01-01T00:00", "2024-01-16T00:00"), ...summary("2024-01-16T00:00", "2024-01-31T00:00")]).toEqual(whole);
  });
});
