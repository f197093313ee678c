import { describe, expect, it } from "vitest";
import { CommitTableBuilder, commitOfTable, commitTableOf, graphRecordOf, graphTableOf, parentShaOf } from "../../src/model/commit-table.js";
import { readSha, writeSha } from "../../src/model/sha.js";
import { ShaIndex } from "../../src/model/sha-index.js";

// Commits as columns (src/model/commit-table.ts): what goes in as Commit objects comes back the same.

const sha = (n: number) => n.toString(16).padStart(40, "0");

describe("binary SHAs", () => {
  it("writes 40 hex digits as 20 bytes and reads them back lower-case", () => {
    const bytes = new Uint8Array(20);
    expect(writeSha("ABCDEF0123456789abcdef0123456789ABCDEF01", bytes, 0)).toBe(true);
    // 0xab, 0xcd, … : the first and the last byte.
    expect([bytes[0], bytes[19]]).toEqual([0xab, 0x01]);
    expect(readSha(bytes, 0)).toBe("abcdef0123456789abcdef0123456789abcdef01");
  });

  it("refuses a short SHA and a non-hex one", () => {
    const bytes = new Uint8Array(20);
    expect(writeSha("deadbee", bytes, 0)).toBe(false);
    expect(writeSha("g".repeat(40), bytes, 0)).toBe(false);
  });

  it("indexes rows by SHA, growing past its first size, and finds a repeated SHA's first row", () => {
    const count = 1000;
    const shas = new Uint8Array(count * 20);
    for (let row = 0; row < count; row++) writeSha(sha(row), shas, row * 20);
    const index = new ShaIndex(4);
    for (let row = 0; row < count; row++) expect(index.insertNew(shas, row)).toBe(-1);
    const probe = new Uint8Array(20);
    writeSha(sha(777), probe, 0);
    expect(index.find(shas, probe, 0)).toBe(777);
    writeSha(sha(5000), probe, 0);
    expect(index.find(shas, probe, 0)).toBe(-1);
    // Row 3's SHA again as row 999: insertNew answers 3 and leaves the index as it was.
    shas.copyWithin(999 * 20, 3 * 20, 4 * 20);
    expect(index.insertNew(shas, 999)).toBe(3);
  });
});

describe("commit table", () => {
  it("resolves parents to rows, in any order, and keeps the others as outside SHAs", () => {
    // Row 0 (sha 3) has parent sha 2, listed after it; row 1 (sha 2) has parent sha 1, which is not in the table.
    const builder = new CommitTableBuilder(1);
    builder.push(sha(3), Date.parse("2024-01-03T00:00:00Z"), NaN, [sha(2)]);
    builder.push(sha(2), Date.parse("2024-01-02T00:00:00Z"), Date.parse("2024-01-02T01:00:00Z"), [sha(1)]);
    const table = builder.build();
    expect(table.length).toBe(2);
    expect([...table.parentStart]).toEqual([0, 1, 2]);
    expect([...table.parentRows]).toEqual([1, -1]);
    expect(parentShaOf(table, 1)).toBe(sha(1));
    expect(commitOfTable(table, 0)).toEqual({ sha: sha(3), authoredAt: "2024-01-03T00:00:00.000Z", parents: [sha(2)] });
    expect(commitOfTable(table, 1)).toEqual({ sha: sha(2), authoredAt: "2024-01-02T00:00:00.000Z", committedAt: "2024-01-02T01:00:00.000Z", parents: [sha(1)] });
  });

  it("gives back the commits it was made of (instants as Date#toISOString, merge commits included)", () => {
    const commits = [
      { sha: sha(1), authoredAt: "2024-01-01T00:00:00.000Z", committedAt: "2024-01-01T00:00:00.000Z", parents: [] },
      { sha: sha(2), authoredAt: "2024-01-02T00:00:00.000Z", committedAt: "2024-01-02T00:00:00.000Z", parents: [sha(1)] },
      { sha: sha(3), committedAt: "2024-01-03T00:00:00.000Z", parents: [sha(1), sha(2)] },
    ];
    const table = commitTableOf(commits);
    expect(Array.from({ length: table.length }, (_, row) => commitOfTable(table, row))).toEqual(commits);
  });

  it("refuses a commit SHA that is not 40 hex digits, naming it", () => {
    expect(() => commitTableOf([{ sha: "deadbee", parents: [] }])).toThrow('not a full commit SHA: "deadbee"');
  });

  it("a cached graph keeps full SHAs only, and comes back the same", () => {
    const record = {
      repo: "acme/api",
      root: sha(1),
      commits: [
        { sha: sha(1), authoredAt: "2024-01-01T00:00:00.000Z", parents: [] },
        { sha: "abc1234", parents: [sha(1)] },
        { sha: sha(2), authoredAt: "2024-01-02T00:00:00.000Z", parents: [sha(1)] },
      ],
      unreachable: [sha(9)],
    };
    const table = graphTableOf(record);
    expect(table.commits.length).toBe(2);
    expect(graphRecordOf(table)).toEqual({ ...record, commits: [record.commits[0], record.commits[2]] });
  });
});
