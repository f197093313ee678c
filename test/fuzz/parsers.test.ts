import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import YAML from "yaml";
import { ConfigError } from "../../src/errors.js";
import { parseDurationSeconds } from "../../src/util/duration.js";
import { parseDateFlag, resolveWindow } from "../../src/config/resolve-window.js";
import { parseConfig } from "../../src/config/load-config.js";
import { LabelSelectorError, matchesLabelSelector, parseLabelSelector } from "../../src/emulator/label-selector.js";

// Property tests: whatever the input, each parser returns a sane value or throws its own clean
// error (ConfigError / LabelSelectorError) — never a TypeError, a RangeError or a hang.
const RUNS = { numRuns: 500 };
/** Strings biased towards each grammar's alphabet, plus arbitrary unicode. */
const near = (alphabet: string) =>
  fc.oneof(fc.string({ unit: fc.constantFrom(...alphabet.split("")), maxLength: 40 }), fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));

function onlyCleanErrors<T>(run: () => T, ...allowed: Array<new (...args: any[]) => Error>): T | undefined {
  try {
    return run();
  } catch (error) {
    if (allowed.some((type) => error instanceof type)) return undefined;
    throw error;
  }
}

describe("durations (src/util/duration.ts)", () => {
  it("any text: undefined or a finite number of seconds ≥ 0, never a throw", () => {
    fc.assert(
      fc.property(near("0123456789.smhdwy -:"), (text) => {
        const seconds = parseDurationSeconds(text);
        if (seconds !== undefined) expect(Number.isFinite(seconds) && seconds >= 0).toBe(true);
      }),
      RUNS,
    );
  });

  it("well-formed compounds add up: 1h30m = 5400", () => {
    const part = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(["s", 1], ["m", 60], ["h", 3600], ["d", 86_400], ["w", 604_800]));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([amount, [unit]]) => `${amount}${unit}`).join("");
        expect(parseDurationSeconds(text)).toBe(parts.reduce((sum, [amount, [, size]]) => sum + amount * (size as number), 0));
      }),
      RUNS,
    );
  });

  it("a huge number is not a duration rather than Infinity", () => {
    expect(parseDurationSeconds(`${"9".repeat(400)}d`)).toBeUndefined();
  });
});

describe("dates and windows (src/config/resolve-window.ts)", () => {
  const zones = fc.constantFrom("UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham", "Australia/Lord_Howe");
  const dateLike = fc.oneof(
    near("0123456789-T:Z+.")
    , fc.tuple(fc.integer({ min: -5, max: 10_005 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 })).map(
      ([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
    ),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  );

  it("--from/--to: a valid Date or a ConfigError naming the flag", () => {
    fc.assert(
      fc.property(dateLike, zones, (text, zone) => {
        try {
          const date = parseDateFlag(text, zone, "--from");
          expect(Number.isNaN(date.getTime())).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).path).toBe("--from");
        }
      }),
      RUNS,
    );
  });

  it("resolveWindow: from < to, or a ConfigError", () => {
    const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
    fc.assert(
      fc.property(optional(near("0123456789smhdw")), optional(dateLike), optional(dateLike), zones, (since, from, to, zone) => {
        const window = onlyCleanErrors(() => resolveWindow({ since, from, to }, zone, new Date("2026-11-16T00:00:00Z")), ConfigError);
        if (window) expect(window.from.getTime()).toBeLessThan(window.to.getTime());
      }),
      RUNS,
    );
  });
});

describe("label selectors (src/emulator/label-selector.ts)", () => {
  it("any text: requirements that can be matched, or a LabelSelectorError", () => {
    const labels = fc.dictionary(near("abc=/.-"), near("abc123"), { maxKeys: 4 });
    fc.assert(
      fc.property(near("abc123=!,()<> -./_in"), labels, (selector, set) => {
        const requirements = onlyCleanErrors(() => parseLabelSelector(selector), LabelSelectorError);
        if (requirements) expect(typeof matchesLabelSelector(requirements, set)).toBe("boolean");
      }),
      RUNS,
    );
  });
});

describe("the config (src/config/load-config.ts parseConfig)", () => {
  const valid = YAML.parse(readFileSync("fixtures/demo/dora.config.yaml", "utf8")) as Record<string, unknown>;

  it("any text as YAML or JSON: a config or a ConfigError", () => {
    fc.assert(
      fc.property(near("abc: -{}[]\"'\n#&*!|>%@`0123456789"), fc.boolean(), (text, json) => {
        onlyCleanErrors(() => parseConfig(text, json ? "dora.config.json" : "dora.config.yaml"), ConfigError);
      }),
      RUNS,
    );
  });

  it("any JSON value at any key of a valid config: a config or a ConfigError naming a key", () => {
    /** Every key path of the demo config (objects and arrays descended). */
    const paths: string[][] = [];
    const walk = (value: unknown, path: string[]) => {
      paths.push(path);
      if (value && typeof value === "object") for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    };
    walk(valid, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((path) => path.length > 0)), fc.jsonValue({ maxDepth: 2 }), (path, replacement) => {
        const config = structuredClone(valid) as Record<string, any>;
        let parent = config;
        for (const key of path.slice(0, -1)) parent = parent[key];
        parent[path.at(-1)!] = replacement;
        try {
          parseConfig(YAML.stringify(config), "dora.config.yaml");
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).message).toMatch(/dora\.config\.yaml is invalid:\n {2}\S/);
        }
      }),
      RUNS,
    );
  });
});
