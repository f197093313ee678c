// The pure DORA metrics engine (docs/metric-definitions.md): no I/O, plain objects in, the §6 report out.

export { planGitHubRequests } from "./plan-github-requests.js";
export type { GitHubRequests } from "./plan-github-requests.js";
export { analyze } from "./analysis.js";
export type { Analysis, Lookback, LookbackDeployment } from "./analysis.js";
export type { DeploymentFact, IncidentFact } from "./facts.js";
export type { Figures } from "./figures.js";
export { reportOf } from "./report-view.js";
export { computeReport } from "./compute-report.js";
export { DEFAULT_METRICS_OPTIONS } from "./options.js";
export type { LeadTimeStart, MetricsInput, MetricsOptions, ReportScope } from "./options.js";
export { mean, median, percentile, summarizeSeconds } from "./stats.js";
export { deploymentFrequencyTier } from "./deployment-frequency.js";
export { leadTimeTier } from "./lead-time.js";
export { changeFailureRateTier } from "./change-failure-rate.js";
export { timeToRestoreTier } from "./time-to-restore.js";
export { bucketPeriods } from "./buckets.js";
export type { Period } from "./buckets.js";
export { serviceOfIncident } from "./incident-services.js";
export { leadTimeStartOf } from "./change-log.js";
export { buildCommitGraphs, commitRequestKey, comparisonRequestKey, indexGitHubData } from "./github-data.js";
export type { GitHubData } from "./github-data.js";
// Per-deployment lineage (`reason` and `base`: which earlier deployment it was measured against and why), for `dora explain`.
export { isHeadOnly, resolveLineages } from "./lineage.js";
export type { DeploymentLineage, LineageReason } from "./lineage.js";
export { CommitGraph } from "./commit-graph.js";
export { successfulHistories } from "./deployment-history.js";
export { dedupeWarnings } from "./warnings.js";
