import { comparisonKey } from "../model/commit.js";
import type { Commit, Comparison, ComparisonRequest, CommitRequest } from "../model/commit.js";
import type { MetricsInput } from "./options.js";

/** Lookups over what GitHub answered so far. */
export interface GitHubData {
  comparison(request: ComparisonRequest): Comparison | undefined;
  /** GitHub answered 404 for this comparison. */
  isMissing(request: ComparisonRequest): boolean;
  /** Commit metadata by full SHA or, for a short SHA, by prefix; from single commits and comparisons. */
  commit(repo: string, sha: string): Commit | undefined;
  /** GitHub answered 404/422 for this single commit. */
  isMissingCommit(request: CommitRequest): boolean;
}

export function comparisonRequestKey(request: ComparisonRequest): string {
  return comparisonKey(request.repo, request.base, request.head);
}

export function commitRequestKey(request: CommitRequest): string {
  return `${request.repo}@${request.sha}`;
}

export function indexGitHubData(input: Pick<MetricsInput, "comparisons" | "missingComparisons" | "commits" | "missingCommits">): GitHubData {
  const comparisons = new Map<string, Comparison>();
  const missing = new Set<string>();
  const missingCommits = new Set((input.missingCommits ?? []).map(commitRequestKey));
  const commitsByRepo = new Map<string, Map<string, Commit>>();

  const addCommit = (repo: string, commit: Commit, preferred: boolean) => {
    let commits = commitsByRepo.get(repo);
    if (!commits) commitsByRepo.set(repo, (commits = new Map()));
    const sha = commit.sha.toLowerCase();
    if (preferred || !commits.has(sha)) commits.set(sha, commit);
  };

  for (const comparison of input.comparisons) {
    comparisons.set(comparisonRequestKey(comparison), comparison);
    for (const commit of comparison.commits) addCommit(comparison.repo, commit, false);
    if (comparison.headCommit) addCommit(comparison.repo, comparison.headCommit, false);
  }
  for (const request of input.missingComparisons) missing.add(comparisonRequestKey(request));
  // Single commits were asked for on purpose: they win over a compare's copy.
  for (const commit of input.commits) addCommit(commit.repo, commit, true);

  return {
    comparison: (request) => comparisons.get(comparisonRequestKey(request)),
    isMissing: (request) => missing.has(comparisonRequestKey(request)),
    isMissingCommit: (request) => missingCommits.has(commitRequestKey(request)),
    commit(repo, sha) {
      const commits = commitsByRepo.get(repo);
      if (!commits) return undefined;
      const wanted = sha.toLowerCase();
      const exact = commits.get(wanted);
      if (exact || wanted.length >= 40) return exact;
      // A workflow that carried a short SHA: GitHub answers with the full one.
      for (const [fullSha, commit] of commits) if (fullSha.startsWith(wanted)) return commit;
      return undefined;
    },
  };
}
