import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { CHUNK_SIZE } from "../../src/render/chunks.js";
import { jsonPieces, type JsonShape } from "../../src/render/json-chunks.js";
import { jsonChunks, renderJson } from "../../src/render/json.js";
import { largeReport } from "./large-report.js";

const streamed = (value: unknown, shape?: JsonShape) => [...jsonPieces(value, shape)].join("");
const stringified = (value: unknown) => JSON.stringify(value, null, 2);

/** The awkward values JSON.stringify has rules for. */
const EDGE_VALUES = {
  text: "héllo 𝄞 日本 \u2028\u2029 \ud800 lone \udfff \"quoted\" back\\slash",
  controls: "\u0000\u0001\u0007\b\f\n\r\t\u001b[31m\u007f",
  negativeZero: -0,
  large: 1e21,
  small: 5e-324,
  unsafe: Number.MAX_SAFE_INTEGER + 2,
  fraction: 0.1 + 0.2,
  notFinite: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  nothing: null,
  emptyArray: [],
  emptyObject: {},
  nestedEmpty: { a: [], b: {}, c: [[], [{}]] },
  skipped: { before: 1, missing: undefined, fn: () => 1, after: 2 },
  holes: [undefined, () => 1, 3],
  date: new Date(Date.UTC(2026, 10, 27, 14, 0, 0)),
  "10": "integer-like keys come first in any object",
  "2": "in ascending order",
  "key \"with\" \n escapes": true,
};

describe("jsonPieces writes what JSON.stringify(value, null, 2) writes", () => {
  it("for small values, in one native call", () => {
    expect(streamed(EDGE_VALUES)).toBe(stringified(EDGE_VALUES));
    for (const value of [null, 0, -0, "", [], {}, [[]], { a: {} }, "\u2028", 1e300]) expect(streamed(value)).toBe(stringified(value));
  });

  it("for large containers, walked member by member at every depth", () => {
    // 300 copies are over the small-subtree limit at the top and inside the nested map.
    const many = Array.from({ length: 300 }, () => EDGE_VALUES);
    const value = { list: many, map: Object.fromEntries(many.map((edge, index) => [`k${index}`, { edge, deeper: many.slice(0, 5) }])), holes: [...many, undefined, () => 1], tail: -0 };
    const pieces = [...jsonPieces(value)];
    expect(pieces.length).toBeGreaterThan(600);
    expect(pieces.join("")).toBe(stringified(value));
    // A large object whose members are all skipped is "{}", as JSON.stringify has it.
    const skippedOnly = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`u${index}`, undefined]));
    expect(streamed({ skippedOnly })).toBe(stringified({ skippedOnly }));
  });

  it("stringifies a value of a `small` shape at once, at any depth, with the same text", () => {
    // 300 members are over the small-subtree limit: without `small` they would be walked.
    const set = { b: Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`k${index}`, index / 7])), a: EDGE_VALUES };
    const shape: JsonShape = { keys: ["a", "b"], small: true };
    expect([...jsonPieces(set, shape)]).toEqual([stringified({ a: EDGE_VALUES, b: set.b })]);
    // Three levels down (inside a walked array inside a walked map), indented as JSON.stringify indents it.
    const deep = { map: Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`s${index}`, [set]])) };
    const expected = { map: Object.fromEntries(Object.keys(deep.map).map((key) => [key, [{ a: EDGE_VALUES, b: set.b }]])) };
    expect(streamed(deep, { keys: ["map"], children: { map: { values: { each: shape } } } })).toBe(stringified(expected));
  });

  it("puts the shape's keys first, then the others as they came, at any size", () => {
    const row = { c: 3, extra: "kept", a: 1, b: { z: 1, y: 2 } };
    const shape: JsonShape = { each: { keys: ["a", "b", "c"], children: { b: { keys: ["y", "z"] } } } };
    const expected = { a: 1, b: { y: 2, z: 1 }, c: 3, extra: "kept" };
    expect(streamed([row], shape)).toBe(stringified([expected]));
    expect(streamed(Array(300).fill(row), shape)).toBe(stringified(Array(300).fill(expected)));
  });
});

describe("jsonChunks", () => {
  it("writes the demo's report (--bucket day) exactly as JSON.stringify does", () => {
    // The recorded demo output: its keys are already in the contract's order.
    const text = readFileSync(new URL("../cli/__golden__/byte-identical/report-json-bucket-day.json", import.meta.url), "utf8");
    const report = JSON.parse(text) as Report;
    expect(`${stringified(report)}\n`).toBe(text);
    expect(renderJson(report)).toBe(text);
  });

  it("writes a large report in chunks of about 64 KiB, never as one string", () => {
    // 200 services × 90 days: 18,000 bucket slots, ~25 MB of JSON (the largest string would be 1 GiB in UTF-16).
    const report = largeReport(200, 90);
    let count = 0;
    let longest = 0;
    let total = 0;
    const parts: string[] = [];
    for (const chunk of jsonChunks(report)) {
      count++;
      longest = Math.max(longest, chunk.length);
      total += chunk.length;
      parts.push(chunk);
    }
    // Each chunk is the 64 KiB target plus at most one small subtree (a MetricSet is ~1.3 KB).
    expect(longest).toBeLessThanOrEqual(CHUNK_SIZE + 16 * 1024);
    expect(count).toBeGreaterThanOrEqual(Math.floor(total / (CHUNK_SIZE + 16 * 1024)));
    expect(total).toBeGreaterThan(20_000_000);
    expect(parts.join("")).toBe(`${stringified(report)}\n`);
  });
});
