import type { Commit, CommitGraphRecord } from "./commit.js";
import { parseInstant } from "./instant.js";

// Commits as columns. A year of a large organisation is millions of commits; as objects (a 40-char
// SHA, two ISO strings and a parents array each, ≈ 230 bytes) they were most of the memory and of
// the collector's time. Here a commit is its 20-byte SHA, two epoch-ms instants and its parents'
// SHAs, in typed arrays the collector never walks. ISO strings and Commit objects exist only at the
// edges (the cache file, the rows of a report). No library packs SHAs this way, hence this file.

/** Bytes of a binary SHA-1 (GitHub's commit ids: 40 hex digits). */
export const SHA_BYTES = 20;

/** Commits as columns; immutable once made. */
export interface CommitTable {
  readonly length: number;
  /** The SHA of commit i: bytes [20 i, 20 i + 20). */
  readonly shas: Uint8Array;
  /** Epoch ms of commit.author.date; NaN when GitHub gave none. */
  readonly authoredMs: Float64Array;
  /** Epoch ms of commit.committer.date; NaN when GitHub gave none. */
  readonly committedMs: Float64Array;
  /** Commit i's parents are the SHAs k of parentShas for k in [parentStart[i], parentStart[i + 1]). */
  readonly parentStart: Int32Array;
  readonly parentShas: Uint8Array;
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

const FULL_SHA = /^[0-9a-fA-F]{40}$/;

/** Whether a SHA is a full 40-hex SHA-1 (the only kind a table holds). */
export function isFullSha(sha: string): boolean {
  return sha.length === 40 && FULL_SHA.test(sha);
}

/** Writes a full 40-hex SHA as 20 bytes at `offset`; false (nothing written) when it is not one. */
export function writeSha(sha: string, bytes: Uint8Array, offset: number): boolean {
  if (sha.length !== 40) return false;
  for (let i = 0; i < SHA_BYTES; i++) {
    const high = nibble(sha.charCodeAt(2 * i));
    const low = nibble(sha.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return false;
    bytes[offset + i] = (high << 4) | low;
  }
  return true;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** The lower-case 40-hex SHA of the 20 bytes at `offset`. */
export function readSha(bytes: Uint8Array, offset: number): string {
  let sha = "";
  for (let i = 0; i < SHA_BYTES; i++) sha += HEX_PAIRS[bytes[offset + i]!]!;
  return sha;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Appends commits to growing columns; `build()` hands them over at their exact length. */
export class CommitTableBuilder {
  private count = 0;
  private edges = 0;
  private shas: Uint8Array;
  private authoredMs: Float64Array;
  private committedMs: Float64Array;
  private parentStart: Int32Array;
  private parentShas: Uint8Array;

  /** `expected`: commits (and parents) to make room for at once. */
  constructor(expected = 16, expectedParents = expected) {
    const size = Math.max(1, expected);
    this.shas = new Uint8Array(size * SHA_BYTES);
    this.authoredMs = new Float64Array(size);
    this.committedMs = new Float64Array(size);
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
    this.authoredMs[this.count] = authoredMs;
    this.committedMs[this.count] = committedMs;
    for (const parent of parents) {
      if (!writeSha(parent, this.parentShas, this.edges * SHA_BYTES)) throw new Error(`not a full parent SHA of ${sha}: ${JSON.stringify(parent)}`);
      this.edges++;
    }
    this.count++;
    this.parentStart[this.count] = this.edges;
  }

  /** Adds a commit from SHA bytes already packed (`parents`: SHAs of `parentBytes`, 20 bytes each). */
  pushBytes(shaBytes: Uint8Array, shaOffset: number, authoredMs: number, committedMs: number, parentBytes: Uint8Array, parentOffset: number, parents: number): void {
    this.reserve(this.count + 1, this.edges + parents);
    this.shas.set(shaBytes.subarray(shaOffset, shaOffset + SHA_BYTES), this.count * SHA_BYTES);
    this.authoredMs[this.count] = authoredMs;
    this.committedMs[this.count] = committedMs;
    this.parentShas.set(parentBytes.subarray(parentOffset, parentOffset + parents * SHA_BYTES), this.edges * SHA_BYTES);
    this.edges += parents;
    this.count++;
    this.parentStart[this.count] = this.edges;
  }

  build(): CommitTable {
    return {
      length: this.count,
      shas: exact(this.shas, this.count * SHA_BYTES),
      authoredMs: exact(this.authoredMs, this.count),
      committedMs: exact(this.committedMs, this.count),
      parentStart: exact(this.parentStart, this.count + 1),
      parentShas: exact(this.parentShas, this.edges * SHA_BYTES),
    };
  }

  private reserve(commits: number, edges: number): void {
    if (commits > this.authoredMs.length) {
      const size = Math.max(commits, this.authoredMs.length * 2);
      this.shas = grown(this.shas, size * SHA_BYTES);
      this.authoredMs = grown(this.authoredMs, size);
      this.committedMs = grown(this.committedMs, size);
      this.parentStart = grown(this.parentStart, size + 1);
    }
    if (edges * SHA_BYTES > this.parentShas.length) this.parentShas = grown(this.parentShas, Math.max(edges * SHA_BYTES, this.parentShas.length * 2));
  }
}

type TypedArray = Uint8Array | Int32Array | Float64Array;

function grown<T extends TypedArray>(array: T, size: number): T {
  const larger = new (array.constructor as new (size: number) => T)(size);
  larger.set(array);
  return larger;
}

/** The array at exactly `size` (a copy only when it has spare room: a table must not pin a larger buffer). */
function exact<T extends TypedArray>(array: T, size: number): T {
  return (array.length === size ? array : array.slice(0, size)) as T;
}

const instantMs = (text: string | undefined) => (text === undefined ? NaN : parseInstant(text));
const isoOf = (ms: number) => (Number.isNaN(ms) ? undefined : new Date(ms).toISOString());

/** Commits (each with its parents and a full SHA) as a table. */
export function commitTableOf(commits: readonly Commit[]): CommitTable {
  const builder = new CommitTableBuilder(commits.length, commits.length);
  for (const commit of commits) builder.push(commit.sha, instantMs(commit.authoredAt), instantMs(commit.committedAt), commit.parents ?? []);
  return builder.build();
}

/** Commit i of a table as a Commit (the instants as Date#toISOString, as the sources normalize them). */
export function commitOfTable(table: CommitTable, i: number): Commit {
  const authoredAt = isoOf(table.authoredMs[i]!);
  const committedAt = isoOf(table.committedMs[i]!);
  const parents: string[] = [];
  for (let k = table.parentStart[i]!; k < table.parentStart[i + 1]!; k++) parents.push(readSha(table.parentShas, k * SHA_BYTES));
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
