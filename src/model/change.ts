import type { PullRequestRef } from "./commit.js";

/** One commit that reached production for the first time in a deployment (DESIGN.md §2). */
export interface Change {
  sha: string;
  repo: string;
  service: string;
  authoredAt?: string;
  committedAt?: string;
  pullRequest?: PullRequestRef;
  deploymentId: string;
  /** The deployment's finishedAt. */
  deployedAt: string;
  /** deployedAt − start (per leadTime.start); null when the start is unknown or the lead time ≤ 0. */
  leadTimeSeconds: number | null;
}
