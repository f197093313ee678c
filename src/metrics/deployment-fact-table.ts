import { ChangeLog } from "./change-log.js";
import type { TimedDeployment } from "./deployment-history.js";
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
  timed: TimedDeployment;
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
    readonly timed: readonly TimedDeployment[],
    readonly finishedMs: Float64Array,
    /** Index among the reported services (−1: none). */
    readonly service: Int32Array,
    /** Local calendar day of finishedAt (calendar.ts). */
    readonly day: Int32Array,
    readonly flags: Uint8Array,
    /** Failed deployment recovery time in seconds; NaN: none. */
    readonly recoverySeconds: Float64Array,
    readonly changeLogs: readonly ChangeLog[],
    readonly changesFrom: Int32Array,
    readonly changesTo: Int32Array,
    /** Sparse values by deployment (few deployments have them): no index to remap when the facts are sorted. */
    private readonly incidentIds: ReadonlyMap<TimedDeployment, readonly string[]>,
    private readonly reworkIncidents: ReadonlyMap<TimedDeployment, OpenInterval>,
    private readonly lineages: readonly (LineageExplanation | undefined)[] | undefined,
  ) {}

  get length(): number {
    return this.timed.length;
  }

  /** Fact i as an object. */
  at(i: number): DeploymentFact {
    const flags = this.flags[i]!;
    const recovery = this.recoverySeconds[i]!;
    const timed = this.timed[i]!;
    return {
      timed,
      day: this.day[i]!,
      successful: (flags & SUCCESSFUL) !== 0,
      rollback: (flags & ROLLBACK) !== 0,
      rework: (flags & REWORK) !== 0,
      reworkIncident: this.reworkIncidents.get(timed),
      lineage: this.lineages?.[i],
      failed: (flags & FAILED) !== 0,
      incidentIds: this.incidentIds.get(timed) ?? NO_INCIDENT_IDS,
      recoverySeconds: Number.isNaN(recovery) ? null : recovery,
      changeLog: this.changeLogs[i]!,
      changesFrom: this.changesFrom[i]!,
      changesTo: this.changesTo[i]!,
    };
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
  private readonly timed: TimedDeployment[] = [];
  private readonly changeLogs: ChangeLog[] = [];
  private finishedMs: Float64Array;
  private recoverySeconds: Float64Array;
  private service: Int32Array;
  private day: Int32Array;
  private changesFrom: Int32Array;
  private changesTo: Int32Array;
  private flags: Uint8Array;
  private readonly incidentIds = new Map<TimedDeployment, readonly string[]>();
  private readonly reworkIncidents = new Map<TimedDeployment, OpenInterval>();
  private readonly lineages = new Map<number, LineageExplanation>();

  /** `expected`: how many facts will come at most (the input's deployments): room made once. */
  constructor(expected = 1024) {
    const size = Math.max(16, expected);
    this.finishedMs = new Float64Array(size);
    this.recoverySeconds = new Float64Array(size);
    this.service = new Int32Array(size);
    this.day = new Int32Array(size);
    this.changesFrom = new Int32Array(size);
    this.changesTo = new Int32Array(size);
    this.flags = new Uint8Array(size);
  }

  add(fact: FactValues): void {
    const i = this.count++;
    if (i === this.flags.length) this.grow();
    this.timed.push(fact.timed);
    this.changeLogs.push(fact.changeLog);
    this.finishedMs[i] = fact.timed.finishedMs;
    this.recoverySeconds[i] = fact.recoverySeconds;
    this.service[i] = fact.service;
    this.day[i] = fact.day;
    this.changesFrom[i] = fact.changesFrom;
    this.changesTo[i] = fact.changesTo;
    this.flags[i] = fact.flags;
    if (fact.incidentIds.length > 0) this.incidentIds.set(fact.timed, fact.incidentIds);
    if (fact.reworkIncident) this.reworkIncidents.set(fact.timed, fact.reworkIncident);
    if (fact.lineage) this.lineages.set(i, fact.lineage);
  }

  /** `keepLineage`: whether the facts carry their lineage explanations (only the rows show them). */
  build(keepLineage: boolean): DeploymentFacts {
    const n = this.count;
    const { finishedMs, timed } = this;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // Each service's facts come in order: the sort merges those runs.
    order.sort((a, b) => {
      const byTime = finishedMs[a]! - finishedMs[b]!;
      if (byTime !== 0) return byTime;
      const idA = timed[a]!.deployment.id;
      const idB = timed[b]!.deployment.id;
      return idA < idB ? -1 : idA > idB ? 1 : a - b;
    });
    const pick = <T>(values: readonly T[]): T[] => {
      const picked = new Array<T>(n);
      for (let to = 0; to < n; to++) picked[to] = values[order[to]!]!;
      return picked;
    };
    return new DeploymentFacts(
      pick(timed),
      permuted(finishedMs, order),
      permuted(this.service, order),
      permuted(this.day, order),
      permuted(this.flags, order),
      permuted(this.recoverySeconds, order),
      pick(this.changeLogs),
      permuted(this.changesFrom, order),
      permuted(this.changesTo, order),
      this.incidentIds,
      this.reworkIncidents,
      keepLineage ? Array.from(order, (from) => this.lineages.get(from)) : undefined,
    );
  }

  private grow(): void {
    const size = this.flags.length * 2;
    this.finishedMs = grown(this.finishedMs, size);
    this.recoverySeconds = grown(this.recoverySeconds, size);
    this.service = grown(this.service, size);
    this.day = grown(this.day, size);
    this.changesFrom = grown(this.changesFrom, size);
    this.changesTo = grown(this.changesTo, size);
    this.flags = grown(this.flags, size);
  }
}

type Column = Float64Array | Int32Array | Uint8Array;

function grown<T extends Column>(column: T, size: number): T {
  const larger = new (column.constructor as new (size: number) => T)(size);
  larger.set(column);
  return larger;
}

/** The first order.length values of a column in `order`, at their exact length. */
function permuted<T extends Column>(column: T, order: Int32Array): T {
  const result = new (column.constructor as new (size: number) => T)(order.length);
  for (let to = 0; to < order.length; to++) result[to] = column[order[to]!]!;
  return result;
}
