/** A pull request that merged a commit (only resolved with leadTime.start = pull-request). */
export interface PullRequestRef {
  number: number;
  createdAt: string;
  mergedAt?: string;
  /** Author date of the PR's first commit, the lead-time start for `pull-request`. */
  firstCommitAuthoredAt?: string;
}

/** Commit metadata as read from GitHub (compare payload or GET commit). */
export interface Commit {
  sha: string;
  /** ISO instant of commit.author.date; absent when GitHub returned no date. */
  authoredAt?: string;
  /** ISO instant of commit.committer.date. */
  committedAt?: string;
  /** SHAs of its parents (compare and commit payloads carry them): the edges of the commit graph. */
  parents?: string[];
  pullRequest?: PullRequestRef;
}

/** GitHub compare status for base...head. */
export type ComparisonStatus = "ahead" | "behind" | "identical" | "diverged";

/** The result of GitHub's compare `base...head` for one repository. */
export interface Comparison {
  repo: string;
  base: string;
  head: string;
  status: ComparisonStatus;
  /** Commits reachable from head and not from base, oldest first. */
  commits: Commit[];
  /** Head commit metadata (for first deployments and 404 fallbacks). */
  headCommit?: Commit;
  /** GitHub's `merge_base_commit`: the common ancestor the listed commits stop at. */
  mergeBaseCommit?: Commit;
}

/** Key of a comparison in a ComparisonSet. */
export function comparisonKey(repo: string, base: string, head: string): string {
  return `${repo}@${base}...${head}`;
}

/** A comparison the metrics need (see metrics/plan-github-requests.ts). */
export interface ComparisonRequest {
  repo: string;
  base: string;
  head: string;
}

/** A single commit the metrics need (a first deployment's head, a fallback after a 404 compare). */
export interface CommitRequest {
  repo: string;
  sha: string;
}

/** Commit metadata with the repository it was read from. */
export interface RepoCommit extends Commit {
  repo: string;
}

/** A repository's commit graph (metrics/commit-graph.ts) as cached per repository (immutable facts only: commits by full SHA and 404s). */
export interface CommitGraphRecord {
  repo: string;
  /** Every graph commit's parents are in the graph or ancestors of this SHA. */
  root?: string;
  /** Commits with their parents. */
  commits: Commit[];
  /** Deployed SHAs known to be ancestors of the root without being reachable inside the graph. */
  belowRoot?: string[];
  /** SHAs GitHub cannot compare with the graph (force-pushed, deleted, unrelated history). */
  unreachable?: string[];
}


/** The pull request that merged a commit, as GitHub answered (absent: no pull request). */
export interface PullRequestAnswer {
  repo: string;
  sha: string;
  pullRequest?: PullRequestRef;
}
