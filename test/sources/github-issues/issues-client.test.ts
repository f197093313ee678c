import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SourceError } from "../../../src/errors.js";
import { createGitHubIssuesSource, type GitHubIssuesSourceOptions } from "../../../src/sources/github-issues/issues-client.js";
import { LOOKBACK_INCIDENTS, WORLD_SERVICE, expectWorldFigures, worldReport, worldServiceLabels, worldWindow } from "../incident-world.js";
import { githubIssues, startEmulator, type RunningEmulator } from "../../../src/emulator/index.js";
import { rateLimitOnce } from "../rate-limit-once.js";
import { githubIssue } from "./github-issue.js";

// The GitHub issues client (Octokit, the commits token) against the emulator's List repository
// issues endpoint holding the world of ../incident-world.ts.
const TOKEN = "ghp_issues_test_token_2024";
let fake: RunningEmulator;
const limited = rateLimitOnce({ message: "You have exceeded a secondary rate limit" });

const lookbackIssues = (repo: string, extraLabels: string[] = []) =>
  LOOKBACK_INCIDENTS.map((incident, index) =>
    githubIssue(repo, { number: 1000 + index, title: incident.title, createdAt: incident.startedAt, closedAt: incident.resolvedAt, labels: extraLabels }),
  );

beforeAll(async () => {
  // The service's own repository: it alone owns acme/api, so every incident issue there is api's.
  const api = githubIssues("acme/api", [
    ...lookbackIssues("acme/api"),
    // I1: closed at 15:00, reopened, closed again at 15:30: closed_at is the last close.
    githubIssue("acme/api", { number: 1, title: "Checkout 500s", createdAt: "2024-01-10T14:00:00Z", closedAt: "2024-01-10T15:30:00Z" }),
    // A pull request labelled incident (the fix): listed by the issues endpoint, not an incident.
    githubIssue("acme/api", { number: 2, title: "Fix checkout 500s", createdAt: "2024-01-10T14:30:00Z", closedAt: "2024-01-12T09:00:00Z", pullRequest: true }),
    // I2: Four Keys' `root cause: <sha>` line.
    githubIssue("acme/api", { number: 3, title: "Emails not sent", createdAt: "2024-01-20T13:00:00Z", closedAt: "2024-01-20T13:45:00Z", body: "Mails stuck in the queue.\n\nroot cause: aaaaaaa1\n" }),
    // Closed as a duplicate of #3: not a second incident.
    githubIssue("acme/api", { number: 4, title: "No emails", createdAt: "2024-01-20T13:10:00Z", closedAt: "2024-01-20T13:20:00Z", stateReason: "duplicate" }),
    // I3: closed once at 11:00, then reopened and open again: active, whatever closed_at still says.
    githubIssue("acme/api", { number: 5, title: "Slow search", createdAt: "2024-01-24T10:00:00Z", closedAt: "2024-01-24T11:00:00Z", open: true }),
    // A game day: reported with --include-drills only, never counted.
    githubIssue("acme/api", { number: 6, title: "Game day", createdAt: "2024-01-15T10:00:00Z", closedAt: "2024-01-15T11:00:00Z", labels: ["drill"] }),
  ]);
  // One incidents repository for several services: labels decide.
  const incidents = githubIssues("acme/incidents", [
    ...lookbackIssues("acme/incidents", ["service:api"]),
    // Opened 20 min into the incident; the body says when it began.
    githubIssue("acme/incidents", { number: 1, title: "Checkout 500s", createdAt: "2024-01-10T14:20:00Z", closedAt: "2024-01-10T15:30:00Z", labels: ["service:api"], body: "started: 2024-01-10T14:00:00Z" }),
    githubIssue("acme/incidents", { number: 2, title: "Emails not sent", createdAt: "2024-01-20T13:00:00Z", closedAt: "2024-01-20T13:45:00Z", labels: ["service:api", "deployment:deploy-1"] }),
    githubIssue("acme/incidents", { number: 3, title: "Slow search", createdAt: "2024-01-24T10:00:00Z", labels: ["service:api"] }),
    githubIssue("acme/incidents", { number: 4, title: "Web outage", createdAt: "2024-01-15T10:00:00Z", closedAt: "2024-01-15T11:00:00Z", labels: ["service:web"] }),
  ]);
  fake = await startEmulator({
    recording: { exchanges: [...api, ...incidents] },
    tokens: { "github-issues": TOKEN },
    github: { complete: true },
    rootSource: "github-issues",
    fault: limited.fault,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const source = (options: Partial<GitHubIssuesSourceOptions> = {}) =>
  createGitHubIssuesSource({ apiUrl: fake.origin, token: TOKEN, services: [WORLD_SERVICE], serviceLabels: worldServiceLabels, retryBaseMs: 1, ...options });

describe("GitHub issues as incidents", () => {
  it("pages newest first, waits out a 429, skips a pull request and a duplicate, reads reopened issues by state; the world's figures", async () => {
    limited.parts.push("page=2");
    const result = await source().fetchIncidents(worldWindow(30));
    const pages = fake.requests.map((request) => new URL(request.path, "http://x").searchParams);
    // 120 lookback + 6 world items, 100 a page: page 1, page 2 (429 once, then answered).
    expect(pages.map((query) => query.get("page"))).toEqual(["1", "2", "2"]);
    expect(Object.fromEntries(pages[0]!)).toMatchObject({ labels: "incident", state: "all", sort: "created", direction: "desc", since: "2023-12-02T00:00:00.000Z", per_page: "100" });
    expect(fake.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
    // 120 lookback + I1, I2, I3: the PR (#2), the duplicate (#4) and the drill (#6) are left out.
    expect(result.records).toHaveLength(123);
    expect(result.records.map((incident) => incident.id)).not.toContain("acme/api#2");
    expect(result.records.find((incident) => incident.id === "acme/api#1")).toMatchObject({ status: "resolved", resolvedMs: Date.parse("2024-01-10T15:30:00.000Z") });
    const i3 = result.records.find((incident) => incident.id === "acme/api#5")!;
    expect(i3.status).toBe("active");
    expect(i3.resolvedMs).toBeUndefined();
    expect(result.records.find((incident) => incident.id === "acme/api#3")?.labels).toEqual({ commit: "aaaaaaa1", "dora.service": "api" });
    expectWorldFigures(worldReport(result.records));
  });

  it("reads one incidents repository: service:NAME labels map, a `started:` line moves the start, a deployment: label attributes", async () => {
    const result = await source({ repo: "acme/incidents" }).fetchIncidents(worldWindow(30));
    expect(new Set(fake.requests.map((request) => new URL(request.path, "http://x").pathname))).toEqual(new Set(["/repos/acme/incidents/issues"]));
    expect(result.records.find((incident) => incident.id === "acme/incidents#1")?.startedMs).toBe(Date.parse("2024-01-10T14:00:00.000Z"));
    const report = worldReport(result.records);
    // The same figures: I1 starts at 14:00 (not 14:20), so restore 90 min as in the world.
    expectWorldFigures(report);
    expect(report.incidents.find((row) => row.id === "acme/incidents#4")?.service).toBeNull();
  });

  it("keeps a drill with includeDrills, reported but not counted", async () => {
    const result = await source({ includeDrills: true }).fetchIncidents(worldWindow(30));
    expect(result.records.find((incident) => incident.id === "acme/api#6")).toMatchObject({ isDrill: true });
    expectWorldFigures(worldReport(result.records));
  });

  it("fails naming the repository and GITHUB_TOKEN on a refused token, never showing it", async () => {
    const error = await source({ token: "ghp_wrong_token_99" }).fetchIncidents(worldWindow(30)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    const sourceError = error as SourceError;
    expect(sourceError.message).toContain("acme/api");
    expect(sourceError.details.status).toBe(401);
    expect(sourceError.details.hint).toContain("GITHUB_TOKEN");
    expect(JSON.stringify({ message: sourceError.message, details: sourceError.details })).not.toContain("ghp_wrong_token_99");
  });
});
