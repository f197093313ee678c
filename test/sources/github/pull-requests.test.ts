import { afterEach, describe, expect, it } from "vitest";
import { createGitHubSource } from "../../../src/sources/github/github-client.js";
import { commitJson, comparisonJson, shaOf, startFakeGitHub, type FakeGitHubServer, type FakeRequest } from "./fake-github-server.js";

// acme/api: commits 1..4 after base 0. Commits 1 and 2 came with PR #10 (first PR commit authored
// 2024-04-01T08:00Z, opened 09:00Z, merged 12:00Z); commit 3 with PR #11 (an open PR #12 listed first,
// merged #11: first commit 2024-04-02T07:00Z); commit 4 was pushed directly (no PR).
const commits = [1, 2, 3, 4].map((n) => commitJson(shaOf(n), `2024-04-0${n}T10:00:00Z`, `2024-04-0${n}T11:00:00Z`));
const pullsByCommit: Record<number, unknown[]> = {
  1: [{ number: 10, state: "closed", created_at: "2024-04-01T09:00:00Z", merged_at: "2024-04-01T12:00:00Z" }],
  2: [{ number: 10, state: "closed", created_at: "2024-04-01T09:00:00Z", merged_at: "2024-04-01T12:00:00Z" }],
  3: [
    { number: 12, state: "open", created_at: "2024-04-03T09:00:00Z", merged_at: null },
    { number: 11, state: "closed", created_at: "2024-04-02T09:00:00Z", merged_at: "2024-04-03T12:00:00Z" },
  ],
  4: [],
};
const pullCommits: Record<number, unknown[]> = {
  10: [commitJson(shaOf(100), "2024-04-01T08:00:00Z", "2024-04-01T08:00:00Z"), commits[0], commits[1]],
  11: [commitJson(shaOf(110), "2024-04-02T07:00:00Z", "2024-04-02T07:30:00Z"), commits[2]],
};

function answer(request: FakeRequest) {
  const path = request.url.pathname;
  if (path === `/repos/acme/api/compare/${shaOf(0)}...${shaOf(4)}`) return { status: 200, body: comparisonJson("ahead", commits) };
  if (path === `/repos/acme/api/commits/${shaOf(3)}`) return { status: 200, body: commits[2] };
  const pulls = /^\/repos\/acme\/api\/commits\/([0-9a-f]{40})\/pulls$/.exec(path);
  if (pulls) return { status: 200, body: pullsByCommit[parseInt(pulls[1]!, 16)] };
  const prCommits = /^\/repos\/acme\/api\/pulls\/(\d+)\/commits$/.exec(path);
  if (prCommits && request.url.searchParams.get("per_page") === "100") return { status: 200, body: pullCommits[Number(prCommits[1])] };
  return undefined;
}

let server: FakeGitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PR_10 = { number: 10, createdAt: "2024-04-01T09:00:00.000Z", mergedAt: "2024-04-01T12:00:00.000Z", firstCommitAuthoredAt: "2024-04-01T08:00:00.000Z" };
const PR_11 = { number: 11, createdAt: "2024-04-02T09:00:00.000Z", mergedAt: "2024-04-03T12:00:00.000Z", firstCommitAuthoredAt: "2024-04-02T07:00:00.000Z" };

describe("leadTime.start: pull-request", () => {
  it("resolves the PR of each asked commit (the planner asks only for counted ones), fetching each PR's commits once", async () => {
    server = await startFakeGitHub(answer);
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "pull-request", retryBaseMs: 1 });
    expect(source.resolvesPullRequests).toBe(true);
    const result = await source.fetchPullRequests!([1, 2, 3, 4].map((n) => ({ repo: "acme/api", sha: shaOf(n) })));
    expect(result.records).toEqual([
      { repo: "acme/api", sha: shaOf(1), pullRequest: PR_10 },
      { repo: "acme/api", sha: shaOf(2), pullRequest: PR_10 },
      { repo: "acme/api", sha: shaOf(3), pullRequest: PR_11 },
      { repo: "acme/api", sha: shaOf(4) },
    ]);
    // 4 commit→pulls + PR #10 and #11 once each = 6 requests.
    expect(server.requests.filter((line) => line.endsWith("/pulls"))).toHaveLength(4);
    expect(server.requests.filter((line) => /\/pulls\/\d+\/commits/.test(line)).sort()).toEqual([
      "GET /repos/acme/api/pulls/10/commits?per_page=100",
      "GET /repos/acme/api/pulls/11/commits?per_page=100",
    ]);
    expect(server.requests).toHaveLength(6);
    // A compare no longer resolves pull requests by itself.
    const compared = await source.fetchComparisons([{ repo: "acme/api", base: shaOf(0), head: shaOf(4) }]);
    expect(compared.records[0]!.commits.every((commit) => commit.pullRequest === undefined)).toBe(true);
    expect(server.requests).toHaveLength(7);
  });

  it("asks for no pull requests with leadTime.start: authored", async () => {
    server = await startFakeGitHub(answer);
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "authored", retryBaseMs: 1 });
    const result = await source.fetchComparisons([{ repo: "acme/api", base: shaOf(0), head: shaOf(4) }]);
    expect(result.records[0]!.commits.every((commit) => commit.pullRequest === undefined)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
