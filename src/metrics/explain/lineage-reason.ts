import type { LineageReason } from "../../model/report.js";
import type { Deployment } from "../../model/deployment.js";
import type { DeploymentLineage } from "../lineage.js";

// The one place that reads lineage.ts's record (DeploymentLineage / ChangeSource): everything else
// that explains a deployment's changes reads the LineageExplanation made here. When the way change
// sets are computed changes, only this file follows.
// lineage.ts (one commit graph per repository) gives the reason and its base deployment.

export interface LineageExplanation {
  reason: LineageReason;
  /** The successful deployment of the service just before it (lookback included). */
  previous?: Deployment;
  /** The deployment its changes were measured against (see lineage.ts). */
  base?: Deployment;
  /** The SHAs GitHub could not compare (comparison-not-found). */
  compared?: { readonly base: string; readonly head: string };
}

/** The explanation of one lineage of a service (as visitLineages hands it over, `index`: its deployment's place in `history`). */
export function explainLineage(history: readonly Deployment[], lineage: DeploymentLineage, index: number): LineageExplanation {
  const previous = history[index - 1];
  const { reason } = lineage;
  switch (reason.kind) {
    case "first-deployment":
      return { reason: "first-deployment" };
    case "comparison-not-found":
      return { reason: "comparison-not-found", previous, base: reason.base, compared: reason.comparison };
    case "pending":
      throw new Error(`the lineage of ${lineage.deployment.name} is undecided in a report`);
    default:
      return { reason: reason.kind, previous, base: reason.base };
  }
}
