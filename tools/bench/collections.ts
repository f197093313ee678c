// The collector's pauses while a measured step runs, from perf_hooks' "gc" entries, for the bench's
// children: a full collection marks the whole heap (a million deployments in dora's input), and
// its count says whether one happened during the step.

import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";

export interface Collections {
  /** Full (mark-compact) collections. */
  full: number;
  /** Young-generation collections (scavenges). */
  minor: number;
  /** Their pauses added up. */
  pauseMs: number;
}

/** Starts counting; `stop()` (after the step) waits for the entries V8 has queued and returns the counts. */
export function countCollections(): { stop(): Promise<Collections> } {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => void entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  return {
    async stop() {
      // The entries of the step's last collections are delivered on a later turn.
      await new Promise((resolve) => setTimeout(resolve, 20));
      observer.disconnect();
      const kind = (entry: PerformanceEntry) => ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind;
      return {
        full: entries.filter((entry) => kind(entry) === constants.NODE_PERFORMANCE_GC_MAJOR).length,
        minor: entries.filter((entry) => kind(entry) === constants.NODE_PERFORMANCE_GC_MINOR).length,
        pauseMs: entries.reduce((sum, entry) => sum + entry.duration, 0),
      };
    },
  };
}
