import { describe, expect, it } from "vitest";
import { InstantColumn } from "../../src/model/instant-column.js";

// Commit dates as 32-bit seconds (src/model/instant-column.ts): every instant comes back exactly.

describe("instant column", () => {
  it("gives back whole seconds, fractions, far years and none, exactly", () => {
    const instants = [
      Date.parse("2024-01-02T03:04:05Z"),
      Date.parse("2024-01-02T03:04:05.678Z"), // a fraction: kept aside
      Date.parse("1900-01-01T00:00:00Z"), // before 1932: kept aside
      Date.parse("2100-01-01T00:00:00Z"), // after 2068: kept aside
      Date.parse("1970-01-01T00:00:00Z"),
      NaN,
    ];
    const column = InstantColumn.ofLength(instants.length);
    instants.forEach((ms, i) => column.set(i, ms));
    expect(instants.map((_, i) => column.get(i))).toEqual(instants);
    // 4 bytes each, and 16 for each of the three kept aside.
    expect(column.byteLength).toBe(6 * 4 + 3 * 16);
  });

  it("keeps its first entries when resized, and forgets one overwritten", () => {
    const column = InstantColumn.ofLength(2);
    column.set(0, 1.5);
    column.set(1, 1000);
    const larger = column.resized(4, 2);
    larger.set(2, 2000);
    expect([larger.get(0), larger.get(1), larger.get(2)]).toEqual([1.5, 1000, 2000]);
    larger.set(0, 3000);
    expect([larger.get(0), larger.byteLength]).toEqual([3000, 4 * 4]);
    // The original is untouched.
    expect(column.get(0)).toBe(1.5);
  });
});
