// Epoch-ms instants as a column of 32-bit whole seconds from 2000-01-01 (1932–2068), half the
// memory of a Float64Array: a year of a large organisation holds millions of commit dates, and
// GitHub's are whole seconds. An instant that is not (a fraction of a second, outside those years)
// is kept aside, exactly.

const BASE_SECONDS = 946_684_800;
/** No instant (NaN). */
const NONE = -0x80000000;
/** Kept aside in `exact`. */
const ASIDE = -0x7fffffff;
const MIN = -0x7ffffffe;
const MAX = 0x7fffffff;

export class InstantColumn {
  private constructor(
    private seconds: Int32Array,
    private readonly exact: Map<number, number>,
  ) {}

  static ofLength(length: number): InstantColumn {
    return new InstantColumn(new Int32Array(length), new Map());
  }

  /** Room for this many instants. */
  get capacity(): number {
    return this.seconds.length;
  }

  /** Epoch ms of entry i; NaN when it has none. */
  get(i: number): number {
    const value = this.seconds[i]!;
    if (value > ASIDE) return (value + BASE_SECONDS) * 1000;
    return value === NONE ? NaN : this.exact.get(i)!;
  }

  set(i: number, ms: number): void {
    this.exact.delete(i);
    if (Number.isNaN(ms)) {
      this.seconds[i] = NONE;
      return;
    }
    const seconds = ms / 1000 - BASE_SECONDS;
    if (Number.isInteger(seconds) && seconds >= MIN && seconds <= MAX) this.seconds[i] = seconds;
    else {
      this.seconds[i] = ASIDE;
      this.exact.set(i, ms);
    }
  }

  /** A copy with room for `capacity` entries (the first `length` kept). */
  resized(capacity: number, length = Math.min(capacity, this.seconds.length)): InstantColumn {
    const seconds = new Int32Array(capacity);
    seconds.set(this.seconds.subarray(0, length));
    const exact = new Map([...this.exact].filter(([i]) => i < length));
    return new InstantColumn(seconds, exact);
  }

  /** Bytes it holds: 4 an instant, 16 more for each kept aside. */
  get byteLength(): number {
    return this.seconds.byteLength + this.exact.size * 16;
  }
}
