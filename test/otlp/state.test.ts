import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadState, saveState, type BackfillState } from "../../src/otlp/backfill-state.js";
import { metricCursors, runBackfill } from "../../src/otlp/run-backfill.js";
import type { SeriesPoint } from "../../src/otlp/metric-samples.js";
import type { BackfillData } from "../../src/otlp/backfill-data.js";
import { at, tinyData } from "./tiny-dataset.js";

/** The analysis of a sub-window: the facts whose instant falls in it (deployments by finish, incidents by start). */
const windowOf = (from: string, to: string) => tinyData({ from, to });

const STEP = 600;

function pointsByKey(data: BackfillData, state?: BackfillState): Map<string, SeriesPoint[]> {
  const { grid, cursors } = metricCursors(data, STEP, state);
  return new Map(cursors.filter((c) => c.family.kind !== "info").map((cursor) => [cursor.series.key, [...cursor.points(0, grid.size)]]));
}

describe("--state continuity", () => {
  it("continues every counter of window A in window B exactly as one run over A+B would, without a reset", async () => {
    const windowA = windowOf(at("00:00"), at("00:30"));
    const windowB = windowOf(at("00:30"), at("01:00"));
    const a = await runBackfill(windowA, { signals: ["metrics"], stepSeconds: STEP });
    // A's last sample is at its end, 00:30: deployments L1 + D1 = 2.
    const countKey = Object.keys(a.state.series).find((key) => key.startsWith("cd_argoworkflows_count_total"))!;
    expect(a.state.series[countKey]).toMatchObject({ lastMs: Date.parse(at("00:30")), value: 2, startMs: Date.parse("2026-01-09T23:50:00Z") });

    const dir = await mkdtemp(join(tmpdir(), "dora-state-"));
    await saveState(join(dir, "state.json"), a.state);
    expect(await readdir(dir)).toEqual(["state.json"]); // the temp file was renamed away
    const stateA = await loadState(join(dir, "state.json"));

    const b = pointsByKey(windowB, stateA);
    const whole = pointsByKey(windowOf(at("00:00"), at("01:00")));
    for (const [key, points] of b) {
      // B sends only what comes after A's last sample: 00:40, 00:50, the edge 00:59:59, 01:00.
      expect(points.map((p) => new Date(p.timeMs).toISOString().slice(11, 19)), key).toEqual(["00:40:00", "00:50:00", "00:59:59", "01:00:00"]);
      const expected = whole.get(key)!.filter((p) => p.timeMs > Date.parse(at("00:30")));
      expect(points, key).toEqual(expected);
    }
    // By hand: deployments continue 2 → 2 (00:40), 3 (00:50, D2 finished 00:42), 3, 3 — not 0, 1, 1, 1.
    expect(b.get(countKey)!.map((p) => (p.kind === "counter" ? p.value : NaN))).toEqual([2, 3, 3, 3]);
    // The start time stays A's first sample.
    expect(new Set(b.get(countKey)!.map((p) => (p.kind === "counter" ? p.startMs : NaN)))).toEqual(new Set([Date.parse("2026-01-09T23:50:00Z")]));
  });

  it("re-running a window sends identical bytes (and, with the same state, identical bytes again)", async () => {
    const collect = async (state?: BackfillState) => {
      const bodies: string[] = [];
      await runBackfill(tinyData(), { signals: ["traces", "metrics"], stepSeconds: 60, state, onRequest: (signal, body) => bodies.push(`${signal}:${Buffer.from(body).toString("base64")}`) });
      return bodies;
    };
    const first = await collect();
    expect(first.length).toBeGreaterThan(1);
    expect(await collect()).toEqual(first);
    const state = (await runBackfill(windowOf(at("00:00"), at("00:30")), { signals: ["metrics"], stepSeconds: 60 })).state;
    const withState = await collect(state);
    expect(await collect(state)).toEqual(withState);
  });

  it("checkpoints after every accepted batch; resuming from any checkpoint sends exactly the batches not yet accepted", async () => {
    const sent: string[] = [];
    const checkpoints: { requests: number; state: BackfillState }[] = [];
    const options = { signals: ["traces", "metrics"] as const, stepSeconds: 60, spansPerBatch: 4, pointsPerBatch: 12 * 10 };
    await runBackfill(tinyData(), {
      ...options,
      targets: {},
      onRequest: (signal, body) => sent.push(`${signal}:${Buffer.from(body).toString("base64")}`),
      onCheckpoint: async (state) => void checkpoints.push({ requests: sent.length, state: JSON.parse(JSON.stringify(state)) }),
    });
    // Traces: 3 batches ([I3, D1], [I1, D2], [I2]); metrics: 63 samples a series, 10 a slice = 7 slices.
    expect(checkpoints.map((one) => one.requests)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const { requests, state } of checkpoints) {
      const resumed: string[] = [];
      await runBackfill(tinyData(), { ...options, state, onRequest: (signal, body) => resumed.push(`${signal}:${Buffer.from(body).toString("base64")}`) });
      expect(resumed, `resumed after ${requests} requests`).toEqual(sent.slice(requests));
    }
  });

  it("rejects a file that is not a backfill state, and starts afresh without one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dora-state-"));
    expect((await loadState(join(dir, "missing.json"))).series).toEqual({});
    await saveState(join(dir, "bad.json"), { version: 1, updatedAt: new Date().toISOString(), series: {} });
    const text = await readFile(join(dir, "bad.json"), "utf8");
    await import("node:fs/promises").then((fs) => fs.writeFile(join(dir, "bad.json"), text.replace('"version": 1', '"version": 2')));
    await expect(loadState(join(dir, "bad.json"))).rejects.toThrow("is not a dora backfill state");
  });
});
