/** One node of an Argo Workflow run, as kept on a deployment (becomes a child span in backfill). */
export interface DeploymentStep {
  /** Argo node id (stable within the workflow; used to derive span ids). */
  id: string;
  /** Node displayName (falls back to name). */
  name: string;
  templateName?: string;
  /** Argo node type: Pod, DAG, Steps, StepGroup, Suspend, Retry, ... */
  type: string;
  /** Argo node phase: Succeeded, Failed, Error, Skipped, Omitted, Running, Pending. */
  phase: string;
  /** Epoch ms (the report shows instants as ISO 8601); absent when the node never started. */
  startedMs?: number;
  /** Epoch ms; absent while the node runs. */
  finishedMs?: number;
}

export type DeploymentStatus = "succeeded" | "failed";

/**
 * One Argo Workflow run that reached the production step (docs/metric-definitions.md, "Domain model").
 * A run whose production step never ran is not a Deployment.
 */
export interface Deployment {
  /** Workflow metadata.uid. */
  id: string;
  name: string;
  namespace: string;
  service: string;
  /** "owner/name" GitHub repository. */
  repo: string;
  /** The deployed commit, lower-case 40-hex (or shorter when the workflow only carried a short SHA). */
  sha: string;
  environment: "production";
  status: DeploymentStatus;
  /** Epoch ms: workflow status.startedAt (the report shows instants as ISO 8601). */
  startedMs: number;
  /** Epoch ms: finish of the production step node when productionStep is configured, else status.finishedAt. */
  finishedMs: number;
  steps: DeploymentStep[];
  /** Link to the run in the Argo UI, when the server URL is known. */
  url?: string;
}
