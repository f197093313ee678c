import type { Change } from "../model/change.js";
import type { Commit } from "../model/commit.js";
import type { TimedDeployment } from "./deployment-history.js";
import type { LeadTimeStart } from "./options.js";
import type { WarningSink } from "./warnings.js";

/** The instant a change's lead time starts from, per `leadTime.start`; undefined when unknown. */
export function leadTimeStartOf(commit: Commit, start: LeadTimeStart): string | undefined {
  switch (start) {
    case "authored":
      return commit.authoredAt;
    case "committed":
      return commit.committedAt;
    case "pull-request":
      return commit.pullRequest?.firstCommitAuthoredAt ?? commit.authoredAt;
  }
}

/**
 * The change of a commit first deployed by `deployed`, with its lead time; an unknown start or a
 * lead time ≤ 0 (clock skew) gives null and a warning.
 */
export function changeOf(commit: Commit, deployed: TimedDeployment, start: LeadTimeStart, warn: WarningSink): Change {
  const { deployment } = deployed;
  const change: Change = {
    sha: commit.sha,
    repo: deployment.repo,
    service: deployment.service,
    deploymentId: deployment.id,
    deployedAt: deployment.finishedAt,
    leadTimeSeconds: null,
  };
  if (commit.authoredAt !== undefined) change.authoredAt = commit.authoredAt;
  if (commit.committedAt !== undefined) change.committedAt = commit.committedAt;
  if (commit.pullRequest !== undefined) change.pullRequest = commit.pullRequest;

  const startedAt = leadTimeStartOf(commit, start);
  const startedMs = startedAt === undefined ? NaN : Date.parse(startedAt);
  if (Number.isNaN(startedMs)) {
    warn({
      code: "missing-commit-date",
      subject: commit.sha,
      message: `commit ${commit.sha} deployed by ${deployment.name} has no ${start} date; its lead time is left out`,
    });
    return change;
  }
  const seconds = (deployed.finishedMs - startedMs) / 1000;
  if (seconds <= 0) {
    warn({
      code: "non-positive-lead-time",
      subject: commit.sha,
      message: `commit ${commit.sha} is dated ${startedAt}, not before its deployment ${deployment.name} at ${deployment.finishedAt}; its lead time is left out`,
    });
    return change;
  }
  change.leadTimeSeconds = seconds;
  return change;
}
