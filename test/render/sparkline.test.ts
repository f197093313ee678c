import { describe, expect, it } from "vitest";
import { sparkline } from "../../src/render/sparkline.js";

describe("sparkline", () => {
  it("scales from 0 to the maximum, a null is a space", () => {
    // max 4, index = round(v / 4 * 7): 0 → 0 ▁, 1 → 1.75 → 2 ▃, 2 → 3.5 → 4 ▅, 4 → 7 █
    expect(sparkline([0, 1, 2, null, 4])).toBe("▁▃▅ █");
  });

  it("keeps a zero baseline so a half-as-busy week looks half as tall", () => {
    // max 2: 1 → 3.5 → 4 ▅ (not ▁ as min-max scaling would draw it)
    expect(sparkline([2, 1, 2])).toBe("█▅█");
  });

  it("uses the minimum as baseline when values go negative", () => {
    // low -2, span 4: -2 → 0 ▁, 0 → 3.5 → 4 ▅, 2 → 7 █
    expect(sparkline([-2, 0, 2])).toBe("▁▅█");
  });

  it("draws constant series flat", () => {
    expect(sparkline([0, 0, 0])).toBe("▁▁▁");
    expect(sparkline([3, 3])).toBe("██");
  });

  it("handles empty and all-null input", () => {
    expect(sparkline([])).toBe("");
    expect(sparkline([null, null])).toBe("  ");
  });
});
