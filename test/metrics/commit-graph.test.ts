import { describe, expect, it } from "vitest";
import { commitTableOf } from "../../src/model/commit-table.js";
import { CommitGraph } from "../../src/metrics/commit-graph.js";
import { CommitIdList } from "../../src/metrics/commit-id-list.js";

// The commit graph on columns (src/metrics/commit-graph.ts): ids, walks, and what it adopts from a table.

const sha = (n: number) => n.toString(16).padStart(40, "0");
const linear = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => ({ sha: sha(from + index), authoredAt: `2024-01-${String(from + index).padStart(2, "0")}T00:00:00.000Z`, parents: from + index === 1 ? [] : [sha(from + index - 1)] }));

/** The SHAs a walk from `head` takes (oldest first). */
function taken(graph: CommitGraph, head: string, reached = graph.newReached()): string[] {
  const ids = new CommitIdList();
  graph.takeNew(graph.idOf(head)!, reached, undefined, ids);
  return Array.from({ length: ids.length }, (_, index) => graph.shaAt(ids.at(index)));
}

describe("commit graph", () => {
  it("adopts a table's columns, and copies them on its first addition (the table is never written)", () => {
    const table = commitTableOf(linear(1, 3));
    const before = [...table.shas];
    const graph = CommitGraph.fromTable({ repo: "acme/api", root: sha(1), commits: table });
    expect(graph.size).toBe(3);
    graph.add({ sha: sha(4), authoredAt: "2024-01-04T00:00:00.000Z", parents: [sha(3)] });
    expect(graph.size).toBe(4);
    expect(table.length).toBe(3);
    expect([...table.shas]).toEqual(before);
    // 1 ← 2 ← 3 ← 4: from 4, all four, oldest first.
    expect(taken(graph, sha(4))).toEqual([sha(1), sha(2), sha(3), sha(4)]);
    expect(graph.authoredMsAt(graph.idOf(sha(4))!)).toBe(Date.parse("2024-01-04T00:00:00Z"));
    // The table's SHA index was copied too: it still holds 3 rows, and a second graph of the table does not hold 4.
    expect(table.index.size).toBe(3);
    const again = CommitGraph.fromTable({ repo: "acme/api", root: sha(1), commits: table });
    expect([again.has(sha(3)), again.has(sha(4))]).toEqual([true, false]);
  });

  it("links a parent added after its child (a compare that extends the graph below its root)", () => {
    const graph = new CommitGraph("acme/api");
    // 5's parent 4 comes later; 4's parent 3 never comes.
    graph.add({ sha: sha(5), parents: [sha(4)] });
    expect(taken(graph, sha(5))).toEqual([sha(5)]);
    graph.add({ sha: sha(4), parents: [sha(3)] });
    expect(taken(graph, sha(5))).toEqual([sha(4), sha(5)]);
    expect(graph.reaches(sha(5), sha(4))).toBe(true);
    // A parent outside the graph is still reached when named.
    expect(graph.reaches(sha(5), sha(3))).toBe(true);
    expect(graph.reaches(sha(4), sha(5))).toBe(false);
    // Back to a table and into a new graph: the same walk.
    const again = CommitGraph.fromTable(graph.toTable());
    expect(taken(again, sha(5))).toEqual([sha(4), sha(5)]);
    expect(again.commit(sha(4))).toEqual({ sha: sha(4), parents: [sha(3)] });
  });

  it("stops a walk at commits an earlier walk reached, and says where", () => {
    const graph = CommitGraph.fromTable({ repo: "acme/api", commits: commitTableOf(linear(1, 6)) });
    const reached = graph.newReached();
    expect(taken(graph, sha(3), reached)).toEqual([sha(1), sha(2), sha(3)]);
    const boundaries: string[] = [];
    const ids = new CommitIdList();
    graph.takeNew(graph.idOf(sha(6))!, reached, (id) => boundaries.push(graph.shaAt(id)), ids);
    expect(Array.from({ length: ids.length }, (_, index) => graph.shaAt(ids.at(index)))).toEqual([sha(4), sha(5), sha(6)]);
    expect(boundaries).toEqual([sha(3)]);
  });

  it("resolves a short SHA by prefix, case-insensitively, and keeps SHAs that are not hex apart", () => {
    const graph = new CommitGraph("acme/api");
    graph.add({ sha: "abcdef1" + "0".repeat(33), parents: [] });
    graph.add({ sha: "merge-1", parents: ["abcdef1" + "0".repeat(33)] });
    expect(graph.resolve("ABCDEF1")).toBe("abcdef1" + "0".repeat(33));
    expect(graph.resolve("1234567")).toBeUndefined();
    expect(taken(graph, "merge-1")).toEqual(["abcdef1" + "0".repeat(33), "merge-1"]);
    // The cache keeps full SHAs only: the odd commit is left out of its table.
    expect(graph.toTable().commits.length).toBe(1);
  });
});
