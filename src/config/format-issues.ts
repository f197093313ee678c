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

/** One line per problem, each naming the key and the expected form. */
export function formatConfigIssues(issues: ReadonlyArray<z.core.$ZodIssue>): string[] {
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys
        .map((key) => `${formatKeyPath([...issue.path, key])}: unknown key (check the spelling; see the README's configuration section)`)
        .join("\n");
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
      return `${formatKeyPath(issue.path)}: required, expected ${issue.expected}`;
    }
    return `${formatKeyPath(issue.path)}: ${issue.message}`;
  });
}
