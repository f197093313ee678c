import type { Window } from "../model/window.js";
import type { Warning } from "../model/warning.js";
import type { ServiceConfig } from "../config/schema.js";
import type { MetricsInput } from "../metrics/options.js";
import { planGitHubRequests } from "../metrics/plan-github-requests.js";
import { buildCommitGraphs } from "../metrics/github-data.js";
import type { CommitGraphTable } from "../model/commit-table.js";
import type { CommitGraphStore, CommitSource, DeploymentSource, FetchWindow, IncidentSource } from "../sources/types.js";
import { dropOverlappingServices } from "./overlapping-services.js";

export interface Sources {
  deployments: DeploymentSource;
  commits: CommitSource;
  incidents: IncidentSource;
  /** Commit graphs cached between runs (absent: --no-cache, or no cache directory). */
  commitGraphs?: CommitGraphStore;
}

// Planning lives in metrics (pure): what the commit graph of a repository still lacks depends on
// the answers so far, so GitHub is asked in rounds (see plan-github-requests.ts: graph, leftover
// SHAs, root extension, head commits, pull requests; a 404 may add one or two).
const MAX_GITHUB_ROUNDS = 10;

/** Fetches everything the metrics need: sources → normalized model records. */
export async function collectInput(
  sources: Sources,
  fetchWindow: FetchWindow,
  window: Window,
  services: ServiceConfig[],
  reportServices?: string[],
): Promise<{ input: MetricsInput; warnings: Warning[] }> {
  const [deployments, incidents] = await Promise.all([
    sources.deployments.fetchDeployments(fetchWindow, services),
    sources.incidents.fetchIncidents(fetchWindow),
  ]);
  const distinct = dropOverlappingServices(deployments.records, services);
  const repos = [...new Set(distinct.records.map((deployment) => deployment.repo))].sort();
  const input: MetricsInput = {
    deployments: distinct.records,
    incidents: incidents.records,
    comparisons: [],
    missingComparisons: [],
    commits: [],
    missingCommits: [],
    commitGraphs: sources.commitGraphs ? await sources.commitGraphs.load(repos) : [],
    pullRequests: [],
  };
  const warnings: Warning[] = [...deployments.warnings, ...distinct.warnings, ...incidents.warnings];
  const options = { pullRequests: sources.commits.resolvesPullRequests === true };

  for (let round = 0; round < MAX_GITHUB_ROUNDS; round++) {
    const plan = planGitHubRequests(input, window, reportServices, options);
    if (plan.comparisons.length === 0 && plan.commits.length === 0 && plan.pullRequests.length === 0) break;
    const [comparisons, commits, pullRequests] = await Promise.all([
      sources.commits.fetchComparisons(plan.comparisons),
      sources.commits.fetchCommits(plan.commits),
      plan.pullRequests.length > 0 && sources.commits.fetchPullRequests
        ? sources.commits.fetchPullRequests(plan.pullRequests)
        : { records: [], warnings: [] },
    ]);
    input.pullRequests!.push(...pullRequests.records);
    warnings.push(...pullRequests.warnings);
    input.comparisons.push(...comparisons.records);
    input.missingComparisons.push(...comparisons.missing);
    input.commits.push(...commits.records);
    warnings.push(...comparisons.warnings, ...commits.warnings);
    // A commit GitHub does not know is not asked for again.
    // A request may name a short SHA; GitHub answers with the full one.
    const answered = (request: { repo: string; sha: string }) =>
      commits.records.some((commit) => commit.repo === request.repo && commit.sha.startsWith(request.sha.toLowerCase()));
    input.missingCommits = [...(input.missingCommits ?? []), ...plan.commits.filter((request) => !answered(request))];
  }
  await sources.commitGraphs?.save(changedGraphs(input));
  return { input, warnings };
}

/** The graphs this run added to (a warm run writes nothing). */
function changedGraphs(input: MetricsInput): CommitGraphTable[] {
  const before = new Map((input.commitGraphs ?? []).map((record) => [record.repo, record]));
  return [...buildCommitGraphs(input).values()]
    .map((graph) => graph.toTable())
    .filter((record) => {
      const old = before.get(record.repo);
      return (
        !old ||
        old.root !== record.root ||
        old.commits.length !== record.commits.length ||
        (old.unreachable?.length ?? 0) !== (record.unreachable?.length ?? 0) ||
        (old.belowRoot?.length ?? 0) !== (record.belowRoot?.length ?? 0)
      );
    });
}
