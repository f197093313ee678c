import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import { serviceOfIncident } from "../../src/metrics/incident-services.js";
import type { Incident } from "../../src/model/incident.js";
import type { ServiceDefinition } from "../../src/model/service.js";
import { generateNormalizedInput } from "../support/normalized-input.js";

describe("a report without rows (listRows: false)", () => {
  it("has the same figures as the full report and no rows", () => {
    const { input, scope, options } = generateNormalizedInput({ deployments: 2000, changes: 9000, incidents: 120, services: 7, days: 60 });
    const full = computeReport(input, scope, options);
    const summary = computeReport(input, { ...scope, listRows: false }, options);
    expect(full.deployments).toHaveLength(2000);
    expect(summary.deployments).toEqual([]);
    expect(summary.changes).toEqual([]);
    expect(summary.incidents).toEqual([]);
    expect(summary.overall).toEqual(full.overall);
    expect(summary.services).toEqual(full.services);
    expect(summary.buckets).toEqual(full.buckets);
    expect(summary.warnings).toEqual(full.warnings);
    // The lead times listed as rows are the ones the figures summarize.
    expect(full.changes.filter((change) => change.leadTimeSeconds !== null)).toHaveLength(full.overall.leadTime.changes);
  });
});

describe("serviceOfIncident with several labels per service", () => {
  const services: ServiceDefinition[] = [
    { name: "api-eu", repo: "acme/api", incidentLabels: { team: "api", region: "eu" } },
    { name: "api", repo: "acme/api", incidentLabels: { team: "api" } },
    { name: "web", repo: "acme/web", incidentLabels: {} },
  ];
  const incident = (labels: Record<string, string>): Incident => ({ id: "1", title: "t", severity: "minor", status: "active", isDrill: false, labels, startedMs: Date.parse("2026-01-01T00:00:00Z") });

  it("picks the first service in config order whose labels the incident all carries", () => {
    expect(serviceOfIncident(incident({ team: "api", region: "eu" }), services)).toBe("api-eu");
    expect(serviceOfIncident(incident({ region: "eu", team: "api" }), services)).toBe("api-eu");
    expect(serviceOfIncident(incident({ team: "api", region: "us" }), services)).toBe("api");
    // A service without labels claims nothing.
    expect(serviceOfIncident(incident({ region: "eu" }), services)).toBeUndefined();
  });
});
