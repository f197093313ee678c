import type { ComparisonRequest } from "../model/commit.js";
import type { Period } from "./buckets.js";
import { CommitIdList } from "./commit-id-list.js";
import type { Deployment } from "../model/deployment.js";
import type { GitHubData } from "./github-data.js";

// Where the changes of each successful deployment in the window come from (docs/metric-definitions.md, "Lead time for changes"): the
// commits reachable from its SHA and from no earlier successful deployment's SHA of the service,
// lookback included, decided on the repository's commit graph (commit-graph.ts). A commit counts
// once, at its first successful deployment, whatever rollbacks and redeploys came before.

/**
 * Why a deployment got the changes it got, and which earlier deployment it was measured against
 * (`base`; read by `dora explain`). Kinds with `changes` in the lineage are the graph's answer;
 * the head-only kinds count the head commit alone.
 *
 * - `first-deployment`: no earlier successful deployment of the service (head commit only).
 * - `comparison-not-found`: GitHub cannot place the SHA in the graph (404: force-pushed, deleted);
 *   head commit only; `base` is the latest earlier deployment the graph knows, which the next
 *   deployment is measured from.
 * - `redeploy`: same SHA as the previous deployment; `identical`: the same commit spelled otherwise.
 * - `rollback`: an ancestor of the previous deployment's SHA (no changes, counts as rework).
 * - `already-deployed`: reached by an earlier deployment, not by the previous one (a redeploy of a
 *   rolled-back SHA): no changes.
 * - `ahead`: new commits on top of the previous deployment (`base`).
 * - `high-water`: new commits on top of an earlier deployment (`base`) that is not the previous one
 *   (the previous was a rollback, or a branch deploy).
 * - `diverged`: new commits on a line no earlier deployment's SHA sits on (a branch deploy);
 *   `base` is the previous deployment.
 * - `pending`: planning only, the graph does not hold the SHA yet.
 */
export type LineageReason =
  | { kind: "first-deployment" }
  | { kind: "comparison-not-found"; base?: Deployment; comparison: ComparisonRequest }
  | { kind: "redeploy" | "identical" | "rollback"; base: Deployment }
  | { kind: "already-deployed"; base?: Deployment }
  | { kind: "ahead" | "high-water" | "diverged"; base: Deployment }
  | { kind: "pending" };

export interface DeploymentLineage {
  deployment: Deployment;
  /** Its SHA is an ancestor of the previous deployment's SHA. */
  rollback: boolean;
  reason: LineageReason;
  /** The commits it deployed first: ids of its repository's graph at [changesFrom, changesTo) of the list given to resolveLineages (graph kinds only; head-only kinds: see changes.ts). */
  changesFrom: number;
  changesTo: number;
}

/**
 * How SHAs the graph does not hold are read: the planner waits for them ("pending"); the report
 * treats them as lost ("missing"), so every deployment gets a decided reason.
 */
export type UnknownComparisons = "pending" | "missing";

/**
 * Lineage of each deployment of one service's successful history (finishedAt order, lookback
 * included) that finished in the window. The ids of the commits each one deployed first are
 * appended to `taken`.
 */
export function resolveLineages(
  history: readonly Deployment[],
  window: Period,
  github: GitHubData,
  unknown: UnknownComparisons,
  taken: CommitIdList = new CommitIdList(),
  scratch?: LineageScratch,
): DeploymentLineage[] {
  const lineages: DeploymentLineage[] = [];
  visitLineages(history, window, github, unknown, taken, scratch, (lineage) => void lineages.push(lineage));
  return lineages;
}

/**
 * resolveLineages one lineage at a time, in order (`index`: the deployment's place in `history`):
 * a million lineages held in arrays lived long enough for the collector to move them to the old
 * generation; handed over one by one they die young.
 */
export function visitLineages(
  history: readonly Deployment[],
  window: Period,
  github: GitHubData,
  unknown: UnknownComparisons,
  taken: CommitIdList,
  scratch: LineageScratch | undefined,
  visit: (lineage: DeploymentLineage, index: number) => void,
): void {
  if (history.length === 0) return;
  const graph = github.graph(history[0]!.repo);
  // Graph commits some earlier deployment brought; the latest deployment (its history index + 1) of
  // each deployed graph commit, by id.
  const reached = graph.newReached(scratch?.zeroedBytes(graph.size));
  const deployedBy = scratch?.zeroedInts(graph.size) ?? new Int32Array(graph.size);
  let lastKnown: Deployment | undefined;
  let previousId = NONE;
  // The latest earlier deployment a walk stopped at (one callback per history, not one per walk).
  let latestBase = -1;
  const onBoundary = (boundary: number) => {
    const deployed = deployedBy[boundary]! - 1;
    if (deployed > latestBase) latestBase = deployed;
  };

  for (let index = 0; index < history.length; index++) {
    const deployment = history[index]!;
    if (deployment.finishedMs >= window.toMs) break;
    const previous = history[index - 1];
    const id = graph.resolveId(deployment.sha);
    let reason: LineageReason;
    const changesFrom = taken.length;
    let rollback = false;

    if (!previous) {
      reason = { kind: "first-deployment" };
      if (id !== NONE) graph.takeNew(id, reached);
    } else if (previous.sha === deployment.sha) {
      reason = { kind: "redeploy", base: previous };
    } else if (id === NONE) {
      const lost = unknown === "missing" || graph.unreachable.has(deployment.sha);
      const base = lastKnown ?? previous;
      reason = lost
        ? { kind: "comparison-not-found", ...(lastKnown ? { base: lastKnown } : {}), comparison: { repo: deployment.repo, base: base.sha, head: deployment.sha } }
        : { kind: "pending" };
    } else if (id === previousId) {
      reason = { kind: "identical", base: previous };
    } else if (reached.hasId(id) || (graph.belowRoot.size > 0 && graph.belowRoot.has(graph.shaAt(id)))) {
      const sha = graph.shaAt(id);
      const previousSha = previousId === NONE ? undefined : graph.shaAt(previousId);
      rollback = previousSha !== undefined && (graph.reaches(previousSha, sha) || (graph.belowRoot.has(sha) && graph.root !== undefined && graph.reaches(previousSha, graph.root)));
      if (!reached.hasId(id)) graph.takeNew(id, reached);
      const earlier = deployedBy[id]! > 0 ? history[deployedBy[id]! - 1] : undefined;
      reason = rollback ? { kind: "rollback", base: previous } : { kind: "already-deployed", ...(earlier ? { base: earlier } : {}) };
    } else {
      latestBase = -1;
      graph.takeNew(id, reached, onBoundary, taken);
      reason = latestBase < 0
        ? { kind: "diverged", base: previous }
        : latestBase === index - 1
          ? { kind: "ahead", base: previous }
          : { kind: "high-water", base: history[latestBase]! };
    }

    if (id !== NONE) {
      deployedBy[id] = index + 1;
      lastKnown = deployment;
    }
    // The previous deployment's graph commit (a redeploy of the same SHA keeps it).
    previousId = id;
    if (deployment.finishedMs >= window.fromMs) visit({ deployment, rollback, reason, changesFrom, changesTo: taken.length }, index);
  }
}

const NONE = -1;

/** Whether a reason counts the head commit alone. */
export function isHeadOnly(reason: LineageReason): reason is Extract<LineageReason, { kind: "first-deployment" | "comparison-not-found" }> {
  return reason.kind === "first-deployment" || reason.kind === "comparison-not-found";
}

/**
 * Typed room the lineages of one analysis reuse from service to service (zeroed each time): two
 * arrays of the graph's size per service were 25 MB of short-lived buffers for a year of 500
 * services, and each buffer counts toward the collector's external-memory pressure.
 */
export class LineageScratch {
  private bytes = new Uint8Array(0);
  private ints = new Int32Array(0);

  zeroedBytes(size: number): Uint8Array {
    if (this.bytes.length < size) this.bytes = new Uint8Array(Math.max(size, this.bytes.length * 2));
    else this.bytes.fill(0, 0, size);
    return this.bytes.subarray(0, size);
  }

  zeroedInts(size: number): Int32Array {
    if (this.ints.length < size) this.ints = new Int32Array(Math.max(size, this.ints.length * 2));
    else this.ints.fill(0, 0, size);
    return this.ints.subarray(0, size);
  }
}
