import { isRecord } from "../util/json-guards.js";
// GitHub's compare `base...head` computed from a commit DAG (GitHub commit objects with `parents`),
// the way GitHub documents it: the commits reachable from head and not from the merge base of base
// and head, status ahead/behind/identical/diverged, ahead_by/behind_by, merge_base_commit. Used by
// the replay emulator (a compare nobody recorded, answered from the commits the recording holds)
// and by tests and generators that need a GitHub answering any compare of a real DAG.
// Hand-written: no library computes GitHub's compare payload, and it is a few graph walks.

type Json = Record<string, unknown>;


export type DagComparison =
  | { kind: "compared"; body: Json; commits: Json[] }
  /** A SHA the DAG does not hold (GitHub: 404). */
  | { kind: "unknown-sha"; sha: string }
  /** The DAG lacks parents the answer depends on: it cannot answer exactly. */
  | { kind: "incomplete" };

export class CommitDag {
  private readonly commits = new Map<string, Json>();
  private readonly generations = new Map<string, number>();

  /** Adds a GitHub commit object (compare `commits[]`, `merge_base_commit`, GET commit); ignores one without parents. */
  add(json: unknown): void {
    if (!isRecord(json) || typeof json.sha !== "string" || !Array.isArray(json.parents)) return;
    const sha = json.sha.toLowerCase();
    if (this.commits.has(sha)) return;
    this.commits.set(sha, json);
    this.generations.clear();
  }

  /** The full SHA of a commit (a unique prefix of ≥ 7 hex digits matches). */
  resolve(ref: string): string | undefined {
    const wanted = ref.toLowerCase();
    if (this.commits.has(wanted)) return wanted;
    if (!/^[0-9a-f]{7,39}$/.test(wanted)) return undefined;
    const found = [...this.commits.keys()].filter((sha) => sha.startsWith(wanted));
    return found.length === 1 ? found[0] : undefined;
  }

  commit(ref: string): Json | undefined {
    const sha = this.resolve(ref);
    return sha === undefined ? undefined : this.commits.get(sha);
  }

  private parentsOf(sha: string): string[] | undefined {
    const json = this.commits.get(sha);
    if (!json) return undefined;
    return (json.parents as unknown[]).flatMap((parent) => (isRecord(parent) && typeof parent.sha === "string" ? [parent.sha.toLowerCase()] : []));
  }

  /** Ancestors (itself included) that the DAG holds, and whether some parent was missing. */
  private ancestors(sha: string): { set: Set<string>; open: Set<string> } {
    const set = new Set<string>([sha]);
    const open = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const current = stack.pop()!;
      for (const parent of this.parentsOf(current) ?? []) {
        if (!this.commits.has(parent)) open.add(current);
        else if (!set.has(parent)) {
          set.add(parent);
          stack.push(parent);
        }
      }
    }
    return { set, open };
  }

  /** Longest path to a commit without known parents: orders commits parents-first. */
  private generation(sha: string): number {
    const known = this.generations.get(sha);
    if (known !== undefined) return known;
    const pending = [sha];
    while (pending.length > 0) {
      const current = pending[pending.length - 1]!;
      const parents = (this.parentsOf(current) ?? []).filter((parent) => this.commits.has(parent));
      const unknown = parents.filter((parent) => !this.generations.has(parent));
      if (unknown.length > 0) {
        pending.push(...unknown);
        continue;
      }
      pending.pop();
      this.generations.set(current, parents.reduce((max, parent) => Math.max(max, this.generations.get(parent)! + 1), 0));
    }
    return this.generations.get(sha)!;
  }

  compare(baseRef: string, headRef: string): DagComparison {
    const base = this.resolve(baseRef);
    if (base === undefined) return { kind: "unknown-sha", sha: baseRef };
    const head = this.resolve(headRef);
    if (head === undefined) return { kind: "unknown-sha", sha: headRef };
    const ofBase = this.ancestors(base);
    const ofHead = this.ancestors(head);
    // The best common ancestor: the deepest one (every other common ancestor is its ancestor).
    let mergeBase: string | undefined;
    for (const sha of ofHead.set) {
      if (ofBase.set.has(sha) && (mergeBase === undefined || this.generation(sha) > this.generation(mergeBase))) mergeBase = sha;
    }
    if (mergeBase === undefined) return { kind: "incomplete" };
    const belowMergeBase = this.ancestors(mergeBase).set;
    const ahead = [...ofHead.set].filter((sha) => !belowMergeBase.has(sha));
    const behind = [...ofBase.set].filter((sha) => !belowMergeBase.has(sha));
    // An exact answer needs every parent above the merge base.
    if ([...ahead, ...behind].some((sha) => ofHead.open.has(sha) || ofBase.open.has(sha))) return { kind: "incomplete" };
    const dateOf = (sha: string) => {
      const inner = this.commits.get(sha)!.commit;
      const committer = isRecord(inner) && isRecord(inner.committer) ? inner.committer.date : undefined;
      return typeof committer === "string" ? committer : "";
    };
    ahead.sort((a, b) => this.generation(a) - this.generation(b) || dateOf(a).localeCompare(dateOf(b)) || a.localeCompare(b));
    const status = ahead.length === 0 && behind.length === 0 ? "identical" : behind.length === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
    const commits = ahead.map((sha) => this.commits.get(sha)!);
    return {
      kind: "compared",
      commits,
      body: {
        base_commit: this.commits.get(base),
        merge_base_commit: this.commits.get(mergeBase),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits,
        files: [],
      },
    };
  }
}
