import type { Commit, CommitRequest, Comparison, ComparisonRequest } from "../../src/model/commit.js";
import type { Window } from "../../src/model/window.js";
import { planGitHubRequests } from "../../src/metrics/plan-github-requests.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import { CommitDag } from "../../src/emulator/commit-dag.js";
import { normalizeComparison, toCommit } from "../../src/sources/github/normalize.js";

/** A commit as GitHub's REST API spells it (what CommitDag reads). */
export function commitJson(commit: Commit): Record<string, unknown> {
  return {
    sha: commit.sha,
    parents: (commit.parents ?? []).map((sha) => ({ sha })),
    commit: { author: { date: commit.authoredAt }, committer: { date: commit.committedAt } },
  };
}

/**
 * A GitHub over one commit DAG per repo: commits listed oldest first, each one's parents as given,
 * else the commit before it (a linear history). Compares are GitHub's `base...head` (merge base,
 * status, commits reachable from head and not from the merge base); SHAs listed in `lost` answer 404
 * (force-pushed away). Counts every request.
 */
export class FakeGitHub {
  readonly comparisonCalls: ComparisonRequest[] = [];
  readonly commitCalls: CommitRequest[] = [];
  private readonly dags = new Map<string, CommitDag>();

  constructor(
    histories: Record<string, Commit[]>,
    private readonly lost: Set<string> = new Set(),
  ) {
    for (const [repo, history] of Object.entries(histories)) {
      const dag = new CommitDag();
      history.forEach((commit, index) => dag.add(commitJson({ ...commit, parents: commit.parents ?? (index === 0 ? [] : [history[index - 1]!.sha]) })));
      this.dags.set(repo, dag);
    }
  }

  compare(request: ComparisonRequest): Comparison | undefined {
    this.comparisonCalls.push(request);
    if (this.lost.has(request.base) || this.lost.has(request.head)) return undefined;
    const answer = this.dags.get(request.repo)?.compare(request.base, request.head);
    if (answer?.kind !== "compared") return undefined;
    return normalizeComparison(answer.body, request);
  }

  commit(request: CommitRequest): Commit | undefined {
    this.commitCalls.push(request);
    if (this.lost.has(request.sha)) return undefined;
    const json = this.dags.get(request.repo)?.commit(request.sha);
    return json ? toCommit(json) : undefined;
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
