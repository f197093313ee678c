import { doubles, doublesPrefix, grown, grownDoubles, type Doubles } from "../util/typed-arrays.js";
import { ChangeLog } from "./change-log.js";
import type { Deployment } from "../model/deployment.js";
import type { LineageExplanation } from "./explain/lineage-reason.js";
import type { DeploymentFact } from "./facts.js";
import type { OpenInterval } from "./rework-rate.js";

// The deployment facts of an analysis as columns. A year of a large organisation is a million
// deployments: an object per fact (15 fields) was 150 MB and most of the collector's work, and the
// figures read only a few numbers of each. The views that want a DeploymentFact (rows, traces,
// series) get one made on demand (`at`, iteration, `map`), which dies young.

export const SUCCESSFUL = 1;
export const FAILED = 2;
export const REWORK = 4;
export const ROLLBACK = 8;

const NO_INCIDENT_IDS: readonly string[] = Object.freeze([]);

/** One fact as the builder takes it (`service`: index among the reported services, −1 for none). */
export interface FactValues {
  deployment: Deployment;
  service: number;
  day: number;
  /** SUCCESSFUL | FAILED | REWORK | ROLLBACK */
  flags: number;
  /** NaN: none. */
  recoverySeconds: number;
  changeLog: ChangeLog;
  changesFrom: number;
  changesTo: number;
  incidentIds: readonly string[];
  reworkIncident: OpenInterval | undefined;
  lineage: LineageExplanation | undefined;
}

/** Deployment facts in finishedAt order (ties by id), as columns. */
export class DeploymentFacts implements Iterable<DeploymentFact> {
  constructor(
    readonly deployment: readonly Deployment[],
    readonly finishedMs: Doubles,
    /** Index among the reported services (−1: none). */
    readonly service: Int32Array,
    /** Local calendar day of finishedAt (calendar.ts). */
    readonly day: Int32Array,
    readonly flags: Uint8Array,
    /** The change log of each reported service (by index; absent: it has no successful deployment). */
    private readonly changeLogs: readonly (ChangeLog | undefined)[],
    readonly changesFrom: Int32Array,
    readonly changesTo: Int32Array,
    /** Sparse values by deployment (few deployments have them): no index to remap when the facts are sorted. */
    private readonly incidentIds: ReadonlyMap<Deployment, readonly string[]>,
    private readonly reworkIncidents: ReadonlyMap<Deployment, OpenInterval>,
    /** Failed deployment recovery times in seconds (only failed deployments have one). */
    private readonly recoveries: ReadonlyMap<Deployment, number>,
    private readonly lineages: readonly (LineageExplanation | undefined)[] | undefined,
  ) {}

  get length(): number {
    return this.deployment.length;
  }

  /** Fact i as an object. */
  at(i: number): DeploymentFact {
    const flags = this.flags[i]!;
    const deployment = this.deployment[i]!;
    const recovery = this.recoverySecondsAt(i);
    return {
      deployment,
      day: this.day[i]!,
      successful: (flags & SUCCESSFUL) !== 0,
      rollback: (flags & ROLLBACK) !== 0,
      rework: (flags & REWORK) !== 0,
      reworkIncident: this.reworkIncidents.get(deployment),
      lineage: this.lineages?.[i],
      failed: (flags & FAILED) !== 0,
      incidentIds: this.incidentIds.get(deployment) ?? NO_INCIDENT_IDS,
      recoverySeconds: Number.isNaN(recovery) ? null : recovery,
      changeLog: this.changeLogOf(i),
      changesFrom: this.changesFrom[i]!,
      changesTo: this.changesTo[i]!,
    };
  }

  /** How many facts have a recovery time. */
  get recoveryCount(): number {
    return this.recoveries.size;
  }

  /** Fact i's failed deployment recovery time in seconds; NaN: none. */
  recoverySecondsAt(i: number): number {
    return (this.flags[i]! & FAILED) === 0 ? NaN : (this.recoveries.get(this.deployment[i]!) ?? NaN);
  }

  /** The change log fact i's changes are in (its service's; a failed rollout has none, so any log serves). */
  changeLogOf(i: number): ChangeLog {
    return this.changeLogs[this.service[i]!] ?? ChangeLog.EMPTY;
  }

  *[Symbol.iterator](): Iterator<DeploymentFact> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  map<T>(each: (fact: DeploymentFact, index: number) => T): T[] {
    const mapped: T[] = [];
    for (let i = 0; i < this.length; i++) mapped.push(each(this.at(i), i));
    return mapped;
  }

  flatMap<T>(each: (fact: DeploymentFact, index: number) => readonly T[]): T[] {
    const mapped: T[] = [];
    for (let i = 0; i < this.length; i++) for (const value of each(this.at(i), i)) mapped.push(value);
    return mapped;
  }
}

/** Collects facts in any order; `build()` puts them in finishedAt order (ties by id, then insertion). */
export class DeploymentFactsBuilder {
  private count = 0;
  private deployments: Deployment[];
  private readonly changeLogs: (ChangeLog | undefined)[] = [];
  // On the JS heap (util/typed-arrays.ts, `doubles`).
  private finishedMs: Doubles;
  private service: Int32Array;
  private day: Int32Array;
  private changesFrom: Int32Array;
  private changesTo: Int32Array;
  private flags: Uint8Array;
  private readonly incidentIds = new Map<Deployment, readonly string[]>();
  private readonly reworkIncidents = new Map<Deployment, OpenInterval>();
  // Sparse, by deployment (few fail): a column of a million NaNs was 8 MB to make and reorder.
  private readonly recoveries = new Map<Deployment, number>();
  private readonly lineages = new Map<number, LineageExplanation>();

  /** `expected`: how many facts will come at most (the input's deployments): room made once. */
  constructor(expected = 1024) {
    const size = Math.max(16, expected);
    this.deployments = new Array<Deployment>(size);
    this.finishedMs = doubles(size);
    this.service = new Int32Array(size);
    this.day = new Int32Array(size);
    this.changesFrom = new Int32Array(size);
    this.changesTo = new Int32Array(size);
    this.flags = new Uint8Array(size);
  }

  add(fact: FactValues): void {
    const i = this.count++;
    if (i === this.flags.length) this.grow();
    this.deployments[i] = fact.deployment;
    if ((fact.flags & SUCCESSFUL) !== 0) this.changeLogs[fact.service] = fact.changeLog;
    this.finishedMs[i] = fact.deployment.finishedMs;
    if (!Number.isNaN(fact.recoverySeconds)) this.recoveries.set(fact.deployment, fact.recoverySeconds);
    this.service[i] = fact.service;
    this.day[i] = fact.day;
    this.changesFrom[i] = fact.changesFrom;
    this.changesTo[i] = fact.changesTo;
    this.flags[i] = fact.flags;
    if (fact.incidentIds.length > 0) this.incidentIds.set(fact.deployment, fact.incidentIds);
    if (fact.reworkIncident) this.reworkIncidents.set(fact.deployment, fact.reworkIncident);
    if (fact.lineage) this.lineages.set(i, fact.lineage);
  }

  /** `keepLineage`: whether the facts carry their lineage explanations (only the rows show them). */
  build(keepLineage: boolean): DeploymentFacts {
    const n = this.count;
    const { finishedMs, deployments } = this;
    const [order, spareInts] = timeOrder(finishedMs, n);
    // Facts at the same instant: by id, then as added.
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && finishedMs[order[end]!] === finishedMs[order[start]!]) end++;
      if (end - start > 1) {
        order.subarray(start, end).sort((a, b) => {
          const idA = deployments[a]!.id;
          const idB = deployments[b]!.id;
          return idA < idB ? -1 : idA > idB ? 1 : a - b;
        });
      }
      start = end;
    }
    const lineages = keepLineage ? Array.from(order, (from) => this.lineages.get(from)) : undefined;
    // The typed columns are put in order through one scratch column per type, the radix sort's
    // spare one for the 32-bit columns: gathers are independent loads, twice as fast as walking the
    // permutation's cycles. The deployments and their instants are moved in place, cycle by cycle
    // (a second array of each was 16 MB more of the JS heap to make). No scratch of a typed column
    // more than that: typed arrays past 64 MB make V8 mark the whole heap.
    const { service, day, flags, changesFrom, changesTo } = this;
    const ints = spareInts.length >= n ? spareInts : new Int32Array(n);
    gatherInt32(service, order, ints);
    gatherInt32(day, order, ints);
    gatherInt32(changesFrom, order, ints);
    gatherInt32(changesTo, order, ints);
    const bytes = new Uint8Array(n);
    for (let to = 0; to < n; to++) bytes[to] = flags[order[to]!]!;
    flags.set(bytes);
    const picked = deployments;
    picked.length = n;
    const done = bytes.fill(0);
    for (let start = 0; start < n; start++) {
      if (done[start] === 1) continue;
      // The cycle's first fact, put aside while the others move.
      const firstDeployment = picked[start]!;
      const firstFinished = finishedMs[start]!;
      let to = start;
      for (let from = order[to]!; from !== start; from = order[to]!) {
        done[to] = 1;
        picked[to] = picked[from]!;
        finishedMs[to] = finishedMs[from]!;
        to = from;
      }
      done[to] = 1;
      picked[to] = firstDeployment;
      finishedMs[to] = firstFinished;
    }
    return new DeploymentFacts(
      picked,
      doublesPrefix(finishedMs, n),
      service.subarray(0, n),
      day.subarray(0, n),
      flags.subarray(0, n),
      this.changeLogs,
      changesFrom.subarray(0, n),
      changesTo.subarray(0, n),
      this.incidentIds,
      this.reworkIncidents,
      this.recoveries,
      lineages,
    );
  }

  private grow(): void {
    const size = this.flags.length * 2;
    this.deployments.length = size;
    this.finishedMs = grownDoubles(this.finishedMs, size);
    this.service = grown(this.service, size);
    this.day = grown(this.day, size);
    this.changesFrom = grown(this.changesFrom, size);
    this.changesTo = grown(this.changesTo, size);
    this.flags = grown(this.flags, size);
  }
}

/** Puts column[0, order.length) in order (position `to` gets the value at order[to]) through `scratch`. */
function gatherInt32(column: Int32Array, order: Int32Array, scratch: Int32Array): void {
  for (let to = 0; to < order.length; to++) scratch[to] = column[order[to]!]!;
  column.set(scratch.subarray(0, order.length));
}

const DIGIT_BITS = 16;
const DIGITS = 1 << DIGIT_BITS;

/**
 * Indices 0…n−1 in finishedMs order, ties in index order: a stable LSD radix sort on the whole
 * seconds (or milliseconds) since the earliest, 16 bits a pass (three passes of ms cover 8,900 years). A comparison
 * sort of a million facts took over a second; this takes a few tens of ms. Instants that are not
 * whole milliseconds go to a comparison sort. Also returns the radix sort's spare column of n
 * indices for the caller to reuse (empty after a comparison sort).
 */
function timeOrder(finishedMs: Doubles, n: number): [order: Int32Array, spare: Int32Array] {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const none = new Int32Array(0);
  if (n < 2) return [order, none];
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const ms = finishedMs[i]!;
    if (ms < min) min = ms;
    if (ms > max) max = ms;
    if (!Number.isInteger(ms)) whole = false;
  }
  // Whole seconds (as Argo dates runs) make a year fit two passes.
  let unit = 1000;
  for (let i = 0; i < n && unit === 1000; i++) if ((finishedMs[i]! - min) % 1000 !== 0) unit = 1;
  const span = (max - min) / unit;
  if (!whole || !(span < 2 ** (3 * DIGIT_BITS))) return [order.sort((a, b) => finishedMs[a]! - finishedMs[b]! || a - b), none];
  // Each pass reads its 16-bit digit of the key off the instant (no key or digit columns).
  const passes = span < 2 ** 16 ? 1 : span < 2 ** 32 ? 2 : 3;
  let next = new Int32Array(n);
  const count = new Int32Array(DIGITS + 1);
  for (let pass = 0; pass < passes; pass++) {
    const divisor = unit * 2 ** (pass * DIGIT_BITS);
    const digitOf = (i: number) => Math.floor((finishedMs[i]! - min) / divisor) % DIGITS;
    count.fill(0);
    for (let i = 0; i < n; i++) count[digitOf(i) + 1]!++;
    for (let d = 1; d <= DIGITS; d++) count[d]! += count[d - 1]!;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      next[count[digitOf(i)]!++] = i;
    }
    [order, next] = [next, order];
  }
  return [order, next];
}
