type TypedArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** A larger typed array of the same kind holding `array`'s values first (the columns of a year grow by doubling). */
export function grown<T extends TypedArray>(array: T, size: number): T {
  const larger = new (array.constructor as new (size: number) => T)(size);
  larger.set(array);
  return larger;
}
