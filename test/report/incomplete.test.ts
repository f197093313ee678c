import { describe, expect, it } from "vitest";
import type { RenderOptions } from "../../src/report/format.js";
import { renderHtml } from "../../src/report/html.js";
import { incompleteGaps } from "../../src/report/incomplete.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderTable } from "../../src/report/table.js";
import { loadSample } from "./load-sample.js";

const OPTIONS: RenderOptions = { csvTable: "summary", color: false, timezone: "UTC" };

function sampleWithGaps() {
  const report = loadSample();
  report.warnings.push(
    { code: "incomplete-changes", message: "3 compares failed (HTTP 502); their changes are missing", subject: "acme/checkout" },
    { code: "incomplete-incidents", message: "the incident list <stopped> after page 2" },
  );
  return report;
}

describe("INCOMPLETE banner", () => {
  it("lists only the incomplete- warnings, subject first", () => {
    expect(incompleteGaps(sampleWithGaps().warnings)).toEqual([
      "acme/checkout: 3 compares failed (HTTP 502); their changes are missing",
      "the incident list <stopped> after page 2",
    ]);
    expect(incompleteGaps(loadSample().warnings)).toEqual([]);
  });

  it("the table opens with it, above the figures", () => {
    const text = renderTable(sampleWithGaps(), OPTIONS);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "INCOMPLETE: 2 gap(s) in the data; the figures below do not cover them:",
      "  - acme/checkout: 3 compares failed (HTTP 502); their changes are missing",
      "  - the incident list <stopped> after page 2",
      "",
    ]);
    expect(renderTable(loadSample(), OPTIONS)).not.toContain("INCOMPLETE");
  });

  it("Markdown puts a caution block right under the heading, escaped", () => {
    const text = renderMarkdown(sampleWithGaps(), OPTIONS);
    expect(text).toMatch(/^## DORA metrics\n\n> \[!CAUTION\]\n> \*\*INCOMPLETE:\*\* 2 gap\(s\)/);
    expect(text).toContain("> - the incident list \\<stopped\\> after page 2\n");
    expect(renderMarkdown(loadSample(), OPTIONS)).not.toContain("INCOMPLETE");
  });

  it("HTML shows an alert before the summary, escaped", () => {
    const page = renderHtml(sampleWithGaps(), OPTIONS);
    const banner = page.indexOf('<div class="banner" role="alert" id="incomplete"><strong>INCOMPLETE:</strong> 2 gap(s)');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(page.indexOf('<section id="summary">'));
    expect(page).toContain("<li>the incident list &lt;stopped&gt; after page 2</li>");
    expect(renderHtml(loadSample(), OPTIONS)).not.toContain("INCOMPLETE");
  });
});
