import type { BucketMetrics, MetricSet } from "../model/report.js";
import type { Period } from "./buckets.js";
import { periodIndexOf } from "./buckets.js";
import type { Calendar } from "./calendar.js";
import { changeFailureRate } from "./change-failure-rate.js";
import { deploymentFrequency } from "./deployment-frequency.js";
import type { DeploymentFact, IncidentFact } from "./facts.js";
import { leadTime } from "./lead-time.js";
import { recoveryTime } from "./recovery-time.js";
import { reworkRate } from "./rework-rate.js";
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
export function computeFigures(deployments: readonly DeploymentFact[], incidents: readonly IncidentFact[], scopes: FigureScopes): Figures {
  const { window, calendar, services, periods } = scopes;
  const serviceIndex = new Map(services.map((name, index) => [name, index]));
  // Without buckets every fact is in the one "bucket" of the window.
  const bucketPeriods = periods.length > 0 ? periods : [window];
  const bucketOf = (ms: number) => (periods.length > 0 ? periodIndexOf(periods, ms) : 0);
  const grid = { services: services.length, buckets: bucketPeriods.length };

  const columns = new Columns(deployments, incidents, calendar);
  const deploymentService = new Int32Array(deployments.length);
  const deploymentBucket = new Int32Array(deployments.length);
  deployments.forEach((fact, i) => {
    deploymentService[i] = serviceIndex.get(fact.timed.deployment.service) ?? -1;
    deploymentBucket[i] = bucketOf(fact.timed.finishedMs);
  });
  const leadTimeService = columns.leadTimeDeployment.map((i) => deploymentService[i]!);
  const leadTimeBucket = columns.leadTimeDeployment.map((i) => deploymentBucket[i]!);
  const incidentService = Int32Array.from(columns.counted, (fact) => serviceIndex.get(fact.service!) ?? -1);
  const incidentBucket = Int32Array.from(columns.counted, (fact) => bucketOf(fact.startedMs));
  const placed = {
    deployments: new Placement(deploymentService, deploymentBucket, grid),
    leadTimes: new Placement(leadTimeService, leadTimeBucket, grid),
    incidents: new Placement(incidentService, incidentBucket, grid),
  };
  const slotView = (s: number, fromBucket: number, toBucket: number) =>
    view(placed.deployments.slotRange(s, fromBucket, toBucket), placed.leadTimes.slotRange(s, fromBucket, toBucket), placed.incidents.slotRange(s, fromBucket, toBucket));
  const bucketView = (b: number) => view(placed.deployments.bucketRange(b), placed.leadTimes.bucketRange(b), placed.incidents.bucketRange(b));
  const overallView = () => view(placed.deployments.overallRange(), placed.leadTimes.overallRange(), placed.incidents.overallRange());
  // Lead times copied once into each order, so a scope's lead times are one contiguous run.
  const leadTimesByBucket = periods.length > 0 ? gather(columns.leadTimes, placed.leadTimes.byBucket) : columns.leadTimes;
  const leadTimesBySlot = gather(columns.leadTimes, placed.leadTimes.bySlot);
  const scratch = new Float64Array(Math.max(placed.leadTimes.largestService(), deployments.length, columns.counted.length));
  const setOf = (scope: View, period: Period, leadTimes: Float64Array, inPlace: boolean) => columns.metricSet(scope, period, leadTimes, inPlace, scratch);

  // Slot runs are summarized in place, so every copy of a run is taken before (overall first: the
  // time-ordered column is then free to reorder).
  const serviceSets: Record<string, MetricSet> = {};
  const emptyOfWindow = once(() => emptySet(window, columns));
  services.forEach((name, s) => {
    const scope = slotView(s, 0, grid.buckets + 1);
    serviceSets[name] = scope.isEmpty() ? emptyOfWindow() : setOf(scope, window, leadTimesBySlot, false);
  });
  const bucketMetrics: BucketMetrics[] = periods.map((period, b) => {
    const emptyOfBucket = once(() => emptySet(period, columns));
    const bucketServices: Record<string, MetricSet> = {};
    services.forEach((name, s) => {
      const scope = slotView(s, b, b + 1);
      bucketServices[name] = scope.isEmpty() ? emptyOfBucket() : setOf(scope, period, leadTimesBySlot, true);
    });
    return {
      start: new Date(period.fromMs).toISOString(),
      end: new Date(period.toMs).toISOString(),
      overall: setOf(bucketView(b), period, leadTimesByBucket, true),
      services: bucketServices,
    };
  });
  const overall = setOf(overallView(), window, columns.leadTimes, true);
  return { overall, services: serviceSets, buckets: bucketMetrics };
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The set of a scope with no fact (one per period: frequency depends on its length). */
function emptySet(period: Period, columns: Columns): MetricSet {
  return columns.metricSet(EMPTY_VIEW, period, new Float64Array(0), true, new Float64Array(0));
}

/** Ranges of the three fact kinds that make a scope; `order` maps a position to a fact index (null: time order). */
interface Range {
  order: Int32Array | null;
  from: number;
  to: number;
}
interface View {
  deployments: Range;
  leadTimes: Range;
  incidents: Range;
  isEmpty(): boolean;
}
const NO_RANGE: Range = { order: null, from: 0, to: 0 };
const EMPTY_VIEW: View = { deployments: NO_RANGE, leadTimes: NO_RANGE, incidents: NO_RANGE, isEmpty: () => true };

function view(deployments: Range, leadTimes: Range, incidents: Range): View {
  return {
    deployments,
    leadTimes,
    incidents,
    isEmpty: () => deployments.to === deployments.from && leadTimes.to === leadTimes.from && incidents.to === incidents.from,
  };
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
  readonly byBucket: Int32Array;
  readonly bucketStart: Int32Array;
  readonly bySlot: Int32Array;
  readonly slotStart: Int32Array;
  private readonly width: number;

  private readonly count: number;

  /** `service`: index of each fact's reported service (−1: none); `bucket`: its bucket (−1: none). */
  constructor(service: Int32Array, bucket: Int32Array, private readonly grid: Grid) {
    this.width = grid.buckets + 1;
    this.count = service.length;
    const buckets = new Int32Array(this.count);
    const slots = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const b = bucket[i]! < 0 ? grid.buckets : bucket[i]!;
      buckets[i] = b;
      slots[i] = (service[i]! < 0 ? grid.services : service[i]!) * this.width + b;
    }
    [this.byBucket, this.bucketStart] = countingSort(buckets, this.width);
    [this.bySlot, this.slotStart] = countingSort(slots, (grid.services + 1) * this.width);
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

  /** The most facts of one reported service. */
  largestService(): number {
    let largest = 0;
    for (let s = 0; s < this.grid.services; s++) largest = Math.max(largest, this.slotStart[(s + 1) * this.width]! - this.slotStart[s * this.width]!);
    return largest;
  }
}

/** Stable counting sort of indices 0..n−1 by key (0..keys−1): the order, and where each key's run starts (keys + 1 entries). */
function countingSort(keyOf: Int32Array, keys: number): [Int32Array, Int32Array] {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < keyOf.length; i++) start[keyOf[i]! + 1]!++;
  for (let k = 1; k <= keys; k++) start[k]! += start[k - 1]!;
  const next = start.slice(0, keys);
  const order = new Int32Array(keyOf.length);
  for (let i = 0; i < keyOf.length; i++) order[next[keyOf[i]!]!++] = i;
  return [order, start];
}

function gather(values: Float64Array, order: Int32Array): Float64Array {
  const gathered = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) gathered[i] = values[order[i]!]!;
  return gathered;
}

const SUCCESSFUL = 1;
const FAILED = 2;
const REWORK = 4;

/** The facts' values the figures read, as typed columns in time order. */
class Columns {
  readonly days: Int32Array;
  readonly flags: Uint8Array;
  /** Recovery seconds; NaN: none. */
  readonly recovery: Float64Array;
  /** Counted lead times of all deployments, flattened in deployment order. */
  readonly leadTimes: Float64Array;
  /** The deployment (index) of each lead time. */
  readonly leadTimeDeployment: Int32Array;
  readonly counted: IncidentFact[];
  readonly active: Uint8Array;
  /** Restore seconds; NaN: none. */
  readonly restore: Float64Array;
  private readonly dayBase: number;
  private readonly dayStamp: Int32Array;
  private stamp = 0;

  constructor(deployments: readonly DeploymentFact[], incidents: readonly IncidentFact[], private readonly calendar: Calendar) {
    const n = deployments.length;
    this.days = new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.recovery = new Float64Array(n);
    let leadTimeCount = 0;
    let minDay = Infinity;
    let maxDay = -Infinity;
    for (let i = 0; i < n; i++) {
      const fact = deployments[i]!;
      this.days[i] = fact.day;
      minDay = Math.min(minDay, fact.day);
      maxDay = Math.max(maxDay, fact.day);
      this.flags[i] = (fact.successful ? SUCCESSFUL : 0) | (fact.failed ? FAILED : 0) | (fact.rework ? REWORK : 0);
      this.recovery[i] = fact.successful && fact.recoverySeconds !== null ? fact.recoverySeconds : NaN;
      if (fact.successful) for (const seconds of fact.leadTimeSeconds) if (!Number.isNaN(seconds)) leadTimeCount++;
    }
    this.leadTimes = new Float64Array(leadTimeCount);
    this.leadTimeDeployment = new Int32Array(leadTimeCount);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const fact = deployments[i]!;
      if (!fact.successful) continue;
      for (const seconds of fact.leadTimeSeconds) {
        if (Number.isNaN(seconds)) continue;
        this.leadTimeDeployment[next] = i;
        this.leadTimes[next++] = seconds;
      }
    }
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

  /** The set of one scope; `leadTimes` holds its lead times as view.leadTimes' run (reordered when `inPlace`). */
  metricSet(view: View, period: Period, leadTimes: Float64Array, inPlace: boolean, scratch: Float64Array): MetricSet {
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
      const recovery = this.recovery[i]!;
      if (!Number.isNaN(recovery)) scratch[recoveries++] = recovery;
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

    const l = view.leadTimes;
    let run = leadTimes.subarray(l.from, l.to);
    if (!inPlace) {
      scratch.set(run);
      run = scratch.subarray(0, run.length);
    }
    return {
      deploymentFrequency: deploymentFrequency(successful, distinctDays, period, this.calendar),
      leadTime: leadTime(run),
      changeFailureRate: changeFailureRate(d.to - d.from, failed),
      timeToRestore: restoreSet,
      failedDeploymentRecoveryTime: recoverySet,
      reworkRate: reworkRate(successful, rework),
    };
  }
}
