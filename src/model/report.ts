import type { Attribution, IncidentStatus } from "./incident.js";
import type { DeploymentStatus } from "./deployment.js";
import type { Warning } from "./warning.js";

export type Tier = "elite" | "high" | "medium" | "low";

export interface DeploymentFrequency {
  deployments: number;
  perDay: number;
  perWeek: number;
  deployDays: number;
  medianDeployDaysPerWeek: number | null;
  tier: Tier | null;
}

export interface LeadTime {
  changes: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  tier: Tier | null;
}

export interface ChangeFailureRate {
  deployments: number;
  failedDeployments: number;
  rate: number | null;
  tier: Tier | null;
}

export interface TimeToRestore {
  incidents: number;
  resolved: number;
  active: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  tier: Tier | null;
}

export interface FailedDeploymentRecoveryTime {
  count: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface ReworkRate {
  deployments: number;
  reworkDeployments: number;
  rate: number | null;
}

/** The DORA figures for one scope (overall, a service, a bucket) — docs/metric-definitions.md, "JSON report contract". */
export interface MetricSet {
  deploymentFrequency: DeploymentFrequency;
  leadTime: LeadTime;
  changeFailureRate: ChangeFailureRate;
  timeToRestore: TimeToRestore;
  failedDeploymentRecoveryTime: FailedDeploymentRecoveryTime;
  reworkRate: ReworkRate;
}

export interface BucketMetrics {
  start: string;
  end: string;
  overall: MetricSet;
  services: Record<string, MetricSet>;
}

export interface DeploymentRow {
  id: string;
  name: string;
  service: string;
  repo: string;
  sha: string;
  status: DeploymentStatus;
  startedAt: string;
  finishedAt: string;
  /** Number of changes (commits first deployed here), including those whose lead time is excluded. */
  changes: number;
  failed: boolean;
  rework: boolean;
  rollback: boolean;
  incidentIds: string[];
  url: string | null;
  traceId: string;
}

/**
 * A Change of docs/metric-definitions.md, "Domain model": one commit that reached production for the first time in a deployment.
 * The metrics keep changes as plain per-deployment arrays (a year can hold millions); this row is
 * the form they take in the report.
 */
export interface ChangeRow {
  sha: string;
  service: string;
  repo: string;
  authoredAt: string | null;
  committedAt: string | null;
  deploymentId: string;
  deployedAt: string;
  leadTimeSeconds: number | null;
}

export interface IncidentRow {
  id: string;
  title: string;
  service: string | null;
  severity: string;
  status: IncidentStatus;
  isDrill: boolean;
  startedAt: string;
  resolvedAt: string | null;
  restoreSeconds: number | null;
  deploymentId: string | null;
  attribution: Attribution;
}

/** The whole report: exactly the `schemaVersion: 1` JSON contract of docs/metric-definitions.md, "JSON report contract". */
export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  window: { from: string; to: string; timezone: string };
  benchmark: "dora-2023";
  overall: MetricSet;
  services: Record<string, MetricSet>;
  buckets: BucketMetrics[];
  deployments: DeploymentRow[];
  changes: ChangeRow[];
  incidents: IncidentRow[];
  warnings: Warning[];
}
