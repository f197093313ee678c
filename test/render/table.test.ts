import { describe, expect, it } from "vitest";
import { renderTable } from "../../src/render/table.js";
import type { RenderOptions } from "../../src/render/index.js";
import { loadSample } from "./load-sample.js";

const PLAIN: RenderOptions = { csvTable: "summary", color: false, timezone: "UTC" };

/** The trimmed cells of the first table line that contains `marker`. */
function rowCells(text: string, marker: string): string[] {
  const line = text.split("\n").find((candidate) => candidate.includes(marker));
  if (line === undefined) throw new Error(`no line with ${marker}`);
  return line.split("│").slice(1, -1).map((cell) => cell.trim());
}

describe("renderTable", () => {
  it("heads the output with the window and the services", () => {
    const text = renderTable(loadSample(), PLAIN);
    expect(text.split("\n").slice(0, 2)).toEqual([
      "DORA metrics  2026-08-24 00:00 → 2026-09-14 00:00 (UTC)",
      "Services: backstage, docs-site",
    ]);
  });

  it("shows the overall summary with values, details and tiers", () => {
    const text = renderTable(loadSample(), PLAIN);
    // 5 deployments / 3 weeks = 1.67 → "1.7/week".
    expect(rowCells(text, "Deployment frequency")).toEqual([
      "Deployment frequency", "1.7/week", "5 deployments, 5 deploy days, median 2 deploy days/week", "high",
    ]);
    // median 68700 s = 19h 5m; mean 95000 s = 1d 2h 23m → "1d 2h"; p90 177060 s = 2d 1h 11m → "2d 1h".
    expect(rowCells(text, "Lead time for changes")).toEqual([
      "Lead time for changes", "19h 5m", "mean 1d 2h, p90 2d 1h, 5 changes", "elite",
    ]);
    // 1 / 5 = 20.0%.
    expect(rowCells(text, "Change failure rate")).toEqual(["Change failure rate", "20.0%", "1 of 5 deployments", "low"]);
    // median 28800 s = 8h; p90 44640 s = 12h 24m.
    expect(rowCells(text, "Time to restore service")).toEqual([
      "Time to restore service", "8h", "mean 8h, p90 12h 24m, 2 resolved, 1 active", "high",
    ]);
    // 10800 s = 3h; no tier exists for this metric.
    expect(rowCells(text, "Failed deployment recovery time")).toEqual([
      "Failed deployment recovery time", "3h", "mean 3h, p90 3h, 1 failed deployment", "–",
    ]);
    expect(rowCells(text, "Deployment rework rate")).toEqual(["Deployment rework rate", "40.0%", "2 of 5 deployments", "–"]);
  });

  it("shows one compact row per service, tiers in parentheses and – for nulls", () => {
    const text = renderTable(loadSample(), PLAIN);
    // backstage: 3 deployments / 3 weeks = 1.0; median lead time 109350 s = 1d 6h 22m → "1d 6h"; CFR 1/3 = 33.3%.
    expect(rowCells(text, "│ backstage")).toEqual(["backstage", "1.0 (high)", "1d 6h (high)", "33.3% (low)", "8h (high)", "33.3%"]);
    // docs-site: 2/3 = 0.7 per week; 43200 s = 12h; no resolved incident → –; rework 1/2 = 50.0%.
    expect(rowCells(text, "│ docs-site")).toEqual(["docs-site", "0.7 (high)", "12h (elite)", "0.0% (elite)", "–", "50.0%"]);
  });

  it("shows – in value and tier when a metric is null", () => {
    const report = loadSample();
    report.overall = report.services["docs-site"]!;
    const text = renderTable(report, PLAIN);
    expect(rowCells(text, "Time to restore service")).toEqual(["Time to restore service", "–", "0 resolved, 1 active", "–"]);
    expect(rowCells(text, "Failed deployment recovery time")).toEqual([
      "Failed deployment recovery time", "–", "0 failed deployments", "–",
    ]);
  });

  it("shows a weekly trend table and one sparkline per metric", () => {
    const text = renderTable(loadSample(), PLAIN);
    expect(text).toContain("Trend (weekly, all services)");
    expect(rowCells(text, "2026-W35")).toEqual(["2026-W35", "2", "12h", "0.0%", "–", "0.0%"]);
    // 150000 s = 1d 17h 40m → "1d 17h"; 1 of 1 failed; 9000 s = 2h 30m.
    expect(rowCells(text, "2026-W36")).toEqual(["2026-W36", "1", "1d 17h", "100.0%", "2h 30m", "0.0%"]);
    expect(rowCells(text, "2026-W37")).toEqual(["2026-W37", "2", "2d 6h", "0.0%", "13h 30m", "100.0%"]);
    // Deploys [2,1,2] → █▅█; lead time [43200,150000,195100] × 7 / 195100 = 1.55, 5.38, 7 → ▃▆█;
    // CFR [0,1,0] → ▁█▁; TTR [null,9000,48600]: 9000 × 7 / 48600 = 1.3 → " ▂█"; rework [0,0,1] → ▁▁█.
    const lines = text.split("\n");
    expect(lines).toContain("Deploys          █▅█");
    expect(lines).toContain("Lead time        ▃▆█");
    expect(lines).toContain("CFR              ▁█▁");
    expect(lines).toContain("Time to restore   ▂█");
    expect(lines).toContain("Rework           ▁▁█");
  });

  it("labels monthly buckets when told the bucket size", () => {
    const text = renderTable(loadSample(), { ...PLAIN, bucket: "month" });
    expect(text).toContain("Trend (monthly, all services)");
    expect(rowCells(text, "│ 2026-08")[0]).toBe("2026-08");
  });

  it("has no ANSI codes without colour and coloured tiers with it", () => {
    const plain = renderTable(loadSample(), PLAIN);
    expect(plain).not.toContain("\u001b");
    const colored = renderTable(loadSample(), { ...PLAIN, color: true });
    expect(colored).toContain("\u001b[32melite\u001b[39m");
    expect(colored).toContain("\u001b[36mhigh\u001b[39m");
    expect(colored).toContain("33.3% (\u001b[31mlow\u001b[39m)");
    // Everything but the tiers is identical.
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });

  it("lists at most 10 warnings, stripped of terminal escapes", () => {
    const report = loadSample();
    report.warnings = Array.from({ length: 12 }, (_, index) => ({
      code: "non-positive-lead-time",
      message: `warning ${index + 1}\u001b[2J\nnext`,
      subject: `\u001b[31msha${index + 1}\u001b[0m`,
    }));
    const text = renderTable(report, PLAIN);
    expect(text).toContain("Warnings (12):\n  - sha1: warning 1 next [non-positive-lead-time]\n");
    expect(text).toContain("  - sha10: warning 10 next [non-positive-lead-time]\n  … and 2 more\n");
    expect(text).not.toContain("sha11");
    expect(text).not.toContain("\u001b");
  });

  it("strips escapes from service names", () => {
    const report = loadSample();
    report.services = { "evil\u001b]0;owned\u0007-svc": report.services["backstage"]! };
    const text = renderTable(report, PLAIN);
    expect(text).toContain("Services: evil-svc\n");
    expect(rowCells(text, "│ evil-svc")[0]).toBe("evil-svc");
    expect(text).not.toContain("\u001b");
  });

  it("matches the golden output", async () => {
    await expect(renderTable(loadSample(), PLAIN)).toMatchFileSnapshot("__snapshots__/sample-report.table.txt");
  });
});
