import { grown } from "../util/typed-arrays.js";

/** A growing list of integer ids (commit ids of a graph) in one typed array: no boxed number per entry. */
export class CommitIdList {
  private ids: Int32Array;
  private count = 0;

  constructor(capacity = 64) {
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.count;
  }

  push(id: number): void {
    if (this.count === this.ids.length) this.ids = grown(this.ids, this.ids.length * 2);
    this.ids[this.count++] = id;
  }

  at(index: number): number {
    return this.ids[index]!;
  }

  /** Room for this many ids before the next growth. */
  get capacity(): number {
    return this.ids.length;
  }

  /** Drops the spare room (a list that is done growing). */
  trim(): void {
    if (this.ids.length > this.count) this.ids = this.ids.slice(0, this.count);
  }
}
