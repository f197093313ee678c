import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MetricSet, Report } from "../../src/model/report.js";
import { renderHtml } from "../../src/render/html.js";
import { runCli } from "../cli/run-cli.js";
import { CHROMIUM_MISSING, dumpDom, screenshot } from "./chromium.js";
import { decodePng, nonWhiteShare } from "./png.js";

if (CHROMIUM_MISSING) console.warn(`test/nightly/html-chromium: ${CHROMIUM_MISSING}`);

const SUMMARY_FIELDS: [string, (m: MetricSet) => number | null][] = [
  ["deploymentFrequency.perWeek", (m) => m.deploymentFrequency.perWeek],
  ["leadTime.medianSeconds", (m) => m.leadTime.medianSeconds],
  ["changeFailureRate.rate", (m) => m.changeFailureRate.rate],
  ["timeToRestore.medianSeconds", (m) => m.timeToRestore.medianSeconds],
  ["failedDeploymentRecoveryTime.medianSeconds", (m) => m.failedDeploymentRecoveryTime.medianSeconds],
  ["reworkRate.rate", (m) => m.reworkRate.rate],
];
const SERVICE_FIELDS = SUMMARY_FIELDS.filter(([field]) => field !== "failedDeploymentRecoveryTime.medianSeconds");
const CHART_VALUES: Record<string, (m: MetricSet) => number | null> = {
  deploymentFrequency: (m) => m.deploymentFrequency.deployments,
  leadTime: (m) => m.leadTime.medianSeconds,
  changeFailureRate: (m) => m.changeFailureRate.rate,
  timeToRestore: (m) => m.timeToRestore.medianSeconds,
  failedDeploymentRecoveryTime: (m) => m.failedDeploymentRecoveryTime.medianSeconds,
  reworkRate: (m) => m.reworkRate.rate,
};

/** The data-value of the cell for scope + field in the rendered DOM, and the cell's text. */
function cell(dom: string, scope: string, field: string): { value: string; text: string } {
  const match = new RegExp(`data-scope="${scope}" data-field="${field.replace(".", "\\.")}" data-value="([^"]*)">([^<]*)`).exec(dom);
  if (!match) throw new Error(`no cell for ${scope} ${field}`);
  return { value: match[1]!, text: match[2]!.trim() };
}

function chartOf(dom: string, metric: string): string {
  const start = dom.indexOf(`<figure class="chart" data-metric="${metric}">`);
  if (start < 0) throw new Error(`no chart for ${metric}`);
  return dom.slice(start, dom.indexOf("</figure>", start));
}

describe.skipIf(CHROMIUM_MISSING !== undefined)("the HTML report in headless Chromium", () => {
  let work: string;
  let htmlPath: string;
  let json: Report;

  beforeAll(async () => {
    work = mkdtempSync("/tmp/dora-html-");
    htmlPath = join(work, "dora.html");
    // No --bucket: html uses weekly buckets, so the JSON to compare with is the weekly one.
    const page = await runCli(["report", "--demo", "--format", "html", "--output", htmlPath], { env: { CI: "true" } });
    expect(page.code).toBe(0);
    const data = await runCli(["report", "--demo", "--format", "json", "--bucket", "week"]);
    json = JSON.parse(data.stdout) as Report;
  });

  it("has one chart per metric whose bars are the JSON's weekly figures", async () => {
    const dom = await dumpDom(htmlPath);
    expect(dom.match(/<svg /g)).toHaveLength(6);
    expect(json.buckets).toHaveLength(13);
    for (const [metric, valueOf] of Object.entries(CHART_VALUES)) {
      const chart = chartOf(dom, metric);
      expect(chart.match(/<svg /g)).toHaveLength(1);
      const bars = [...chart.matchAll(/<rect [^>]*data-value="([^"]*)"/g)].map((match) => Number(match[1]));
      const expected = json.buckets.map((bucket) => valueOf(bucket.overall)).filter((value): value is number => value !== null);
      expect(bars).toEqual(expected);
    }
    // Deployments per ISO week add up to the window's 76 (EXPECTED.md).
    const deployments = [...chartOf(dom, "deploymentFrequency").matchAll(/<rect [^>]*data-value="(\d+)"/g)].map((match) => Number(match[1]));
    expect(deployments.reduce((sum, n) => sum + n, 0)).toBe(76);
  });

  it("shows the same figures as the JSON output, overall and per service, with tiers", async () => {
    const dom = await dumpDom(htmlPath);
    for (const [field, valueOf] of SUMMARY_FIELDS) {
      expect(cell(dom, "overall", field).value).toBe(String(valueOf(json.overall)));
    }
    for (const [name, metrics] of Object.entries(json.services)) {
      for (const [field, valueOf] of SERVICE_FIELDS) expect(cell(dom, name, field).value).toBe(String(valueOf(metrics)));
    }
    // Display text, by hand from EXPECTED.md: 76 / (90/7) = 5.9/week; median 62545 s = 17h 22m; 6/76 = 7.9%.
    expect(cell(dom, "overall", "deploymentFrequency.perWeek").text).toBe("5.9/week");
    expect(cell(dom, "overall", "leadTime.medianSeconds").text).toBe("17h 22m");
    expect(cell(dom, "overall", "changeFailureRate.rate").text).toBe("7.9%");
    // checkout: 3/26 = 11.5%, tier medium.
    expect(dom).toMatch(/data-scope="checkout" data-field="changeFailureRate\.rate" data-value="0\.115\d*">11\.5% <span class="tier tier-medium">medium<\/span>/);
    expect(dom).toContain("Warnings (3)");
    expect(dom).toContain("Incidents (9)");
  });

  it("lets a reader open each service: a <details> per service holding its 76 deployments' rows in all (EXPECTED.md)", async () => {
    const dom = await dumpDom(htmlPath);
    const services = [...dom.matchAll(/<details class="evidence" data-service="([^"]+)">/g)].map((match) => match[1]);
    expect(services).toEqual(Object.keys(json.services));
    expect(dom.match(/<tr data-deployment="/g)).toHaveLength(76);
    // Opening needs no script: the page (CSP default-src 'none') runs none; an opened copy shows the rows.
    const opened = join(work, "opened.html");
    writeFileSync(opened, readFileSync(htmlPath, "utf8").replaceAll('<details class="evidence"', '<details open class="evidence"'));
    expect(await dumpDom(opened)).toMatch(/<details open="" class="evidence" data-service="backstage">/);
  });

  it("keeps API text inert: a <script> or <img> in a title never becomes an element", async () => {
    const report = structuredClone(json);
    report.incidents[0]!.title = `<script>document.body.dataset.pwned = "1"</script><img src=x onerror="document.body.dataset.pwned = 2">`;
    const path = join(work, "hostile.html");
    writeFileSync(path, renderHtml(report, { csvTable: "summary", color: false, timezone: "UTC" }));
    const dom = await dumpDom(path);
    expect(dom).not.toMatch(/<script|<img|data-pwned/);
    expect(dom).toContain("&lt;script&gt;document.body.dataset.pwned = \"1\"&lt;/script&gt;");
  });

  it("a screenshot is not blank (and a blank page would fail the same check)", async () => {
    const png = join(work, "dora.png");
    await screenshot(htmlPath, png);
    const image = decodePng(readFileSync(png));
    expect([image.width, image.height]).toEqual([1280, 2000]);
    const share = nonWhiteShare(image);
    // Tables, six filled charts and text: several percent of the page (the demo measured about 9%).
    expect(share).toBeGreaterThan(0.03);

    const blank = join(work, "blank.html");
    writeFileSync(blank, "<!doctype html><title>blank</title>");
    const blankPng = join(work, "blank.png");
    await screenshot(blank, blankPng);
    expect(nonWhiteShare(decodePng(readFileSync(blankPng)))).toBeLessThan(0.001);
  });
}, 120_000);
