import type { Commit } from "../model/commit.js";
import { CommitGraph } from "./commit-graph.js";
import { CommitIdList } from "./commit-id-list.js";

/**
 * The changes of one service's deployments as columns: the id of each commit in the service's
 * graph (or a loose head commit the graph does not hold) and its lead time. A deployment fact names
 * its run [changesFrom, changesTo); Commit objects are made only for the rows of a report.
 */
export class ChangeLog {
  private leadTimes: Float64Array;
  private readonly loose: Commit[] = [];

  /** `ids`: ≥ 0 an id of `graph`, −1 − k the k-th loose commit. */
  constructor(
    readonly graph: CommitGraph,
    readonly ids: CommitIdList = new CommitIdList(),
  ) {
    this.leadTimes = new Float64Array(ids.capacity);
  }

  get length(): number {
    return this.ids.length;
  }

  /** Appends a commit the graph does not hold (a first deployment's head, a lost SHA's). */
  pushLoose(commit: Commit): void {
    this.ids.push(-1 - this.loose.length);
    this.loose.push(commit);
  }

  /** The loose commit at `index`, or undefined when it is a graph commit. */
  looseAt(index: number): Commit | undefined {
    const id = this.ids.at(index);
    return id < 0 ? this.loose[-1 - id] : undefined;
  }

  commitAt(index: number): Commit {
    const id = this.ids.at(index);
    return id < 0 ? this.loose[-1 - id]! : this.graph.commitAt(id);
  }

  shaAt(index: number): string {
    const id = this.ids.at(index);
    return id < 0 ? this.loose[-1 - id]!.sha : this.graph.shaAt(id);
  }

  setLeadTime(index: number, seconds: number): void {
    if (index >= this.leadTimes.length) {
      const larger = new Float64Array(Math.max(index + 1, this.ids.capacity));
      larger.set(this.leadTimes);
      this.leadTimes = larger;
    }
    this.leadTimes[index] = seconds;
  }

  /** Drops the spare room of the columns once every change is in, when it is more than a quarter (a year holds millions). */
  seal(): void {
    if (this.ids.capacity * 3 <= this.ids.length * 4) return;
    this.ids.trim();
    this.leadTimes = this.leadTimes.slice(0, this.ids.length);
  }

  /** Lead time in seconds of the change at `index`; NaN when it is left out. */
  leadTimeAt(index: number): number {
    return this.leadTimes[index]!;
  }

  /** Copies the counted lead times [from, to) into `into` from `at`; returns the next free position. */
  copyCountedLeadTimes(from: number, to: number, into: Float64Array, at: number): number {
    let next = at;
    for (let index = from; index < to; index++) {
      const seconds = this.leadTimes[index]!;
      if (!Number.isNaN(seconds)) into[next++] = seconds;
    }
    return next;
  }

  commits(from: number, to: number): Commit[] {
    const commits: Commit[] = [];
    for (let index = from; index < to; index++) commits.push(this.commitAt(index));
    return commits;
  }

  /** The lead times [from, to) (a view). */
  leadTimesIn(from: number, to: number): Float64Array {
    return this.leadTimes.subarray(from, to);
  }

  /** A log with no change (failed rollouts). */
  static readonly EMPTY = new ChangeLog(new CommitGraph(""));
}

/** Where a deployment's changes are. */
export interface ChangeRun {
  changeLog: ChangeLog;
  changesFrom: number;
  changesTo: number;
}

export function changeCountOf(run: ChangeRun): number {
  return run.changesTo - run.changesFrom;
}

/** The commits first deployed by it, as Commits (for rows and spans). */
export function changesOf(run: ChangeRun): Commit[] {
  return run.changeLog.commits(run.changesFrom, run.changesTo);
}

/** Their lead times in seconds, same order; NaN when left out. */
export function leadTimesOf(run: ChangeRun): Float64Array {
  return run.changeLog.leadTimesIn(run.changesFrom, run.changesTo);
}
