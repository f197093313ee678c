import type { Window } from "../model/window.js";
import type { Warning } from "../model/warning.js";
import type { ServiceConfig } from "../config/schema.js";
import type { MetricsInput } from "../metrics/options.js";
import { planGitHubRequests } from "../metrics/plan-github-requests.js";
import type { CommitSource, DeploymentSource, FetchWindow, IncidentSource } from "../sources/types.js";
import { dropOverlappingServices } from "./overlapping-services.js";

export interface Sources {
  deployments: DeploymentSource;
  commits: CommitSource;
  incidents: IncidentSource;
}

// Planning lives in metrics (pure): which compares a deployment needs depends on its predecessor,
// and after a rollback on the compare that revealed it, so GitHub is asked in rounds.
const MAX_GITHUB_ROUNDS = 5;

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
  const input: MetricsInput = {
    deployments: distinct.records,
    incidents: incidents.records,
    comparisons: [],
    missingComparisons: [],
    commits: [],
    missingCommits: [],
  };
  const warnings: Warning[] = [...deployments.warnings, ...distinct.warnings, ...incidents.warnings];

  for (let round = 0; round < MAX_GITHUB_ROUNDS; round++) {
    const plan = planGitHubRequests(input, window, reportServices);
    if (plan.comparisons.length === 0 && plan.commits.length === 0) return { input, warnings };
    const [comparisons, commits] = await Promise.all([
      sources.commits.fetchComparisons(plan.comparisons),
      sources.commits.fetchCommits(plan.commits),
    ]);
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
  return { input, warnings };
}
