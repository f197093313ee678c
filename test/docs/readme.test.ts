import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The README is the front door, not the manual (which lives in docs/): short, and it opens with
// the two commands that set dora up and run it on the bundled demo, then run the tests.
describe("README.md", () => {
  const lines = readFileSync("README.md", "utf8").split("\n");

  it("opens with the two set-up commands", () => {
    expect(lines.slice(0, 6)).toEqual([
      "# dora",
      "",
      "```sh",
      "npm install && npx dora report --demo     # set up, then DORA metrics of the bundled demo dataset (no network, no credentials)",
      "npm test                                  # the test suite",
      "```",
    ]);
  });

  it("stays within 150 lines and links every page of docs/", () => {
    expect(lines.length).toBeLessThanOrEqual(151); // 150 lines and the final newline
    const text = lines.join("\n");
    for (const page of ["getting-started", "configuration", "sources-and-api-cost", "metric-definitions", "backfill", "nightly-ci", "failure-modes", "warnings", "performance"]) {
      expect(text).toContain(`(docs/${page}.md)`);
    }
  });
});
