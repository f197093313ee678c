import type { Comparison, Commit, PullRequestRef } from "../model/commit.js";
import type { CommitGraphRecord } from "../model/commit.js";
import { parseInstant } from "../model/instant.js";
import { CommitTableBuilder, type CommitGraphTable } from "../model/commit-table.js";
import { isFullSha, readSha, SHA_BYTES, writeSha } from "../model/sha.js";
import { ShaIndex } from "../model/sha-index.js";
import { InstantColumn } from "../model/instant-column.js";
import { grown } from "../util/typed-arrays.js";
import type { CommitIdList } from "./commit-id-list.js";

// One commit graph per repository, folded from GitHub's compares (and a cached graph), so that
// ancestry, rollbacks and change sets are decided locally instead of with one compare per deployment.
//
// Invariant (kept by the request planner, see plan-github-requests.ts): every parent of a commit of
// the graph is in the graph or is an ancestor of `root`. A compare `B...H` lists the commits
// reachable from H and not from merge-base(B, H); with B in the graph (or B the future root) it keeps
// the invariant, so for any commit X of the graph the commits reachable from X inside the graph are
// exactly X's history above the root. A service whose first deployment reaches the root therefore
// gets exact change sets: what lies below the root is behind its first deployment anyway.
//
// Commits are columns (model/commit-table.ts): a commit is an integer id (0, 1, 2… in the order
// commits were added), its SHA 20 bytes found through an open-addressing table of ids. A year of a
// large organisation is millions of commits: no object, string or Map entry per commit.

export type { CommitGraphRecord };

/**
 * Commits the walks of one service's history reached: a byte per graph commit id. Sized when made:
 * the graph must not grow while it is in use (it throws rather than miss a commit).
 */
export class ReachedCommits {
  private readonly marks: Uint8Array;

  /** `marks`: zeroed room for the graph's size (a scratch reused from service to service), else its own. */
  constructor(
    private readonly graph: CommitGraph,
    marks?: Uint8Array,
  ) {
    this.marks = marks ?? new Uint8Array(graph.size);
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

const NONE = -1;

/** A repository's commit graph, SHAs interned to integer ids. */
export class CommitGraph {
  private count = 0;
  private edgeCount = 0;
  private outsideCount = 0;
  private shas: Uint8Array = new Uint8Array(0);
  private authored = InstantColumn.ofLength(0);
  private committed = InstantColumn.ofLength(0);
  /** Commit i's parents are edges [parentStart[i], parentStart[i + 1]) of parentRows. */
  private parentStart: Int32Array = new Int32Array(1);
  /** A parent's id, or −1 − k: the k-th SHA of outsideShas, a parent not in the graph when its child was added. */
  private parentRows: Int32Array = new Int32Array(0);
  private outsideShas: Uint8Array = new Uint8Array(0);
  private index = new ShaIndex();
  /** The index is a table's (immutable): copied before the graph's first addition. */
  private indexShared = false;
  /** SHAs that are not 40 hex digits (GitHub's never are; hand-made inputs may be): interned apart, their bytes left zero. */
  private readonly oddIds = new Map<string, number>();
  private readonly oddShas = new Map<number, string>();
  private readonly oddOutside = new Map<number, string>();
  /** Parent id of each edge (−1: a parent outside the graph), made on the first walk after an addition. */
  private parentIds: Int32Array | undefined;
  private readonly pullRequests = new Map<number, PullRequestRef>();
  private readonly scratch = new Uint8Array(SHA_BYTES);
  private stackIds: Int32Array = new Int32Array(64);
  private stackNext: Int32Array = new Int32Array(64);
  /**
   * Stamps of the commits `reaches` visited (walk: the current walk's), shared by every graph: a
   * column per graph was 20 MB for a year of 500 services, and typed arrays past 64 MB make V8 mark
   * the whole heap. Walks never nest, so one column serves them all.
   */
  private static visited: Int32Array = new Int32Array(0);
  private static walk = 0;
  private readonly shortShas = new Map<string, string | undefined>();
  root: string | undefined;
  readonly belowRoot = new Set<string>();
  readonly unreachable = new Set<string>();

  constructor(readonly repo: string) {}

  get size(): number {
    return this.count;
  }

  /** Adds a commit that carries its parents (a commit without them cannot be an edge of the graph). */
  add(commit: Commit): void {
    if (!commit.parents || this.idOf(commit.sha) !== undefined) return;
    const id = this.count;
    this.reserve(id + 1, this.edgeCount + commit.parents.length);
    for (const parent of commit.parents) {
      const parentId = this.idOf(parent);
      this.parentRows[this.edgeCount++] = parentId ?? -1 - this.addOutside(parent);
    }
    if (!writeSha(commit.sha, this.shas, id * SHA_BYTES)) {
      this.shas.fill(0, id * SHA_BYTES, (id + 1) * SHA_BYTES);
      this.oddIds.set(commit.sha, id);
      this.oddShas.set(id, commit.sha);
    }
    this.authored.set(id, commit.authoredAt === undefined ? NaN : parseInstant(commit.authoredAt));
    this.committed.set(id, commit.committedAt === undefined ? NaN : parseInstant(commit.committedAt));
    this.count++;
    this.parentStart[this.count] = this.edgeCount;
    if (!this.oddShas.has(id)) {
      if (this.indexShared) {
        this.index = this.index.clone();
        this.indexShared = false;
      }
      this.index.insert(this.shas, id);
    }
    if (commit.pullRequest) this.pullRequests.set(id, commit.pullRequest);
    this.parentIds = undefined;
    if (this.shortShas.size > 0) this.shortShas.clear();
  }

  /** Sets the pull request that merged a graph commit. */
  setPullRequest(sha: string, pullRequest: PullRequestRef): void {
    const id = this.idOf(sha);
    if (id !== undefined) this.pullRequests.set(id, pullRequest);
  }

  has(sha: string): boolean {
    return this.idOf(sha) !== undefined;
  }

  /** The id of a graph commit by its full SHA. */
  idOf(sha: string): number | undefined {
    if (writeSha(sha, this.scratch, 0)) {
      const id = this.index.find(this.shas, this.scratch, 0);
      return id === NONE ? undefined : id;
    }
    return this.oddIds.get(sha);
  }

  /** The id of the graph commit a (full or short) SHA names, or −1. */
  resolveId(sha: string): number {
    const id = this.idOf(sha);
    if (id !== undefined) return id;
    const full = this.resolve(sha);
    return full === undefined ? NONE : (this.idOf(full) ?? NONE);
  }

  /** The full SHA of a graph commit (a workflow may carry a short SHA), else undefined. */
  resolve(sha: string): string | undefined {
    const id = this.idOf(sha);
    if (id !== undefined) return this.oddShas.has(id) ? sha : sha.toLowerCase();
    if (sha.length >= 40 || sha.length < 7) return undefined;
    if (this.shortShas.has(sha)) return this.shortShas.get(sha);
    const wanted = sha.toLowerCase();
    let found: string | undefined;
    for (let candidate = 0; candidate < this.count && found === undefined; candidate++) {
      const full = this.shaAt(candidate);
      if (full.startsWith(wanted)) found = full;
    }
    this.shortShas.set(sha, found);
    return found;
  }

  /** The (lower-case) SHA of a graph commit. */
  shaAt(id: number): string {
    return this.oddShas.get(id) ?? readSha(this.shas, id * SHA_BYTES);
  }

  /** Epoch ms of its author date (NaN: none). */
  authoredMsAt(id: number): number {
    return this.authored.get(id);
  }

  /** Epoch ms of its committer date (NaN: none). */
  committedMsAt(id: number): number {
    return this.committed.get(id);
  }

  pullRequestAt(id: number): PullRequestRef | undefined {
    return this.pullRequests.size === 0 ? undefined : this.pullRequests.get(id);
  }

  /** A graph commit as a Commit (for the rows of a report). */
  commitAt(id: number): Commit {
    const iso = (ms: number) => (Number.isNaN(ms) ? undefined : new Date(ms).toISOString());
    const authoredAt = iso(this.authored.get(id));
    const committedAt = iso(this.committed.get(id));
    const parents: string[] = [];
    for (let k = this.parentStart[id]!; k < this.parentStart[id + 1]!; k++) parents.push(this.edgeSha(k));
    const pullRequest = this.pullRequestAt(id);
    return {
      sha: this.shaAt(id),
      ...(authoredAt === undefined ? {} : { authoredAt }),
      ...(committedAt === undefined ? {} : { committedAt }),
      parents,
      ...(pullRequest ? { pullRequest } : {}),
    };
  }

  commit(sha: string): Commit | undefined {
    const id = this.resolveId(sha);
    return id === NONE ? undefined : this.commitAt(id);
  }

  /** A fresh record of what one history's walks reached (`marks`: zeroed, the graph's size). */
  newReached(marks?: Uint8Array): ReachedCommits {
    return new ReachedCommits(this, marks);
  }

  /** Whether `target` is reachable from `from` through graph commits (both full SHAs). */
  reaches(from: string, target: string): boolean {
    if (from === target) return true;
    const fromId = this.idOf(from);
    if (fromId === undefined) return false;
    const targetId = this.idOf(target);
    const parents = this.edges();
    // Visited commits carry this walk's stamp, and the stack is kept between walks: a rollback's
    // walk must not allocate an array of the graph's size (a year holds thousands of rollbacks).
    if (CommitGraph.visited.length < this.count) CommitGraph.visited = new Int32Array(Math.max(this.count, CommitGraph.visited.length * 2));
    const stamp = ++CommitGraph.walk;
    const visited = CommitGraph.visited;
    let stack = this.stackIds;
    let top = 0;
    visited[fromId] = stamp;
    stack[0] = fromId;
    while (top >= 0) {
      const id = stack[top--]!;
      for (let k = this.parentStart[id]!; k < this.parentStart[id + 1]!; k++) {
        const parent = parents[k]!;
        // A parent outside the graph (−1) is still `target` when named so.
        if (parent === NONE) {
          if (targetId === undefined && this.edgeSha(k) === target) return true;
          continue;
        }
        if (parent === targetId) return true;
        if (visited[parent] !== stamp) {
          visited[parent] = stamp;
          if (++top === stack.length) stack = this.stackIds = grown(stack, stack.length * 2);
          stack[top] = parent;
        }
      }
    }
    return false;
  }

  /**
   * Takes the graph commits reachable from commit `headId` and not in `reached`, parents before
   * children (oldest first on a linear history): adds them to `reached` and appends their ids to
   * `taken` (when given). `onBoundary` sees the id of each commit of `reached` the walk stopped at.
   */
  takeNew(headId: number, reached: ReachedCommits, onBoundary?: (id: number) => void, taken?: CommitIdList): void {
    if (reached.hasId(headId)) {
      onBoundary?.(headId);
      return;
    }
    const parents = this.edges();
    const start = this.parentStart;
    // Iterative post-order DFS on parallel typed stacks: a release of thousands of commits must not
    // overflow the call stack. One pair of stacks per graph, kept between walks (a million walks
    // must not allocate two arrays each).
    reached.addId(headId);
    let stackIds = this.stackIds;
    let stackNext = this.stackNext;
    let top = 0;
    stackIds[0] = headId;
    stackNext[0] = start[headId]!;
    while (top >= 0) {
      const id = stackIds[top]!;
      const k = stackNext[top]!;
      if (k < start[id + 1]!) {
        stackNext[top] = k + 1;
        const parent = parents[k]!;
        if (parent === NONE) continue;
        if (reached.hasId(parent)) onBoundary?.(parent);
        else {
          reached.addId(parent);
          if (++top === stackIds.length) {
            stackIds = this.stackIds = grown(stackIds, stackIds.length * 2);
            stackNext = this.stackNext = grown(stackNext, stackNext.length * 2);
          }
          stackIds[top] = parent;
          stackNext[top] = start[parent]!;
        }
        continue;
      }
      top--;
      taken?.push(id);
    }
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

  /** The graph as a table (commits with a SHA that is not 40 hex digits are left out: the cache keeps full SHAs only). */
  toTable(): CommitGraphTable {
    return {
      repo: this.repo,
      ...(this.root === undefined ? {} : { root: this.root }),
      commits: this.oddShas.size > 0 || this.oddOutside.size > 0 ? this.regularCommits() : this.columns(),
      ...(this.belowRoot.size > 0 ? { belowRoot: [...this.belowRoot] } : {}),
      ...(this.unreachable.size > 0 ? { unreachable: [...this.unreachable] } : {}),
    };
  }

  /** A graph of a table: its columns are adopted as they are (no copy; the first addition copies them). */
  static fromTable(table: CommitGraphTable): CommitGraph {
    const graph = new CommitGraph(table.repo);
    const { commits } = table;
    graph.count = commits.length;
    graph.edgeCount = commits.parentStart[commits.length]!;
    graph.outsideCount = commits.outsideShas.length / SHA_BYTES;
    graph.shas = commits.shas;
    graph.authored = commits.authored;
    graph.committed = commits.committed;
    graph.parentStart = commits.parentStart;
    graph.parentRows = commits.parentRows;
    graph.outsideShas = commits.outsideShas;
    // The table's index: a SHA listed twice keeps its first id; the second is never found.
    graph.index = commits.index;
    graph.indexShared = true;
    graph.root = table.root;
    for (const sha of table.belowRoot ?? []) graph.belowRoot.add(sha);
    for (const sha of table.unreachable ?? []) graph.unreachable.add(sha);
    return graph;
  }

  /** The columns at their exact length, parents resolved to ids where the graph holds them. */
  private columns(): CommitGraphTable["commits"] {
    const parents = this.edges();
    const parentRows = new Int32Array(this.edgeCount);
    const outside: number[] = [];
    for (let k = 0; k < this.edgeCount; k++) {
      if (parents[k]! !== NONE) parentRows[k] = parents[k]!;
      else {
        parentRows[k] = -1 - outside.length;
        outside.push(-1 - this.parentRows[k]!);
      }
    }
    const outsideShas = new Uint8Array(outside.length * SHA_BYTES);
    outside.forEach((from, to) => outsideShas.set(this.outsideShas.subarray(from * SHA_BYTES, (from + 1) * SHA_BYTES), to * SHA_BYTES));
    const shas = this.shas.slice(0, this.count * SHA_BYTES);
    const index = new ShaIndex(this.count);
    for (let id = 0; id < this.count; id++) index.insertNew(shas, id);
    return {
      length: this.count,
      shas,
      authored: this.authored.resized(this.count),
      committed: this.committed.resized(this.count),
      parentStart: this.parentStart.slice(0, this.count + 1),
      parentRows,
      outsideShas,
      index,
    };
  }

  /** The commits whose SHA and parents' SHAs are all 40 hex digits, as a table. */
  private regularCommits(): CommitGraphTable["commits"] {
    const builder = new CommitTableBuilder(this.count);
    for (let id = 0; id < this.count; id++) {
      const commit = this.commitAt(id);
      if (isFullSha(commit.sha) && commit.parents!.every(isFullSha)) builder.push(commit.sha, this.authored.get(id), this.committed.get(id), commit.parents!);
    }
    return builder.build();
  }

  /** The SHA edge k names. */
  private edgeSha(k: number): string {
    const entry = this.parentRows[k]!;
    if (entry >= 0) return this.shaAt(entry);
    const outside = -1 - entry;
    return this.oddOutside.get(outside) ?? readSha(this.outsideShas, outside * SHA_BYTES);
  }

  /** Records a parent SHA the graph does not hold (yet); its index among the outside SHAs. */
  private addOutside(sha: string): number {
    const k = this.outsideCount++;
    if ((k + 1) * SHA_BYTES > this.outsideShas.length) this.outsideShas = grown(this.outsideShas, Math.max(k + 1, (this.outsideShas.length / SHA_BYTES) * 2, 16) * SHA_BYTES);
    if (!writeSha(sha, this.outsideShas, k * SHA_BYTES)) {
      this.outsideShas.fill(0, k * SHA_BYTES, (k + 1) * SHA_BYTES);
      this.oddOutside.set(k, sha);
    }
    return k;
  }

  /** Parent ids of every edge: an outside parent is looked up again (a later compare may have added it). */
  private edges(): Int32Array {
    if (this.parentIds) return this.parentIds;
    if (this.outsideCount === 0) return (this.parentIds = this.parentRows);
    const parents = new Int32Array(this.edgeCount);
    for (let k = 0; k < this.edgeCount; k++) {
      const entry = this.parentRows[k]!;
      if (entry >= 0) parents[k] = entry;
      else {
        const outside = -1 - entry;
        const odd = this.oddOutside.get(outside);
        parents[k] = odd !== undefined ? (this.oddIds.get(odd) ?? NONE) : this.index.find(this.shas, this.outsideShas, outside * SHA_BYTES);
      }
    }
    this.parentIds = parents;
    return parents;
  }

  private reserve(commits: number, edges: number): void {
    if (commits > this.authored.capacity) {
      const size = Math.max(commits, this.authored.capacity * 2, 16);
      this.shas = grown(this.shas, size * SHA_BYTES);
      this.authored = this.authored.resized(size, this.count);
      this.committed = this.committed.resized(size, this.count);
      this.parentStart = grown(this.parentStart, size + 1);
    }
    if (edges > this.parentRows.length) this.parentRows = grown(this.parentRows, Math.max(edges, this.parentRows.length * 2, 16));
  }
}



