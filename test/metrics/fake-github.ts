import type { Commit, CommitRequest, Comparison, ComparisonRequest } from "../../src/model/commit.js";
import type { Window } from "../../src/model/window.js";
import { planGitHubRequests } from "../../src/metrics/plan-github-requests.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import { createApiEmulator, githubRepository, type ApiEmulator } from "../../src/emulator/index.js";
import { normalizeComparison, toCommit } from "../../src/sources/github/normalize.js";

/** A commit as GitHub's REST API spells it (what the emulator's commit DAG reads). */
export function commitJson(commit: Commit): Record<string, unknown> {
  return {
    sha: commit.sha,
    parents: (commit.parents ?? []).map((sha) => ({ sha })),
    commit: { author: { date: commit.authoredAt }, committer: { date: commit.committedAt } },
  };
}

/**
 * The emulator's GitHub (src/emulator), asked in process, over one commit DAG per repo: commits listed oldest first, each one's parents as given,
 * else the commit before it (a linear history). Compares are GitHub's `base...head` (merge base,
 * status, commits reachable from head and not from the merge base); SHAs listed in `lost` answer 404
 * (force-pushed away). Counts every request.
 */
export class FakeGitHub {
  readonly comparisonCalls: ComparisonRequest[] = [];
  readonly commitCalls: CommitRequest[] = [];
  private readonly github: ApiEmulator;

  constructor(
    histories: Record<string, Commit[]>,
    private readonly lost: Set<string> = new Set(),
  ) {
    const exchanges = Object.entries(histories).flatMap(([repo, history]) =>
      githubRepository(
        repo,
        history.map((commit, index) => commitJson({ ...commit, parents: commit.parents ?? (index === 0 ? [] : [history[index - 1]!.sha]) })),
      ),
    );
    this.github = createApiEmulator({ exchanges });
  }

  private get(path: string): Record<string, unknown> | undefined {
    const answer = this.github.handle("github", { method: "GET", path });
    return answer.status === 200 ? (answer.body as Record<string, unknown>) : undefined;
  }

  compare(request: ComparisonRequest): Comparison | undefined {
    this.comparisonCalls.push(request);
    if (this.lost.has(request.base) || this.lost.has(request.head)) return undefined;
    // Paged as the GitHub client pages (an unpaged compare stops at 250 commits).
    const path = `/repos/${request.repo}/compare/${request.base}...${request.head}?per_page=100`;
    const first = this.get(`${path}&page=1`);
    if (!first) return undefined;
    const commits = [...(first.commits as unknown[])];
    for (let page = 2; commits.length < Number(first.total_commits); page++) commits.push(...(this.get(`${path}&page=${page}`)!.commits as unknown[]));
    return normalizeComparison({ ...first, commits }, request);
  }

  commit(request: CommitRequest): Commit | undefined {
    this.commitCalls.push(request);
    if (this.lost.has(request.sha)) return undefined;
    const json = this.get(`/repos/${request.repo}/commits/${request.sha}`);
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
