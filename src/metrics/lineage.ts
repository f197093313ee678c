import type { Comparison, ComparisonRequest } from "../model/commit.js";
import type { Period } from "./buckets.js";
import type { TimedDeployment } from "./deployment-history.js";
import type { GitHubData } from "./github-data.js";

// Where the changes of each successful deployment in the window come from (docs/metric-definitions.md, "Lead time for changes", with the
// high-water rule after rollbacks). Shared by the request planner (which asks for what is unknown)
// and the report (which reads the answers).

export type ChangeSource =
  /** Only the head commit: no predecessor, or GitHub lost the comparison. */
  | { kind: "head-only"; reason: "first-deployment" }
  | { kind: "head-only"; reason: "comparison-not-found"; comparison: ComparisonRequest }
  /** The commits of this comparison that no earlier deployment had. */
  | { kind: "comparison"; comparison: Comparison }
  | { kind: "none"; reason: "redeploy" | "identical" | "rollback" | "already-deployed" | "behind-high-water" }
  /** Not decidable yet: `request` is the comparison to fetch, absent while the predecessor is undecided. */
  | { kind: "pending"; request?: ComparisonRequest };

export interface DeploymentLineage {
  timed: TimedDeployment;
  /** Its SHA is an ancestor of the previous deployment's SHA (compare status `behind`). */
  rollback: boolean;
  source: ChangeSource;
}

/**
 * How unanswered comparisons are read: the planner waits for them ("pending"); the report treats
 * them as lost ("missing"), so every deployment gets a decided source.
 */
export type UnknownComparisons = "pending" | "missing";

/**
 * Lineage of each deployment of one service's successful history (finishedAt order, lookback
 * included) that finished in the window.
 *
 * After a rollback the previous SHA is behind what production already ran, so the base of the next
 * compare is the high-water SHA: the latest earlier deployment that is not a rollback (nor a
 * redeploy of one). Lookback deployments are assumed not to be rollbacks; whether a deployment in
 * the window is one is known after its first comparison, so planning converges in three rounds
 * (compares, high-water compares, head commits of lost compares).
 */
export function resolveLineages(
  history: readonly TimedDeployment[],
  window: Period,
  github: GitHubData,
  unknown: UnknownComparisons,
): DeploymentLineage[] {
  const lineages: DeploymentLineage[] = [];
  // Index of the high-water deployment as of each entry; undefined while it depends on a pending compare.
  const highWater: (number | undefined)[] = [];
  for (let index = 0; index < history.length; index++) {
    const timed = history[index]!;
    if (timed.finishedMs >= window.toMs) break;
    if (timed.finishedMs < window.fromMs) {
      highWater.push(index);
      continue;
    }
    const step = lineageStep(history, index, highWater[index - 1], github, unknown);
    highWater.push(step.highWater);
    lineages.push({ timed, rollback: step.rollback, source: step.source });
  }
  return lineages;
}

interface LineageStep {
  source: ChangeSource;
  rollback: boolean;
  highWater: number | undefined;
}

function lineageStep(
  history: readonly TimedDeployment[],
  index: number,
  previousHighWater: number | undefined,
  github: GitHubData,
  unknown: UnknownComparisons,
): LineageStep {
  const previous = history[index - 1];
  if (!previous) return { source: { kind: "head-only", reason: "first-deployment" }, rollback: false, highWater: index };
  const { repo, sha } = history[index]!.deployment;

  // A redeploy is as high as its predecessor: the high water itself when the predecessor was it.
  const sameAsPrevious = previousHighWater === index - 1 ? index : previousHighWater;
  if (previous.deployment.sha === sha) {
    return { source: { kind: "none", reason: "redeploy" }, rollback: false, highWater: sameAsPrevious };
  }
  const immediate: ComparisonRequest = { repo, base: previous.deployment.sha, head: sha };
  const immediateAnswer = answerOf(immediate, github, unknown);
  if (immediateAnswer === "pending") {
    return { source: { kind: "pending", request: immediate }, rollback: false, highWater: undefined };
  }
  if (immediateAnswer !== "missing" && immediateAnswer.status === "behind") {
    return { source: { kind: "none", reason: "rollback" }, rollback: true, highWater: previousHighWater };
  }
  if (immediateAnswer !== "missing" && immediateAnswer.status === "identical") {
    return { source: { kind: "none", reason: "identical" }, rollback: false, highWater: sameAsPrevious };
  }

  // Ahead, diverged or lost: this deployment moves production forward, it is the new high water.
  if (previousHighWater === index - 1) {
    return { source: changesFrom(immediate, immediateAnswer), rollback: false, highWater: index };
  }
  if (previousHighWater === undefined) return { source: { kind: "pending" }, rollback: false, highWater: index };
  const highWaterSha = history[previousHighWater]!.deployment.sha;
  if (highWaterSha === sha) {
    return { source: { kind: "none", reason: "already-deployed" }, rollback: false, highWater: index };
  }
  const sinceHighWater: ComparisonRequest = { repo, base: highWaterSha, head: sha };
  const answer = answerOf(sinceHighWater, github, unknown);
  if (answer === "pending") return { source: { kind: "pending", request: sinceHighWater }, rollback: false, highWater: index };
  if (answer !== "missing" && (answer.status === "behind" || answer.status === "identical")) {
    return { source: { kind: "none", reason: "behind-high-water" }, rollback: false, highWater: index };
  }
  return { source: changesFrom(sinceHighWater, answer), rollback: false, highWater: index };
}

function answerOf(request: ComparisonRequest, github: GitHubData, unknown: UnknownComparisons): Comparison | "missing" | "pending" {
  const comparison = github.comparison(request);
  if (comparison) return comparison;
  if (github.isMissing(request)) return "missing";
  return unknown;
}

function changesFrom(request: ComparisonRequest, answer: Comparison | "missing"): ChangeSource {
  return answer === "missing"
    ? { kind: "head-only", reason: "comparison-not-found", comparison: request }
    : { kind: "comparison", comparison: answer };
}
