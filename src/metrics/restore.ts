import type { Incident } from "../model/incident.js";

export interface RestoreTime {
  /** resolvedAt − startedAt; null while active, without a resolution time, or when negative. */
  seconds: number | null;
  /** resolvedAt is before startedAt (bad data, warned about). */
  negative: boolean;
}

export function restoreTimeOf(incident: Incident, startedMs: number): RestoreTime {
  if (incident.status !== "resolved" || incident.resolvedAt === undefined) return { seconds: null, negative: false };
  const seconds = (Date.parse(incident.resolvedAt) - startedMs) / 1000;
  if (Number.isNaN(seconds)) return { seconds: null, negative: false };
  return seconds < 0 ? { seconds: null, negative: true } : { seconds, negative: false };
}

/**
 * Failed deployment recovery time: from the deployment's finish to the latest resolution of its
 * attributed incidents; null while any of them is unresolved (or the span is negative).
 */
export function recoverySecondsOf(finishedMs: number, incidents: readonly Incident[]): number | null {
  if (incidents.length === 0) return null;
  let latestResolvedMs = -Infinity;
  for (const incident of incidents) {
    if (incident.status !== "resolved" || incident.resolvedAt === undefined) return null;
    const resolvedMs = Date.parse(incident.resolvedAt);
    if (Number.isNaN(resolvedMs)) return null;
    latestResolvedMs = Math.max(latestResolvedMs, resolvedMs);
  }
  const seconds = (latestResolvedMs - finishedMs) / 1000;
  return seconds >= 0 ? seconds : null;
}
