import type { Commit } from "../../model/commit.js";
import type { LineageReason } from "../../model/report.js";
import type { TimedDeployment } from "../deployment-history.js";
import type { DeploymentLineage } from "../lineage.js";

// The one place that reads lineage.ts's record (DeploymentLineage / ChangeSource): everything else
// that explains a deployment's changes reads the LineageExplanation made here. When the way change
// sets are computed changes, only this file follows.

export interface LineageExplanation {
  reason: LineageReason;
  /** The successful deployment of the service just before it (lookback included). */
  previous?: TimedDeployment;
  /**
   * The deployment its changes were counted from: the previous one, or after a rollback the high
   * water (the latest earlier deployment production had not rolled back from).
   */
  base?: TimedDeployment;
  /** The comparison asked of GitHub for its changes, when one was (read its base and head only). */
  compared?: { readonly base: string; readonly head: string };
  /** The commits that comparison listed, before those an earlier deployment brought were left out. */
  listed: readonly Commit[];
}

const NOTHING: readonly Commit[] = Object.freeze([]);

/**
 * The explanation of each lineage of one service (`lineages` as resolveLineages returns them for
 * `history`, in the same order). The high water is followed the way lineage.ts moves it.
 */
export function explainLineages(history: readonly TimedDeployment[], lineages: readonly DeploymentLineage[]): LineageExplanation[] {
  if (lineages.length === 0) return [];
  const first = history.indexOf(lineages[0]!.timed);
  // Index of the high-water deployment as of each history entry; lookback entries are their own.
  let highWater = first - 1;
  return lineages.map((lineage, offset): LineageExplanation => {
    const index = first + offset;
    const previous = history[index - 1];
    const base = highWater >= 0 ? history[highWater] : undefined;
    const { source } = lineage;
    const sameAsPrevious = highWater === index - 1 ? index : highWater;
    switch (source.kind) {
      case "head-only":
        highWater = index;
        return source.reason === "first-deployment"
          ? { reason: "first-deployment", listed: NOTHING }
          : { reason: "comparison-not-found", previous, base, compared: source.comparison, listed: NOTHING };
      case "comparison":
        highWater = index;
        return { reason: "comparison", previous, base, compared: source.comparison, listed: source.comparison.commits };
      case "none":
        switch (source.reason) {
          case "redeploy":
            highWater = sameAsPrevious;
            return { reason: "redeploy", previous, base: previous, listed: NOTHING };
          case "identical":
            highWater = sameAsPrevious;
            return { reason: "identical", previous, base: previous, compared: between(previous, lineage.timed), listed: NOTHING };
          case "rollback":
            return { reason: "rollback", previous, base: previous, compared: between(previous, lineage.timed), listed: NOTHING };
          case "already-deployed":
            highWater = index;
            return { reason: "already-deployed", previous, base, listed: NOTHING };
          case "behind-high-water":
            highWater = index;
            return { reason: "behind-high-water", previous, base, compared: between(base, lineage.timed), listed: NOTHING };
        }
      // falls through: a lineage resolved for the report is never pending
      case "pending":
        throw new Error(`the lineage of ${lineage.timed.deployment.name} is undecided in a report`);
    }
  });
}

/** The comparison of two deployments' SHAs (both exist whenever lineage.ts compared them). */
function between(base: TimedDeployment | undefined, head: TimedDeployment): { base: string; head: string } | undefined {
  return base ? { base: base.deployment.sha, head: head.deployment.sha } : undefined;
}
