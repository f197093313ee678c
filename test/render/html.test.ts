import { describe, expect, it } from "vitest";
import type { RenderOptions } from "../../src/render/index.js";
import { renderHtml } from "../../src/render/html.js";
import { html } from "../../src/render/sanitize.js";
import { loadSample } from "./load-sample.js";

const OPTIONS: RenderOptions = { csvTable: "summary", color: false, timezone: "UTC" };

const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe("renderHtml", () => {
  it("is one self-contained page: inline style, no script, no external URL", () => {
    const page = renderHtml(loadSample(), OPTIONS);
    expect(page.startsWith("<!doctype html>\n")).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // The only URL is the SVG namespace, which is an identifier, not a request.
    expect([...page.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((match) => match[0]).filter((url) => url !== "http://www.w3.org/2000/svg")).toEqual([]);
    expect(page).toContain("Content-Security-Policy");
  });

  it("draws one chart per metric with one bar per bucket that has a value", () => {
    const page = renderHtml(loadSample(), OPTIONS);
    expect(count(page, /<svg /g)).toBe(6);
    for (const metric of ["deploymentFrequency", "leadTime", "changeFailureRate", "timeToRestore", "failedDeploymentRecoveryTime", "reworkRate"]) {
      expect(page).toContain(`<figure class="chart" data-metric="${metric}">`);
    }
    // Three ISO weeks W35–W37; the sample's W36 has 1 deployment, lead time 1d 17h, CFR 100%.
    const deployments = page.slice(page.indexOf('data-metric="deploymentFrequency"'), page.indexOf('data-metric="leadTime"'));
    expect(count(deployments, /<rect /g)).toBe(3);
    expect(deployments).toContain('data-period="2026-W36" data-value="1"><title>2026-W36: 1</title>');
    // The first week has no restore time: a dash, no bar.
    const restore = page.slice(page.indexOf('<figure class="chart" data-metric="timeToRestore"'), page.indexOf('<figure class="chart" data-metric="failedDeploymentRecoveryTime"'));
    expect(count(restore, /<rect /g)).toBe(2);
    expect(restore).toContain("<title>2026-W35: no data</title>");
  });

  it("has the summary and per-service figures with their exact JSON values", () => {
    const page = renderHtml(loadSample(), OPTIONS);
    // median 68700 s = 19h 5m; CFR 1/5 = 20.0%; docs-site 2 deployments / 3 weeks = 0.7/week.
    expect(page).toContain('data-scope="overall" data-field="leadTime.medianSeconds" data-value="68700">19h 5m</td>');
    expect(page).toContain('data-scope="overall" data-field="changeFailureRate.rate" data-value="0.2">20.0%</td>');
    expect(page).toMatch(/data-scope="docs-site" data-field="deploymentFrequency.perWeek" data-value="0.666666\d*">0.7 <span class="tier tier-high">high<\/span><\/td>/);
    expect(page).toContain('<span class="tier tier-low">low</span>');
  });

  it("makes API text inert: a <script> title is text, not an element", () => {
    const report = loadSample();
    report.incidents[0]!.title = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    report.warnings[0]!.message = "</li><b>bold</b>";
    const page = renderHtml(report, OPTIONS);
    expect(page).toContain("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</td>");
    expect(page).toContain("&lt;/li&gt;&lt;b&gt;bold&lt;/b&gt;");
    expect(page).not.toMatch(/<script|<img|<b>/);
    expect(html("a\u001b[31m&b")).toBe("a&amp;b");
  });

  it("without buckets says how to get the charts", () => {
    const report = loadSample();
    report.buckets = [];
    const page = renderHtml(report, OPTIONS);
    expect(page).not.toContain("<svg");
    expect(page).toContain("run with --bucket day, week or month for the charts");
  });
});
