// The cache of PagerDuty incident lists keeps a range only when nothing in it can change any more:
// it ended before the run (less a margin for late clocks) and every incident in it is resolved.
// PagerDuty never creates an incident in the past and a resolved incident stays resolved, so such a
// range answers the same forever. Open incidents, and ranges that reach the present, are always
// read again. Notes and custom fields (explicit attribution) are never cached: they can be edited.

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CacheStats } from "../cache/caching-fetch.js";

/** A range must have ended at least this long before the run to be kept. */
export const SETTLED_MARGIN_MS = 3600_000;

export interface RangeCache {
  read(key: string): Promise<unknown[] | undefined>;
  write(key: string, incidents: unknown[]): Promise<void>;
}

/** Whether a listed range may be kept: ended before `nowMs − margin`, every incident resolved. */
export function isSettledRange(toMs: number, nowMs: number, incidents: readonly unknown[]): boolean {
  return toMs <= nowMs - SETTLED_MARGIN_MS && incidents.every((incident) => (incident as { status?: unknown } | null)?.status === "resolved");
}

/** Ranges as JSON files under `dir/pagerduty/` (the key is the request without offset; no token in it). */
export function createFileRangeCache(dir: string, stats: CacheStats = { hits: 0, misses: 0 }): RangeCache {
  const pathOf = (key: string) => join(dir, "pagerduty", `${createHash("sha256").update(key).digest("hex")}.json`);
  return {
    async read(key) {
      try {
        const incidents = JSON.parse(await readFile(pathOf(key), "utf8")) as unknown;
        if (!Array.isArray(incidents)) return undefined;
        stats.hits++;
        return incidents;
      } catch {
        stats.misses++;
        return undefined;
      }
    },
    async write(key, incidents) {
      const path = pathOf(key);
      try {
        await mkdir(join(dir, "pagerduty"), { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(incidents));
        await rename(temporary, path);
      } catch {
        // A cache that cannot be written only costs a request next time.
      }
    },
  };
}
