import { afterEach, describe, expect, it } from "vitest";
import { createGitHubSource } from "../../../src/sources/github/github-client.js";
import { SourceError } from "../../../src/errors.js";
import { commitJson, comparisonJson, shaOf, startFakeGitHub, type FakeGitHubServer, type FakeResponse } from "./fake-github-server.js";

const REQUEST = { repo: "acme/api", base: shaOf(1), head: shaOf(2) };
const COMPARE_PATH = `/repos/acme/api/compare/${shaOf(1)}...${shaOf(2)}?per_page=100`;
// The one commit of the comparison: authored 2024-05-01T10:00Z, committed 10:05Z.
const OK: FakeResponse = { status: 200, body: comparisonJson("ahead", [commitJson(shaOf(2), "2024-05-01T10:00:00Z", "2024-05-01T10:05:00Z")]) };
const HEAD = { sha: shaOf(2), authoredAt: "2024-05-01T10:00:00.000Z", committedAt: "2024-05-01T10:05:00.000Z" };
const EXPECTED = [{ ...REQUEST, status: "ahead", commits: [HEAD], headCommit: HEAD }];

/** Answers the listed failures first, then OK. */
const failingFirst = (failures: FakeResponse[]) => () => failures.shift() ?? OK;

let server: FakeGitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function compareWith(failures: FakeResponse[], token?: string, http?: { retryBudgetMs: number }) {
  server = await startFakeGitHub(failingFirst(failures));
  const lines: string[] = [];
  const source = createGitHubSource({
    apiUrl: server.baseUrl,
    leadTimeStart: "authored",
    retryBaseMs: 1,
    logger: { debug: (line) => lines.push(line) },
    ...(token ? { token } : {}),
    ...(http ? { http } : {}),
  });
  const started = Date.now();
  const result = await source.fetchComparisons([REQUEST]).catch((error: unknown) => error);
  return { result, lines, elapsed: Date.now() - started, requests: server.requests };
}

describe("retries", () => {
  it("retries a 429 with Retry-After, then succeeds", async () => {
    const { result, requests, elapsed } = await compareWith([
      { status: 429, headers: { "retry-after": "1" }, body: { message: "Too Many Requests" } },
    ]);
    expect(result).toMatchObject({ records: EXPECTED, missing: [] });
    expect(requests).toEqual([`GET ${COMPARE_PATH}`, `GET ${COMPARE_PATH}`]);
    expect(elapsed).toBeLessThan(2000);
  });

  it("waits out a secondary rate limit (403) and retries", async () => {
    const secondary = (retryAfter: string): FakeResponse => ({
      status: 403,
      headers: { "retry-after": retryAfter },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#secondary-rate-limits",
      },
    });
    const { result, requests, lines, elapsed } = await compareWith([secondary("1"), secondary("0")]);
    expect(result).toMatchObject({ records: EXPECTED });
    expect(requests).toHaveLength(3);
    expect(lines.filter((line) => /retrying GET .* after 403, as asked by Retry-After/.test(line))).toHaveLength(2);
    expect(elapsed).toBeLessThan(2000);
  });

  it("waits for a primary rate-limit reset (403, x-ratelimit-remaining 0)", async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    const { result, requests } = await compareWith([
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, body: { message: "API rate limit exceeded for 203.0.113.7." } },
    ]);
    expect(result).toMatchObject({ records: EXPECTED });
    expect(requests).toHaveLength(2);
  });

  it("does not wait an hour for a primary rate-limit reset: fails with the wait and when to retry", async () => {
    // Reset in an hour, far beyond the 120 s cap on one wait.
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const exhausted: FakeResponse = {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: { message: "API rate limit exceeded for 203.0.113.7." },
    };
    const { result, requests } = await compareWith([exhausted, exhausted]);
    expect(requests).toHaveLength(1);
    expect(result).toBeInstanceOf(SourceError);
    expect((result as SourceError).message).toMatch(/HTTP 403: the server asks dora to wait (59|60) min \(x-ratelimit-reset\), longer than the 120 s it waits for one answer$/);
    const retryAt = Date.parse(/run again after (\S+)$/.exec((result as SourceError).details.hint!)![1]!);
    expect(Math.abs(retryAt - reset * 1000)).toBeLessThanOrEqual(2000);
  });

  it("retries a 500, then succeeds", async () => {
    const { result, requests } = await compareWith([{ status: 500, body: { message: "Server Error" } }]);
    expect(result).toMatchObject({ records: EXPECTED });
    expect(requests).toHaveLength(2);
  });

  it("gives up on a 502 that does not end once the retry budget is spent, with a SourceError", async () => {
    const bad: FakeResponse = { status: 502, body: { message: "Bad Gateway" } };
    const { result, requests } = await compareWith(Array.from({ length: 1000 }, () => bad), undefined, { retryBudgetMs: 300 });
    expect(result).toBeInstanceOf(SourceError);
    expect(result).toMatchObject({ source: "github", details: { status: 502 } });
    // Retried by time (backoff 1, 2, 4… ms within 300 ms), not by a fixed count.
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.length).toBeLessThan(1000);
  });

  it("fails a 401 with status, redacted URL and hint, without the token", async () => {
    const token = "ghp_0123456789abcdefSECRET";
    const { result, requests } = await compareWith([{ status: 401, body: { message: "Bad credentials" } }], token);
    expect(requests).toHaveLength(1);
    expect(result).toBeInstanceOf(SourceError);
    const error = result as SourceError;
    expect(error.source).toBe("github");
    expect(error.details.status).toBe(401);
    expect(error.details.url).toBe(`${server!.baseUrl}${COMPARE_PATH}`);
    expect(error.details.hint).toMatch(/GITHUB_TOKEN/);
    expect(error.message).toContain("Bad credentials");
    expect(error.message).toContain(COMPARE_PATH);
    expect(JSON.stringify({ message: error.message, details: error.details, stack: error.stack })).not.toContain(token);
  });

  it("fails a plain 403 with a permissions hint, without retrying", async () => {
    const { result, requests } = await compareWith([{ status: 403, body: { message: "Resource not accessible by personal access token" } }]);
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ details: { status: 403, hint: expect.stringMatching(/contents: read/) } });
  });

  it("fails with a network hint when GitHub cannot be reached", async () => {
    server = await startFakeGitHub(() => OK);
    const apiUrl = server.baseUrl;
    await server.close();
    server = undefined;
    const source = createGitHubSource({ apiUrl, leadTimeStart: "authored", retryBaseMs: 1, http: { retryBudgetMs: 200 } });
    const error = await source.fetchComparisons([REQUEST]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ details: { hint: expect.stringMatching(/github\.apiUrl/) } });
  });
});
