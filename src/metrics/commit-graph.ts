import type { Commit, CommitGraphRecord, Comparison } from "../model/commit.js";

// One commit graph per repository, folded from GitHub's compares (and a cached graph), so that
// ancestry, rollbacks and change sets are decided locally instead of with one compare per deployment.
//
// Invariant (kept by the request planner, see plan-github-requests.ts): every parent of a commit of
// the graph is in the graph or is an ancestor of `root`. A compare `B...H` lists the commits
// reachable from H and not from merge-base(B, H); with B in the graph (or B the future root) it keeps
// the invariant, so for any commit X of the graph the commits reachable from X inside the graph are
// exactly X's history above the root. A service whose first deployment reaches the root therefore
// gets exact change sets: what lies below the root is behind its first deployment anyway.

export type { CommitGraphRecord };

/**
 * Commits the walks of one service's history reached: a byte per graph commit id (a year holds
 * millions of commits; a Set of their SHAs costs ~50 bytes each and the collector's time). Sized
 * when made: the graph must not grow while it is in use (it throws rather than miss a commit).
 */
export class ReachedCommits {
  private readonly marks: Uint8Array;

  constructor(private readonly graph: CommitGraph) {
    this.marks = new Uint8Array(graph.size);
  }

  has(sha: string): boolean {
    const id = this.graph.idOf(sha);
    return id !== undefined && this.hasId(id);
  }

  hasId(id: number): boolean {
    this.check(id);
    return this.marks[id] === 1;
  }

  addId(id: number): void {
    this.check(id);
    this.marks[id] = 1;
  }

  private check(id: number): void {
    if (id >= this.marks.length) throw new Error(`commit graph of ${this.graph.repo} grew while its walks were under way`);
  }
}

/** A repository's commit graph, SHAs interned to integer ids (0, 1, 2… in the order commits were added). */
export class CommitGraph {
  private readonly ids = new Map<string, number>();
  private readonly byId: Commit[] = [];
  /** Parent ids of each commit (−1: a parent outside the graph), built on the first walk after an addition. */
  private parentStart: Int32Array | undefined;
  private parentIds: Int32Array | undefined;
  root: string | undefined;
  readonly belowRoot = new Set<string>();
  readonly unreachable = new Set<string>();
  private readonly shortShas = new Map<string, string | undefined>();

  constructor(readonly repo: string) {}

  get size(): number {
    return this.byId.length;
  }

  /** Adds a commit that carries its parents (a commit without them cannot be an edge of the graph). */
  add(commit: Commit): void {
    if (!commit.parents || this.ids.has(commit.sha)) return;
    this.ids.set(commit.sha, this.byId.length);
    this.byId.push(commit);
    this.parentStart = undefined;
    this.parentIds = undefined;
    if (this.shortShas.size > 0) this.shortShas.clear();
  }

  /** Replaces the metadata of a graph commit (same SHA and parents: its pull request). */
  replace(commit: Commit): void {
    const id = this.ids.get(commit.sha);
    if (id !== undefined) this.byId[id] = commit;
  }

  has(sha: string): boolean {
    return this.ids.has(sha);
  }

  idOf(sha: string): number | undefined {
    return this.ids.get(sha);
  }

  /** Every graph commit, in the order they were added. */
  values(): readonly Commit[] {
    return this.byId;
  }

  /** The full SHA of a graph commit (a workflow may carry a short SHA), else undefined. */
  resolve(sha: string): string | undefined {
    if (this.ids.has(sha)) return sha;
    if (sha.length >= 40 || sha.length < 7) return undefined;
    if (this.shortShas.has(sha)) return this.shortShas.get(sha);
    const wanted = sha.toLowerCase();
    let found: string | undefined;
    for (const full of this.ids.keys()) {
      if (full.startsWith(wanted)) {
        found = full;
        break;
      }
    }
    this.shortShas.set(sha, found);
    return found;
  }

  commit(sha: string): Commit | undefined {
    const full = this.resolve(sha);
    return full === undefined ? undefined : this.byId[this.ids.get(full)!];
  }

  /** A fresh record of what one history's walks reached. */
  newReached(): ReachedCommits {
    return new ReachedCommits(this);
  }

  /** Parent ids in CSR form: commit i's parents are parentIds[parentStart[i] .. parentStart[i + 1]). */
  private edges(): { start: Int32Array; parents: Int32Array } {
    if (this.parentStart && this.parentIds) return { start: this.parentStart, parents: this.parentIds };
    const start = new Int32Array(this.byId.length + 1);
    for (let id = 0; id < this.byId.length; id++) start[id + 1] = start[id]! + this.byId[id]!.parents!.length;
    const parents = new Int32Array(start[this.byId.length]!);
    for (let id = 0; id < this.byId.length; id++) {
      const listed = this.byId[id]!.parents!;
      for (let k = 0; k < listed.length; k++) parents[start[id]! + k] = this.ids.get(listed[k]!) ?? -1;
    }
    this.parentStart = start;
    this.parentIds = parents;
    return { start, parents };
  }

  /** Whether `target` is reachable from `from` through graph commits (both full SHAs). */
  reaches(from: string, target: string): boolean {
    if (from === target) return true;
    const fromId = this.ids.get(from);
    if (fromId === undefined) return false;
    const targetId = this.ids.get(target);
    const { start, parents } = this.edges();
    const seen = new Set<number>([fromId]);
    const stack = [fromId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      // A parent outside the graph (−1) is still `target` when named so.
      const listed = this.byId[id]!.parents!;
      for (let k = start[id]!; k < start[id + 1]!; k++) {
        const parent = parents[k]!;
        if (parent === -1) {
          if (targetId === undefined && listed[k - start[id]!] === target) return true;
          continue;
        }
        if (parent === targetId) return true;
        if (!seen.has(parent)) {
          seen.add(parent);
          stack.push(parent);
        }
      }
    }
    return false;
  }

  /**
   * The graph commits reachable from `head` and not in `reached`, parents before children (oldest
   * first on a linear history), added to `reached`. `onBoundary` sees each commit of `reached` the
   * walk stopped at.
   */
  takeNew(head: string, reached: ReachedCommits, onBoundary?: (sha: string) => void): Commit[] {
    const ordered: Commit[] = [];
    const headId = this.ids.get(head);
    if (headId === undefined) return ordered;
    if (reached.hasId(headId)) {
      onBoundary?.(head);
      return ordered;
    }
    const { start, parents } = this.edges();
    // Iterative post-order DFS on parallel typed stacks (no object per commit: a year holds
    // millions, and a release of thousands of commits must not overflow the stack).
    reached.addId(headId);
    let stackIds: Int32Array = new Int32Array(64);
    let stackNext: Int32Array = new Int32Array(64);
    let top = 0;
    stackIds[0] = headId;
    stackNext[0] = start[headId]!;
    while (top >= 0) {
      const id = stackIds[top]!;
      const k = stackNext[top]!;
      if (k < start[id + 1]!) {
        stackNext[top] = k + 1;
        const parent = parents[k]!;
        if (parent === -1) continue;
        if (reached.hasId(parent)) onBoundary?.(this.byId[parent]!.sha);
        else {
          reached.addId(parent);
          if (++top === stackIds.length) {
            stackIds = grow(stackIds);
            stackNext = grow(stackNext);
          }
          stackIds[top] = parent;
          stackNext[top] = start[parent]!;
        }
        continue;
      }
      top--;
      ordered.push(this.byId[id]!);
    }
    return ordered;
  }

  /** Folds one answered compare in (see the invariant above). */
  addComparison(comparison: Comparison): void {
    for (const commit of comparison.commits) this.add(commit);
    const mergeBase = comparison.mergeBaseCommit;
    if (mergeBase) this.add(mergeBase);
    if (!mergeBase) return;
    // The first compare sets the root; a compare M...root (extending the graph below the root) moves it down.
    if (this.root === undefined || comparison.head === this.root) this.root = mergeBase.sha;
    else if (comparison.status === "behind" && !this.reaches(comparison.base, mergeBase.sha)) {
      // head is an ancestor of base, and not reachable inside the graph: it is below the root.
      this.belowRoot.add(mergeBase.sha);
    }
  }

  toRecord(): CommitGraphRecord {
    return {
      repo: this.repo,
      ...(this.root === undefined ? {} : { root: this.root }),
      commits: this.byId.map(({ pullRequest: _pullRequest, ...commit }) => commit),
      ...(this.belowRoot.size > 0 ? { belowRoot: [...this.belowRoot] } : {}),
      ...(this.unreachable.size > 0 ? { unreachable: [...this.unreachable] } : {}),
    };
  }

  static fromRecord(record: CommitGraphRecord): CommitGraph {
    const graph = new CommitGraph(record.repo);
    for (const commit of record.commits) graph.add(commit);
    graph.root = record.root;
    for (const sha of record.belowRoot ?? []) graph.belowRoot.add(sha);
    for (const sha of record.unreachable ?? []) graph.unreachable.add(sha);
    return graph;
  }
}

function grow(stack: Int32Array): Int32Array {
  const larger = new Int32Array(stack.length * 2);
  larger.set(stack);
  return larger;
}
