import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import type { Deployment } from "../../src/model/deployment.js";
import { collectInput, type Sources } from "../../src/pipeline/collect-input.js";
import { createCommitGraphStore } from "../../src/sources/cache/commit-graph-store.js";
import { createGitHubSource } from "../../src/sources/github/github-client.js";
import { API, WEB, deployment, options, scope, sha } from "../metrics/builders.js";
import { startDagGitHub, type DagCommit, type DagGitHub } from "../sources/github/dag-github-server.js";

// The real GitHub client and the pipeline's planning rounds against a GitHub computing compares from
// a commit DAG, with the commit-graph cache kept between runs (as a nightly CI cache would be).
//
// acme/api: a1 ← … ← a200 (one every 3 h from Dec 1); a branch b1 ← b2 off a120; mg merges a160 and b2;
// next night n1 ← … ← n10 on top of mg. acme/web: w1 ← … ← w50.
const at = (hours: number) => new Date(Date.UTC(2023, 11, 1) + hours * 3_600_000).toISOString();
const a = (n: number) => sha(`a${String(n).padStart(3, "0")}`);
const api: DagCommit[] = [
  ...Array.from({ length: 200 }, (_, index) => ({ sha: a(index + 1), parents: index === 0 ? [] : [a(index)], date: at(3 * index) })),
  { sha: sha("b1"), parents: [a(120)], date: at(400) },
  { sha: sha("b2"), parents: [sha("b1")], date: at(401) },
  { sha: sha("ee"), parents: [a(160), sha("b2")], date: at(600) },
];
const nextNight: DagCommit[] = Array.from({ length: 10 }, (_, index) => ({ sha: sha(`n${index}`), parents: [index === 0 ? sha("ee") : sha(`n${index - 1}`)], date: at(940 + index) }));
const w = (n: number) => sha(`f${String(n).padStart(2, "0")}`);
const web: DagCommit[] = Array.from({ length: 50 }, (_, index) => ({ sha: w(index + 1), parents: index === 0 ? [] : [w(index)], date: at(index) }));

const deployments: Deployment[] = [
  deployment({ id: "L1", sha: a(20), finishedAt: "2023-12-05T00:00" }),
  deployment({ id: "L2", sha: a(100), finishedAt: "2023-12-20T00:00" }),
  deployment({ id: "L3", sha: a(90), finishedAt: "2023-12-21T00:00" }), // rollback in the lookback
  deployment({ id: "D1", sha: a(130), finishedAt: "2024-01-03T00:00" }),
  deployment({ id: "D2", sha: sha("b2"), finishedAt: "2024-01-05T00:00" }), // branch deploy
  deployment({ id: "D3", sha: sha("ee"), finishedAt: "2024-01-09T00:00" }), // its merge
  deployment({ id: "W0", sha: w(10), finishedAt: "2023-12-10T00:00", service: "web", repo: "acme/web" }),
  deployment({ id: "W1", sha: w(40), finishedAt: "2024-01-04T00:00", service: "web", repo: "acme/web" }),
];
const tonight = deployment({ id: "D4", sha: sha("n9"), finishedAt: "2024-01-10T00:00" });

let github: DagGitHub;
beforeAll(async () => {
  github = await startDagGitHub();
  github.push("acme/api", api);
  github.push("acme/web", web);
});
afterAll(() => github.close());

async function run(from: string, to: string, deployed: Deployment[], cacheDir: string | undefined) {
  const window = scope({ from, to, services: [API, WEB] });
  const lookbackFrom = new Date(window.window.from.getTime() - 30 * 86_400_000);
  const sources: Sources = {
    deployments: { fetchDeployments: async () => ({ records: deployed.filter((d) => d.finishedMs >= lookbackFrom.getTime() && d.finishedMs < window.window.to.getTime()), warnings: [] }) },
    incidents: { fetchIncidents: async () => ({ records: [], warnings: [] }) },
    commits: createGitHubSource({ apiUrl: github.baseUrl, leadTimeStart: "authored", retryBaseMs: 1 }),
    ...(cacheDir ? { commitGraphs: createCommitGraphStore(cacheDir, github.baseUrl) } : {}),
  };
  github.reset();
  const fetchWindow = { from: window.window.from, to: window.window.to, lookbackFrom, now: window.window.to };
  const { input } = await collectInput(sources, fetchWindow, window.window, [], undefined);
  const report = computeReport(input, window, options());
  return { requests: github.githubRequests(), rows: report.deployments.map((row) => [row.id, row.changes]), report };
}

describe("commit graph cache against a DAG GitHub", () => {
  const cacheDir = mkdtempSync("/tmp/dora-graph-cache-");
  const firstNight = ["2024-01-01T00:00", "2024-01-10T00:00"] as const;
  const secondNight = ["2024-01-02T00:00", "2024-01-11T00:00"] as const;

  it("cold: one paged graph compare per repository; exact change sets over the whole history", async () => {
    const cold = await run(...firstNight, deployments, join(cacheDir, "c"));
    // api: a20...ee lists a21..a160, b1, b2, ee = 143 commits → 2 pages of 100; web: f10...f40 → 1 page.
    expect(cold.requests).toHaveLength(3);
    expect(cold.rows).toEqual([
      ["D1", 30], // a101..a130: a21..a100 deployed by L2, even though L3 rolled back to a90
      ["W1", 30], // f11..f40
      ["D2", 2], // b1, b2 (their base a120 is below a130)
      ["D3", 31], // a131..a160 and the merge ee; b1, b2 counted at D2
    ]);
  });

  it("warm: the same window again sends no GitHub request and gives the same figures", async () => {
    const cold = await run(...firstNight, deployments, join(cacheDir, "w"));
    const warm = await run(...firstNight, deployments, join(cacheDir, "w"));
    expect(warm.requests).toEqual([]);
    expect(warm.report).toEqual(cold.report);
  });

  it("next night: one compare tip...newTip for the repository with new commits, identical to --no-cache", async () => {
    await run(...firstNight, deployments, join(cacheDir, "n"));
    github.push("acme/api", nextNight);
    const next = await run(...secondNight, [...deployments, tonight], join(cacheDir, "n"));
    expect(next.requests).toEqual([`GET /repos/acme/api/compare/${sha("ee")}...${sha("n9")}?per_page=100`]);
    expect(next.rows.at(-1)).toEqual(["D4", 10]); // n0..n9
    const uncached = await run(...secondNight, [...deployments, tonight], undefined);
    expect(uncached.report).toEqual(next.report);
  });
});
