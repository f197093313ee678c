import type { Incident } from "../model/incident.js";
import type { Tier, TimeToRestore } from "../model/report.js";
import { summarizeSeconds } from "./stats.js";

// Time to restore (docs/metric-definitions.md, "Time to restore service"): from an incident's start
// to its resolution, over the non-drill incidents of a service started in the scope.

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface RestoreTime {
  /** resolvedAt − startedAt; null while active, without a resolution time, or when negative. */
  seconds: number | null;
  /** resolvedAt is before startedAt (bad data, warned about). */
  negative: boolean;
}

export function restoreTimeOf(incident: Incident, startedMs: number): RestoreTime {
  if (incident.status !== "resolved" || incident.resolvedMs === undefined) return { seconds: null, negative: false };
  const seconds = (incident.resolvedMs - startedMs) / 1000;
  return seconds < 0 ? { seconds: null, negative: true } : { seconds, negative: false };
}

/** The figures of a scope's counted incidents, given their restore times (a scratch copy: reordered in place). */
export function timeToRestore(incidents: number, active: number, restoreSeconds: Float64Array): TimeToRestore {
  const summary = summarizeSeconds(restoreSeconds);
  return { incidents, resolved: incidents - active, active, ...summary, tier: timeToRestoreTier(summary.medianSeconds) };
}

/** DORA 2023 tier from the median restore time in seconds. */
export function timeToRestoreTier(medianSeconds: number | null): Tier | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR) return "elite";
  if (medianSeconds < DAY) return "high";
  if (medianSeconds < WEEK) return "medium";
  return "low";
}
