import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./source-files.js";

// The dependency rules of .dependency-cruiser.cjs (no cycles, model and metrics import nothing above
// them, util is a leaf, config below sources, tests do not import tools/), checked on every
// `npm test`, plus what dependency-cruiser cannot see: only src/cli prints or exits.

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/**
 * Violations that exist today, each to be fixed by the redesign (issue 15) in the named area.
 * THE LEAD EMPTIES THIS LIST: remove an entry once its fix is merged; a new violation is never added here.
 */
const knownViolations: Array<{ rule: string; from: RegExp; to: RegExp; fix: string }> = [
  // redact → src/util, returned with the credentials (emulator helper).
  { rule: "config-is-below-sources", from: /^src\/config\/environment\.ts$/, to: /^src\/sources\/http\/redact\.ts$/, fix: "emulator" },
  // format.ts holds the renderers' shared types and the registry importing every renderer: types.ts + index.ts (render helper).
  { rule: "no-circular", from: /^src\/(report|render)\/(format|csv|html|json|markdown|table)\.ts$/, to: /^src\/(report|render)\/(format|csv|html|json|markdown|table)\.ts$/, fix: "render" },
  { rule: "no-circular", from: /^src\/(report|render)\/html(-evidence)?\.ts$/, to: /^src\/(report|render)\/html(-evidence)?\.ts$/, fix: "render" },
  // Commands own their logic in cli/commands/<cmd>/, absorbing onboarding/ (lead).
  { rule: "no-circular", from: /^src\/onboarding\/(doctor|incident-source-checks)\.ts$/, to: /^src\/onboarding\/(doctor|incident-source-checks)\.ts$/, fix: "lead" },
  { rule: "no-circular", from: /^src\/cli\/commands\/report(-run)?\.ts$/, to: /^src\/cli\/commands\/report(-run)?\.ts$/, fix: "lead" },
  // The bench's generators moved to test/support (tests import them; tools import test/support), but
  // the recorded year builds the APIs' documents with the demo's builders in tools/demo: those
  // builders belong where tests may import them (lead).
  { rule: "tests-do-not-import-tools", from: /^test\/support\/recorded-year\.ts$/, to: /^tools\/demo\/(documents|prng|services-yaml|timeline)\.ts$/, fix: "lead" },
];

const isKnown = (violation: Violation) =>
  knownViolations.some((known) => known.rule === violation.rule.name && known.from.test(violation.from) && known.to.test(violation.to));

function cruise(): Violation[] {
  const run = spawnSync(
    process.execPath,
    ["node_modules/dependency-cruiser/bin/dependency-cruise.mjs", "src", "test", "tools", "--config", ".dependency-cruiser.cjs", "--output-type", "json"],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  expect(run.stdout, run.stderr).toMatch(/^\{/);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}


describe("dependency rules", () => {
  it("holds every rule of .dependency-cruiser.cjs (apart from the known violations being fixed)", () => {
    const violations = cruise();
    const shown = violations.filter((violation) => !isKnown(violation)).map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
    expect(shown).toEqual([]);
  }, 120_000);

  it("lets only src/cli write to stdout/stderr or exit", () => {
    const printing = /\bconsole\.|\bprocess\.(stdout|stderr|exit)\b/;
    const offenders = sourceFiles("src")
      .filter((file) => !file.startsWith(join("src", "cli")))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, index) => ({ line: line.replace(/\/\/.*$/, ""), where: `${file}:${index + 1}` }))
          .filter(({ line }) => printing.test(line) && !/^\s*\*/.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
