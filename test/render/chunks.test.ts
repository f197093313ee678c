import { describe, expect, it } from "vitest";
import { CHUNK_SIZE, inChunks, joined } from "../../src/render/chunks.js";
import { FORMATS, renderReportChunks } from "../../src/render/index.js";
import type { RenderOptions } from "../../src/render/types.js";
import { largeReport } from "./large-report.js";

describe("inChunks", () => {
  it("joins pieces into chunks of at least the size, skipping empty pieces, the rest last", () => {
    expect([...inChunks(["ab", "", "cd", "e", "fgh", "i"], 4)]).toEqual(["abcd", "efgh", "i"]);
    expect([...inChunks(["", ""], 4)]).toEqual([]);
  });

  it("joined puts the separator between parts as Array.join does, a part being a string or pieces", () => {
    expect([...joined(["a", ["b", "c"], "", "d"], "\n")].join("")).toBe(["a", "bc", "", "d"].join("\n"));
  });
});

describe("every format streams a large report", () => {
  // 1,000 services × 20 days with --bucket day: the CSV summary and JSON carry every slot; the
  // others a row per service or per period.
  const report = largeReport(1_000, 20);
  const options: RenderOptions = { csvTable: "summary", color: false, timezone: "UTC", bucket: "day" };

  for (const format of FORMATS) {
    it(`${format}: in chunks of about ${CHUNK_SIZE / 1024} KiB`, () => {
      const chunks = [...renderReportChunks(format, report, options)];
      const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      // The terminal table's sections are whole tables (cli-table3 sizes columns over all rows): one per piece.
      const piece = format === "table" ? 2 * CHUNK_SIZE : 32 * 1024;
      expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(CHUNK_SIZE + piece);
      // All but the last reach the target.
      expect(chunks.slice(0, -1).every((chunk) => chunk.length >= CHUNK_SIZE)).toBe(true);
      expect(chunks.length).toBeGreaterThanOrEqual(Math.floor(total / (CHUNK_SIZE + piece)));
      expect(total).toBeGreaterThan(CHUNK_SIZE);
    });
  }
});
