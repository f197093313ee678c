import { afterEach, describe, expect, it } from "vitest";
import { createGitHubSource } from "../../../src/sources/github/github-client.js";
import { commitJson, shaOf, startFakeGitHub, type FakeGitHubServer } from "./fake-github-server.js";

let server: FakeGitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("fetchCommits", () => {
  it("reads known commits and leaves out 404/422 ones with a warning", async () => {
    server = await startFakeGitHub((request) => {
      const path = request.url.pathname;
      if (path === "/repos/acme/api") return { status: 200, body: { full_name: "acme/api" } };
      if (path === `/repos/acme/api/commits/${shaOf(7)}`) return { status: 200, body: commitJson(shaOf(7), "2024-02-29T23:30:00-01:00", "2024-03-01T09:00:00Z") };
      if (path === "/repos/acme/api/commits/deadbee") return { status: 422, body: { message: "No commit found for SHA: deadbee" } };
      return undefined;
    });
    const source = createGitHubSource({ apiUrl: server.baseUrl, leadTimeStart: "committed", retryBaseMs: 1 });
    const result = await source.fetchCommits([
      { repo: "acme/api", sha: shaOf(7) },
      { repo: "acme/api", sha: shaOf(8) },
      { repo: "acme/api", sha: "deadbee" },
      { repo: "acme/api", sha: shaOf(7) },
    ]);
    // 23:30 at −01:00 is 00:30Z on March 1st (2024 is a leap year).
    expect(result.records).toEqual([{ repo: "acme/api", sha: shaOf(7), authoredAt: "2024-03-01T00:30:00.000Z", committedAt: "2024-03-01T09:00:00.000Z", parents: [] }]);
    expect(result.warnings.map((warning) => [warning.code, warning.subject])).toEqual([
      ["commit-not-found", shaOf(8)],
      ["commit-not-found", "deadbee"],
    ]);
    // Three distinct commits (the repeat is not fetched) and one repository check shared by both misses.
    expect(server.requests.filter((line) => line.includes("/commits/"))).toHaveLength(3);
    expect(server.requests.filter((line) => line === "GET /repos/acme/api")).toHaveLength(1);
  });
});
