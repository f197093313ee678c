import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import type { SeriesState } from "./metric-samples.js";

/**
 * What earlier runs sent (the --state file), so a nightly run continues every counter where the
 * last one stopped instead of starting it again at zero (a counter reset would double-count in
 * `increase()` and break `x - x offset`). Times are ISO instants, for people reading the file.
 */
export interface BackfillState {
  version: 1;
  updatedAt: string;
  /** Per series key (`name{label="value",...}`): its fixed start time, last sample and cumulative value there. */
  series: Record<string, SeriesState>;
  /** Deployments finished and incidents started before this instant were sent as traces. */
  tracesSentThrough?: string;
  /** ...and from this instant on (the traces sent cover [tracesSentFrom, tracesSentThrough)): incidents link only to deployments whose traces exist. */
  tracesSentFrom?: string;
}

const seriesJson = z.strictObject({
  start: z.iso.datetime(),
  last: z.iso.datetime(),
  through: z.iso.datetime().optional(),
  value: z.number().optional(),
  buckets: z.array(z.number()).optional(),
  count: z.number().optional(),
  sum: z.number().optional(),
});
const stateJson = z.strictObject({
  version: z.literal(1),
  updatedAt: z.iso.datetime(),
  series: z.record(z.string(), seriesJson),
  tracesSentThrough: z.iso.datetime().optional(),
  tracesSentFrom: z.iso.datetime().optional(),
});

export function emptyState(): BackfillState {
  return { version: 1, updatedAt: new Date(0).toISOString(), series: {} };
}

/** Reads the state file; a missing file is the empty state of a first run. */
export async function loadState(path: string): Promise<BackfillState> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw new ConfigError(`cannot read the state file ${path}: ${(error as Error).message}`, "--state");
  }
  let parsed: z.infer<typeof stateJson>;
  try {
    parsed = stateJson.parse(JSON.parse(text));
  } catch (error) {
    throw new ConfigError(`the state file ${path} is not a dora backfill state: ${(error as Error).message.split("\n")[0]}`, "--state", "remove it to start the counters afresh, or point --state at the right file");
  }
  const series: Record<string, SeriesState> = {};
  for (const [key, entry] of Object.entries(parsed.series)) {
    series[key] = {
      startMs: Date.parse(entry.start),
      lastMs: Date.parse(entry.last),
      ...(entry.through !== undefined ? { throughMs: Date.parse(entry.through) } : {}),
      ...(entry.value !== undefined ? { value: entry.value } : {}),
      ...(entry.buckets !== undefined ? { buckets: entry.buckets } : {}),
      ...(entry.count !== undefined ? { count: entry.count } : {}),
      ...(entry.sum !== undefined ? { sum: entry.sum } : {}),
    };
  }
  return {
    version: 1,
    updatedAt: parsed.updatedAt,
    series,
    ...(parsed.tracesSentThrough ? { tracesSentThrough: parsed.tracesSentThrough } : {}),
    ...(parsed.tracesSentFrom ? { tracesSentFrom: parsed.tracesSentFrom } : {}),
  };
}

export function serializeState(state: BackfillState): string {
  const series: Record<string, z.infer<typeof seriesJson>> = {};
  for (const key of Object.keys(state.series).sort()) {
    const entry = state.series[key]!;
    series[key] = {
      start: new Date(entry.startMs).toISOString(),
      last: new Date(entry.lastMs).toISOString(),
      ...(entry.throughMs !== undefined ? { through: new Date(entry.throughMs).toISOString() } : {}),
      ...(entry.value !== undefined ? { value: entry.value } : {}),
      ...(entry.buckets !== undefined ? { buckets: entry.buckets } : {}),
      ...(entry.count !== undefined ? { count: entry.count } : {}),
      ...(entry.sum !== undefined ? { sum: entry.sum } : {}),
    };
  }
  const traces = { ...(state.tracesSentThrough ? { tracesSentThrough: state.tracesSentThrough } : {}), ...(state.tracesSentFrom ? { tracesSentFrom: state.tracesSentFrom } : {}) };
  return JSON.stringify({ version: 1, updatedAt: state.updatedAt, series, ...traces }, null, 2) + "\n";
}

/** Writes the state atomically (a temp file renamed over it): a crash never leaves half a state. */
export async function saveState(path: string, state: BackfillState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, serializeState(state));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
