import type { CommitRequest, ComparisonRequest } from "../model/commit.js";
import type { Window } from "../model/window.js";
import type { Period } from "./buckets.js";
import { changesOfService } from "./changes.js";
import type { Deployment } from "../model/deployment.js";
import { successfulHistories } from "./deployment-history.js";
import { commitRequestKey, comparisonRequestKey, indexGitHubData, type GitHubData } from "./github-data.js";
import { isHeadOnly, resolveLineages } from "./lineage.js";
import { CommitIdList } from "./commit-id-list.js";
import type { MetricsInput } from "./options.js";

export interface GitHubRequests {
  comparisons: ComparisonRequest[];
  commits: CommitRequest[];
  /** Commits whose pull request is wanted (only with `pullRequests: true`, for commits that count). */
  pullRequests: CommitRequest[];
}

export interface PlanOptions {
  /** leadTime.start pull-request: ask for the pull request of every commit that counts. */
  pullRequests?: boolean;
}

/**
 * What GitHub must answer next for the change sets of the window's deployments. Call it, fetch the
 * requests, add the answers to `input` (comparisons, commits, pullRequests, and the 404s to
 * missingComparisons and missingCommits), and call it again until all lists are empty. It never
 * asks for what the input (or the cached graphs in it) already answers.
 *
 * Per repository, the commit graph (commit-graph.ts) must hold every SHA its services deployed in
 * the lookback and the window:
 * 1. an empty graph: one paged compare `oldest...newest` deployed SHA (first by finish time, last);
 * 2. the last deployment's SHA missing from the graph: one compare `tip...last`, tip being the
 *    latest deployed SHA the graph holds (the next night's only request); the first deployment's
 *    SHA missing (an earlier window than the cached graph's): one compare `first...root`;
 * 3. then a compare `tip...X` for each deployed SHA X still missing (branch deploys, SHAs older than
 *    the graph, force-pushed ones, which answer 404);
 * 4. a service whose first deployment does not reach the root extends the graph down:
 *    `root...first`, then `merge-base...root`;
 * 5. head commits of head-only deployments the graph does not hold; then pull requests.
 */
export function planGitHubRequests(input: MetricsInput, window: Window, reportServices?: string[], options: PlanOptions = {}): GitHubRequests {
  const github = indexGitHubData(input);
  const period: Period = { fromMs: window.from.getTime(), toMs: window.to.getTime() };
  const histories = successfulHistories(input.deployments, reportServices ? new Set(reportServices) : undefined);
  const comparisons = new Map<string, ComparisonRequest>();
  const commits = new Map<string, CommitRequest>();
  const addComparison = (request: ComparisonRequest) => comparisons.set(comparisonRequestKey(request), request);

  const byRepo = new Map<string, Deployment[][]>();
  for (const history of histories.values()) {
    const inRange = history.filter((deployment) => deployment.finishedMs < period.toMs);
    if (inRange.length === 0) continue;
    const repo = inRange[0]!.repo;
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), inRange]);
  }

  for (const [repo, repoHistories] of byRepo) {
    const graphRequests = graphRequestsOf(repo, repoHistories, github);
    for (const request of graphRequests.comparisons) addComparison(request);
    for (const request of graphRequests.commits) commits.set(commitRequestKey(request), request);
    if (graphRequests.comparisons.length > 0 || graphRequests.commits.length > 0) continue;
    // The graph is complete: head commits the graph does not hold.
    for (const history of repoHistories) {
      for (const { deployment, reason } of resolveLineages(history, period, github, "pending")) {
        if (!isHeadOnly(reason)) continue;
        const request = { repo, sha: deployment.sha };
        if (!github.isMissingCommit(request) && !github.commit(repo, request.sha)) commits.set(commitRequestKey(request), request);
      }
    }
  }

  const pullRequests = new Map<string, CommitRequest>();
  if (options.pullRequests && comparisons.size === 0 && commits.size === 0) {
    const ignore = () => {};
    for (const history of histories.values()) {
      const taken = new CommitIdList();
      const lineages = resolveLineages(history, period, github, "missing", taken);
      const { log } = changesOfService(lineages, taken, github, "authored", ignore);
      const repo = history[0]!.repo;
      for (let index = 0; index < log.length; index++) {
        const loose = log.looseAt(index);
        const id = log.ids.at(index);
        const request = { repo, sha: log.shaAt(index) };
        const known = loose ? loose.pullRequest : log.graph.pullRequestAt(id);
        if (!known && !github.hasPullRequestAnswer(request.repo, request.sha)) pullRequests.set(commitRequestKey(request), request);
      }
    }
  }
  return { comparisons: [...comparisons.values()], commits: [...commits.values()], pullRequests: [...pullRequests.values()] };
}

/** Steps 1–4 for one repository: what its graph still lacks. */
function graphRequestsOf(repo: string, histories: readonly Deployment[][], github: GitHubData): { comparisons: ComparisonRequest[]; commits: CommitRequest[] } {
  const graph = github.graph(repo);
  const isLost = (sha: string) => graph.unreachable.has(sha) || github.isMissingCommit({ repo, sha });
  const inOrder = histories.flat().sort((a, b) => a.finishedMs - b.finishedMs).map((deployment) => deployment.sha);
  const deployed = [...new Set(inOrder)];
  const none = { comparisons: [], commits: [] };
  const unanswered = (request: ComparisonRequest) => !github.comparison(request) && !github.isMissing(request);

  if (graph.root === undefined) {
    const candidates = inOrder.filter((sha) => !isLost(sha));
    // The SHAs of the first and of the last deployment (not the last new SHA: that may be a rollback).
    const base = candidates[0];
    const head = candidates.findLast((sha) => sha !== base);
    if (base === undefined || head === undefined) return none;
    const request = { repo, base, head };
    if (unanswered(request)) return { comparisons: [request], commits: [] };
    // 404: the head is lost when the base exists (buildCommitGraphs decides once the base is known).
    const baseCommit = { repo, sha: base };
    return github.commit(repo, base) || github.isMissingCommit(baseCommit) ? none : { comparisons: [], commits: [baseCommit] };
  }

  const wanted = deployed.filter((sha) => graph.resolve(sha) === undefined && !isLost(sha));
  if (wanted.length > 0) {
    const known = inOrder.map((sha) => graph.resolve(sha)).filter((sha): sha is string => sha !== undefined);
    const tip = known.at(-1) ?? graph.root;
    const present = inOrder.filter((sha) => !isLost(sha));
    // A graph from an earlier run: one compare up from its tip to the last deployment's SHA, one
    // down from the first deployment's SHA to its root (the root then moves to their merge base).
    const ends: ComparisonRequest[] = [];
    const last = present.at(-1);
    const first = present[0];
    if (last !== undefined && wanted.includes(last)) ends.push({ repo, base: tip, head: last });
    if (first !== undefined && first !== last && wanted.includes(first)) ends.push({ repo, base: first, head: graph.root });
    const endRequests = ends.filter(unanswered);
    if (endRequests.length > 0) return { comparisons: endRequests, commits: [] };
    return { comparisons: wanted.map((head) => ({ repo, base: tip, head })).filter(unanswered), commits: [] };
  }

  const comparisons: ComparisonRequest[] = [];
  for (const history of histories) {
    const first = graph.resolve(history[0]!.sha);
    if (first === undefined || graph.reaches(first, graph.root)) continue;
    const toFirst = { repo, base: graph.root, head: first };
    const answer = github.comparison(toFirst);
    if (!answer) {
      if (!github.isMissing(toFirst)) comparisons.push(toFirst);
      continue;
    }
    const mergeBase = answer.mergeBaseCommit?.sha;
    const extension = mergeBase === undefined || mergeBase === graph.root ? undefined : { repo, base: mergeBase, head: graph.root };
    if (extension && unanswered(extension)) comparisons.push(extension);
  }
  return { comparisons, commits: [] };
}
