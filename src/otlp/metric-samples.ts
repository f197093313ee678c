import type { MetricFamily, MetricSeries } from "./metric-series.js";

/** What a previous run sent of one series (the --state file): where its counter stands. */
export interface SeriesState {
  /** The series' fixed start time (ms): the time of its very first sample. */
  startMs: number;
  /** The time (ms) of the last sample sent. */
  lastMs: number;
  /** Counter value at lastMs. */
  value?: number;
  /** Histogram at lastMs: per-bucket (not cumulative) counts, bounds.length + 1 of them. */
  buckets?: number[];
  count?: number;
  sum?: number;
}

export interface CounterPoint {
  kind: "counter";
  timeMs: number;
  startMs: number;
  value: number;
}
export interface HistogramPoint {
  kind: "histogram";
  timeMs: number;
  startMs: number;
  /** Per-bucket counts (OTLP style), bounds.length + 1 of them; Prometheus `_bucket` is their running sum. */
  buckets: number[];
  count: number;
  sum: number;
}
export interface InfoPoint {
  kind: "info";
  timeMs: number;
  value: number;
}
export type SeriesPoint = CounterPoint | HistogramPoint | InfoPoint;

/** One point of any kind, as visitPoints hands it over (fields of other kinds are left as they were). */
export interface PointView {
  timeMs: number;
  /** The series' start time (counters, histograms); the point's own time for info points. */
  startMs: number;
  /** Counter or info value. */
  value: number;
  /** Histogram per-bucket counts. */
  readonly buckets: readonly number[];
  count: number;
  sum: number;
}

/**
 * The sample instants of a window: one step before `from`, `from`, every step after it, and `to`
 * itself. A sample at `t` counts the events strictly before `t`, so the sample at `to` minus the
 * sample at `from` is exactly the window's half-open `[from, to)` — the report's rule — and
 * `offset $__range` finds `from`. The sample before `from` makes every series exist before the
 * window starts: VictoriaMetrics' per-day index does not find a series at an instant query exactly
 * on a midnight that is also the series' first sample.
 */
export class SampleGrid {
  readonly size: number;
  constructor(
    readonly fromMs: number,
    readonly toMs: number,
    readonly stepMs: number,
  ) {
    if (!(stepMs > 0) || !(toMs >= fromMs)) throw new RangeError(`bad sample grid [${fromMs}, ${toMs}) step ${stepMs}`);
    this.size = Math.ceil((toMs - fromMs) / stepMs) + 2;
  }
  timeAt(index: number): number {
    return index >= this.size - 1 ? this.toMs : this.fromMs + (index - 1) * this.stepMs;
  }
  /** Index of the first sample strictly after `ms`. */
  firstIndexAfter(ms: number): number {
    if (ms < this.fromMs - this.stepMs) return 0;
    if (ms >= this.toMs) return this.size;
    return Math.min(Math.floor((ms - this.fromMs) / this.stepMs) + 2, this.size - 1);
  }
}

/**
 * Walks one series along the grid, carrying its cumulative value: O(events + samples), no arrays of
 * samples, so a batch of samples costs memory and the whole history does not.
 */
export class SeriesCursor {
  readonly family: MetricFamily;
  /** Index of the series' first sample in the grid (later than 0 when the state already covers the start). */
  readonly firstIndex: number;
  readonly startMs: number;
  private next = 0;
  private readonly events: MetricSeries["events"];
  private value: number;
  private readonly buckets: number[];
  private count: number;
  private sum: number;
  private readonly view: PointView;

  constructor(
    readonly series: MetricSeries,
    private readonly grid: SampleGrid,
    state: SeriesState | undefined,
  ) {
    this.family = series.family;
    const bounds = series.family.bounds ?? [];
    if (series.family.kind === "info") {
      // Info samples are the events themselves (one per deployment of the window), not a grid.
      this.events = series.events.filter((event) => event.timeMs >= grid.fromMs && event.timeMs < grid.toMs);
      this.firstIndex = 0;
      this.startMs = grid.fromMs;
      this.value = 0;
      this.buckets = [];
      this.count = 0;
      this.sum = 0;
      this.view = { timeMs: 0, startMs: 0, value: 0, buckets: this.buckets, count: 0, sum: 0 };
      return;
    }
    // With a state, events before its last sample were counted by an earlier run.
    const lowerMs = state ? state.lastMs : -Infinity;
    this.events = state ? series.events.filter((event) => event.timeMs >= lowerMs) : series.events;
    this.firstIndex = state ? grid.firstIndexAfter(lowerMs) : 0;
    this.startMs = state ? state.startMs : grid.timeAt(0);
    this.value = state?.value ?? 0;
    this.buckets = state?.buckets && state.buckets.length === bounds.length + 1 ? [...state.buckets] : new Array<number>(bounds.length + 1).fill(0);
    this.count = state?.count ?? 0;
    this.sum = state?.sum ?? 0;
    this.view = { timeMs: 0, startMs: this.startMs, value: 0, buckets: this.buckets, count: 0, sum: 0 };
  }

  /** The points of grid indices [fromIndex, toIndex), in time order; info points by their own time. */
  *points(fromIndex: number, toIndex: number): Generator<SeriesPoint> {
    if (this.family.kind === "info") {
      const lowMs = fromIndex <= 0 ? -Infinity : this.grid.timeAt(fromIndex);
      const highMs = toIndex >= this.grid.size ? Infinity : this.grid.timeAt(toIndex);
      while (this.next < this.events.length && this.events[this.next]!.timeMs < highMs) {
        const event = this.events[this.next++]!;
        if (event.timeMs >= lowMs) yield { kind: "info", timeMs: event.timeMs, value: event.value };
      }
      return;
    }
    for (let index = Math.max(fromIndex, this.firstIndex); index < toIndex; index++) {
      const timeMs = this.grid.timeAt(index);
      this.advanceTo(timeMs);
      if (this.family.kind === "counter") {
        yield { kind: "counter", timeMs, startMs: this.startMs, value: this.value };
      } else {
        yield { kind: "histogram", timeMs, startMs: this.startMs, buckets: [...this.buckets], count: this.count, sum: this.sum };
      }
    }
  }

  /**
   * The same points as points(), handed to `visit` as one reused view instead of an object per
   * point (the encoder reads each field once): `buckets` is the cursor's live array, valid during
   * the call only.
   */
  visitPoints(fromIndex: number, toIndex: number, visit: (point: PointView) => void): void {
    const view = this.view;
    if (this.family.kind === "info") {
      const lowMs = fromIndex <= 0 ? -Infinity : this.grid.timeAt(fromIndex);
      const highMs = toIndex >= this.grid.size ? Infinity : this.grid.timeAt(toIndex);
      while (this.next < this.events.length && this.events[this.next]!.timeMs < highMs) {
        const event = this.events[this.next++]!;
        if (event.timeMs < lowMs) continue;
        view.timeMs = event.timeMs;
        view.startMs = event.timeMs;
        view.value = event.value;
        visit(view);
      }
      return;
    }
    for (let index = Math.max(fromIndex, this.firstIndex); index < toIndex; index++) {
      view.timeMs = this.grid.timeAt(index);
      this.advanceTo(view.timeMs);
      view.value = this.value;
      view.count = this.count;
      view.sum = this.sum;
      visit(view);
    }
  }

  /** How many points this series has on the grid. */
  pointCount(): number {
    return this.family.kind === "info" ? this.events.length : Math.max(0, this.grid.size - this.firstIndex);
  }

  /** The state after the last sample (call after all points were generated). */
  finalState(): SeriesState | undefined {
    if (this.family.kind === "info" || this.firstIndex >= this.grid.size) return undefined;
    this.advanceTo(this.grid.toMs);
    return this.family.kind === "counter"
      ? { startMs: this.startMs, lastMs: this.grid.toMs, value: this.value }
      : { startMs: this.startMs, lastMs: this.grid.toMs, buckets: [...this.buckets], count: this.count, sum: this.sum };
  }

  private advanceTo(timeMs: number): void {
    const bounds = this.family.bounds ?? [];
    while (this.next < this.events.length && this.events[this.next]!.timeMs < timeMs) {
      const event = this.events[this.next++]!;
      if (this.family.kind === "counter") {
        this.value += event.value;
      } else {
        let bucket = bounds.findIndex((bound) => event.value <= bound);
        if (bucket === -1) bucket = bounds.length;
        this.buckets[bucket]! += 1;
        this.count += 1;
        this.sum += event.value;
      }
    }
  }
}
