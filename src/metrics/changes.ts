import type { Change } from "../model/change.js";
import type { Commit } from "../model/commit.js";
import type { GitHubData } from "./github-data.js";
import { changeOf } from "./lead-time.js";
import type { DeploymentLineage } from "./lineage.js";
import type { LeadTimeStart } from "./options.js";
import type { WarningSink } from "./warnings.js";

/**
 * The changes of each deployment of one service's lineages (in finishedAt order), in the same order.
 * A commit counts once, at the first deployment that brings it.
 */
export function changesOfService(
  lineages: readonly DeploymentLineage[],
  github: GitHubData,
  start: LeadTimeStart,
  warn: WarningSink,
): Change[][] {
  const seen = new Set<string>();
  return lineages.map((lineage) => {
    const changes: Change[] = [];
    for (const commit of candidateCommits(lineage, github, warn)) {
      // GitHub's SHAs are lower-case 40-hex: compared as they are.
      if (seen.has(commit.sha)) continue;
      seen.add(commit.sha);
      changes.push(changeOf(commit, lineage.timed, start, warn));
    }
    return changes;
  });
}

function candidateCommits(lineage: DeploymentLineage, github: GitHubData, warn: WarningSink): readonly Commit[] {
  const { deployment } = lineage.timed;
  const { source } = lineage;
  switch (source.kind) {
    case "comparison":
      return source.comparison.commits;
    case "none":
    case "pending":
      return [];
    case "head-only": {
      if (source.reason === "first-deployment") {
        warn({
          code: "first-deployment",
          subject: deployment.name,
          message: `${deployment.name} has no earlier deployment of ${deployment.service}: only its head commit ${deployment.sha} counts as a change`,
        });
      } else {
        const { base, head } = source.comparison;
        warn({
          code: "comparison-not-found",
          subject: deployment.name,
          message: `GitHub cannot compare ${base}...${head} in ${deployment.repo} for ${deployment.name} (force-pushed or deleted SHA?): only its head commit counts as a change`,
        });
      }
      const request = { repo: deployment.repo, sha: deployment.sha };
      const head = github.isMissingCommit(request) ? undefined : github.commit(request.repo, request.sha);
      if (!head) {
        warn({
          code: "commit-not-found",
          subject: deployment.name,
          message: `GitHub has no commit ${deployment.sha} in ${deployment.repo} (deployed by ${deployment.name}): it has no changes`,
        });
        return [];
      }
      return [head];
    }
  }
}
