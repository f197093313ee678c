import { describe, expect, it } from "vitest";
import { CSV_TABLES, FORMATS, render, renderers } from "../../src/render/index.js";
import { renderCsv } from "../../src/render/csv.js";
import { renderJson } from "../../src/render/json.js";
import { loadSample } from "./load-sample.js";

describe("render", () => {
  it("offers the five formats and four CSV tables", () => {
    expect(FORMATS).toEqual(["table", "csv", "json", "markdown", "html"]);
    expect(CSV_TABLES).toEqual(["summary", "deployments", "changes", "incidents"]);
    expect(Object.keys(renderers).sort()).toEqual([...FORMATS].sort());
  });

  it("dispatches to the format's renderer with the options", () => {
    const report = loadSample();
    expect(render("json", report, { csvTable: "summary", color: false, timezone: "UTC" })).toBe(renderJson(report));
    expect(render("csv", report, { csvTable: "changes", color: false, timezone: "UTC" })).toBe(
      renderCsv(report, { csvTable: "changes" }),
    );
    expect(render("table", report, { csvTable: "summary", color: false, timezone: "UTC" })).toContain("│ 19h 5m");
    expect(render("markdown", report, { csvTable: "summary", color: false, timezone: "UTC" })).toMatch(/^## DORA metrics\n/);
    expect(render("html", report, { csvTable: "summary", color: false, timezone: "UTC" })).toMatch(/^<!doctype html>\n/);
  });
});
