type TypedArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** A larger typed array of the same kind holding `array`'s values first (the columns of a year grow by doubling). */
export function grown<T extends TypedArray>(array: T, size: number): T {
  const larger = new (array.constructor as new (size: number) => T)(size);
  larger.set(array);
  return larger;
}

/** A column of doubles: a typed array, or an array of unboxed doubles on the JS heap (see `doubles`). */
export type Doubles = Float64Array | number[];

/**
 * Columns of doubles up to this many live on the JS heap; larger ones are typed arrays (the heap's
 * limit can be a few hundred MB in a small container, external memory is not bound by it).
 */
const HEAP_DOUBLES_MAX = 1 << 23;

/**
 * A column of `length` doubles, NaN until written. An analysis's large columns (a fact's instant, a
 * scope's lead times: 8 MB and 40 MB for a year of a large organisation) are arrays of unboxed
 * doubles on the JS heap, not typed arrays: V8 counts typed arrays as external memory, and 64 MB
 * of it since its last full collection makes it mark the whole heap at once, a million deployments
 * in it (half a second, more than the analysis's columns cost to fill).
 */
export function doubles(length: number): Doubles {
  if (length > HEAP_DOUBLES_MAX) return new Float64Array(length).fill(NaN);
  // Made from an array of one double, the elements are unboxed doubles from the start; `new
  // Array(length)` would make a column of holes first and convert it (twice the time).
  const column = [0.5];
  column.length = length;
  return column.fill(NaN);
}

/** A larger column of the same kind holding `column`'s values first. */
export function grownDoubles(column: Doubles, size: number): Doubles {
  if (column instanceof Float64Array) return grown(column, size);
  const larger = doubles(size);
  for (let i = 0; i < column.length; i++) larger[i] = column[i]!;
  return larger;
}

/** The first `length` values of a column (a view of a typed array; an array cut to that length). */
export function doublesPrefix(column: Doubles, length: number): Doubles {
  if (column instanceof Float64Array) return column.subarray(0, length);
  column.length = length;
  return column;
}
