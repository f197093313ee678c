import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseInstant } from "../../src/model/instant.js";

describe("parseInstant", () => {
  it("reads every canonical instant as Date.parse does", () => {
    // Any instant from year 0 to 9999, with and without milliseconds.
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), fc.boolean(), (ms, withMillis) => {
        const iso = new Date(ms).toISOString();
        const text = withMillis ? iso : iso.replace(/\.\d{3}Z$/, "Z");
        expect(parseInstant(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees with Date.parse on invalid and non-canonical text", () => {
    for (const text of ["2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-04-31T10:00:00.000Z", "2025-01-01T24:00:00Z", "2025-01-01T10:00:00+02:00", "2025-01-0xT10:00:00Z", "", "yesterday"]) {
      expect(Number.isNaN(parseInstant(text)) ? NaN : parseInstant(text)).toBe(Date.parse(text));
    }
  });
});
