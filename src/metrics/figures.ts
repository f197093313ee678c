import type { BucketMetrics, MetricSet } from "../model/report.js";
import type { Period } from "./buckets.js";
import { periodIndexOf } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import { changeFailureRate } from "./change-failure-rate.js";
import { deploymentFrequency } from "./deployment-frequency.js";
import { SUCCESSFUL, FAILED, REWORK, type DeploymentFacts } from "./deployment-fact-table.js";
import type { IncidentFact } from "./facts.js";
import { leadTime } from "./lead-time.js";
import { recoveryTime } from "./recovery-time.js";
import { reworkRate } from "./rework-rate.js";
import { mean } from "./stats.js";
import { doubles, doublesPrefix, type Doubles } from "../util/typed-arrays.js";
import { timeToRestore } from "./time-to-restore.js";

// The per-scope metric sets of the Analysis (overall, per service, per bucket, per bucket × service)
// in one placement: each fact goes once into its (service, bucket) slot, and every scope is then a
// contiguous range of one of three orders of the facts — time order (overall), stable by bucket
// (a bucket), stable by service then bucket (a service, a slot). Stable orders keep each scope's
// facts in time order, so the sums behind the means add up in the same order as a fold over the
// scope's facts would. Values live in typed columns; a slot with no fact costs nothing beyond the
// period's shared empty set.

/** The figures of every scope. */
export interface Figures {
  overall: MetricSet;
  /** Per reported service, in config order. */
  services: Record<string, MetricSet>;
  buckets: BucketMetrics[];
}

export interface FigureScopes {
  window: Period;
  calendar: Calendar;
  /** Reported services, in config order. */
  services: readonly string[];
  /** Calendar buckets (empty without --bucket). */
  periods: readonly Period[];
}

/**
 * The figures of the listed facts: deployments in finishedAt order (failed rollouts only when they
 * count), incidents in startedAt order.
 */
export function computeFigures(deployments: DeploymentFacts, incidents: readonly IncidentFact[], scopes: FigureScopes): Figures {
  const { window, calendar, services, periods } = scopes;
  const serviceIndex = new Map(services.map((name, index) => [name, index]));
  // Without buckets every fact is in the one "bucket" of the window.
  const bucketOf = (ms: number) => (periods.length > 0 ? periodIndexOf(periods, ms) : 0);
  const grid = { services: services.length, buckets: Math.max(1, periods.length) };

  const columns = new Columns(deployments, incidents, calendar);
  // The facts' service is their index among the reported services (deployment-fact-table.ts).
  const deploymentService = deployments.service;
  const deploymentBucket = new Int32Array(deployments.length);
  for (let i = 0; i < deployments.length; i++) deploymentBucket[i] = bucketOf(deployments.finishedMs[i]!);
  const incidentService = Int32Array.from(columns.counted, (fact) => serviceIndex.get(fact.service!) ?? -1);
  const incidentBucket = Int32Array.from(columns.counted, (fact) => bucketOf(fact.startedMs));
  const placed = {
    deployments: new Placement(deploymentService, deploymentBucket, grid),
    incidents: new Placement(incidentService, incidentBucket, grid),
  };
  const lead = new LeadTimeRuns(columns, placed.deployments);
  // Room for the recovery times (deployments that have one) or the restore times of a scope.
  const scratch = new Float64Array(Math.max(columns.recoveries, columns.counted.length));
  const setOf = (scope: View, period: Period, leadTimes: LeadTimeRun, knownMean?: number | null) => columns.metricSet(scope, period, leadTimes, scratch, knownMean);
  const scopeOf = (deploymentRange: Range, incidentRange: Range): View => view(deploymentRange, incidentRange);

  // Services first: their lead times are copied out of the time-ordered column, which the buckets
  // and the overall set then reorder in place.
  const serviceSets: Record<string, MetricSet> = {};
  const bucketServiceSets = periods.map((): Record<string, MetricSet> => ({}));
  const emptyOfWindow = once(() => emptySet(window, columns));
  const emptyOfBucket = periods.map((period) => once(() => emptySet(period, columns)));
  services.forEach((name, s) => {
    const whole = scopeOf(placed.deployments.slotRange(s, 0, grid.buckets + 1), placed.incidents.slotRange(s, 0, grid.buckets + 1));
    if (whole.isEmpty()) {
      serviceSets[name] = emptyOfWindow();
      periods.forEach((_, b) => (bucketServiceSets[b]![name] = emptyOfBucket[b]!()));
      return;
    }
    const runs = lead.ofService(s);
    serviceSets[name] = setOf(whole, window, runs.copy());
    periods.forEach((period, b) => {
      const slot = scopeOf(placed.deployments.slotRange(s, b, b + 1), placed.incidents.slotRange(s, b, b + 1));
      bucketServiceSets[b]![name] = slot.isEmpty() ? emptyOfBucket[b]!() : setOf(slot, period, runs.slot(b));
    });
  });
  const overallMean = mean(columns.leadTimes, 0, columns.leadTimeTotal);
  const bucketMetrics: BucketMetrics[] = periods.map((period, b) => ({
    start: new Date(period.fromMs).toISOString(),
    end: new Date(period.toMs).toISOString(),
    overall: setOf(scopeOf(placed.deployments.bucketRange(b), placed.incidents.bucketRange(b)), period, lead.ofBucket(b)),
    services: bucketServiceSets[b]!,
  }));
  const overall = setOf(scopeOf(placed.deployments.overallRange(), placed.incidents.overallRange()), window, { values: columns.leadTimes, from: 0, to: columns.leadTimeTotal }, overallMean);
  return { overall, services: serviceSets, buckets: bucketMetrics };
}

/** A scope's lead times: values[from, to) of a column (reordered in place by its summary). */
interface LeadTimeRun {
  values: Doubles;
  from: number;
  to: number;
}

/**
 * The lead times of a scope as one contiguous run. Each deployment's lead times are a run of the
 * time-ordered column: a bucket's are one run when the deployments of each bucket are contiguous
 * in time order (as they are: buckets split the window in time), a service's are gathered into a
 * scratch array in slot order.
 */
class LeadTimeRuns {
  private readonly bucketsInTimeOrder: boolean;
  private service: Float64Array;
  private copyScratch: Float64Array;
  private slotStarts: number[] = [];

  constructor(private readonly columns: Columns, private readonly placed: Placement) {
    this.bucketsInTimeOrder = placed.byBucket === null;
    this.service = new Float64Array(0);
    this.copyScratch = new Float64Array(0);
  }

  /** The run of bucket b (reordered in place by its summary: each bucket's run is used once). */
  ofBucket(b: number): LeadTimeRun {
    const range = this.placed.bucketRange(b);
    if (this.bucketsInTimeOrder) return { values: this.columns.leadTimes, from: this.columns.leadTimeStart[range.from]!, to: this.columns.leadTimeStart[range.to]! };
    return whole(this.gather(range, 0, (size) => new Float64Array(size)));
  }

  /** Gathers service s's lead times in slot order; then copy() and slot(b) read them. */
  ofService(s: number): this {
    this.slotStarts = [];
    let at = 0;
    const width = this.placed.width;
    const whole = this.placed.slotRange(s, 0, width);
    this.service = this.ensure(this.service, this.columns.leadTimeCount(whole));
    for (let b = 0; b < width; b++) {
      this.slotStarts.push(at);
      at = this.gather(this.placed.slotRange(s, b, b + 1), at, () => this.service).length + at;
    }
    this.slotStarts.push(at);
    return this;
  }

  /** A copy of the service's whole run (the slots' runs stay in order for slot()). */
  copy(): LeadTimeRun {
    const size = this.slotStarts.at(-1)!;
    this.copyScratch = this.ensure(this.copyScratch, size);
    this.copyScratch.set(this.service.subarray(0, size));
    return { values: this.copyScratch, from: 0, to: size };
  }

  /** The run of the service's slot in bucket b. */
  slot(b: number): LeadTimeRun {
    return { values: this.service, from: this.slotStarts[b]!, to: this.slotStarts[b + 1]! };
  }

  /** Copies the lead times of a deployment range (through its order) to `target()` from `at`; returns the copied run. */
  private gather(range: Range, at: number, target: (size: number) => Float64Array): Float64Array {
    const { leadTimes, leadTimeStart } = this.columns;
    const into = target(this.columns.leadTimeCount(range));
    let next = at;
    for (let k = range.from; k < range.to; k++) {
      const i = range.order ? range.order[k]! : k;
      for (let j = leadTimeStart[i]!; j < leadTimeStart[i + 1]!; j++) into[next++] = leadTimes[j]!;
    }
    return into.subarray(at, next);
  }

  private ensure(array: Float64Array, size: number): Float64Array {
    return array.length >= size ? array : new Float64Array(Math.max(size, array.length * 2));
  }
}

function whole(values: Float64Array): LeadTimeRun {
  return { values, from: 0, to: values.length };
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The set of a scope with no fact (one per period: frequency depends on its length). */
function emptySet(period: Period, columns: Columns): MetricSet {
  return columns.metricSet(EMPTY_VIEW, period, whole(new Float64Array(0)), new Float64Array(0));
}

/** Ranges of the three fact kinds that make a scope; `order` maps a position to a fact index (null: time order). */
interface Range {
  order: Int32Array | null;
  from: number;
  to: number;
}
interface View {
  deployments: Range;
  incidents: Range;
  isEmpty(): boolean;
}
const NO_RANGE: Range = { order: null, from: 0, to: 0 };
const EMPTY_VIEW: View = { deployments: NO_RANGE, incidents: NO_RANGE, isEmpty: () => true };

/** A scope: its deployments (their lead times with them) and its incidents. */
function view(deployments: Range, incidents: Range): View {
  return { deployments, incidents, isEmpty: () => deployments.to === deployments.from && incidents.to === incidents.from };
}

interface Grid {
  services: number;
  buckets: number;
}

/**
 * Facts (in time order) placed by two stable counting sorts: by bucket, and by (service, bucket)
 * slot, service-major. A fact of no reported service goes to an extra service, one outside every
 * bucket to an extra bucket: counted overall (and in its service) like the fold over facts did.
 */
class Placement {
  /** null: the facts are in bucket order already (time order is, when buckets split the window in time). */
  readonly byBucket: Int32Array | null;
  readonly bucketStart: Int32Array;
  readonly bySlot: Int32Array;
  readonly slotStart: Int32Array;
  readonly width: number;

  private readonly count: number;

  /** `service`: index of each fact's reported service (−1: none); `bucket`: its bucket (−1: none). */
  constructor(service: Int32Array, bucket: Int32Array, grid: Grid) {
    this.width = grid.buckets + 1;
    this.count = service.length;
    const width = this.width;
    // Keys worked out in each pass of the counting sorts rather than kept in two more columns.
    const bucketKey = (i: number) => (bucket[i]! < 0 ? grid.buckets : bucket[i]!);
    [this.byBucket, this.bucketStart] = countingSort(this.count, bucketKey, width, true);
    [this.bySlot, this.slotStart] = countingSort(this.count, (i) => (service[i]! < 0 ? grid.services : service[i]!) * width + bucketKey(i), (grid.services + 1) * width);
  }

  overallRange(): Range {
    return { order: null, from: 0, to: this.count };
  }

  bucketRange(b: number): Range {
    return { order: this.byBucket, from: this.bucketStart[b]!, to: this.bucketStart[b + 1]! };
  }

  /** Service s, buckets [fromBucket, toBucket) (all of them with the extra one: the service's whole window). */
  slotRange(s: number, fromBucket: number, toBucket: number): Range {
    return { order: this.bySlot, from: this.slotStart[s * this.width + fromBucket]!, to: this.slotStart[s * this.width + toBucket]! };
  }

}

/**
 * Stable counting sort of indices 0..n−1 by key (0..keys−1): the order, and where each key's run
 * starts (keys + 1 entries). With `orNull`, the order is null when the keys never decrease (the
 * identity: no column of n indices).
 */
function countingSort(n: number, keyOf: (i: number) => number, keys: number, orNull: true): [Int32Array | null, Int32Array];
function countingSort(n: number, keyOf: (i: number) => number, keys: number): [Int32Array, Int32Array];
function countingSort(n: number, keyOf: (i: number) => number, keys: number, orNull = false): [Int32Array | null, Int32Array] {
  const start = new Int32Array(keys + 1);
  let ascending = true;
  for (let i = 0, previous = 0; i < n; i++) {
    const key = keyOf(i);
    start[key + 1]!++;
    if (key < previous) ascending = false;
    previous = key;
  }
  for (let k = 1; k <= keys; k++) start[k]! += start[k - 1]!;
  if (orNull && ascending) return [null, start];
  const next = start.slice(0, keys);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[keyOf(i)]!++] = i;
  return [order, start];
}


/** The facts' values the figures read, as typed columns in time order. */
class Columns {
  readonly days: Int32Array;
  readonly flags: Uint8Array;
  /** Counted lead times of all deployments, flattened in deployment order (the first leadTimeTotal). */
  readonly leadTimes: Doubles;
  readonly leadTimeTotal: number;
  /** Deployment i's lead times are leadTimes[leadTimeStart[i] .. leadTimeStart[i + 1]). */
  readonly leadTimeStart: Int32Array;
  readonly counted: IncidentFact[];
  readonly active: Uint8Array;
  /** Restore seconds; NaN: none. */
  readonly restore: Float64Array;
  /** How many deployments have a recovery time. */
  readonly recoveries: number;
  private readonly dayBase: number;
  private readonly dayStamp: Int32Array;
  private stamp = 0;

  constructor(private readonly deployments: DeploymentFacts, incidents: readonly IncidentFact[], private readonly calendar: Calendar) {
    const n = deployments.length;
    this.days = deployments.day;
    this.flags = deployments.flags;
    let minDay = Infinity;
    let maxDay = -Infinity;
    const { changesFrom, changesTo } = deployments;
    // Room for every change of a successful deployment (those left out of the lead time are few),
    // so one pass over the change logs fills the column.
    let room = 0;
    for (let i = 0; i < n; i++) {
      const day = this.days[i]!;
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
      if (this.flags[i]! & SUCCESSFUL) room += changesTo[i]! - changesFrom[i]!;
    }
    // On the JS heap (util/typed-arrays.ts, `doubles`): 40 MB for a year of a large organisation.
    const leadTimes = doubles(room);
    this.leadTimeStart = new Int32Array(n + 1);
    let next = 0;
    for (let i = 0; i < n; i++) {
      if (this.flags[i]! & SUCCESSFUL) next = deployments.changeLogOf(i).copyCountedLeadTimes(changesFrom[i]!, changesTo[i]!, deployments.finishedMs[i]!, leadTimes, next);
      this.leadTimeStart[i + 1] = next;
    }
    this.leadTimes = doublesPrefix(leadTimes, next);
    this.leadTimeTotal = next;
    this.recoveries = deployments.recoveryCount;
    this.dayBase = n > 0 ? minDay : 0;
    this.dayStamp = new Int32Array(n > 0 ? maxDay - minDay + 1 : 0);
    this.counted = incidents.filter((fact) => fact.counted);
    this.active = new Uint8Array(this.counted.length);
    this.restore = new Float64Array(this.counted.length);
    this.counted.forEach((fact, i) => {
      this.active[i] = fact.incident.status === "active" ? 1 : 0;
      this.restore[i] = fact.restore.seconds ?? NaN;
    });
  }

  /** How many lead times the deployments of a range have. */
  leadTimeCount(range: Range): number {
    if (!range.order) return this.leadTimeStart[range.to]! - this.leadTimeStart[range.from]!;
    let count = 0;
    for (let k = range.from; k < range.to; k++) count += this.leadTimeStart[range.order[k]! + 1]! - this.leadTimeStart[range.order[k]!]!;
    return count;
  }

  /** The set of one scope; `leadTimes`: its lead times, in time order, reordered in place (`knownMean`: see summarizeSeconds). */
  metricSet(view: View, period: Period, leadTimes: LeadTimeRun, scratch: Float64Array, knownMean?: number | null): MetricSet {
    const d = view.deployments;
    let failed = 0;
    let successful = 0;
    let rework = 0;
    let recoveries = 0;
    const distinctDays: number[] = [];
    const stamp = ++this.stamp;
    for (let k = d.from; k < d.to; k++) {
      const i = d.order ? d.order[k]! : k;
      const flags = this.flags[i]!;
      if (flags & FAILED) failed++;
      if (!(flags & SUCCESSFUL)) continue;
      successful++;
      if (flags & REWORK) rework++;
      const day = this.days[i]!;
      if (this.dayStamp[day - this.dayBase] !== stamp) {
        this.dayStamp[day - this.dayBase] = stamp;
        distinctDays.push(day);
      }
      // Only failed successful deployments have a recovery time (a failed rollout's is NaN).
      if (flags & FAILED) {
        const recovery = this.deployments.recoverySecondsAt(i);
        if (!Number.isNaN(recovery)) scratch[recoveries++] = recovery;
      }
    }
    const recoverySet = recoveryTime(scratch.subarray(0, recoveries));

    const r = view.incidents;
    let active = 0;
    let restores = 0;
    for (let k = r.from; k < r.to; k++) {
      const i = r.order ? r.order[k]! : k;
      active += this.active[i]!;
      const restore = this.restore[i]!;
      if (!Number.isNaN(restore)) scratch[restores++] = restore;
    }
    const restoreSet = timeToRestore(r.to - r.from, active, scratch.subarray(0, restores));

    return {
      deploymentFrequency: deploymentFrequency(successful, distinctDays, period, this.calendar),
      leadTime: leadTime(leadTimes.values, knownMean, leadTimes.from, leadTimes.to),
      changeFailureRate: changeFailureRate(d.to - d.from, failed),
      timeToRestore: restoreSet,
      failedDeploymentRecoveryTime: recoverySet,
      reworkRate: reworkRate(successful, rework),
    };
  }
}

