import { afterEach, describe, expect, it } from "vitest";
import { createGitHubSource } from "../../../src/sources/github/github-client.js";
import { SourceError } from "../../../src/errors.js";
import { commitJson, comparisonJson, shaOf, startFakeGitHub, type FakeGitHubServer, type FakeRequest } from "./fake-github-server.js";

// A linear history of acme/api: commit n (n = 1..260) has sha shaOf(n), was authored at
// 2024-01-01T00:00Z + n minutes and committed 30 s later (written with a +02:00 offset).
const HISTORY = 260;
const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, n)).toISOString().replace(".000Z", "Z");
const historyCommit = (n: number) => {
  const committed = new Date(Date.UTC(2024, 0, 1, 2, n, 30)).toISOString().replace(".000Z", "+02:00");
  return commitJson(shaOf(n), minutes(n), committed);
};

/** GitHub's compare over HISTORY: commits base+1..head, oldest first, 250 at most without paging parameters. */
function answerCompare(request: FakeRequest) {
  const match = /^\/(?:api\/v3\/)?repos\/acme\/api\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/.exec(request.url.pathname);
  if (!match) return undefined;
  const base = parseInt(match[1]!, 16);
  const head = parseInt(match[2]!, 16);
  if (base > HISTORY || head > HISTORY) return { status: 404, body: { message: "Not Found" } };
  if (head < base) return { status: 200, body: { ...comparisonJson("behind", []), merge_base_commit: historyCommit(head) } };
  const all = Array.from({ length: head - base }, (_, i) => historyCommit(base + 1 + i));
  const perPage = request.url.searchParams.get("per_page");
  const page = Number(request.url.searchParams.get("page") ?? 1);
  const size = Math.min(Number(perPage ?? 30), 100);
  const commits = perPage === null && !request.url.searchParams.has("page") ? all.slice(0, 250) : all.slice((page - 1) * size, page * size);
  return { status: 200, body: comparisonJson(head === base ? "identical" : "ahead", commits, all.length) };
}

let server: FakeGitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("fetchComparisons", () => {
  it("pages a 260-commit compare by 100 and returns every commit oldest first", async () => {
    server = await startFakeGitHub(answerCompare);
    const progress: Array<{ done: number; total?: number }> = [];
    const source = createGitHubSource({
      apiUrl: server.baseUrl,
      leadTimeStart: "authored",
      retryBaseMs: 1,
      onProgress: ({ done, total }) => progress.push({ done, total }),
    });
    const request = { repo: "acme/api", base: shaOf(0), head: shaOf(260) };
    const result = await source.fetchComparisons([request, { ...request }]);

    // 260 commits = pages of 100, 100, 60: three requests, the duplicate request is not fetched again.
    expect(server.requests).toEqual([
      `GET /repos/acme/api/compare/${shaOf(0)}...${shaOf(260)}?per_page=100`,
      `GET /repos/acme/api/compare/${shaOf(0)}...${shaOf(260)}?per_page=100&page=2`,
      `GET /repos/acme/api/compare/${shaOf(0)}...${shaOf(260)}?per_page=100&page=3`,
    ]);
    expect(result.missing).toEqual([]);
    expect(result.records).toHaveLength(1);
    const comparison = result.records[0]!;
    expect(comparison.status).toBe("ahead");
    expect(comparison.commits).toHaveLength(260);
    expect(comparison.commits.map((commit) => commit.sha)).toEqual(Array.from({ length: 260 }, (_, i) => shaOf(i + 1)));
    // Commit 1: authored 00:01, committed 02:01:30+02:00 = 00:01:30Z. Commit 260: 260 min = 04:20.
    expect(comparison.commits[0]).toEqual({ sha: shaOf(1), authoredAt: "2024-01-01T00:01:00.000Z", committedAt: "2024-01-01T00:01:30.000Z", parents: [] });
    expect(comparison.commits[259]).toEqual({ sha: shaOf(260), authoredAt: "2024-01-01T04:20:00.000Z", committedAt: "2024-01-01T04:20:30.000Z", parents: [] });
    // Commit 101 opens page 2: authored 01:41.
    expect(comparison.commits[100]?.authoredAt).toBe("2024-01-01T01:41:00.000Z");
    expect(comparison.headCommit).toEqual(comparison.commits[259]);
    expect(progress).toEqual([{ done: 1, total: 1 }]);
  });

  it("returns a 404 compare in `missing` after checking the repository exists", async () => {
    server = await startFakeGitHub((request) =>
      request.url.pathname === "/repos/acme/api" ? { status: 200, body: { full_name: "acme/api" } } : answerCompare(request),
    );
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "authored", retryBaseMs: 1 });
    const gone = { repo: "acme/api", base: shaOf(1), head: shaOf(999) };
    const gone2 = { repo: "acme/api", base: shaOf(998), head: shaOf(2) };
    const result = await source.fetchComparisons([gone, gone2]);
    expect(result.records).toEqual([]);
    expect(result.missing).toEqual([gone, gone2]);
    // Two compares, one repository check.
    expect(server.requests.filter((line) => line === "GET /repos/acme/api")).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });

  it("throws with a repo-name hint when the repository itself is unknown", async () => {
    server = await startFakeGitHub(() => undefined);
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "authored", retryBaseMs: 1 });
    const error = await source.fetchComparisons([{ repo: "acme/typo", base: shaOf(1), head: shaOf(2) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ source: "github", details: { status: 404, hint: expect.stringMatching(/repo name/) } });
    expect((error as SourceError).message).toContain("acme/typo");
  });

  it("returns a `behind` compare (a rollback) with no commits and the head as merge base", async () => {
    server = await startFakeGitHub(answerCompare);
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "authored", retryBaseMs: 1 });
    const request = { repo: "acme/api", base: shaOf(5), head: shaOf(3) };
    const result = await source.fetchComparisons([request]);
    // Commit 3: authored 00:03, committed 00:03:30Z.
    expect(result.records).toEqual([
      {
        ...request,
        status: "behind",
        commits: [],
        headCommit: { sha: shaOf(3), authoredAt: "2024-01-01T00:03:00.000Z", committedAt: "2024-01-01T00:03:30.000Z", parents: [] },
        mergeBaseCommit: { sha: shaOf(3), authoredAt: "2024-01-01T00:03:00.000Z", committedAt: "2024-01-01T00:03:30.000Z", parents: [] },
      },
    ]);
  });

  it("works under a GitHub Enterprise base path", async () => {
    server = await startFakeGitHub((request) => (request.url.pathname.startsWith("/api/v3/") ? answerCompare(request) : undefined));
    const source = createGitHubSource({ apiUrl: `${server.baseUrl}/api/v3`, leadTimeStart: "authored", retryBaseMs: 1, token: "ghe-token-1" });
    const result = await source.fetchComparisons([{ repo: "acme/api", base: shaOf(10), head: shaOf(12) }]);
    expect(server.requests).toEqual([`GET /api/v3/repos/acme/api/compare/${shaOf(10)}...${shaOf(12)}?per_page=100`]);
    expect(result.records[0]?.commits.map((commit) => commit.sha)).toEqual([shaOf(11), shaOf(12)]);
  });

  it("sends the token as Authorization and logs requests without it", async () => {
    let authorization: string | undefined;
    server = await startFakeGitHub((request) => {
      authorization = request.authorization;
      return answerCompare(request);
    });
    const lines: string[] = [];
    const source = createGitHubSource({
      apiUrl: server.baseUrl,
      token: "ghp_secretvalue123",
      leadTimeStart: "authored",
      retryBaseMs: 1,
      logger: { debug: (line) => lines.push(line) },
    });
    await source.fetchComparisons([{ repo: "acme/api", base: shaOf(1), head: shaOf(2) }]);
    expect(authorization).toBe("token ghp_secretvalue123");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^github: GET /repos/acme/api/compare/${shaOf(1)}\\.\\.\\.${shaOf(2)}\\?per_page=100 → 200 \\(\\d+ ms\\)$`));
  });

  it("keeps at most `concurrency` compares in flight", async () => {
    server = await startFakeGitHub(answerCompare);
    let inFlight = 0;
    let peak = 0;
    // Each response is held 5 ms so that the requests overlap.
    const slowFetch = async (input: string | URL | Request, init?: RequestInit) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "authored", retryBaseMs: 1, concurrency: 2, fetch: slowFetch });
    const requests = Array.from({ length: 6 }, (_, i) => ({ repo: "acme/api", base: shaOf(i), head: shaOf(i + 1) }));
    const result = await source.fetchComparisons(requests);
    // base i...head i+1 lists exactly commit i+1.
    expect(result.records.map((comparison) => comparison.commits.map((commit) => commit.sha))).toEqual([1, 2, 3, 4, 5, 6].map((n) => [shaOf(n)]));
    expect(peak).toBe(2);
  });
});
