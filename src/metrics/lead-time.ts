import type { LeadTime, Tier } from "../model/report.js";
import type { ChangeLog } from "./change-log.js";
import type { Deployment } from "../model/deployment.js";
import { toIso } from "../model/instant.js";
import type { LeadTimeStart } from "./options.js";
import { summarizeRun } from "./stats.js";
import type { Doubles } from "../util/typed-arrays.js";
import type { WarningSink } from "./warnings.js";

// Lead time for changes (docs/metric-definitions.md, "Lead time for changes"): from a change's start
// (per leadTime.start) to the finish of the deployment that first brought it; which commits are a
// deployment's changes is decided by lineage.ts and changes.ts.

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * The lead time in seconds of the change at `index` of a change log, first deployed by `deployed`;
 * an unknown start or a lead time ≤ 0 (clock skew) gives NaN (left out of the figures) and a warning.
 */
export function leadTimeSecondsAt(log: ChangeLog, index: number, deployment: Deployment, start: LeadTimeStart, warn: WarningSink): number {
  const startedMs = log.startMsAt(index);
  if (Number.isNaN(startedMs)) {
    const sha = log.shaAt(index);
    warn({
      code: "missing-commit-date",
      subject: sha,
      message: `commit ${sha} deployed by ${deployment.name} has no ${start} date; its lead time is left out`,
    });
    return NaN;
  }
  const seconds = (deployment.finishedMs - startedMs) / 1000;
  if (seconds <= 0) {
    const sha = log.shaAt(index);
    warn({
      code: "non-positive-lead-time",
      subject: sha,
      message: `commit ${sha} is dated ${log.startTextAt(index)}, not before its deployment ${deployment.name} at ${toIso(deployment.finishedMs)}; its lead time is left out`,
    });
    return NaN;
  }
  return seconds;
}

/**
 * The lead time figures of a scope from its counted lead times, seconds[from, to) (reordered in
 * place; `knownMean`: see summarizeSeconds).
 */
export function leadTime(seconds: Doubles, knownMean?: number | null, from = 0, to = seconds.length): LeadTime {
  const summary = summarizeRun(seconds, from, to, knownMean);
  return { changes: to - from, ...summary, tier: leadTimeTier(summary.medianSeconds) };
}

/** DORA 2023 tier from the median lead time in seconds. */
export function leadTimeTier(medianSeconds: number | null): Tier | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < DAY) return "elite";
  if (medianSeconds < WEEK) return "high";
  if (medianSeconds < 30 * DAY) return "medium";
  return "low";
}
