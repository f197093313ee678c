import { describe, expect, it } from "vitest";
import { renderCsv } from "../../src/render/csv.js";
import type { RenderOptions } from "../../src/render/index.js";
import { renderHtml } from "../../src/render/html.js";
import { renderJson } from "../../src/render/json.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { durationChange, numberChange, rateChange } from "../../src/render/previous.js";
import type { PreviousPeriod } from "../../src/render/types.js";
import { renderTable } from "../../src/render/table.js";
import { loadSample } from "./load-sample.js";

/**
 * The sample's figures three weeks earlier: lead time median 83100 s (= 68700 + 4h), CFR 0.1
 * (sample 0.2), 2.5 deployments/week (sample 1.67), restore median null (sample 8h), rework 0.4
 * (unchanged); backstage's lead time median 20000 s.
 */
function previousOfSample(): PreviousPeriod {
  const sample = loadSample();
  const overall = structuredClone(sample.overall);
  overall.leadTime.medianSeconds = 83_100;
  overall.changeFailureRate.rate = 0.1;
  overall.deploymentFrequency.perWeek = 2.5;
  overall.timeToRestore.medianSeconds = null;
  const backstage = structuredClone(sample.services.backstage!);
  backstage.leadTime.medianSeconds = 20_000;
  return { window: { from: "2026-08-03T00:00:00.000Z", to: "2026-08-24T00:00:00.000Z", timezone: "UTC" }, overall, services: { backstage } };
}

const OPTIONS: RenderOptions = { csvTable: "summary", color: false, timezone: "UTC", previous: previousOfSample() };

describe("changes against the previous window", () => {
  it("formats signed changes with a real minus sign", () => {
    expect(durationChange(68_700, 83_100)).toBe("\u22124h");
    expect(durationChange(90_000, 3_600)).toBe("+1d");
    expect(durationChange(3_600 + 4 * 3600 + 49, 3_600)).toBe("+4h 1m"); // 4h 0m 49s rounds to the minute
    expect(durationChange(100, 100)).toBe("±0");
    expect(durationChange(null, 100)).toBeNull();
    expect(rateChange(0.2, 0.1)).toBe("+10.0 pp");
    expect(rateChange(0.1, 0.1004)).toBe("±0 pp");
    expect(numberChange(5 / 3, 2.5)).toBe("\u22120.8"); // 1.667 − 2.5 = −0.833
    expect(numberChange(3, null)).toBeNull();
  });

  it("the table and Markdown show each summary figure with its change", () => {
    const table = renderTable(loadSample(), OPTIONS);
    expect(table).toContain("Changes against the previous window 2026-08-03 00:00 → 2026-08-24 00:00 (UTC)");
    expect(table).toMatch(/│ Lead time for changes\s+│ 19h 5m \(−4h\)\s+│/);
    expect(table).toMatch(/│ Change failure rate\s+│ 20\.0% \(\+10\.0 pp\)\s+│/);
    expect(table).toMatch(/│ Deployment frequency\s+│ 1\.7\/week \(−0\.8\)\s+│/);
    // No previous value: no change shown rather than a made-up one.
    expect(table).toMatch(/│ Time to restore service\s+│ 8h\s+│/);
    expect(table).toMatch(/│ Deployment rework rate\s+│ 40\.0% \(±0 pp\)\s+│/);
    const markdown = renderMarkdown(loadSample(), OPTIONS);
    expect(markdown).toContain("| Lead time for changes | 19h 5m (−4h) | mean 1d 2h, p90 2d 1h, 5 changes | elite |");
    expect(markdown).toContain("**Changes against:** 2026-08-03 00:00 → 2026-08-24 00:00 (UTC)");
  });

  it("per-service cells carry tier and change; a service without a previous window shows none", () => {
    const markdown = renderMarkdown(loadSample(), OPTIONS);
    const row = markdown.split("\n").find((line) => line.startsWith("| backstage |"))!;
    // backstage's median 109350 s − 20000 s = 89350 s = 1d 0h 49m 10s → "+1d 0h 49m" (no unit skipped); its other figures are unchanged.
    expect(row).toBe("| backstage | 1.0 (high, ±0) | 1d 6h (high, +1d 0h 49m) | 33.3% (low, ±0 pp) | 8h (high, ±0) | 33.3% (±0 pp) |");
    const docs = markdown.split("\n").find((line) => line.startsWith("| docs-site |"))!;
    expect(docs).toBe("| docs-site | 0.7 (high) | 12h (elite) | 0.0% (elite) | – | 50.0% |");
  });

  it("JSON gets an additive top-level `previous` after everything else; CSV summary gets previous: rows", () => {
    const json = JSON.parse(renderJson(loadSample(), OPTIONS));
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json).at(-1)).toBe("previous");
    expect(json.previous.window).toEqual({ from: "2026-08-03T00:00:00.000Z", to: "2026-08-24T00:00:00.000Z", timezone: "UTC" });
    expect(json.previous.overall.leadTime.medianSeconds).toBe(83_100);
    expect(Object.keys(json.previous.services)).toEqual(["backstage"]);
    expect(Object.keys(JSON.parse(renderJson(loadSample())))).not.toContain("previous");
    const csv = renderCsv(loadSample(), OPTIONS).trimEnd().split("\n");
    expect(csv.map((line) => line.split(",")[0])).toEqual(["scope", "overall", "backstage", "docs-site", "previous:overall", "previous:backstage"]);
  });

  it("HTML shows the change next to the figure", () => {
    const page = renderHtml(loadSample(), OPTIONS);
    expect(page).toContain('data-field="leadTime.medianSeconds" data-value="68700">19h 5m <span class="change">(−4h)</span>');
  });
});
