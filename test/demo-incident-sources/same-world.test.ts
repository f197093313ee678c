import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { buildIncidentSourceDemos, INCIDENT_SOURCES_DIR, variantFiles } from "../../tools/generate-demo-incident-sources.js";
import { runCli } from "../cli/run-cli.js";

// One world — the demo's deployments, commits and incidents — read with its incidents from Grafana
// IRM (fixtures/demo), PagerDuty and GitHub issues (fixtures/demo-incident-sources/*): every DORA
// figure must be the same. The figures themselves are fixtures/demo/EXPECTED.md's (by hand there).
const reports: Record<string, Report> = {};

beforeAll(async () => {
  for (const [name, args] of [
    ["grafana", ["--demo"]],
    ["pagerduty", ["--fixtures", "fixtures/demo-incident-sources/pagerduty"]],
    ["github-issues", ["--fixtures", "fixtures/demo-incident-sources/github-issues"]],
  ] as const) {
    const run = await runCli(["report", ...args, "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    reports[name] = JSON.parse(run.stdout) as Report;
  }
});

describe("the demo world through each incident source", () => {
  it("gives identical figures overall, per service and per bucket", () => {
    for (const name of ["pagerduty", "github-issues"]) {
      expect(reports[name]!.overall, name).toEqual(reports.grafana!.overall);
      expect(reports[name]!.services, name).toEqual(reports.grafana!.services);
      expect(reports[name]!.deployments.map((row) => [row.id, row.failed, row.rework, row.incidentIds.length]), name).toEqual(
        reports.grafana!.deployments.map((row) => [row.id, row.failed, row.rework, row.incidentIds.length]),
      );
    }
  });

  it("shows EXPECTED.md's stability figures through every source", () => {
    for (const name of ["grafana", "pagerduty", "github-issues"]) {
      const overall = reports[name]!.overall;
      // EXPECTED.md: failed = bad-release, labelled-deployment, labelled-commit, inferred-overnight,
      // incident-start-edge, overnight-incident = 6 of 76 deployments.
      expect(overall.changeFailureRate, name).toMatchObject({ deployments: 76, failedDeployments: 6 });
      // Window incidents 1041, 1042, 1045–1050: 8, resolved 7, active 1 (1050); restores sorted 3600,
      // 3600, 4800, 5400, 7200, 7200, 61200 → median 5400 s; p90 = 7200 + 0.4 × 54000 = 28800 s.
      expect(overall.timeToRestore, name).toMatchObject({ incidents: 8, resolved: 7, active: 1, medianSeconds: 5400, p90Seconds: 28800 });
      expect(overall.timeToRestore.meanSeconds, name).toBeCloseTo(93000 / 7, 6);
      // Rework: rollback, hotfix-while-open, within-grace = 3.
      expect(overall.reworkRate, name).toMatchObject({ deployments: 76, reworkDeployments: 3 });
    }
  });

  it("attributes the same incidents the same way (by title), explicit labels included", () => {
    const byTitle = (report: Report) =>
      Object.fromEntries(report.incidents.filter((row) => !row.isDrill && row.service !== null).map((row) => [row.title, [row.service, row.status, row.restoreSeconds, row.deploymentId, row.attribution]]));
    expect(byTitle(reports.pagerduty!)).toEqual(byTitle(reports.grafana!));
    expect(byTitle(reports["github-issues"]!)).toEqual(byTitle(reports.grafana!));
  });

  it("the committed fixtures are what the generator writes from today's demo timeline", () => {
    for (const [source, variant] of Object.entries(buildIncidentSourceDemos())) {
      for (const [name, text] of variantFiles(variant)) {
        expect(readFileSync(join(INCIDENT_SOURCES_DIR, source, name), "utf8"), `${source}/${name} (run npx tsx tools/generate-demo-incident-sources.ts)`).toBe(text);
      }
    }
  });
});
