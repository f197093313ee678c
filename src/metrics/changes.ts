import type { Change } from "../model/change.js";
import type { Commit } from "../model/commit.js";
import type { GitHubData } from "./github-data.js";
import { changeOf } from "./lead-time.js";
import type { DeploymentLineage } from "./lineage.js";
import type { LeadTimeStart } from "./options.js";
import type { WarningSink } from "./warnings.js";

/**
 * The changes of each deployment of one service's lineages (in finishedAt order), by deployment id.
 * A commit counts once, at the first deployment that brings it.
 */
export function changesOfService(
  lineages: readonly DeploymentLineage[],
  github: GitHubData,
  start: LeadTimeStart,
  warn: WarningSink,
): Map<string, Change[]> {
  const seen = new Set<string>();
  const changesById = new Map<string, Change[]>();
  for (const lineage of lineages) {
    const changes: Change[] = [];
    for (const commit of candidateCommits(lineage, github, warn)) {
      const sha = commit.sha.toLowerCase();
      if (seen.has(sha)) continue;
      seen.add(sha);
      changes.push(changeOf(commit, lineage.timed, start, warn));
    }
    changesById.set(lineage.timed.deployment.id, changes);
  }
  return changesById;
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
      const head = github.commit(deployment.repo, deployment.sha);
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
