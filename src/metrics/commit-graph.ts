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

export class CommitGraph {
  readonly commits = new Map<string, Commit>();
  root: string | undefined;
  readonly belowRoot = new Set<string>();
  readonly unreachable = new Set<string>();
  private readonly shortShas = new Map<string, string | undefined>();

  constructor(readonly repo: string) {}

  /** Adds a commit that carries its parents (a commit without them cannot be an edge of the graph). */
  add(commit: Commit): void {
    if (!commit.parents || this.commits.has(commit.sha)) return;
    this.commits.set(commit.sha, commit);
    if (this.shortShas.size > 0) this.shortShas.clear();
  }

  /** The full SHA of a graph commit (a workflow may carry a short SHA), else undefined. */
  resolve(sha: string): string | undefined {
    if (this.commits.has(sha)) return sha;
    if (sha.length >= 40 || sha.length < 7) return undefined;
    if (this.shortShas.has(sha)) return this.shortShas.get(sha);
    const wanted = sha.toLowerCase();
    let found: string | undefined;
    for (const full of this.commits.keys()) {
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
    return full === undefined ? undefined : this.commits.get(full);
  }

  /** Whether `target` is reachable from `from` through graph commits (both full SHAs). */
  reaches(from: string, target: string): boolean {
    if (from === target) return true;
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length > 0) {
      const parents = this.commits.get(stack.pop()!)?.parents ?? [];
      for (const parent of parents) {
        if (parent === target) return true;
        if (!seen.has(parent) && this.commits.has(parent)) {
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
  takeNew(head: string, reached: Set<string>, onBoundary?: (sha: string) => void): Commit[] {
    const ordered: Commit[] = [];
    if (reached.has(head) || !this.commits.has(head)) {
      if (reached.has(head)) onBoundary?.(head);
      return ordered;
    }
    // Iterative post-order DFS on parallel arrays (no object per commit: a year holds millions, and a
    // release of thousands of commits must not overflow the stack).
    reached.add(head);
    const shas: string[] = [head];
    const next: number[] = [0];
    while (shas.length > 0) {
      const top = shas.length - 1;
      const commit = this.commits.get(shas[top]!)!;
      const parents = commit.parents!;
      const index = next[top]!;
      if (index < parents.length) {
        next[top] = index + 1;
        const parent = parents[index]!;
        if (reached.has(parent)) onBoundary?.(parent);
        else if (this.commits.has(parent)) {
          reached.add(parent);
          shas.push(parent);
          next.push(0);
        }
        continue;
      }
      shas.pop();
      next.pop();
      ordered.push(commit);
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
      commits: [...this.commits.values()].map(({ pullRequest: _pullRequest, ...commit }) => commit),
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
