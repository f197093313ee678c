import { describe, expect, it } from "vitest";
import { SampleGrid, SeriesCursor } from "../../src/otlp/metric-samples.js";
import { buildMetricSeries, seriesKey, CD_DEPLOYMENTS, DORA_LEAD_TIME } from "../../src/otlp/metric-series.js";
import { metricCursors } from "../../src/otlp/run-backfill.js";
import type { CounterPoint, HistogramPoint } from "../../src/otlp/metric-samples.js";
import { openMetricsChunks } from "../../src/otlp/openmetrics.js";
import { FROM, TO, tinyData } from "./tiny-dataset.js";

const TEN_MINUTES = 600;

function valuesOf(name: string, labels: Record<string, string>) {
  const { grid, cursors } = metricCursors(tinyData(), TEN_MINUTES);
  const cursor = cursors.find((one) => one.series.key.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => one.series.labels[k] === v));
  if (!cursor) throw new Error(`no series ${name}`);
  return [...cursor.points(0, grid.size)];
}

describe("sample grid", () => {
  it("has a sample one step before the window, every step from `from`, the edge `to − 1s`, and `to`", () => {
    const grid = new SampleGrid(Date.parse(FROM), Date.parse(TO), TEN_MINUTES * 1000);
    // 60 min / 10 min = 6 steps from 00:00 to 00:50, plus 23:50 before, 00:59:59 and 01:00 at the end = 9.
    expect(grid.size).toBe(9);
    expect(new Date(grid.timeAt(0)).toISOString()).toBe("2026-01-09T23:50:00.000Z");
    expect(new Date(grid.timeAt(1)).toISOString()).toBe(FROM);
    expect(new Date(grid.timeAt(7)).toISOString()).toBe("2026-01-10T00:59:59.000Z");
    expect(new Date(grid.timeAt(8)).toISOString()).toBe(TO);
    // The edge sample counts the events before `to`: a range ending at 00:59:59 sees the whole window.
    expect(grid.countsBefore(7)).toBe(Date.parse(TO));
    expect(grid.countsBefore(6)).toBe(grid.timeAt(6));
    // A window that is not a whole number of steps still ends with the edge and a sample at `to`.
    const odd = new SampleGrid(0, 25_000, 10_000);
    expect(odd.size).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((i) => odd.timeAt(i))).toEqual([-10_000, 0, 10_000, 20_000, 24_000, 25_000]);
    expect([-10_001, -10_000, -1, 0, 19_999, 20_000, 23_999, 24_000, 25_000].map((ms) => odd.firstIndexAfter(ms))).toEqual([0, 1, 1, 2, 3, 4, 4, 5, 6]);
  });

  it("sees at `to − 1s` an event in the last second of the window (and at `to`); a resume after the edge counts it once", () => {
    const grid = new SampleGrid(0, 600_000, 240_000); // 0, 240 s, 480 s, edge 599 s, 600 s
    const labels = { service_name: "a" };
    const events = [{ timeMs: 599_000, value: 1 }]; // at 00:09:59, the window's last second
    const cursor = new SeriesCursor({ family: CD_DEPLOYMENTS, labels, key: "k", events }, grid, undefined);
    const points = [...cursor.points(0, grid.size - 1)] as CounterPoint[];
    expect(points.map((p) => [p.timeMs, p.value])).toEqual([[-240_000, 0], [0, 0], [240_000, 0], [480_000, 0], [599_000, 1]]);
    // Checkpoint at the edge: the value counts through `to`; a resumed cursor does not count the event again.
    const checkpoint = cursor.checkpointState()!;
    expect(checkpoint).toMatchObject({ lastMs: 599_000, throughMs: 600_000, value: 1 });
    const resumed = new SeriesCursor({ family: CD_DEPLOYMENTS, labels, key: "k", events }, grid, checkpoint);
    expect(([...resumed.points(0, grid.size)] as CounterPoint[]).map((p) => [p.timeMs, p.value])).toEqual([[600_000, 1]]);
  });
});

describe("counters and histograms of the tiny dataset", () => {
  it("counts deployments with the lookback's history, strictly before each sample", () => {
    // Events: L1 (2026-01-09 12:00, lookback), D1 00:15, D2 00:42.
    // Samples 23:50 00:00 00:10 00:20 00:30 00:40 00:50 00:59:59 01:00 → 1 1 1 2 2 2 3 3 3.
    const points = valuesOf("cd_argoworkflows_count_total", {}) as CounterPoint[];
    expect(points.map((p) => p.value)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    // Fixed start time = the first sample's time, on every point.
    expect(new Set(points.map((p) => p.startMs))).toEqual(new Set([Date.parse("2026-01-09T23:50:00Z")]));
    // The window's increase (sample at `to` minus sample at `from`) = the report's 2 deployments.
    expect(points[8]!.value - points[1]!.value).toBe(2);
  });

  it("counts incidents at their start and their resolution, drills and duplicates left out", () => {
    // Samples 23:50 00:00 … 00:50, 00:59:59 (through 01:00), 01:00.
    // active: I0 (lookback 13:00), I1 00:20, I2 00:55 → 1 1 1 1 2 2 2 3 3 (the sample at 00:20 counts only events before 00:20).
    expect((valuesOf("cd_incidents_count_total", { status: "active" }) as CounterPoint[]).map((p) => p.value)).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 3]);
    // resolved: I0 13:30, I1 00:50 → 1 ×7 (the 00:50 sample counts before 00:50), then 2 at 00:59:59 and 01:00.
    expect((valuesOf("cd_incidents_count_total", { status: "resolved" }) as CounterPoint[]).map((p) => p.value)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2]);
    // failed deployments: D1 at 00:15 (no history: lookback failures are not known) → 0 0 0 1 1 1 1 1 1.
    expect((valuesOf("dora_failed_deployments_total", {}) as CounterPoint[]).map((p) => p.value)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1]);
    // changes: 2 at 00:15; rework: D2 at 00:42.
    expect((valuesOf("dora_changes_total", {}) as CounterPoint[]).map((p) => p.value)).toEqual([0, 0, 0, 2, 2, 2, 2, 2, 2]);
    expect((valuesOf("dora_rework_deployments_total", {}) as CounterPoint[]).map((p) => p.value)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it("observes lead times per change and restore times at the incident's start", () => {
    // Lead times 3600 and 7200 at D1's finish (00:15): bucket le=3600 gets one, le=7200 the other.
    const lead = valuesOf("dora_lead_time_seconds", {}) as HistogramPoint[];
    expect(lead.map((p) => p.count)).toEqual([0, 0, 0, 2, 2, 2, 2, 2, 2]);
    expect(lead[8]!.sum).toBe(10_800);
    expect(lead[8]!.buckets.slice(0, 3)).toEqual([1, 1, 0]);
    // Restore: I0 1800 s at 13:00 (lookback), I1 1800 s at its start 00:20 (seen from the 00:30 sample on); I2 is active.
    const restore = valuesOf("dora_restore_time_seconds", {}) as HistogramPoint[];
    expect(restore.map((p) => p.count)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(restore[8]!.sum).toBe(3600);
    // 1800 s falls in the le=1800 bucket (bounds 300, 900, 1800, ...).
    expect(restore[8]!.buckets.slice(0, 4)).toEqual([0, 0, 2, 0]);
  });

  it("gives one info sample per window deployment, labelled with its trace id", () => {
    const series = buildMetricSeries(tinyData()).filter((one) => one.family.name === "dora_deployment_info");
    expect(series).toHaveLength(2);
    expect(series[0]!.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(series[0]!.events).toEqual([{ timeMs: Date.parse("2026-01-10T00:15:00Z"), value: 1 }]);
  });
});

describe("OpenMetrics text", () => {
  it("writes families, series in time order, seconds, _total, cumulative buckets and # EOF", () => {
    const grid = new SampleGrid(120_000, 180_000, 60_000); // samples at 60 s, 120 s, 179 s (the edge, through 180 s), 180 s
    const counterLabels = { workflow_group: "a", service_name: "a", repo: "o/a", status: "Succeeded" };
    const counter = new SeriesCursor({ family: CD_DEPLOYMENTS, labels: counterLabels, key: seriesKey(CD_DEPLOYMENTS, counterLabels), events: [{ timeMs: 100_000, value: 1 }] }, grid, undefined);
    const family = { ...DORA_LEAD_TIME, bounds: [10, 100] };
    const histogram = new SeriesCursor({ family, labels: { service_name: "a" }, key: "h", events: [{ timeMs: 60_000, value: 50 }, { timeMs: 130_000, value: 5 }] }, grid, undefined);
    const text = [...openMetricsChunks([counter, histogram], grid.size)].join("");
    // Counter: event at 100 s → 0 at 60 s, 1 at 120 s and 180 s. Histogram: 50 at 60 s (not before the
    // 60 s sample), 5 at 130 s → at 120 s: le=10 0, le=100 1, +Inf 1, sum 50; at 179 s and 180 s: 1, 2, 2, sum 55.
    expect(text).toBe(
      [
        `# HELP cd_argoworkflows_count ${CD_DEPLOYMENTS.help}`,
        "# TYPE cd_argoworkflows_count counter",
        'cd_argoworkflows_count_total{workflow_group="a",service_name="a",repo="o/a",status="Succeeded"} 0 60',
        'cd_argoworkflows_count_total{workflow_group="a",service_name="a",repo="o/a",status="Succeeded"} 1 120',
        'cd_argoworkflows_count_total{workflow_group="a",service_name="a",repo="o/a",status="Succeeded"} 1 179',
        'cd_argoworkflows_count_total{workflow_group="a",service_name="a",repo="o/a",status="Succeeded"} 1 180',
        `# HELP dora_lead_time_seconds ${DORA_LEAD_TIME.help}`,
        "# TYPE dora_lead_time_seconds histogram",
        'dora_lead_time_seconds_bucket{service_name="a",le="10"} 0 60',
        'dora_lead_time_seconds_bucket{service_name="a",le="100"} 0 60',
        'dora_lead_time_seconds_bucket{service_name="a",le="+Inf"} 0 60',
        'dora_lead_time_seconds_count{service_name="a"} 0 60',
        'dora_lead_time_seconds_sum{service_name="a"} 0 60',
        'dora_lead_time_seconds_bucket{service_name="a",le="10"} 0 120',
        'dora_lead_time_seconds_bucket{service_name="a",le="100"} 1 120',
        'dora_lead_time_seconds_bucket{service_name="a",le="+Inf"} 1 120',
        'dora_lead_time_seconds_count{service_name="a"} 1 120',
        'dora_lead_time_seconds_sum{service_name="a"} 50 120',
        'dora_lead_time_seconds_bucket{service_name="a",le="10"} 1 179',
        'dora_lead_time_seconds_bucket{service_name="a",le="100"} 2 179',
        'dora_lead_time_seconds_bucket{service_name="a",le="+Inf"} 2 179',
        'dora_lead_time_seconds_count{service_name="a"} 2 179',
        'dora_lead_time_seconds_sum{service_name="a"} 55 179',
        'dora_lead_time_seconds_bucket{service_name="a",le="10"} 1 180',
        'dora_lead_time_seconds_bucket{service_name="a",le="100"} 2 180',
        'dora_lead_time_seconds_bucket{service_name="a",le="+Inf"} 2 180',
        'dora_lead_time_seconds_count{service_name="a"} 2 180',
        'dora_lead_time_seconds_sum{service_name="a"} 55 180',
        "# EOF",
        "",
      ].join("\n"),
    );
  });
});
