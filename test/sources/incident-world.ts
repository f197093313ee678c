import { expect } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import type { Incident } from "../../src/model/incident.js";
import type { Report } from "../../src/model/report.js";
import type { ServiceConfig } from "../../src/config/schema.js";
import type { FetchWindow } from "../../src/sources/types.js";
import { serviceIncidentLabels } from "../../src/config/incident-sources.js";
import { deployment, input, options, scope, sha } from "../metrics/builders.js";

// One small world that the PagerDuty and GitHub issues client tests read through their own API:
// service `api`, window January 2024 (Jan 1 00:00 → Jan 31 00:00 UTC), three deployments and the
// incidents below. Each source writes them in its own shape; the DORA figures must come out the same.
//
//   D1 deploy-1 (uid-1, sha aaaaaaa1…) finished Jan 10 12:00
//   D2 deploy-2 (uid-2, sha bbbbbbb2…) finished Jan 20 12:00
//   D3 deploy-3 (uid-3, sha ccccccc3…) finished Jan 25 12:00
//
//   I1 Jan 10 14:00 → 15:30 resolved: inferred to D1 (2 h after it, within the 24 h window)
//   I2 Jan 20 13:00 → 13:45 resolved: explicitly D1 (commit aaaaaaa1 / deployment deploy-1), although D2 finished 1 h before
//   I3 Jan 24 10:00, still active: D2 finished 94 h before (> 24 h) → attributed to nothing; open while D3 deploys
//   plus 120 resolved incidents of 10 min, every 3 h from Dec 2, 2023 (the lookback: they page, but count nowhere)

export const WORLD_FROM = "2024-01-01T00:00:00.000Z";
export const WORLD_TO = "2024-01-31T00:00:00.000Z";

export const WORLD_SERVICE: ServiceConfig = {
  name: "api",
  repo: "acme/api",
  workflows: { labelSelector: "app=api", commit: "parameter:commit-sha" },
  incidents: { pagerduty: { serviceIds: ["PAPI001"] } },
};

export const WORLD_INCIDENTS = [
  { key: "I1", startedAt: "2024-01-10T14:00:00Z", resolvedAt: "2024-01-10T15:30:00Z", title: "Checkout 500s" },
  { key: "I2", startedAt: "2024-01-20T13:00:00Z", resolvedAt: "2024-01-20T13:45:00Z", title: "Emails not sent", commit: "aaaaaaa1", deployment: "deploy-1" },
  { key: "I3", startedAt: "2024-01-24T10:00:00Z", title: "Slow search" },
] as const;

/** 120 resolved 10-minute incidents, one every 3 h from Dec 2, 2023 00:00 to Dec 16 21:00 (all before the window). */
export const LOOKBACK_INCIDENTS = Array.from({ length: 120 }, (_, index) => {
  const start = Date.parse("2023-12-02T00:00:00Z") + index * 3 * 3600_000;
  return { key: `L${index + 1}`, startedAt: new Date(start).toISOString(), resolvedAt: new Date(start + 600_000).toISOString(), title: `Old incident ${index + 1}` };
});

/** The fetch window of a report over January 2024 with `lookbackDays` of lookback. */
export function worldWindow(lookbackDays: number): FetchWindow {
  const from = new Date(WORLD_FROM);
  return { from, to: new Date(WORLD_TO), lookbackFrom: new Date(from.getTime() - lookbackDays * 86_400_000), now: new Date(WORLD_TO) };
}

export const worldServiceLabels = (service: ServiceConfig) => serviceIncidentLabels(service, ["pagerduty"]);

export function worldReport(incidents: Incident[]): Report {
  const deployments = [
    deployment({ id: "uid-1", name: "deploy-1", sha: sha("aaaaaaa1"), finishedAt: "2024-01-10T12:00" }),
    deployment({ id: "uid-2", name: "deploy-2", sha: sha("bbbbbbb2"), finishedAt: "2024-01-20T12:00" }),
    deployment({ id: "uid-3", name: "deploy-3", sha: sha("ccccccc3"), finishedAt: "2024-01-25T12:00" }),
  ];
  const services = [{ name: "api", repo: "acme/api", incidentLabels: worldServiceLabels(WORLD_SERVICE) }];
  return computeReport(input({ deployments, incidents }), scope({ services }), options());
}

/** The world's figures, by hand. */
export function expectWorldFigures(report: Report): void {
  const overall = report.overall;
  // CFR: D1 is failed (I1 inferred, I2 explicit); D2 none; D3 none (I3 is attributed to nothing) → 1 / 3.
  expect(overall.changeFailureRate).toMatchObject({ deployments: 3, failedDeployments: 1 });
  expect(overall.changeFailureRate.rate).toBeCloseTo(1 / 3, 10);
  // Restore: I1 90 min = 5400 s, I2 45 min = 2700 s; I3 active. Mean = median = (5400 + 2700) / 2 = 4050 s.
  expect(overall.timeToRestore).toMatchObject({ incidents: 3, resolved: 2, active: 1, meanSeconds: 4050, medianSeconds: 4050 });
  // Recovery: D1 (Jan 10 12:00) → the latest resolve of its incidents, I2 at Jan 20 13:45 = 10 d 1 h 45 min
  // = 10 × 86400 + 6300 = 870300 s.
  expect(overall.failedDeploymentRecoveryTime).toMatchObject({ count: 1, meanSeconds: 870_300, medianSeconds: 870_300 });
  // Rework: D3 (Jan 25 12:00) was deployed while I3 (Jan 24 10:00, active) was open → 1 / 3.
  expect(overall.reworkRate).toMatchObject({ deployments: 3, reworkDeployments: 1 });
  const inWindow = report.incidents.filter((row) => row.service === "api" && !row.isDrill && Date.parse(row.startedAt) >= Date.parse(WORLD_FROM));
  const attribution = Object.fromEntries(inWindow.map((row) => [row.title, [row.deploymentId ?? null, row.attribution]]));
  expect(attribution).toEqual({
    "Checkout 500s": ["uid-1", "inferred"],
    "Emails not sent": ["uid-1", "label"],
    "Slow search": [null, "none"],
  });
}
