import type { Commit } from "../model/commit.js";
import type { GitHubData } from "./github-data.js";
import { leadTimeSecondsOf } from "./lead-time.js";
import { isHeadOnly, type DeploymentLineage } from "./lineage.js";
import type { LeadTimeStart } from "./options.js";
import type { WarningSink } from "./warnings.js";

export interface DeploymentChanges {
  /** The commits first deployed by the deployment. */
  commits: readonly Commit[];
  /** Their lead times in seconds, same order; NaN when left out (see leadTimeSecondsOf). */
  leadTimeSeconds: number[];
}

/**
 * The changes of each deployment of one service's lineages (in finishedAt order), in the same order.
 * A commit counts once, at the first deployment that brings it.
 */
export function changesOfService(
  lineages: readonly DeploymentLineage[],
  github: GitHubData,
  start: LeadTimeStart,
  warn: WarningSink,
): DeploymentChanges[] {
  // Graph walks never repeat a commit (each takes what no earlier deployment reached); only head
  // commits outside the graph (a lost SHA deployed twice) could, so only those are checked.
  const seen = new Set<string>();
  return lineages.map((lineage) => {
    const candidates = candidateCommits(lineage, github, warn);
    const commits = isHeadOnly(lineage.reason) ? firstSeen(candidates, seen) : candidates;
    return { commits, leadTimeSeconds: commits.map((commit) => leadTimeSecondsOf(commit, lineage.timed, start, warn)) };
  });
}

/** The commits not in `seen` (which it adds them to); the same array when all are new, as they nearly always are. */
function firstSeen(candidates: readonly Commit[], seen: Set<string>): readonly Commit[] {
  let fresh: Commit[] | undefined;
  candidates.forEach((commit, index) => {
    // GitHub's SHAs are lower-case 40-hex: compared as they are.
    if (seen.has(commit.sha)) {
      fresh ??= candidates.slice(0, index);
    } else {
      seen.add(commit.sha);
      fresh?.push(commit);
    }
  });
  return fresh ?? candidates;
}

function candidateCommits(lineage: DeploymentLineage, github: GitHubData, warn: WarningSink): readonly Commit[] {
  const { deployment } = lineage.timed;
  const { reason } = lineage;
  if (!isHeadOnly(reason)) return lineage.changes;
  if (reason.kind === "first-deployment") {
    warn({
      code: "first-deployment",
      subject: deployment.name,
      message: `${deployment.name} has no earlier deployment of ${deployment.service}: only its head commit ${deployment.sha} counts as a change`,
    });
  } else {
    const { base, head } = reason.comparison;
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
