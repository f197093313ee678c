import { SHA_BYTES } from "./sha.js";

// An open-addressing hash table from binary SHAs (20 bytes in a caller's array) to their row ids:
// a Map<string, number> costs a string and an entry (~100 bytes) per commit, this 4–8 bytes. No
// library indexes byte ranges of a shared array, hence this file.

const EMPTY = 0;

/** Row ids by SHA, for SHAs held 20 bytes per row in an array the caller owns (and may replace when it grows). */
export class ShaIndex {
  /** id + 1 of the row whose SHA hashes there (0: empty). */
  private slots: Int32Array;
  private count = 0;

  /** `expected`: rows it will hold (sized at most ¾ full for them: a table of a known size does not grow). */
  constructor(expected = 8) {
    let size = 16;
    while (size * 3 < expected * 4) size *= 2;
    this.slots = new Int32Array(size);
  }

  /** Rows indexed. */
  get size(): number {
    return this.count;
  }

  /** A copy to grow (an index adopted from an immutable table is copied before its first insertion). */
  clone(): ShaIndex {
    const copy = new ShaIndex(0);
    copy.slots = this.slots.slice();
    copy.count = this.count;
    return copy;
  }

  /** The id of the row whose SHA equals the 20 bytes of `bytes` at `offset`, or −1 (`shas`: the rows' SHAs). */
  find(shas: Uint8Array, bytes: Uint8Array, offset: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(bytes, offset) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) return -1;
      if (sameSha(shas, (entry - 1) * SHA_BYTES, bytes, offset)) return entry - 1;
    }
  }

  /** Adds row `id` (its SHA must not be in the index yet). */
  insert(shas: Uint8Array, id: number): void {
    if ((this.count + 1) * 4 > this.slots.length * 3) this.rehash(shas, slotCountFor(this.count + 1));
    place(this.slots, hashOf(shas, id * SHA_BYTES), id + 1);
    this.count++;
  }

  /** Adds row `id` unless a row with the same SHA is there: then that row's id, else −1. */
  insertNew(shas: Uint8Array, id: number): number {
    if ((this.count + 1) * 4 > this.slots.length * 3) this.rehash(shas, slotCountFor(this.count + 1));
    const offset = id * SHA_BYTES;
    const mask = this.slots.length - 1;
    let slot = hashOf(shas, offset) & mask;
    for (; this.slots[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const other = this.slots[slot]! - 1;
      if (sameSha(shas, other * SHA_BYTES, shas, offset)) return other;
    }
    this.slots[slot] = id + 1;
    this.count++;
    return -1;
  }

  private rehash(shas: Uint8Array, size: number): void {
    const entries = this.slots;
    this.slots = new Int32Array(size);
    for (const entry of entries) if (entry !== EMPTY) place(this.slots, hashOf(shas, (entry - 1) * SHA_BYTES), entry);
  }
}

function place(slots: Int32Array, hash: number, entry: number): void {
  const mask = slots.length - 1;
  let slot = hash & mask;
  while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
  slots[slot] = entry;
}

/** Slots for n rows of a growing index: a power of two at most 60 % full (room to grow before the next rehash). */
function slotCountFor(n: number): number {
  let size = 16;
  while (size * 3 < n * 5) size *= 2;
  return size;
}

/** A hash of a SHA's 20 bytes (first, middle and last bytes mixed: hand-made SHAs share long runs of zeros). */
function hashOf(bytes: Uint8Array, offset: number): number {
  let h =
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) ^
    Math.imul(bytes[offset + 16]! | (bytes[offset + 17]! << 8) | (bytes[offset + 18]! << 16) | (bytes[offset + 19]! << 24), 0x9e3779b1) ^
    Math.imul(bytes[offset + 8]! | (bytes[offset + 9]! << 8), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function sameSha(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): boolean {
  for (let i = 0; i < SHA_BYTES; i++) if (a[aOffset + i] !== b[bOffset + i]) return false;
  return true;
}
