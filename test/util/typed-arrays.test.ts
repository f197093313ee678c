import { describe, expect, it } from "vitest";
import { doubles, doublesPrefix, grown, grownDoubles } from "../../src/util/typed-arrays.js";

describe("columns of doubles", () => {
  it("makes a column of NaN that holds any double written to it", () => {
    const column = doubles(4);
    expect(Array.from(column)).toEqual([NaN, NaN, NaN, NaN]);
    column[1] = 0.1 + 0.2;
    column[3] = -0;
    expect(column[1]).toBe(0.30000000000000004);
    expect(Object.is(column[3], -0)).toBe(true);
  });

  it("is a typed array past 2^23 values (the JS heap's limit is not an external column's)", () => {
    const large = doubles(2 ** 23 + 1);
    expect(large).toBeInstanceOf(Float64Array);
    expect(large[2 ** 23]).toBeNaN();
    expect(Array.isArray(doubles(2 ** 23))).toBe(true);
  });

  it("grows a column keeping its values first, and cuts one to a prefix", () => {
    const column = doubles(2);
    column[0] = 1.5;
    column[1] = 2.5;
    const larger = grownDoubles(column, 5);
    expect(Array.from(larger)).toEqual([1.5, 2.5, NaN, NaN, NaN]);
    expect(Array.from(doublesPrefix(larger, 1))).toEqual([1.5]);
    const typed = Float64Array.of(1, 2, 3);
    expect(Array.from(doublesPrefix(grownDoubles(typed, 4), 4))).toEqual([1, 2, 3, 0]);
    expect(Array.from(grown(Int32Array.of(7), 3))).toEqual([7, 0, 0]);
  });
});
