import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { renderHtml } from "../../src/render/html.js";
import type { RenderOptions } from "../../src/render/index.js";
import { runCli } from "../cli/run-cli.js";
import { loadSample } from "./load-sample.js";

// The HTML report's evidence section on the demo (fixtures/demo/EXPECTED.md: deployments 38/26/12, changes
// 107 + 1 left out (edge case 7) / 70 / 32, window incidents 2/4/2): one closed <details>
// per service with its rows and the reasons `dora explain` gives.

const OPTIONS: RenderOptions = { csvTable: "summary", color: false, timezone: "UTC" };
let report: Report;

beforeAll(async () => {
  const run = await runCli(["report", "--demo", "--format", "json"]);
  expect(run.code).toBe(0);
  report = JSON.parse(run.stdout) as Report;
});

const detailsOf = (page: string, service: string) => {
  const start = page.indexOf(`<details class="evidence" data-service="${service}">`);
  if (start < 0) throw new Error(`no evidence for ${service}`);
  return page.slice(start, page.indexOf("</details>", start));
};
const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe("the HTML evidence section", () => {
  it("has one closed <details> per service with its deployments, changes and incidents", () => {
    const page = renderHtml(report, OPTIONS);
    expect(count(page, /<details /g)).toBe(3);
    expect(page).not.toMatch(/<details[^>]* open/);
    const expected: Record<string, [number, number, number]> = { backstage: [38, 108, 2], checkout: [26, 70, 4], search: [12, 32, 2] };
    for (const [service, [deployments, changes, incidents]] of Object.entries(expected)) {
      const details = detailsOf(page, service);
      expect(count(details, /<tr data-deployment=/g)).toBe(deployments);
      expect(count(details, /<tr data-change=/g)).toBe(changes);
      expect(count(details, /<tr data-incident=/g)).toBe(incidents);
      expect(details).toContain(`${deployments} deployments, ${changes} changes, ${incidents} incidents`);
    }
    // The lead-time changes add up to the report's 209 (107 + 70 + 32), the one left out (edge case 7) aside.
    expect(count(page, /<tr data-change="[0-9a-f]+">/g)).toBe(report.overall.leadTime.changes);
    expect(count(page, /class="left-out"/g)).toBe(1);
  });

  it("gives each row its reason: rollback and rework (edge case 2), attribution outside the window (edge case 13)", () => {
    const page = renderHtml(report, OPTIONS);
    const backstage = detailsOf(page, "backstage");
    expect(backstage).toContain(
      "rollback: its SHA is an ancestor of the previous deployment deploy-backstage-5j9k6 (95f17d6e0175)&#39;s: no changes",
    );
    expect(backstage).toContain("rework: a rollback, and finished while incident 1042 was open (2026-09-22 13:00 → 2026-09-22 15:30, grace included)");
    expect(backstage).toContain("<td>incident 1042, recovered in 3h 30m</td>");
    expect(detailsOf(page, "search")).toContain(
      "none: the latest deployment deploy-search-pt7qt (4a80f47360ba) finished 1d 18h before it started, beyond the 1d window",
    );
  });

  it("keeps API text inert inside the details", () => {
    const hostile = structuredClone(report);
    hostile.deployments[0]!.name = `<script>alert(1)</script>`;
    const page = renderHtml(hostile, OPTIONS);
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("reads a report without the reasons (an older JSON) without inventing any", () => {
    const page = renderHtml(loadSample(), OPTIONS);
    expect(page).toContain('<section id="evidence">');
    expect(page).not.toContain("failed rollout");
    expect(page).not.toContain("compared with");
  });
});
