import type { Deployment } from "../../src/model/deployment.js";
import type { Incident } from "../../src/model/incident.js";
import type { DeploymentRow, IncidentRow, MetricSet, Report } from "../../src/model/report.js";
import { traceIdFor } from "../../src/model/trace-id.js";
import type { BackfillData } from "../../src/otlp/backfill-data.js";

// A hand-made dataset (service "api", repo acme/api), window [2026-01-10T00:00Z, 01:00Z):
// - lookback: deployment L1 succeeded 2026-01-09T12:00Z; incident I0 2026-01-09T13:00 → 13:30 (1800 s)
// - window: D1 finished 00:15 (2 changes, lead times 3600 s and 7200 s, failed by I1),
//           D2 finished 00:42 (no change, rework + rollback);
//           I1 00:20 → 00:50 (1800 s, attributed to D1), I2 00:55 active, I3 a drill at 00:05.

export const FROM = "2026-01-10T00:00:00.000Z";
export const TO = "2026-01-10T01:00:00.000Z";
export const at = (hhmm: string) => `2026-01-10T${hhmm}:00.000Z`;

function emptyMetricSet(): MetricSet {
  return {
    deploymentFrequency: { deployments: 0, perDay: 0, perWeek: 0, deployDays: 0, medianDeployDaysPerWeek: null, tier: null },
    leadTime: { changes: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, tier: null },
    changeFailureRate: { deployments: 0, failedDeployments: 0, rate: null, tier: null },
    timeToRestore: { incidents: 0, resolved: 0, active: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, tier: null },
    failedDeploymentRecoveryTime: { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null },
    reworkRate: { deployments: 0, reworkDeployments: 0, rate: null },
  };
}

function deployment(id: string, name: string, startedAt: string, finishedAt: string, status: "succeeded" | "failed" = "succeeded"): Deployment {
  return {
    id,
    name,
    namespace: "argo",
    service: "api",
    repo: "acme/api",
    sha: `${id.replace(/[^0-9a-f]/g, "a")}`.padEnd(40, "0"),
    environment: "production",
    status,
    startedAt,
    finishedAt,
    steps: [
      { id: name, name, type: "DAG", phase: "Succeeded", startedAt, finishedAt },
      { id: `${name}-1`, name: "build", type: "Pod", phase: "Succeeded", startedAt, finishedAt: startedAt.replace(":00.000Z", ":30.000Z") },
      { id: `${name}-2`, name: "deploy-production", templateName: "deploy", type: "Pod", phase: "Succeeded", startedAt: startedAt.replace(":00.000Z", ":30.000Z"), finishedAt },
      { id: `${name}-3`, name: "never-ran", type: "Pod", phase: "Omitted" },
    ],
    url: `https://argo.example.com/workflows/argo/${name}`,
  };
}

export const L1 = deployment("uid-l1", "deploy-api-aaaaa", "2026-01-09T11:50:00.000Z", "2026-01-09T12:00:00.000Z");
export const D1 = deployment("uid-d1", "deploy-api-bbbbb", at("00:05"), at("00:15"));
export const D2 = deployment("uid-d2", "deploy-api-ccccc", at("00:32"), at("00:42"));

function row(d: Deployment, extra: Partial<DeploymentRow>): DeploymentRow {
  return {
    id: d.id,
    name: d.name,
    service: d.service,
    repo: d.repo,
    sha: d.sha,
    status: d.status,
    startedAt: d.startedAt,
    finishedAt: d.finishedAt,
    changes: 0,
    failed: false,
    rework: false,
    rollback: false,
    incidentIds: [],
    url: d.url ?? null,
    traceId: traceIdFor(d.id),
    ...extra,
  };
}

function incidentRow(id: string, startedAt: string, resolvedAt: string | null, extra: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id,
    title: `incident ${id}`,
    service: "api",
    severity: "major",
    status: resolvedAt ? "resolved" : "active",
    isDrill: false,
    startedAt,
    resolvedAt,
    restoreSeconds: resolvedAt ? (Date.parse(resolvedAt) - Date.parse(startedAt)) / 1000 : null,
    deploymentId: null,
    attribution: "none",
    ...extra,
  };
}

export function tinyReport(window: { from: string; to: string } = { from: FROM, to: TO }): Report {
  return {
    schemaVersion: 1,
    generatedAt: TO,
    window: { ...window, timezone: "UTC" },
    benchmark: "dora-2023",
    overall: emptyMetricSet(),
    services: { api: emptyMetricSet() },
    buckets: [],
    deployments: [row(D1, { changes: 2, failed: true, incidentIds: ["I1"] }), row(D2, { rework: true, rollback: true })],
    changes: [
      { sha: "c1".padEnd(40, "1"), service: "api", repo: "acme/api", authoredAt: "2026-01-09T23:15:00.000Z", committedAt: "2026-01-09T23:16:00.000Z", deploymentId: D1.id, deployedAt: D1.finishedAt, leadTimeSeconds: 3600 },
      { sha: "c2".padEnd(40, "2"), service: "api", repo: "acme/api", authoredAt: "2026-01-09T22:15:00.000Z", committedAt: "2026-01-09T22:15:00.000Z", deploymentId: D1.id, deployedAt: D1.finishedAt, leadTimeSeconds: 7200 },
    ],
    incidents: [
      incidentRow("I3", at("00:05"), at("00:06"), { isDrill: true }),
      incidentRow("I1", at("00:20"), at("00:50"), { deploymentId: D1.id, attribution: "inferred" }),
      incidentRow("I2", at("00:55"), null),
    ],
    warnings: [],
  };
}

const lookbackIncident: Incident = {
  id: "I0",
  title: "incident I0",
  severity: "minor",
  status: "resolved",
  isDrill: false,
  labels: { service: "api" },
  startedAt: "2026-01-09T13:00:00.000Z",
  resolvedAt: "2026-01-09T13:30:00.000Z",
};

export function tinyData(report: Report = tinyReport()): BackfillData {
  return {
    report,
    deployments: [L1, D1, D2],
    // I1 is fetched too (it is also a report row): it must be counted once.
    incidents: [lookbackIncident, { ...lookbackIncident, id: "I1", startedAt: at("00:20"), resolvedAt: at("00:50") }],
    services: [{ name: "api", repo: "acme/api", incidentLabels: { service: "api" } }],
    countFailedRollouts: false,
    now: new Date(TO),
  };
}
