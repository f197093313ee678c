import { mkdtempSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createCommitGraphStore, mergeGraphRecords } from "../../../src/sources/cache/commit-graph-store.js";
import type { CommitGraphRecord } from "../../../src/model/commit.js";
import { graphRecordOf, graphTableOf } from "../../../src/model/commit-table.js";

const sha = (n: number) => n.toString(16).padStart(40, "0");
const chain = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => ({ sha: sha(from + index), parents: from + index === 1 ? [] : [sha(from + index - 1)] }));

describe("commit graph store", () => {
  it("keeps a graph per GitHub URL and repository, full SHAs only", async () => {
    const dir = mkdtempSync("/tmp/dora-graph-store-");
    const github = createCommitGraphStore(dir, "https://api.github.com");
    const enterprise = createCommitGraphStore(dir, "https://ghe.example.com/api/v3");
    const record: CommitGraphRecord = { repo: "acme/api", root: sha(1), commits: chain(1, 3), unreachable: [sha(99), "deadbee"] };
    await github.save([graphTableOf(record)]);
    // On disk and back: the same commits (as columns in memory), full SHAs only.
    expect((await github.load(["acme/api", "acme/web"])).map(graphRecordOf)).toEqual([{ ...record, unreachable: [sha(99)] }]);
    expect(await enterprise.load(["acme/api"])).toEqual([]);
  });

  it("merges two runs when one graph holds the other's root, else keeps the fresh one", () => {
    // Night 1: root 3, commits 3..6 (4 commits); an earlier window: root 1, commits 1..4.
    const later: CommitGraphRecord = { repo: "acme/api", root: sha(3), commits: chain(3, 6), belowRoot: [sha(2)] };
    const earlier: CommitGraphRecord = { repo: "acme/api", root: sha(1), commits: chain(1, 4) };
    const merged = mergeGraphRecords(later, earlier);
    // The earlier graph holds root 3: the union 1..6 with root 1; 2 is no longer below the root.
    expect(merged.root).toBe(sha(1));
    expect(merged.commits.map((commit) => commit.sha).sort()).toEqual(chain(1, 6).map((commit) => commit.sha));
    expect(merged.belowRoot).toBeUndefined();
    const unrelated: CommitGraphRecord = { repo: "acme/api", root: sha(20), commits: chain(20, 21) };
    expect(mergeGraphRecords(later, unrelated)).toBe(unrelated);
  });
});
