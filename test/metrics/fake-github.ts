import type { Commit, CommitRequest, Comparison, ComparisonRequest } from "../../src/model/commit.js";
import type { Window } from "../../src/model/window.js";
import { planGitHubRequests } from "../../src/metrics/plan-github-requests.js";
import type { MetricsInput } from "../../src/metrics/options.js";

/**
 * A GitHub over one linear history per repo (oldest first): compare answers ahead/behind/identical
 * with the commits in between; SHAs listed in `lost` answer 404 (force-pushed away).
 */
export class FakeGitHub {
  readonly comparisonCalls: ComparisonRequest[] = [];
  readonly commitCalls: CommitRequest[] = [];

  constructor(
    private readonly histories: Record<string, Commit[]>,
    private readonly lost: Set<string> = new Set(),
  ) {}

  compare(request: ComparisonRequest): Comparison | undefined {
    this.comparisonCalls.push(request);
    const history = this.histories[request.repo] ?? [];
    const base = history.findIndex((commit) => commit.sha === request.base);
    const head = history.findIndex((commit) => commit.sha === request.head);
    if (base < 0 || head < 0 || this.lost.has(request.base) || this.lost.has(request.head)) return undefined;
    const status = head > base ? "ahead" : head < base ? "behind" : "identical";
    return { ...request, status, commits: head > base ? history.slice(base + 1, head + 1) : [] };
  }

  commit(request: CommitRequest): Commit | undefined {
    this.commitCalls.push(request);
    if (this.lost.has(request.sha)) return undefined;
    return (this.histories[request.repo] ?? []).find((commit) => commit.sha === request.sha);
  }

  /** Runs the orchestrator's loop; returns how many rounds fetched something. */
  collect(input: MetricsInput, window: Window, reportServices?: string[]): number {
    for (let round = 0; round < 10; round++) {
      const plan = planGitHubRequests(input, window, reportServices);
      if (plan.comparisons.length === 0 && plan.commits.length === 0) return round;
      for (const request of plan.comparisons) {
        const answer = this.compare(request);
        if (answer) input.comparisons.push(answer);
        else input.missingComparisons.push(request);
      }
      for (const request of plan.commits) {
        const answer = this.commit(request);
        if (answer) input.commits.push({ repo: request.repo, ...answer });
        else input.missingCommits = [...(input.missingCommits ?? []), request];
      }
    }
    throw new Error("planning did not converge in 10 rounds");
  }
}
