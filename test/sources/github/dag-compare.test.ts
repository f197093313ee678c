import { afterEach, describe, expect, it } from "vitest";
import { createGitHubSource } from "../../../src/sources/github/github-client.js";
import { shaOf } from "./fake-github-server.js";
import { startDagGitHub, type DagCommit, type DagGitHub } from "./dag-github-server.js";

let server: DagGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// 1 ← 2 ← 3 ← 4 (main), 2 ← 5 ← 6 (branch): merge base of 4 and 6 is 2.
const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();
const graph: DagCommit[] = [
  { sha: shaOf(1), parents: [], date: at(1) },
  { sha: shaOf(2), parents: [shaOf(1)], date: at(2) },
  { sha: shaOf(3), parents: [shaOf(2)], date: at(3) },
  { sha: shaOf(4), parents: [shaOf(3)], date: at(4) },
  { sha: shaOf(5), parents: [shaOf(2)], date: at(5) },
  { sha: shaOf(6), parents: [shaOf(5)], date: at(6) },
];

describe("the client against a GitHub computing compares from a commit DAG", () => {
  it("reads status, commits and merge base of ahead, behind, diverged and identical compares, and 404s", async () => {
    server = await startDagGitHub();
    server.push("acme/api", graph);
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "authored", retryBaseMs: 1 });
    const pairs: Array<[number, number]> = [[1, 4], [4, 2], [4, 6], [3, 3]];
    const result = await source.fetchComparisons([
      ...pairs.map(([base, head]) => ({ repo: "acme/api", base: shaOf(base), head: shaOf(head) })),
      { repo: "acme/api", base: shaOf(1), head: shaOf(99) },
    ]);
    const short = (sha: string | undefined) => (sha ? parseInt(sha, 16) : undefined);
    expect(result.records.map((c) => [c.status, c.commits.map((commit) => short(commit.sha)), short(c.mergeBaseCommit?.sha)])).toEqual([
      ["ahead", [2, 3, 4], 1], // 1...4: reachable from 4, not from 1
      ["behind", [], 2], // 4...2: 2 is an ancestor of 4
      ["diverged", [5, 6], 2], // 4...6: from 6 down to the merge base 2
      ["identical", [], 3],
    ]);
    // The graph's edges come with every commit.
    expect(result.records[2]!.commits.map((commit) => commit.parents)).toEqual([[shaOf(2)], [shaOf(5)]]);
    expect(result.missing).toEqual([{ repo: "acme/api", base: shaOf(1), head: shaOf(99) }]);
  });

  it("caps an unpaged compare at 250 commits; the client pages by 100 and gets all 300", async () => {
    server = await startDagGitHub();
    const chain = Array.from({ length: 301 }, (_, index): DagCommit => ({ sha: shaOf(index + 1), parents: index === 0 ? [] : [shaOf(index)], date: at(index) }));
    server.push("acme/api", chain);
    const unpaged = (await (await fetch(`${server.baseUrl}/repos/acme/api/compare/${shaOf(1)}...${shaOf(301)}`)).json()) as { total_commits: number; commits: unknown[] };
    expect([unpaged.total_commits, unpaged.commits.length]).toEqual([300, 250]);
    server.reset();
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "authored", retryBaseMs: 1 });
    const result = await source.fetchComparisons([{ repo: "acme/api", base: shaOf(1), head: shaOf(301) }]);
    expect(result.records[0]!.commits.map((commit) => commit.sha)).toEqual(chain.slice(1).map((commit) => commit.sha));
    // ⌈300 / 100⌉ = 3 pages
    expect(server.githubRequests()).toHaveLength(3);
  });
});
