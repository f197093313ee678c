import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./source-files.js";
import { WARNING_CATALOG, WARNING_CODES } from "../../src/model/warning-catalog.js";

// `Warning.code` is typed by the catalog, so an unknown literal does not compile; this scan also
// catches codes built at run time (`${INCOMPLETE_WARNING_PREFIX}…`) and catalog rows nothing emits.

function emittedCodes(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles("src")) {
    if (file.endsWith("warning-catalog.ts")) continue;
    const text = readFileSync(file, "utf8");
    const codes = [
      ...[...text.matchAll(/\bcode: "([a-z]+(?:-[a-z]+)+)"/g)].map((match) => match[1]!),
      ...[...text.matchAll(/\$\{INCOMPLETE_WARNING_PREFIX\}([a-z]+)`/g)].map((match) => `incomplete-${match[1]!}`),
    ];
    for (const code of codes) found.set(code, [...(found.get(code) ?? []), file]);
  }
  return found;
}

describe("warning catalog", () => {
  const emitted = emittedCodes();

  it("lists every code emitted in src", () => {
    const unknown = [...emitted.keys()].filter((code) => !(WARNING_CODES as string[]).includes(code));
    expect(unknown).toEqual([]);
  });

  it("lists no code that nothing emits", () => {
    expect(WARNING_CODES.filter((code) => !emitted.has(code))).toEqual([]);
    // The scan itself finds codes of every kind (a literal and a gap built from the prefix).
    expect(emitted.get("first-deployment")).toBeDefined();
    expect(emitted.get("incomplete-changes")).toBeDefined();
  });

  it("has one row per code, kebab-case, each with a meaning and an action", () => {
    expect(new Set(WARNING_CODES).size).toBe(WARNING_CATALOG.length);
    for (const entry of WARNING_CATALOG) {
      expect(entry.code).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(entry.meaning.length).toBeGreaterThan(20);
      expect(entry.action.length).toBeGreaterThan(20);
    }
  });
});
