import type { Doubles } from "../util/typed-arrays.js";
import type { Commit } from "../model/commit.js";
import { parseInstant } from "../model/instant.js";
import { CommitGraph } from "./commit-graph.js";
import { CommitIdList } from "./commit-id-list.js";
import type { LeadTimeStart } from "./options.js";

/** The instant a change's lead time starts from, per `leadTime.start`; undefined when unknown. */
export function leadTimeStartOf(commit: Commit, start: LeadTimeStart): string | undefined {
  switch (start) {
    case "authored":
      return commit.authoredAt;
    case "committed":
      return commit.committedAt;
    case "pull-request":
      return commit.pullRequest?.firstCommitAuthoredAt ?? commit.authoredAt;
  }
}

/**
 * The changes of one service's deployments as columns: the id of each commit in the service's
 * graph (or a loose head commit the graph does not hold). A deployment fact names its run
 * [changesFrom, changesTo). A change's lead time is worked out when asked, from its commit's date
 * and the deployment's finish (no column of five million lead times beside the commits' dates);
 * Commit objects are made only for the rows of a report.
 */
export class ChangeLog {
  private readonly loose: Commit[] = [];

  /** `ids`: ≥ 0 an id of `graph`, −1 − k the k-th loose commit. `start`: leadTime.start. */
  constructor(
    readonly graph: CommitGraph,
    readonly ids: CommitIdList = new CommitIdList(),
    readonly start: LeadTimeStart = "authored",
  ) {}

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

  /** Drops the spare room of the ids once every change is in, when it is more than a quarter (a year holds millions). */
  seal(): void {
    if (this.ids.capacity * 3 > this.ids.length * 4) this.ids.trim();
  }

  /** The instant the change at `index` starts from, in epoch ms; NaN when unknown. */
  startMsAt(index: number): number {
    const id = this.ids.at(index);
    if (id < 0) {
      const text = leadTimeStartOf(this.loose[-1 - id]!, this.start);
      return text === undefined ? NaN : parseInstant(text);
    }
    const { graph } = this;
    if (this.start === "committed") return graph.committedMsAt(id);
    const firstCommit = this.start === "pull-request" ? graph.pullRequestAt(id)?.firstCommitAuthoredAt : undefined;
    return firstCommit === undefined ? graph.authoredMsAt(id) : parseInstant(firstCommit);
  }

  /** The same instant as text (a warning quotes it); undefined when unknown. */
  startTextAt(index: number): string | undefined {
    const loose = this.looseAt(index);
    if (loose) return leadTimeStartOf(loose, this.start);
    const id = this.ids.at(index);
    const firstCommit = this.start === "pull-request" ? this.graph.pullRequestAt(id)?.firstCommitAuthoredAt : undefined;
    const ms = this.startMsAt(index);
    return firstCommit ?? (Number.isNaN(ms) ? undefined : new Date(ms).toISOString());
  }

  /** Lead time in seconds of the change at `index`, deployed at `finishedMs`; NaN when it is left out (no start, or not before the deployment). */
  leadTimeAt(index: number, finishedMs: number): number {
    const seconds = (finishedMs - this.startMsAt(index)) / 1000;
    // NaN (no start) is not > 0 either.
    return seconds > 0 ? seconds : NaN;
  }

  /** Copies the counted lead times of [from, to), deployed at `finishedMs`, into `into` from `at`; returns the next free position. */
  copyCountedLeadTimes(from: number, to: number, finishedMs: number, into: Doubles, at: number): number {
    let next = at;
    for (let index = from; index < to; index++) {
      const seconds = (finishedMs - this.startMsAt(index)) / 1000;
      if (seconds > 0) into[next++] = seconds;
    }
    return next;
  }

  commits(from: number, to: number): Commit[] {
    const commits: Commit[] = [];
    for (let index = from; index < to; index++) commits.push(this.commitAt(index));
    return commits;
  }

  /** The lead times of [from, to), deployed at `finishedMs`. */
  leadTimesIn(from: number, to: number, finishedMs: number): Float64Array {
    const seconds = new Float64Array(to - from);
    for (let index = from; index < to; index++) seconds[index - from] = this.leadTimeAt(index, finishedMs);
    return seconds;
  }

  /** A log with no change (failed rollouts). */
  static readonly EMPTY = new ChangeLog(new CommitGraph(""));
}

/** Where a deployment's changes are. */
export interface ChangeRun {
  changeLog: ChangeLog;
  changesFrom: number;
  changesTo: number;
  deployment: { finishedMs: number };
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
  return run.changeLog.leadTimesIn(run.changesFrom, run.changesTo, run.deployment.finishedMs);
}
