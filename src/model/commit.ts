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
