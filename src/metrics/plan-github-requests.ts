import type { CommitRequest, ComparisonRequest } from "../model/commit.js";
import type { Window } from "../model/window.js";
import { successfulHistories } from "./deployment-history.js";
import { commitRequestKey, comparisonRequestKey, indexGitHubData } from "./github-data.js";
import { resolveLineages } from "./lineage.js";
import type { MetricsInput } from "./options.js";

export interface GitHubRequests {
  comparisons: ComparisonRequest[];
  commits: CommitRequest[];
}

/**
 * What GitHub must answer next for the lead times of the window's deployments. Call it, fetch the
 * requests, add the answers to `input` (comparisons, commits, and the 404s to missingComparisons and
 * missingCommits), and call it again until both lists are empty: at most three
 * rounds (compares; high-water compares after rollbacks and head commits; head commits of lost
 * high-water compares). It never asks for what the input already answers.
 */
export function planGitHubRequests(input: MetricsInput, window: Window, reportServices?: string[]): GitHubRequests {
  const github = indexGitHubData(input);
  const period = { fromMs: window.from.getTime(), toMs: window.to.getTime() };
  const histories = successfulHistories(input.deployments, reportServices ? new Set(reportServices) : undefined);
  const comparisons = new Map<string, ComparisonRequest>();
  const commits = new Map<string, CommitRequest>();

  for (const history of histories.values()) {
    for (const { timed, source } of resolveLineages(history, period, github, "pending")) {
      if (source.kind === "pending" && source.request) {
        comparisons.set(comparisonRequestKey(source.request), source.request);
      } else if (source.kind === "head-only") {
        const { repo, sha } = timed.deployment;
        const request = { repo, sha };
        if (!github.isMissingCommit(request) && !github.commit(repo, sha)) commits.set(commitRequestKey(request), request);
      }
    }
  }
  return { comparisons: [...comparisons.values()], commits: [...commits.values()] };
}
