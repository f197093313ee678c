import { describe, expect, it } from "vitest";
import { planGitHubRequests } from "../../src/metrics/plan-github-requests.js";
import { commit, deployment, input, scope, sha } from "./builders.js";
import { FakeGitHub } from "./fake-github.js";

const window = scope().window; // [2024-01-01, 2024-01-31) UTC

// acme/api history c1 → c2 → ... → c6, one commit a day in December.
const c = (n: number) => sha(`c${n}`);
const apiHistory = [1, 2, 3, 4, 5, 6].map((n) => commit(c(n), `2023-12-0${n}T12:00`));
const NONE = { comparisons: [], commits: [], pullRequests: [] };

describe("planGitHubRequests", () => {
  it("asks one compare oldest...newest deployed SHA per repository, and the head commit of a lone first deployment", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }), // lookback: the oldest deployed SHA
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "D2", sha: c(3), finishedAt: "2024-01-06T10:00" }), // redeploy of c3
        deployment({ id: "W1", sha: sha("w1"), finishedAt: "2024-01-07T10:00", service: "web", repo: "acme/web" }),
        deployment({ id: "F", sha: c(6), finishedAt: "2024-01-08T10:00", status: "failed" }), // failed runs deploy nothing
      ],
    });
    expect(planGitHubRequests(data, window)).toEqual({
      comparisons: [{ repo: "acme/api", base: c(1), head: c(3) }],
      commits: [{ repo: "acme/web", sha: sha("w1") }],
      pullRequests: [],
    });
  });

  it("only plans for the reported services", () => {
    const data = input({
      deployments: [
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "W1", sha: sha("w1"), finishedAt: "2024-01-07T10:00", service: "web", repo: "acme/web" }),
      ],
    });
    expect(planGitHubRequests(data, window, ["api"])).toEqual({ ...NONE, commits: [{ repo: "acme/api", sha: c(3) }] });
  });

  it("needs one compare for a rollback: the graph decides it", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(4), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-06T10:00" }), // rollback to c2
        deployment({ id: "D3", sha: c(6), finishedAt: "2024-01-07T10:00" }),
      ],
    });
    const github = new FakeGitHub({ "acme/api": apiHistory });
    expect(github.collect(data, window)).toBe(1);
    expect(github.comparisonCalls).toEqual([{ repo: "acme/api", base: c(1), head: c(6) }]);
    expect(planGitHubRequests(data, window)).toEqual(NONE);
  });

  it("asks for the pull requests of counted commits only", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(2), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(4), finishedAt: "2024-01-05T10:00" }),
      ],
    });
    new FakeGitHub({ "acme/api": apiHistory }).collect(data, window);
    // c3, c4 count at D1; c2 (the lookback deployment) and c1 do not.
    expect(planGitHubRequests(data, window, undefined, { pullRequests: true }).pullRequests).toEqual([
      { repo: "acme/api", sha: c(3) },
      { repo: "acme/api", sha: c(4) },
    ]);
    data.pullRequests = [{ repo: "acme/api", sha: c(3) }, { repo: "acme/api", sha: c(4), pullRequest: { number: 7, createdAt: "2023-12-01T00:00:00.000Z" } }];
    expect(planGitHubRequests(data, window, undefined, { pullRequests: true })).toEqual(NONE);
  });

  it("finds which side of a 404 is lost, falls back to the head commit, and never asks again", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
      ],
      missingComparisons: [{ repo: "acme/api", base: c(1), head: c(3) }],
    });
    // Is the base c1 known to GitHub? Then c3 is the lost one.
    expect(planGitHubRequests(data, window)).toEqual({ ...NONE, commits: [{ repo: "acme/api", sha: c(1) }] });
    data.commits.push({ repo: "acme/api", ...apiHistory[0]! });
    expect(planGitHubRequests(data, window)).toEqual({ ...NONE, commits: [{ repo: "acme/api", sha: c(3) }] });
    data.missingCommits = [{ repo: "acme/api", sha: c(3) }];
    expect(planGitHubRequests(data, window)).toEqual(NONE);
  });

  it("converges when a deployed SHA was force-pushed away", () => {
    const data = input({
      deployments: [
        deployment({ id: "L", sha: c(1), finishedAt: "2023-12-20T10:00" }),
        deployment({ id: "D1", sha: c(3), finishedAt: "2024-01-05T10:00" }),
        deployment({ id: "D2", sha: c(2), finishedAt: "2024-01-06T10:00" }), // rollback
        deployment({ id: "D3", sha: c(5), finishedAt: "2024-01-07T10:00" }), // lost
        deployment({ id: "W1", sha: sha("w1"), finishedAt: "2024-01-07T10:00", service: "web", repo: "acme/web" }),
      ],
    });
    // c5 "force-pushed away": every compare with it and its commit answer 404.
    const github = new FakeGitHub({ "acme/api": apiHistory, "acme/web": [commit(sha("w1"), "2024-01-02T00:00")] }, new Set([c(5)]));
    // 1: c1...c5 (404) + commit w1; 2: commit c1 (exists: c5 is the lost one); 3: c1...c2 (oldest...newest
    // of what is left); 4: c2...c3 (the tip of the graph to the SHA it lacks); 5: head commit c5 (404).
    expect(github.collect(data, window)).toBe(5);
    const asked = github.comparisonCalls.map((request) => `${request.base.slice(0, 2)}...${request.head.slice(0, 2)}`);
    expect(asked).toEqual(["c1...c5", "c1...c2", "c2...c3"]);
    expect(github.commitCalls.map((request) => request.sha)).toEqual([sha("w1"), c(1), c(5)]);
  });
});
