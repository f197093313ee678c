import { describe, expect, it } from "vitest";
import { planGitHubRequests } from "../../src/metrics/plan-github-requests.js";
import { commit, comparison, deployment, input, scope, sha } from "./builders.js";
import { FakeGitHub } from "./fake-github.js";

const window = scope().window; // [2024-01-01, 2024-01-31) UTC

// acme/api history c1 → c2 → ... → c6, one commit a day in December.
const c = (n: number) => sha(`c${n}`);
const apiHistory = [1, 2, 3, 4, 5, 6].map((n) => commit(c(n), `2023-12-0${n}T12:00`));

describe("planGitHubRequests", () => {
  it("asks nothing for lookback deployments, the head commit of a first deployment, nothing for a redeploy", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }), // lookback: predecessor only
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "D2", sha: c(3), finishedAt: "2024-01-06T10:00" }), // redeploy of c3
        deployment({ id: "W1", sha: sha("w1"), finishedAt: "2024-01-07T10:00", service: "web", repo: "acme/web" }),
        deployment({ id: "F", sha: c(6), finishedAt: "2024-01-08T10:00", status: "failed" }), // failed runs are no predecessors
      ],
    });
    expect(planGitHubRequests(data, window)).toEqual({
      comparisons: [{ repo: "acme/api", base: c(1), head: c(3) }],
      commits: [{ repo: "acme/web", sha: sha("w1") }],
    });
  });

  it("only plans for the reported services", () => {
    const data = input({
      deployments: [
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "W1", sha: sha("w1"), finishedAt: "2024-01-07T10:00", service: "web", repo: "acme/web" }),
      ],
    });
    expect(planGitHubRequests(data, window, ["api"])).toEqual({ comparisons: [], commits: [{ repo: "acme/api", sha: c(3) }] });
  });

  it("compares from the high-water SHA after a rollback, in a second round", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(4), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-06T10:00" }), // rollback to c2
        deployment({ id: "D3", sha: c(6), finishedAt: "2024-01-07T10:00" }),
      ],
    });
    // Round 1: every deployment against its immediate predecessor.
    const round1 = planGitHubRequests(data, window);
    expect(round1.comparisons).toEqual([
      { repo: "acme/api", base: c(1), head: c(4) },
      { repo: "acme/api", base: c(4), head: c(2) },
      { repo: "acme/api", base: c(2), head: c(6) },
    ]);
    data.comparisons.push(
      comparison(c(1), c(4), "ahead", apiHistory.slice(1, 4)),
      comparison(c(4), c(2), "behind"),
      comparison(c(2), c(6), "ahead", apiHistory.slice(2, 6)),
    );
    // Round 2: D2 turned out a rollback, so D3's base is the high water c4 (D1), not c2.
    expect(planGitHubRequests(data, window)).toEqual({ comparisons: [{ repo: "acme/api", base: c(4), head: c(6) }], commits: [] });
    data.comparisons.push(comparison(c(4), c(6), "ahead", apiHistory.slice(4, 6)));
    expect(planGitHubRequests(data, window)).toEqual({ comparisons: [], commits: [] });
  });

  it("asks nothing when a deployment after a rollback re-deploys the high-water SHA", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-06T10:00" }),
        deployment({ id: "D3", sha: c(3), finishedAt: "2024-01-07T10:00" }),
      ],
      comparisons: [
        comparison(c(1), c(3), "ahead", apiHistory.slice(1, 3)),
        comparison(c(3), c(2), "behind"),
        comparison(c(2), c(3), "ahead", apiHistory.slice(2, 3)),
      ],
    });
    expect(planGitHubRequests(data, window)).toEqual({ comparisons: [], commits: [] });
  });

  it("falls back to the head commit of a comparison GitHub lost, and never asks again", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
      ],
      missingComparisons: [{ repo: "acme/api", base: c(1), head: c(3) }],
    });
    expect(planGitHubRequests(data, window)).toEqual({ comparisons: [], commits: [{ repo: "acme/api", sha: c(3) }] });
    data.missingCommits = [{ repo: "acme/api", sha: c(3) }];
    expect(planGitHubRequests(data, window)).toEqual({ comparisons: [], commits: [] });
  });

  it("does not ask for a head commit that a comparison with that head already carried", () => {
    // (e.g. another service deploying from the same repository compared c1...c3)
    const data = input({
      deployments: [deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" })],
      comparisons: [comparison(c(1), c(3), "ahead", apiHistory.slice(1, 3))],
    });
    expect(planGitHubRequests(data, window)).toEqual({ comparisons: [], commits: [] });
  });

  it("converges in at most three rounds, even when the high-water compare and its head commit are lost", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-06T10:00" }), // rollback
        deployment({ id: "D3", sha: c(5), finishedAt: "2024-01-07T10:00" }), // c3...c5 will 404
        deployment({ id: "W1", sha: sha("w1"), finishedAt: "2024-01-07T10:00", service: "web", repo: "acme/web" }),
      ],
    });
    // c5 "force-pushed away": every compare with it and its commit answer 404.
    const github = new FakeGitHub({ "acme/api": apiHistory, "acme/web": [commit(sha("w1"), "2024-01-02T00:00")] }, new Set([c(5)]));
    // Round 1: c1...c3, c3...c2, c2...c5 (404) + commit w1; round 2: c3...c5 (404);
    // round 3: commit c5 (404); then nothing is left to ask.
    expect(github.collect(data, window)).toBe(3);
    const asked = github.comparisonCalls.map((request) => `${request.base.slice(0, 2)}...${request.head.slice(0, 2)}`);
    expect(asked).toEqual(["c1...c3", "c3...c2", "c2...c5", "c3...c5"]);
    expect(github.commitCalls.map((request) => request.sha)).toEqual([sha("w1"), c(5)]);
  });
});
