import type { Comparison, Commit, PullRequestRef } from "../model/commit.js";
import type { CommitGraphRecord } from "../model/commit.js";
import { parseInstant } from "../model/instant.js";
import { readSha, SHA_BYTES, writeSha, type CommitGraphTable } from "../model/commit-table.js";
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

  constructor(private readonly graph: CommitGraph) {
    this.marks = new Uint8Array(graph.size);
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
  private shas: Uint8Array = new Uint8Array(0);
  private authored: Float64Array = new Float64Array(0);
  private committed: Float64Array = new Float64Array(0);
  /** Commit i's parents are edges [parentStart[i], parentStart[i + 1]); edge k's SHA is parentShas[20 k …]. */
  private parentStart: Int32Array = new Int32Array(1);
  private parentShas: Uint8Array = new Uint8Array(0);
  /** Open addressing: id + 1 of the commit whose SHA hashes there (0: empty). */
  private slots: Int32Array = new Int32Array(16);
  /** SHAs that are not 40 hex digits (GitHub's never are; hand-made inputs may be): interned apart, their bytes left zero. */
  private readonly oddIds = new Map<string, number>();
  private readonly oddShas = new Map<number, string>();
  private readonly oddParents = new Map<number, string>();
  /** Parent id of each edge (−1: a parent outside the graph), made on the first walk after an addition. */
  private parentIds: Int32Array | undefined;
  private readonly pullRequests = new Map<number, PullRequestRef>();
  private readonly scratch = new Uint8Array(SHA_BYTES);
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
    if (!writeSha(commit.sha, this.shas, id * SHA_BYTES)) {
      this.shas.fill(0, id * SHA_BYTES, (id + 1) * SHA_BYTES);
      this.oddIds.set(commit.sha, id);
      this.oddShas.set(id, commit.sha);
    }
    this.authored[id] = commit.authoredAt === undefined ? NaN : parseInstant(commit.authoredAt);
    this.committed[id] = commit.committedAt === undefined ? NaN : parseInstant(commit.committedAt);
    for (const parent of commit.parents) {
      if (!writeSha(parent, this.parentShas, this.edgeCount * SHA_BYTES)) {
        this.parentShas.fill(0, this.edgeCount * SHA_BYTES, (this.edgeCount + 1) * SHA_BYTES);
        this.oddParents.set(this.edgeCount, parent);
      }
      this.edgeCount++;
    }
    this.count++;
    this.parentStart[this.count] = this.edgeCount;
    if (!this.oddShas.has(id)) this.insert(id);
    if (commit.pullRequest) this.pullRequests.set(id, commit.pullRequest);
    this.changed();
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
      const id = this.find(this.scratch, 0);
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
    if (id !== undefined) return sha.length === 40 && !this.oddShas.has(id) ? sha.toLowerCase() : sha;
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
    return this.authored[id]!;
  }

  /** Epoch ms of its committer date (NaN: none). */
  committedMsAt(id: number): number {
    return this.committed[id]!;
  }

  pullRequestAt(id: number): PullRequestRef | undefined {
    return this.pullRequests.size === 0 ? undefined : this.pullRequests.get(id);
  }

  /** A graph commit as a Commit (for the rows of a report). */
  commitAt(id: number): Commit {
    const iso = (ms: number) => (Number.isNaN(ms) ? undefined : new Date(ms).toISOString());
    const authoredAt = iso(this.authored[id]!);
    const committedAt = iso(this.committed[id]!);
    const parents: string[] = [];
    for (let k = this.parentStart[id]!; k < this.parentStart[id + 1]!; k++) parents.push(this.oddParents.get(k) ?? readSha(this.parentShas, k * SHA_BYTES));
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

  /** A fresh record of what one history's walks reached. */
  newReached(): ReachedCommits {
    return new ReachedCommits(this);
  }

  /** Whether `target` is reachable from `from` through graph commits (both full SHAs). */
  reaches(from: string, target: string): boolean {
    if (from === target) return true;
    const fromId = this.idOf(from);
    if (fromId === undefined) return false;
    const targetId = this.idOf(target);
    const parents = this.edges();
    const seen = new Uint8Array(this.count);
    seen[fromId] = 1;
    const stack = [fromId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (let k = this.parentStart[id]!; k < this.parentStart[id + 1]!; k++) {
        const parent = parents[k]!;
        // A parent outside the graph (−1) is still `target` when named so.
        if (parent === NONE) {
          if (targetId === undefined && this.edgeIs(k, target)) return true;
          continue;
        }
        if (parent === targetId) return true;
        if (seen[parent] === 0) {
          seen[parent] = 1;
          stack.push(parent);
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
    // overflow the call stack.
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
        if (parent === NONE) continue;
        if (reached.hasId(parent)) onBoundary?.(parent);
        else {
          reached.addId(parent);
          if (++top === stackIds.length) {
            stackIds = grownInt32(stackIds, stackIds.length * 2);
            stackNext = grownInt32(stackNext, stackNext.length * 2);
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
    const odd = this.oddShas.size > 0 || this.oddParents.size > 0;
    const commits = odd ? this.regularCommits() : undefined;
    const edges = this.edgeCount;
    return {
      repo: this.repo,
      ...(this.root === undefined ? {} : { root: this.root }),
      commits: commits ?? {
        length: this.count,
        shas: this.shas.slice(0, this.count * SHA_BYTES),
        authoredMs: this.authored.slice(0, this.count),
        committedMs: this.committed.slice(0, this.count),
        parentStart: this.parentStart.slice(0, this.count + 1),
        parentShas: this.parentShas.slice(0, edges * SHA_BYTES),
      },
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
    graph.shas = commits.shas;
    graph.authored = commits.authoredMs;
    graph.committed = commits.committedMs;
    graph.parentStart = commits.parentStart;
    graph.parentShas = commits.parentShas;
    graph.slots = new Int32Array(slotCountFor(commits.length));
    // A SHA listed twice keeps its first id; the second is never found.
    for (let id = 0; id < commits.length; id++) if (graph.find(graph.shas, id * SHA_BYTES) === NONE) graph.insert(id);
    graph.root = table.root;
    for (const sha of table.belowRoot ?? []) graph.belowRoot.add(sha);
    for (const sha of table.unreachable ?? []) graph.unreachable.add(sha);
    return graph;
  }

  private regularCommits(): CommitGraphTable["commits"] {
    const keep: number[] = [];
    for (let id = 0; id < this.count; id++) {
      let regular = !this.oddShas.has(id);
      for (let k = this.parentStart[id]!; regular && k < this.parentStart[id + 1]!; k++) regular = !this.oddParents.has(k);
      if (regular) keep.push(id);
    }
    const edges = keep.reduce((sum, id) => sum + this.parentStart[id + 1]! - this.parentStart[id]!, 0);
    const shas = new Uint8Array(keep.length * SHA_BYTES);
    const authoredMs = new Float64Array(keep.length);
    const committedMs = new Float64Array(keep.length);
    const parentStart = new Int32Array(keep.length + 1);
    const parentShas = new Uint8Array(edges * SHA_BYTES);
    keep.forEach((id, row) => {
      shas.set(this.shas.subarray(id * SHA_BYTES, (id + 1) * SHA_BYTES), row * SHA_BYTES);
      authoredMs[row] = this.authored[id]!;
      committedMs[row] = this.committed[id]!;
      const from = this.parentStart[id]!;
      const to = this.parentStart[id + 1]!;
      parentShas.set(this.parentShas.subarray(from * SHA_BYTES, to * SHA_BYTES), parentStart[row]! * SHA_BYTES);
      parentStart[row + 1] = parentStart[row]! + to - from;
    });
    return { length: keep.length, shas, authoredMs, committedMs, parentStart, parentShas };
  }

  /** Whether edge k names `sha`. */
  private edgeIs(k: number, sha: string): boolean {
    const odd = this.oddParents.get(k);
    if (odd !== undefined) return odd === sha;
    if (!writeSha(sha, this.scratch, 0)) return false;
    return sameSha(this.parentShas, k * SHA_BYTES, this.scratch, 0);
  }

  /** Parent ids of every edge. */
  private edges(): Int32Array {
    if (this.parentIds) return this.parentIds;
    const parents = new Int32Array(this.edgeCount);
    for (let k = 0; k < this.edgeCount; k++) {
      const odd = this.oddParents.get(k);
      parents[k] = odd !== undefined ? (this.oddIds.get(odd) ?? NONE) : this.find(this.parentShas, k * SHA_BYTES);
    }
    this.parentIds = parents;
    return parents;
  }

  /** The id of the commit whose SHA is the 20 bytes at `offset`, or −1. */
  private find(bytes: Uint8Array, offset: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(bytes, offset) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return NONE;
      if (sameSha(this.shas, (entry - 1) * SHA_BYTES, bytes, offset)) return entry - 1;
    }
  }

  private insert(id: number): void {
    if ((id + 1) * 2 > this.slots.length) this.rehash(slotCountFor(id + 1));
    const mask = this.slots.length - 1;
    let slot = hashOf(this.shas, id * SHA_BYTES) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private rehash(size: number): void {
    const entries = this.slots;
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (const entry of entries) {
      if (entry === 0) continue;
      let slot = hashOf(this.shas, (entry - 1) * SHA_BYTES) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry;
    }
  }

  private reserve(commits: number, edges: number): void {
    if (commits > this.authored.length) {
      const size = Math.max(commits, this.authored.length * 2, 16);
      this.shas = grownBytes(this.shas, size * SHA_BYTES);
      this.authored = grownFloat64(this.authored, size);
      this.committed = grownFloat64(this.committed, size);
      this.parentStart = grownInt32(this.parentStart, size + 1);
    }
    if (edges * SHA_BYTES > this.parentShas.length) this.parentShas = grownBytes(this.parentShas, Math.max(edges, this.parentShas.length / SHA_BYTES * 2, 16) * SHA_BYTES);
  }

  private changed(): void {
    this.parentIds = undefined;
    if (this.shortShas.size > 0) this.shortShas.clear();
  }
}

/** Hash slots for n commits: a power of two at least twice n (probe runs stay short). */
function slotCountFor(n: number): number {
  let size = 16;
  while (size < n * 2) size *= 2;
  return size;
}

/** A hash of a SHA's 20 bytes (its first and last four mixed: hand-made SHAs share long runs of zeros). */
function hashOf(bytes: Uint8Array, offset: number): number {
  let h = (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) ^
    Math.imul(bytes[offset + 16]! | (bytes[offset + 17]! << 8) | (bytes[offset + 18]! << 16) | (bytes[offset + 19]! << 24), 0x9e3779b1) ^
    Math.imul(bytes[offset + 8]! | (bytes[offset + 9]! << 8), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function sameSha(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): boolean {
  for (let i = 0; i < SHA_BYTES; i++) if (a[aOffset + i] !== b[bOffset + i]) return false;
  return true;
}

function grownBytes(array: Uint8Array, size: number): Uint8Array {
  const larger = new Uint8Array(size);
  larger.set(array);
  return larger;
}

function grownFloat64(array: Float64Array, size: number): Float64Array {
  const larger = new Float64Array(size);
  larger.set(array);
  return larger;
}

function grownInt32(array: Int32Array, size: number): Int32Array {
  const larger = new Int32Array(size);
  larger.set(array);
  return larger;
}
