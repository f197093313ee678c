import { describe, expect, it } from "vitest";
import { createApiEmulator, type Exchange } from "../../src/emulator/index.js";

const sha = (n: number) => String(n).repeat(40).slice(0, 40);
const commit = (n: number) => ({ sha: sha(n), commit: { author: { date: `2026-01-0${n}T10:00:00Z` }, committer: { date: `2026-01-0${n}T10:00:00Z` } } });

// A whole compare 1...6 recorded without paging: commits 2..6 (5 commits), files listed.
const exchanges: Exchange[] = [
  {
    source: "github",
    request: { method: "GET", path: `/repos/acme/app/compare/${sha(1)}...${sha(6)}`, body: null },
    response: {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", "x-ratelimit-remaining": "4999" },
      body: { status: "ahead", ahead_by: 5, behind_by: 0, total_commits: 5, base_commit: commit(1), commits: [2, 3, 4, 5, 6].map(commit), files: [{ filename: "a.ts" }] },
    },
  },
  {
    source: "github",
    request: { method: "GET", path: `/repos/acme/app/commits/${sha(9)}`, body: null },
    response: { status: 200, headers: {}, body: commit(9) },
  },
  {
    source: "github",
    request: { method: "GET", path: `/repos/acme/app/compare/${sha(7)}...${sha(8)}`, body: null },
    response: { status: 404, headers: {}, body: { message: "Not Found" } },
  },
];
const emulator = createApiEmulator({ exchanges });
const get = (path: string) => emulator.handle("github", { method: "GET", path });
type Comparison = { total_commits: number; commits: Array<{ sha: string }>; files?: unknown[] };

describe("github emulator", () => {
  it("cuts per_page/page pages out of a recorded whole compare", () => {
    const pages = [1, 2, 3].map((page) => get(`/repos/acme/app/compare/${sha(1)}...${sha(6)}?per_page=2&page=${page}`));
    // 5 commits by 2: [2,3], [4,5], [6]; total_commits stays 5; files only on page 1.
    expect(pages.map((page) => page.status)).toEqual([200, 200, 200]);
    expect(pages.map((page) => (page.body as Comparison).commits.map((c) => c.sha))).toEqual([[sha(2), sha(3)], [sha(4), sha(5)], [sha(6)]]);
    expect(pages.map((page) => (page.body as Comparison).total_commits)).toEqual([5, 5, 5]);
    expect(pages.map((page) => (page.body as Comparison).files !== undefined)).toEqual([true, false, false]);
    // Octokit's first request carries per_page only (page 1 implied).
    expect((get(`/repos/ACME/App/compare/${sha(1)}...${sha(6)}?per_page=100`).body as Comparison).commits).toHaveLength(5);
  });

  it("answers exact paths, recorded errors and commits contained in a recorded compare", () => {
    expect(get(`/repos/acme/app/commits/${sha(9)}`).body).toEqual(commit(9));
    expect(get(`/repos/acme/app/compare/${sha(7)}...${sha(8)}?per_page=100`).status).toBe(404);
    const fromCompare = get(`/repos/acme/app/commits/${sha(4)}`);
    expect(fromCompare.status).toBe(200);
    expect(fromCompare.body).toEqual(commit(4));
  });

  it("answers 501 naming the request when nothing was recorded", () => {
    const response = get(`/repos/acme/app/commits/${sha(5)}/pulls`);
    expect(response.status).toBe(501);
    expect(response.body).toEqual({ message: `dora replay: no recorded response for GET /repos/acme/app/commits/${sha(5)}/pulls` });
    expect(get(`/repos/acme/other/commits/${sha(4)}`).status).toBe(501);
  });
});
