import type { MetricFamily, MetricSeries } from "./metric-series.js";

/** What a previous run sent of one series (the --state file): where its counter stands. */
export interface SeriesState {
  /** The series' fixed start time (ms): the time of its very first sample. */
  startMs: number;
  /** The time (ms) of the last sample sent. */
  lastMs: number;
  /**
   * The values count the events strictly before this instant (default lastMs). Only the window's
   * edge sample, stamped `to − 1s`, counts through `to`.
   */
  throughMs?: number;
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
 * The sample instants of a window: one step before `from`, `from` and every step after it, the
 * edge `to − 1s`, and `to` itself. A sample at `t` counts the events strictly before `t`, so the
 * sample at `to` minus the sample at `from` is exactly the window's half-open `[from, to)` — the
 * report's rule — and `offset $__range` finds `from`. The edge sample is the exception: stamped
 * `to − 1s`, it counts the events before `to`, so a range ending at `to − 1s` (Grafana's "to" of a
 * day is 23:59:59) sees every event of the window, not only those before the last regular step.
 * Source times are whole seconds, so it never counts an event before it happened.
 * The sample before `from` makes every series exist before the window starts: VictoriaMetrics'
 * per-day index does not find a series at an instant query exactly on a midnight that is also the
 * series' first sample.
 */
export class SampleGrid {
  readonly size: number;
  /** Regular samples from `from` on (indices 1..regular). */
  private readonly regular: number;
  private readonly edgeMs: number | undefined;
  constructor(
    readonly fromMs: number,
    readonly toMs: number,
    readonly stepMs: number,
  ) {
    if (!(stepMs > 0) || !(toMs >= fromMs)) throw new RangeError(`bad sample grid [${fromMs}, ${toMs}) step ${stepMs}`);
    const edgeMs = toMs - EDGE_MS;
    this.edgeMs = edgeMs > fromMs ? edgeMs : undefined;
    this.regular = this.edgeMs === undefined ? 0 : Math.ceil((this.edgeMs - fromMs) / stepMs);
    this.size = 1 + this.regular + (this.edgeMs === undefined ? 0 : 1) + 1;
  }
  timeAt(index: number): number {
    if (index <= 0) return this.fromMs - this.stepMs;
    if (index <= this.regular) return this.fromMs + (index - 1) * this.stepMs;
    if (index === this.regular + 1 && this.edgeMs !== undefined) return this.edgeMs;
    return this.toMs;
  }
  /** The sample at `index` counts the events strictly before this instant. */
  countsBefore(index: number): number {
    return index === this.regular + 1 && this.edgeMs !== undefined ? this.toMs : this.timeAt(index);
  }
  /** Index of the first sample strictly after `ms`. */
  firstIndexAfter(ms: number): number {
    if (ms < this.fromMs - this.stepMs) return 0;
    if (ms >= this.toMs) return this.size;
    if (ms < this.fromMs) return 1;
    const index = Math.floor((ms - this.fromMs) / this.stepMs) + 2;
    if (index <= this.regular) return index;
    return this.edgeMs !== undefined && ms < this.edgeMs ? this.regular + 1 : this.size - 1;
  }
}

/** The edge sample sits this long before `to`: Grafana's end of a day (23:59:59), Prometheus' second resolution. */
const EDGE_MS = 1000;

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
  /** The last grid index handed out (-1: none yet). */
  private lastIndex = -1;
  private readonly initial: SeriesState | undefined;

  constructor(
    readonly series: MetricSeries,
    private readonly grid: SampleGrid,
    state: SeriesState | undefined,
  ) {
    this.family = series.family;
    this.initial = state;
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
    // With a state, events before its last sample (its edge: before `to`) were counted by an earlier run.
    const lowerMs = state ? (state.throughMs ?? state.lastMs) : -Infinity;
    this.events = state ? series.events.filter((event) => event.timeMs >= lowerMs) : series.events;
    this.firstIndex = state ? grid.firstIndexAfter(state.lastMs) : 0;
    this.startMs = state ? state.startMs : grid.timeAt(0);
    this.value = state?.value ?? 0;
    this.buckets = state?.buckets && state.buckets.length === bounds.length + 1 ? [...state.buckets] : new Array<number>(bounds.length + 1).fill(0);
    this.count = state?.count ?? 0;
    this.sum = state?.sum ?? 0;
    this.view = { timeMs: 0, startMs: this.startMs, value: 0, buckets: this.buckets, count: 0, sum: 0 };
  }

  /**
   * The points of grid indices [fromIndex, toIndex), in time order; info points by their own time,
   * those in [infoFromMs, infoToMs) when given (a day file), else between the indices' times.
   */
  *points(fromIndex: number, toIndex: number, infoFromMs?: number, infoToMs?: number): Generator<SeriesPoint> {
    if (this.family.kind === "info") {
      const lowMs = infoFromMs ?? (fromIndex <= 0 ? -Infinity : this.grid.timeAt(fromIndex));
      const highMs = infoToMs ?? (toIndex >= this.grid.size ? Infinity : this.grid.timeAt(toIndex));
      while (this.next < this.events.length && this.events[this.next]!.timeMs < highMs) {
        const event = this.events[this.next++]!;
        if (event.timeMs >= lowMs) yield { kind: "info", timeMs: event.timeMs, value: event.value };
      }
      return;
    }
    for (let index = Math.max(fromIndex, this.firstIndex); index < toIndex; index++) {
      const timeMs = this.grid.timeAt(index);
      this.advanceTo(this.grid.countsBefore(index));
      this.lastIndex = index;
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
      this.advanceTo(this.grid.countsBefore(index));
      this.lastIndex = index;
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
    this.lastIndex = this.grid.size - 1;
    return this.stateHere(this.grid.toMs, this.grid.toMs);
  }

  /**
   * The state after the last point handed out so far (a checkpoint): what a resumed run continues
   * from. Before any point, the state the cursor started from (undefined for a fresh series).
   */
  checkpointState(): SeriesState | undefined {
    if (this.family.kind === "info") return undefined;
    if (this.lastIndex < 0) return this.initial;
    const lastMs = this.grid.timeAt(this.lastIndex);
    return this.stateHere(lastMs, this.grid.countsBefore(this.lastIndex));
  }

  private stateHere(lastMs: number, throughMs: number): SeriesState {
    const through = throughMs !== lastMs ? { throughMs } : {};
    return this.family.kind === "counter"
      ? { startMs: this.startMs, lastMs, ...through, value: this.value }
      : { startMs: this.startMs, lastMs, ...through, buckets: [...this.buckets], count: this.count, sum: this.sum };
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
