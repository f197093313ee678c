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

/** A deployment named by a reason. */
export interface DeploymentRef {
  id: string;
  name: string;
  sha: string;
  finishedAt: string;
}

/** Why a deployment has the changes it has (`deployments[].lineage.reason`, see docs/explain.md). */
export type LineageReason =
  /** No earlier successful deployment of the service: only its head commit is a change. */
  | "first-deployment"
  /** GitHub cannot place its SHA (force-pushed or deleted): only its head commit is a change. */
  | "comparison-not-found"
  /** Same SHA as the previous deployment: no changes. */
  | "redeploy"
  /** The same commit as the previous deployment's, spelled otherwise: no changes. */
  | "identical"
  /** Its SHA is an ancestor of the previous deployment's: no changes, and rework. */
  | "rollback"
  /** Its SHA was reached by an earlier deployment (not the previous one): no changes. */
  | "already-deployed"
  /** New commits on top of the previous deployment. */
  | "ahead"
  /** New commits on top of an earlier deployment, the high water, not the previous one (a rollback or a branch deploy). */
  | "high-water"
  /** New commits on a line no earlier deployment's SHA sits on (a branch deploy); base is the previous deployment. */
  | "diverged";

/** `deployments[].lineage` (optional, added to schemaVersion 1): where a deployment's changes come from. */
export interface DeploymentLineageRow {
  reason: LineageReason;
  /** The successful deployment of the service just before it (lookback included). */
  previous: DeploymentRef | null;
  /** The deployment its changes were counted from: `previous`, or after a rollback the high water. */
  base: DeploymentRef | null;
  /** The SHAs GitHub could not compare (comparison-not-found only); null otherwise. */
  compared: { base: string; head: string } | null;
  /** Commits listed for it that an earlier deployment already brought (not its changes); empty with the commit graph. */
  alreadyDeployed: string[];
}

/** `deployments[].reworkReasons` (optional): why a deployment is rework; empty when it is not. */
export type ReworkReason =
  | { kind: "rollback" }
  /** It finished while this incident of its service was open: [openFrom, openUntil], grace included (now while active). */
  | { kind: "open-incident"; incidentId: string; openFrom: string; openUntil: string };

/** Which rule decided an incident's attribution (`incidents[].attributionReason.rule`). */
export type AttributionRule =
  | "deployment-label"
  | "commit-label"
  | "inferred"
  /** The latest deployment of its service finished more than attribution.window before it started. */
  | "outside-window"
  /** No deployment of its service finished before it started (lookback included). */
  | "no-earlier-deployment"
  /** Drills are never attributed. */
  | "drill"
  /** It matches no configured service's incident labels. */
  | "no-service";

/** A `deployment` or `commit` label of an incident. */
export interface AttributionLabel {
  key: "deployment" | "commit";
  value: string;
}

/** `incidents[].attributionReason` (optional, added to schemaVersion 1). */
export interface AttributionReason {
  rule: AttributionRule;
  /** The label that named the deployment (label rules), else null. */
  label: AttributionLabel | null;
  /** Deployment or commit labels that named no deployment of its service, and were ignored. */
  ignoredLabels: AttributionLabel[];
  /** The latest deployment of its service finished at or before its start: the inferred candidate. */
  latestDeployment: DeploymentRef | null;
  /** startedAt − latestDeployment.finishedAt, in seconds. */
  secondsAfterLatest: number | null;
  /** attribution.window in seconds. */
  windowSeconds: number;
  /** The incident labels of its service (config) that it carries, all of which matched; null without a service. */
  serviceLabels: Record<string, string> | null;
}

/** Why a change's lead time is left out of the figures (`changes[].leadTimeExcluded`). */
export type LeadTimeExclusion = "non-positive-lead-time" | "missing-commit-date";

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
  /** Where its changes come from; absent for failed rollouts. */
  lineage?: DeploymentLineageRow;
  /** Why it is rework (empty when it is not); absent for failed rollouts. */
  reworkReasons?: ReworkReason[];
  /** Failed deployment recovery time in seconds; null unless failed by incidents that are all resolved. */
  recoverySeconds?: number | null;
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
  /** Present when leadTimeSeconds is null: why the lead time is left out. */
  leadTimeExcluded?: LeadTimeExclusion;
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
  /** How the attribution was decided. */
  attributionReason?: AttributionReason;
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
