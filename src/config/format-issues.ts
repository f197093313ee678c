import type { z } from "zod";

/** Renders a zod issue path as the config key a user types: `services[0].workflows.commit`. */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(top level)";
}

const EXPECTED_NAMES: Record<string, string> = { record: "a map of key: value", array: "a list", object: "a map of keys" };

/** The value at a zod path inside the parsed input (undefined when absent). */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  const shown = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

/**
 * One line per problem, each naming the key and the expected form. `input` (the parsed file) tells
 * a missing key ("required") from one of the wrong type ("expected string, got number 5").
 */
export function formatConfigIssues(issues: ReadonlyArray<z.core.$ZodIssue>, input?: unknown): string[] {
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys
        .map((key) => `${formatKeyPath([...issue.path, key])}: unknown key (check the spelling; see the README's configuration section)`)
        .join("\n");
    }
    if (issue.code === "invalid_type") {
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      const value = issue.input !== undefined ? issue.input : input === undefined ? undefined : valueAt(input, issue.path);
      if (value === undefined) return `${formatKeyPath(issue.path)}: required, expected ${expected}`;
      return `${formatKeyPath(issue.path)}: expected ${expected}, got ${describeValue(value)}`;
    }
    return `${formatKeyPath(issue.path)}: ${issue.message}`;
  });
}
