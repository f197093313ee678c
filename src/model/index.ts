export type { Deployment, DeploymentStep, DeploymentStatus } from "./deployment.js";
export type { Commit, Comparison, ComparisonStatus, PullRequestRef, ComparisonRequest, CommitRequest, RepoCommit } from "./commit.js";
export { comparisonKey } from "./commit.js";
export type { Incident, AttributedIncident, IncidentStatus, Attribution } from "./incident.js";
export type { Window, Bucket } from "./window.js";
export type { Warning } from "./warning.js";
export type { ServiceDefinition } from "./service.js";
export type * from "./report.js";
export { traceIdFor, spanIdFor } from "./trace-id.js";
