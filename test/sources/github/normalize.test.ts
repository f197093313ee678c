import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { normalizeCommit, normalizeComparison, pickPullRequest, toPullRequestRef } from "../../../src/sources/github/normalize.js";
import { SourceError } from "../../../src/errors.js";
import { commitJson, comparisonJson, shaOf } from "./fake-github-server.js";

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/sources/github/openapi-examples/${name}`, import.meta.url), "utf8"));

// Both OpenAPI examples describe commit 6dcb09b…, authored and committed "2011-04-14T16:00:49Z".
const EXAMPLE_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

describe("normalizeCommit", () => {
  it("reads sha, author date and committer date of the GET commit example", () => {
    expect(normalizeCommit(sample("github-get-commit.openapi-example.json"), "octocat/Hello-World")).toEqual({
      repo: "octocat/Hello-World",
      sha: EXAMPLE_SHA,
      authoredAt: "2011-04-14T16:00:49.000Z",
      committedAt: "2011-04-14T16:00:49.000Z",
      // The example's parent (GitHub's example lists the commit itself as its parent).
      parents: ["6dcb09b5b57875f334f61aebed695e2e4193db5e"],
    });
  });

  it("turns offset dates into UTC instants and leaves out missing dates", () => {
    // 02:42:39 at −07:00 is 09:42:39Z; a null committer has no date.
    const json = commitJson(shaOf(1), "2007-10-29T02:42:39.000-07:00", null);
    expect(normalizeCommit(json, "acme/api")).toStrictEqual({ repo: "acme/api", sha: shaOf(1), authoredAt: "2007-10-29T09:42:39.000Z", parents: [] });
    expect(normalizeCommit({ sha: shaOf(2), commit: { author: { name: "x" }, committer: { date: "garbage" } } }, "acme/api")).toStrictEqual({
      repo: "acme/api",
      sha: shaOf(2),
    });
  });

  it("refuses a payload without a sha", () => {
    expect(() => normalizeCommit({ message: "Not Found" }, "acme/api")).toThrow(SourceError);
  });
});

describe("normalizeComparison", () => {
  it("reads the (corrected) compare example", () => {
    const json = sample("github-compare-commits.openapi-example.json");
    const request = { repo: "octocat/Hello-World", base: "bbcd538c8e72b8c175046e27cc8f907076331401", head: EXAMPLE_SHA };
    const commit = { sha: EXAMPLE_SHA, authoredAt: "2011-04-14T16:00:49.000Z", committedAt: "2011-04-14T16:00:49.000Z", parents: [EXAMPLE_SHA] };
    const { mergeBaseCommit, ...rest } = normalizeComparison(json, request);
    expect(rest).toEqual({ ...request, status: "ahead", commits: [commit], headCommit: commit });
    expect(mergeBaseCommit?.sha).toBe(EXAMPLE_SHA);
    // Compared by branch names, no listed commit is the head.
    expect(normalizeComparison(json, { ...request, head: "topic" }).headCommit).toBeUndefined();
  });

  it("merges pages in order and drops a commit repeated across pages", () => {
    const c = (n: number) => commitJson(shaOf(n), `2024-03-01T00:0${n}:00Z`, `2024-03-01T01:0${n}:00+01:00`);
    const first = comparisonJson("ahead", [c(1), c(2)], 4);
    const second = comparisonJson("ahead", [c(2), c(3), c(4)], 4);
    const result = normalizeComparison(first, { repo: "acme/api", base: shaOf(0), head: shaOf(4) }, [second]);
    expect(result.commits.map((commit) => commit.sha)).toEqual([shaOf(1), shaOf(2), shaOf(3), shaOf(4)]);
    // 01:04+01:00 is 00:04Z.
    expect(result.headCommit).toEqual({ sha: shaOf(4), authoredAt: "2024-03-01T00:04:00.000Z", committedAt: "2024-03-01T00:04:00.000Z", parents: [] });
  });

  it("finds a short head SHA and, for `behind`, the head as merge base", () => {
    const headSha = `abcdef1${"0".repeat(33)}`;
    const head = commitJson(headSha, "2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z");
    const ahead = normalizeComparison(comparisonJson("ahead", [commitJson(shaOf(5), null, null), head]), { repo: "acme/api", base: shaOf(0), head: "abcdef1" });
    expect(ahead.headCommit?.sha).toBe(headSha);
    const behind = normalizeComparison(
      { ...comparisonJson("behind", []), merge_base_commit: head, base_commit: commitJson(shaOf(9), null, null) },
      { repo: "acme/api", base: shaOf(9), head: headSha },
    );
    expect(behind).toEqual({
      repo: "acme/api",
      base: shaOf(9),
      head: headSha,
      status: "behind",
      commits: [],
      headCommit: { sha: headSha, authoredAt: "2024-03-01T00:00:00.000Z", committedAt: "2024-03-01T00:00:00.000Z", parents: [] },
      mergeBaseCommit: { sha: headSha, authoredAt: "2024-03-01T00:00:00.000Z", committedAt: "2024-03-01T00:00:00.000Z", parents: [] },
    });
  });

  it("refuses an unknown status", () => {
    expect(() => normalizeComparison({ status: "sideways", commits: [] }, { repo: "a/b", base: "x", head: "y" })).toThrow(/compare payload/);
  });
});

describe("pull requests", () => {
  it("picks the merged PR of the commit-pulls example", () => {
    // The example's only item: #1347, created_at and merged_at "2011-01-26T19:01:12Z".
    const pull = pickPullRequest(sample("github-commit-pulls.openapi-example.json"));
    expect(pull).toEqual({ number: 1347, createdAt: "2011-01-26T19:01:12.000Z", mergedAt: "2011-01-26T19:01:12.000Z" });
  });

  it("prefers a merged PR over an open one listed first, and has none for an empty list", () => {
    const open = { number: 7, created_at: "2024-01-01T00:00:00Z", merged_at: null };
    const merged = { number: 8, created_at: "2024-01-02T00:00:00Z", merged_at: "2024-01-03T00:00:00Z" };
    expect(pickPullRequest([open, merged])?.number).toBe(8);
    expect(pickPullRequest([open])).toEqual({ number: 7, createdAt: "2024-01-01T00:00:00.000Z" });
    expect(pickPullRequest([])).toBeUndefined();
  });

  it("takes the first PR commit's author date", () => {
    const pull = { number: 8, createdAt: "2024-01-02T00:00:00.000Z" };
    const commits = [commitJson(shaOf(1), "2023-12-30T10:00:00Z", "2024-01-01T00:00:00Z"), commitJson(shaOf(2), "2023-12-31T10:00:00Z", null)];
    expect(toPullRequestRef(pull, commits)).toEqual({ ...pull, firstCommitAuthoredAt: "2023-12-30T10:00:00.000Z" });
  });
});
