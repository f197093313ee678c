import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/render/markdown.js";
import type { RenderOptions } from "../../src/render/index.js";
import { loadSample } from "./load-sample.js";

const OPTIONS: RenderOptions = { csvTable: "summary", color: false, timezone: "UTC" };

/** Splits a GFM table line on its unescaped pipes. */
function cellsOf(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
}

function lineWith(text: string, marker: string): string {
  const line = text.split("\n").find((candidate) => candidate.includes(marker));
  if (line === undefined) throw new Error(`no line with ${marker}`);
  return line;
}

describe("renderMarkdown", () => {
  it("opens with the heading and the window", () => {
    const text = renderMarkdown(loadSample(), OPTIONS);
    expect(text.startsWith(
      "## DORA metrics\n\n**Window:** 2026-08-24 00:00 → 2026-09-14 00:00 (UTC) · **Services:** backstage, docs-site\n\n" +
        "| Metric | Value | Detail | Tier |\n| --- | --- | --- | --- |\n",
    )).toBe(true);
  });

  it("has the summary, per-service and trend tables with the same figures as the terminal", () => {
    const text = renderMarkdown(loadSample(), OPTIONS);
    // median 68700 s = 19h 5m (see table.test.ts for the other figures).
    expect(text).toContain("| Lead time for changes | 19h 5m | mean 1d 2h, p90 2d 1h, 5 changes | elite |\n");
    expect(text).toContain("| Failed deployment recovery time | 3h | mean 3h, p90 3h, 1 failed deployment | – |\n");
    expect(text).toContain("### By service\n\n| Service | Deploys/week | Lead time (median) | CFR | Time to restore (median) | Rework |\n");
    expect(text).toContain("| docs-site | 0.7 (high) | 12h (elite) | 0.0% (elite) | – | 50.0% |\n");
    expect(text).toContain("### Trend (weekly, all services)\n");
    expect(text).toContain("| 2026-W36 | 1 | 1d 17h | 100.0% | 2h 30m | 0.0% |\n");
    // Sparklines as in table.test.ts; code spans keep the space of the empty first TTR bucket.
    expect(text).toContain("| **Trend** | `█▅█` | `▃▆█` | `▁█▁` | ` ▂█` | `▁▁█` |\n");
  });

  it("lists the incidents with the attributed deployment's name", () => {
    const text = renderMarkdown(loadSample(), OPTIONS);
    expect(cellsOf(lineWith(text, "| 1042 |"))).toEqual([
      "1042", "Backstage catalog returns 500s", "backstage", "major", "resolved", "2026-09-01 16:00", "2h 30m",
      "deploy-backstage-b8n3r (label)",
    ]);
    expect(cellsOf(lineWith(text, "| 1051 |"))).toEqual([
      "1051", "Docs site 404 on /tutorials", "docs-site", "minor", "active", "2026-09-12 07:00", "–", "–",
    ]);
  });

  it("escapes pipes and newlines and strips terminal escapes in API text", () => {
    const report = loadSample();
    report.incidents[0]!.title = "a|b\nc";
    report.incidents[1]!.title = "\u001b[31mred\u001b[0m";
    report.incidents[2]!.title = "<script>alert(1)</script>";
    const text = renderMarkdown(report, OPTIONS);
    const first = lineWith(text, "| 1042 |");
    expect(first).toContain("| a\\|b c |");
    // Still 8 columns: the title's pipe did not split the cell.
    expect(cellsOf(first)).toHaveLength(8);
    expect(cellsOf(lineWith(text, "| 1047 |"))[1]).toBe("red");
    expect(cellsOf(lineWith(text, "| 1051 |"))[1]).toBe("\\<script\\>alert(1)\\</script\\>");
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("<script>");
  });

  it("escapes service names", () => {
    const report = loadSample();
    report.services = { "a|b": report.services["backstage"]! };
    const text = renderMarkdown(report, OPTIONS);
    expect(text).toContain("**Services:** a\\|b\n");
    expect(text).toContain("| a\\|b | 1.0 (high) |");
  });

  it("lists up to 5 warnings openly and folds more into <details>", () => {
    const report = loadSample();
    const text = renderMarkdown(report, OPTIONS);
    expect(text.endsWith(
      "### Warnings (2)\n\n- deploy-docs-site-m4q9z: no earlier deployment of docs-site found; only the deployed commit counts as a change (first-deployment)\n" +
        "- 3232323232323232323232323232323232323232: commit dated after its deployment (-420s); lead time excluded (non-positive-lead-time)\n",
    )).toBe(true);
    expect(text).not.toContain("<details>");

    report.warnings = Array.from({ length: 6 }, (_, index) => ({ code: "unmatched-incidents", message: `m${index}|x` }));
    const folded = renderMarkdown(report, OPTIONS);
    expect(folded).toContain("### Warnings (6)\n\n<details><summary>Show 6 warnings</summary>\n\n- m0\\|x (unmatched-incidents)\n");
    expect(folded.endsWith("- m5\\|x (unmatched-incidents)\n\n</details>\n")).toBe(true);
  });

  it("leaves out the trend, incidents and warnings sections when there is nothing to show", () => {
    const report = loadSample();
    report.buckets = [];
    report.incidents = [];
    report.warnings = [];
    const text = renderMarkdown(report, OPTIONS);
    expect(text).not.toContain("### Trend");
    expect(text).not.toContain("### Incidents");
    expect(text).not.toContain("### Warnings");
    expect(text.endsWith("| docs-site | 0.7 (high) | 12h (elite) | 0.0% (elite) | – | 50.0% |\n")).toBe(true);
  });

  it("matches the golden output", async () => {
    await expect(renderMarkdown(loadSample(), OPTIONS)).toMatchFileSnapshot("__snapshots__/sample-report.md");
  });
});
