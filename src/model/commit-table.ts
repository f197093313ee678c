import type { Commit, CommitGraphRecord } from "./commit.js";
import { parseInstant } from "./instant.js";
import { isFullSha, readSha, SHA_BYTES, writeSha } from "./sha.js";
import { ShaIndex } from "./sha-index.js";
import { InstantColumn } from "./instant-column.js";
import { grown } from "../util/typed-arrays.js";

// Commits as columns. A year of a large organisation is millions of commits; as objects (a 40-char
// SHA, two ISO strings and a parents array each, ≈ 230 bytes) they were most of the memory and of
// the collector's time. Here a commit is a row: its 20-byte SHA, two epoch-ms instants and its
// parents' rows, in typed arrays the collector never walks. ISO strings and Commit objects exist
// only at the edges (the cache file, the rows of a report).

/** Commits as columns; immutable once made. */
export interface CommitTable {
  readonly length: number;
  /** The SHA of row i: bytes [20 i, 20 i + 20). */
  readonly shas: Uint8Array;
  /** commit.author.date (epoch ms; NaN when GitHub gave none). */
  readonly authored: InstantColumn;
  /** commit.committer.date (epoch ms; NaN when GitHub gave none). */
  readonly committed: InstantColumn;
  /** Row i's parents are entries [parentStart[i], parentStart[i + 1]) of parentRows. */
  readonly parentStart: Int32Array;
  /** A parent's row, or −1 − k for a parent the table does not hold: the k-th SHA of outsideShas. */
  readonly parentRows: Int32Array;
  readonly outsideShas: Uint8Array;
  /** Row by SHA (a SHA listed twice: its first row), made with the table: the graph adopts it. */
  readonly index: ShaIndex;
}

/** A repository's commit graph as the metrics read it (see metrics/commit-graph.ts); the cache keeps it as a CommitGraphRecord. */
export interface CommitGraphTable {
  repo: string;
  /** Every graph commit's parents are in the graph or ancestors of this SHA. */
  root?: string;
  commits: CommitTable;
  belowRoot?: string[];
  unreachable?: string[];
}

/** Appends commits (parents named by SHA) to growing columns; `build()` resolves the parents to rows. */
export class CommitTableBuilder {
  private count = 0;
  private edges = 0;
  private shas: Uint8Array;
  private authored: InstantColumn;
  private committed: InstantColumn;
  private parentStart: Int32Array;
  private parentShas: Uint8Array;

  /** `expected`: commits (and parents) to make room for at once. */
  constructor(expected = 16, expectedParents = expected) {
    const size = Math.max(1, expected);
    this.shas = new Uint8Array(size * SHA_BYTES);
    this.authored = InstantColumn.ofLength(size);
    this.committed = InstantColumn.ofLength(size);
    this.parentStart = new Int32Array(size + 1);
    this.parentShas = new Uint8Array(Math.max(1, expectedParents) * SHA_BYTES);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a commit; throws when a SHA is not a full 40-hex SHA (GitHub's are). */
  push(sha: string, authoredMs: number, committedMs: number, parents: readonly string[]): void {
    this.reserve(this.count + 1, this.edges + parents.length);
    if (!writeSha(sha, this.shas, this.count * SHA_BYTES)) throw new Error(`not a full commit SHA: ${JSON.stringify(sha)}`);
    this.authored.set(this.count, authoredMs);
    this.committed.set(this.count, committedMs);
    for (const parent of parents) {
      if (!writeSha(parent, this.parentShas, this.edges * SHA_BYTES)) throw new Error(`not a full parent SHA of ${sha}: ${JSON.stringify(parent)}`);
      this.edges++;
    }
    this.count++;
    this.parentStart[this.count] = this.edges;
  }

  /** Adds a commit from SHA bytes already packed (`parents` SHAs of 20 bytes each at `parentOffset` of `parentBytes`). */
  pushBytes(shaBytes: Uint8Array, shaOffset: number, authoredMs: number, committedMs: number, parentBytes: Uint8Array, parentOffset: number, parents: number): void {
    this.reserve(this.count + 1, this.edges + parents);
    this.shas.set(shaBytes.subarray(shaOffset, shaOffset + SHA_BYTES), this.count * SHA_BYTES);
    this.authored.set(this.count, authoredMs);
    this.committed.set(this.count, committedMs);
    this.parentShas.set(parentBytes.subarray(parentOffset, parentOffset + parents * SHA_BYTES), this.edges * SHA_BYTES);
    this.edges += parents;
    this.count++;
    this.parentStart[this.count] = this.edges;
  }

  build(): CommitTable {
    const shas = exact(this.shas, this.count * SHA_BYTES);
    const index = new ShaIndex(this.count);
    for (let row = 0; row < this.count; row++) index.insertNew(shas, row);
    const parentRows = new Int32Array(this.edges);
    let outside = 0;
    for (let k = 0; k < this.edges; k++) {
      const row = index.find(shas, this.parentShas, k * SHA_BYTES);
      parentRows[k] = row >= 0 ? row : -1 - outside++;
    }
    const outsideShas = new Uint8Array(outside * SHA_BYTES);
    for (let k = 0; k < this.edges; k++) {
      if (parentRows[k]! < 0) outsideShas.set(this.parentShas.subarray(k * SHA_BYTES, (k + 1) * SHA_BYTES), (-1 - parentRows[k]!) * SHA_BYTES);
    }
    return {
      length: this.count,
      shas,
      authored: this.authored.capacity === this.count ? this.authored : this.authored.resized(this.count),
      committed: this.committed.capacity === this.count ? this.committed : this.committed.resized(this.count),
      parentStart: exact(this.parentStart, this.count + 1),
      parentRows,
      outsideShas,
      index,
    };
  }

  private reserve(commits: number, edges: number): void {
    if (commits > this.authored.capacity) {
      const size = Math.max(commits, this.authored.capacity * 2);
      this.shas = grown(this.shas, size * SHA_BYTES);
      this.authored = this.authored.resized(size);
      this.committed = this.committed.resized(size);
      this.parentStart = grown(this.parentStart, size + 1);
    }
    if (edges * SHA_BYTES > this.parentShas.length) this.parentShas = grown(this.parentShas, Math.max(edges * SHA_BYTES, this.parentShas.length * 2));
  }
}

type TypedArray = Uint8Array | Int32Array;


/** The array at exactly `size` (a copy only when it has spare room: a table must not pin a larger buffer). */
function exact<T extends TypedArray>(array: T, size: number): T {
  return (array.length === size ? array : array.slice(0, size)) as T;
}

/** The SHA of parent entry k of a table. */
export function parentShaOf(table: CommitTable, k: number): string {
  const row = table.parentRows[k]!;
  return row >= 0 ? readSha(table.shas, row * SHA_BYTES) : readSha(table.outsideShas, (-1 - row) * SHA_BYTES);
}

const instantMs = (text: string | undefined) => (text === undefined ? NaN : parseInstant(text));
const isoOf = (ms: number) => (Number.isNaN(ms) ? undefined : new Date(ms).toISOString());

/** Commits (each with its parents and a full SHA) as a table. */
export function commitTableOf(commits: readonly Commit[]): CommitTable {
  const builder = new CommitTableBuilder(commits.length, commits.length);
  for (const commit of commits) builder.push(commit.sha, instantMs(commit.authoredAt), instantMs(commit.committedAt), commit.parents ?? []);
  return builder.build();
}

/** Row i of a table as a Commit (the instants as Date#toISOString, as the sources normalize them). */
export function commitOfTable(table: CommitTable, i: number): Commit {
  const authoredAt = isoOf(table.authored.get(i));
  const committedAt = isoOf(table.committed.get(i));
  const parents: string[] = [];
  for (let k = table.parentStart[i]!; k < table.parentStart[i + 1]!; k++) parents.push(parentShaOf(table, k));
  return {
    sha: readSha(table.shas, i * SHA_BYTES),
    ...(authoredAt === undefined ? {} : { authoredAt }),
    ...(committedAt === undefined ? {} : { committedAt }),
    parents,
  };
}

/** The cached form of a graph (one Commit per commit, full SHAs only) as the table the metrics read. */
export function graphTableOf(record: CommitGraphRecord): CommitGraphTable {
  const { commits, ...rest } = record;
  return { ...rest, commits: commitTableOf(commits.filter((commit) => isFullSha(commit.sha) && (commit.parents ?? []).every(isFullSha))) };
}

/** A graph table as its cached form. */
export function graphRecordOf(table: CommitGraphTable): CommitGraphRecord {
  const { commits, ...rest } = table;
  return { ...rest, commits: Array.from({ length: commits.length }, (_, i) => commitOfTable(commits, i)) };
}
