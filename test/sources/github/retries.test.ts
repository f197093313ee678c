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

async function compareWith(failures: FakeResponse[], token?: string) {
  server = await startFakeGitHub(failingFirst(failures));
  const lines: string[] = [];
  const source = createGitHubSource({
    apiUrl: server.baseUrl,
    leadTimeStart: "authored",
    retryBaseMs: 1,
    logger: { debug: (line) => lines.push(line) },
    ...(token ? { token } : {}),
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
    expect(lines.filter((line) => line.includes("secondary rate limit"))).toHaveLength(2);
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

  it("does not wait an hour for a primary rate-limit reset: fails with the reset time", async () => {
    // Reset in an hour, far beyond the 15-minute wait limit. (A reset after 2038 overflows the
    // 32-bit arithmetic of plugin-throttling, so the test uses a realistic one.)
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const exhausted: FakeResponse = {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: { message: "API rate limit exceeded for 203.0.113.7." },
    };
    const { result, requests } = await compareWith([exhausted, exhausted]);
    expect(requests).toHaveLength(1);
    expect(result).toBeInstanceOf(SourceError);
    expect(result).toMatchObject({ details: { status: 403, hint: expect.stringContaining(`resets at ${new Date(reset * 1000).toISOString()}`) } });
  });

  it("retries a 500, then succeeds", async () => {
    const { result, requests } = await compareWith([{ status: 500, body: { message: "Server Error" } }]);
    expect(result).toMatchObject({ records: EXPECTED });
    expect(requests).toHaveLength(2);
  });

  it("gives up after 3 retries of a 502 with a SourceError", async () => {
    const bad: FakeResponse = { status: 502, body: { message: "Bad Gateway" } };
    const { result, requests } = await compareWith([bad, bad, bad, bad, bad]);
    expect(result).toBeInstanceOf(SourceError);
    expect(result).toMatchObject({ source: "github", details: { status: 502 } });
    // One attempt plus three retries.
    expect(requests).toHaveLength(4);
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
    const source = createGitHubSource({ apiUrl, leadTimeStart: "authored", retryBaseMs: 1 });
    const error = await source.fetchComparisons([REQUEST]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ details: { hint: expect.stringMatching(/github\.apiUrl/) } });
  });
});
