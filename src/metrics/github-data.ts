import type { Commit, Comparison, ComparisonRequest, CommitRequest, PullRequestRef } from "../model/commit.js";
import { comparisonKey } from "../model/commit.js";
import { CommitGraph } from "./commit-graph.js";
import { MultiMap } from "./multi-map.js";
import type { MetricsInput } from "./options.js";

/** Lookups over what GitHub answered so far. */
export interface GitHubData {
  /** The commit graph of a repository (empty when nothing is known). */
  graph(repo: string): CommitGraph;
  comparison(request: ComparisonRequest): Comparison | undefined;
  /** GitHub answered 404 for this comparison. */
  isMissing(request: ComparisonRequest): boolean;
  /** Commit metadata from the graph or a single commit (a short SHA matches by prefix). */
  commit(repo: string, sha: string): Commit | undefined;
  /** GitHub answered 404/422 for this single commit. */
  isMissingCommit(request: CommitRequest): boolean;
  /** Whether the pull request of this commit was asked for (leadTime.start pull-request). */
  hasPullRequestAnswer(repo: string, sha: string): boolean;
}

export function comparisonRequestKey(request: ComparisonRequest): string {
  return comparisonKey(request.repo, request.base, request.head);
}

export function commitRequestKey(request: CommitRequest): string {
  return `${request.repo}@${request.sha}`;
}

type Answered = Pick<MetricsInput, "comparisons" | "missingComparisons" | "commits" | "missingCommits" | "commitGraphs" | "pullRequests">;

/** The commit graphs of the answers: cached graphs first, then the compares in the order they were answered. */
export function buildCommitGraphs(input: Answered): Map<string, CommitGraph> {
  const graphs = new Map<string, CommitGraph>();
  const graphOf = (repo: string) => {
    let graph = graphs.get(repo);
    if (!graph) graphs.set(repo, (graph = new CommitGraph(repo)));
    return graph;
  };
  for (const table of input.commitGraphs ?? []) graphs.set(table.repo, CommitGraph.fromTable(table));
  for (const comparison of input.comparisons) graphOf(comparison.repo).addComparison(comparison);
  // A compare from a commit GitHub knows that answers 404: the head is lost (force-pushed, deleted
  // or unrelated history). A 404 from an unknown base says nothing about the head.
  const singles = new Set(input.commits.map(commitRequestKey));
  for (const request of input.missingComparisons) {
    const graph = graphOf(request.repo);
    if (graph.resolve(request.base) !== undefined || singles.has(commitRequestKey({ repo: request.repo, sha: request.base }))) {
      graph.unreachable.add(request.head);
    }
  }
  for (const request of input.missingCommits ?? []) graphOf(request.repo).unreachable.add(request.sha);
  return graphs;
}

// Comparisons are indexed by head SHA: the SHA strings come from the deployments, so their hashes
// are cached and a lookup builds no string.
export function indexGitHubData(input: Answered): GitHubData {
  const graphs = buildCommitGraphs(input);
  const comparisonsByHead = new HeadIndex(input.comparisons);
  const missingByHead = new HeadIndex(input.missingComparisons);
  const missingCommits = new Set((input.missingCommits ?? []).map(commitRequestKey));
  const singleCommits = new Map<string, Commit>();
  for (const commit of input.commits) singleCommits.set(commitRequestKey(commit), commit);
  const pullRequests = new Map<string, PullRequestRef | undefined>();
  for (const answer of input.pullRequests ?? []) pullRequests.set(commitRequestKey(answer), answer.pullRequest);
  const withPullRequest = (repo: string, commit: Commit): Commit => {
    const pullRequest = pullRequests.get(commitRequestKey({ repo, sha: commit.sha }));
    return pullRequest === undefined || commit.pullRequest === pullRequest ? commit : { ...commit, pullRequest };
  };
  // Graph commits carry their pull request (read by the lead time of pull-request starts).
  for (const answer of input.pullRequests ?? []) {
    if (answer.pullRequest) graphs.get(answer.repo)?.setPullRequest(answer.sha, answer.pullRequest);
  }
  const empty = new Map<string, CommitGraph>();

  return {
    graph(repo) {
      let graph = graphs.get(repo) ?? empty.get(repo);
      if (!graph) empty.set(repo, (graph = new CommitGraph(repo)));
      return graph;
    },
    comparison: (request) => comparisonsByHead.find(request),
    isMissing: (request) => missingByHead.find(request) !== undefined,
    isMissingCommit: (request) => missingCommits.has(commitRequestKey(request)),
    hasPullRequestAnswer: (repo, sha) => pullRequests.has(commitRequestKey({ repo, sha })),
    commit(repo, sha) {
      const single = singleCommits.get(commitRequestKey({ repo, sha }));
      if (single) return withPullRequest(repo, single);
      const fromGraph = graphs.get(repo)?.commit(sha);
      if (fromGraph) return fromGraph;
      // A workflow that carried a short SHA: GitHub answered with the full one.
      if (sha.length < 40) {
        const wanted = sha.toLowerCase();
        for (const commit of input.commits) if (commit.repo === repo && commit.sha.startsWith(wanted)) return withPullRequest(repo, commit);
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
}

function matches(entry: ComparisonRequest, request: ComparisonRequest): boolean {
  return entry.base === request.base && entry.repo === request.repo;
}
