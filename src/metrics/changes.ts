import type { Commit } from "../model/commit.js";
import { ChangeLog } from "./change-log.js";
import type { CommitIdList } from "./commit-id-list.js";
import type { GitHubData } from "./github-data.js";
import { leadTimeSecondsAt } from "./lead-time.js";
import { isHeadOnly, type DeploymentLineage } from "./lineage.js";
import type { LeadTimeStart } from "./options.js";
import type { WarningSink } from "./warnings.js";

/** Where the changes of one deployment are in its service's change log. */
export interface ChangeRange {
  changesFrom: number;
  changesTo: number;
}

/**
 * The changes of each deployment of one service's lineages (in finishedAt order, resolved with
 * `taken` as their id list), with their lead times, in one change log; the range of each, in the
 * same order (the lineages themselves, their ranges completed). A commit counts once, at the first deployment that brings it.
 */
export function changesOfService(
  lineages: readonly DeploymentLineage[],
  taken: CommitIdList,
  github: GitHubData,
  start: LeadTimeStart,
  warn: WarningSink,
): { log: ChangeLog; ranges: readonly ChangeRange[] } {
  const repo = lineages[0]?.deployment.repo ?? "";
  const changes = new ServiceChanges(new ChangeLog(github.graph(repo), taken, start), github, start, warn);
  for (const lineage of lineages) changes.add(lineage);
  changes.log.seal();
  return { log: changes.log, ranges: lineages };
}

/**
 * The changes of one service's lineages, added one at a time in finishedAt order: a graph
 * lineage's range is the one resolveLineages took; a head-only one gets its head here. The range
 * of each is written back into the lineage (no object per deployment).
 */
export class ServiceChanges {
  // Graph walks never repeat a commit (each takes what no earlier deployment reached); only head
  // commits outside the graph (a lost SHA deployed twice) could, so only those are checked.
  private readonly seen = new Set<string>();

  constructor(
    readonly log: ChangeLog,
    private readonly github: GitHubData,
    private readonly start: LeadTimeStart,
    private readonly warn: WarningSink,
  ) {}

  add(lineage: DeploymentLineage): void {
    const { log, start, warn } = this;
    if (isHeadOnly(lineage.reason)) {
      const head = headCommit(lineage, this.github, warn);
      lineage.changesFrom = log.length;
      // GitHub's SHAs are lower-case 40-hex: compared as they are.
      if (head && !this.seen.has(head.sha)) {
        this.seen.add(head.sha);
        log.pushLoose(head);
      }
      lineage.changesTo = log.length;
    }
    const { changesFrom, changesTo, deployment } = lineage;
    // Lead times are worked out when read (change-log.ts); here only the ones left out are
    // looked for, for their warnings, in order.
    for (let at = changesFrom; at < changesTo; at++) {
      if (Number.isNaN(log.leadTimeAt(at, deployment.finishedMs))) leadTimeSecondsAt(log, at, deployment, start, warn);
    }
  }
}

/** The head commit a head-only lineage counts (with a warning saying why only it counts); undefined when GitHub has none. */
function headCommit(lineage: DeploymentLineage, github: GitHubData, warn: WarningSink): Commit | undefined {
  const { deployment } = lineage;
  const { reason } = lineage;
  if (reason.kind === "first-deployment") {
    warn({
      code: "first-deployment",
      subject: deployment.name,
      message: `${deployment.name} has no earlier deployment of ${deployment.service}: only its head commit ${deployment.sha} counts as a change`,
    });
  } else if (reason.kind === "comparison-not-found") {
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
  }
  return head;
}
