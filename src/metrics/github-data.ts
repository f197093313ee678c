import type { Commit, Comparison, ComparisonRequest, CommitRequest } from "../model/commit.js";
import { comparisonKey } from "../model/commit.js";
import { MultiMap } from "./multi-map.js";
import type { MetricsInput } from "./options.js";

/** Lookups over what GitHub answered so far. */
export interface GitHubData {
  comparison(request: ComparisonRequest): Comparison | undefined;
  /** GitHub answered 404 for this comparison. */
  isMissing(request: ComparisonRequest): boolean;
  /** Commit metadata from single commits (a short SHA matches by prefix) or a comparison with that head. */
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

type Answered = Pick<MetricsInput, "comparisons" | "missingComparisons" | "commits" | "missingCommits">;

// Indexed by head SHA: the SHA strings come from the deployments, so their hashes are cached and a
// lookup builds no string (this runs for every deployment, up to a million).
export function indexGitHubData(input: Answered): GitHubData {
  const comparisonsByHead = new HeadIndex(input.comparisons);
  const missingByHead = new HeadIndex(input.missingComparisons);
  const missingCommits = new Set((input.missingCommits ?? []).map(commitRequestKey));
  const singleCommits = new Map<string, Commit>();
  for (const commit of input.commits) singleCommits.set(commitRequestKey(commit), commit);

  return {
    comparison: (request) => comparisonsByHead.find(request),
    isMissing: (request) => missingByHead.find(request) !== undefined,
    isMissingCommit: (request) => missingCommits.has(commitRequestKey(request)),
    commit(repo, sha) {
      const single = singleCommits.get(commitRequestKey({ repo, sha }));
      if (single) return single;
      // A workflow that carried a short SHA: GitHub answered with the full one.
      if (sha.length < 40) {
        const wanted = sha.toLowerCase();
        for (const commit of input.commits) if (commit.repo === repo && commit.sha.startsWith(wanted)) return commit;
      }
      // The head of a comparison of the same repo carries the commit too.
      for (const comparison of comparisonsByHead.all(sha)) {
        if (comparison.repo !== repo) continue;
        if (comparison.headCommit) return comparison.headCommit;
        const head = comparison.commits.find((commit) => commit.sha === sha);
        if (head) return head;
      }
      return undefined;
    },
  };
}

/** Comparisons (or requests) by head SHA. */
class HeadIndex<T extends ComparisonRequest> {
  private readonly byHead = new MultiMap<string, T>();

  constructor(entries: readonly T[]) {
    for (const entry of entries) this.byHead.add(entry.head, entry);
  }

  find(request: ComparisonRequest): T | undefined {
    const first = this.byHead.firstOf(request.head);
    if (first === undefined || matches(first, request)) return first;
    return this.byHead.get(request.head).find((entry) => matches(entry, request));
  }

  all(head: string): T[] {
    return this.byHead.get(head);
  }
}

function matches(entry: ComparisonRequest, request: ComparisonRequest): boolean {
  return entry.base === request.base && entry.repo === request.repo;
}
