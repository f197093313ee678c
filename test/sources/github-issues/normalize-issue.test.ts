import { describe, expect, it } from "vitest";
import { labelPairs, normalizeIssue } from "../../../src/sources/github-issues/normalize-issue.js";

import { upstreamDocument } from "../../upstream-documents.js";

const recorded = upstreamDocument<Array<Record<string, unknown>>>("github/list-issues.octokit-fixture.json");
const issue13 = recorded[0]!;

describe("GitHub issue → Incident", () => {
  it("reads a recorded open issue as an active incident started at created_at", () => {
    const result = normalizeIssue(issue13, "octokit-fixture-org/paginate-issues");
    expect(result.incident).toMatchObject({
      id: "octokit-fixture-org/paginate-issues#13",
      title: "Test issue 13",
      status: "active",
      isDrill: false,
      startedMs: Date.parse("2017-10-10T16:00:00.000Z"),
      labels: {},
      url: "https://github.com/octokit-fixture-org/paginate-issues/issues/13",
    });
    expect(result.incident?.resolvedMs).toBeUndefined();
  });

  it("a closed issue resolves at closed_at; an open one is active whatever closed_at says", () => {
    const closed = normalizeIssue({ ...issue13, state: "closed", closed_at: "2017-10-10T17:30:00Z", state_reason: "completed" }, "o/r");
    // 16:00 → 17:30
    expect(closed.incident).toMatchObject({ status: "resolved", resolvedMs: Date.parse("2017-10-10T17:30:00.000Z") });
    const reopened = normalizeIssue({ ...issue13, state: "open", closed_at: "2017-10-10T17:30:00Z", state_reason: "reopened" }, "o/r");
    expect(reopened.incident?.status).toBe("active");
    expect(reopened.incident?.resolvedMs).toBeUndefined();
  });

  it("leaves out pull requests and duplicates", () => {
    expect(normalizeIssue({ ...issue13, pull_request: { url: "https://api.github.com/repos/o/r/pulls/13" } }, "o/r")).toMatchObject({ skipped: "pull-request" });
    expect(normalizeIssue({ ...issue13, state: "closed", closed_at: "2017-10-10T17:30:00Z", state_reason: "duplicate" }, "o/r")).toMatchObject({ skipped: "duplicate" });
  });

  it("reads key:value labels, a severity, a drill label, a started: line, and warns on an unzoned start", () => {
    const labels = ["incident", "service:checkout", "severity: critical", "drill", "commit=abcdef1"].map((name) => ({ name }));
    const result = normalizeIssue({ ...issue13, labels, body: "started: 2017-10-10T15:40:00+02:00\n" }, "o/r");
    // 15:40 at +02:00 = 13:40 UTC
    expect(result.incident).toMatchObject({ severity: "critical", isDrill: true, startedMs: Date.parse("2017-10-10T13:40:00.000Z"), labels: { service: "checkout", severity: "critical", commit: "abcdef1" } });
    const unzoned = normalizeIssue({ ...issue13, body: "started: 2017-10-10 15:40" }, "o/r");
    expect(unzoned.incident?.startedMs).toBe(Date.parse("2017-10-10T16:00:00.000Z"));
    expect(unzoned.warnings.map((warning) => warning.code)).toEqual(["incident-start-unreadable"]);
    expect(labelPairs(["incident", "Team: Payments"])).toEqual({ team: "Payments" });
  });
});
