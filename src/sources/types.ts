import type { ServiceConfig } from "../config/schema.js";
import type { Deployment } from "../model/deployment.js";
import type { CommitGraphTable } from "../model/commit-table.js";
import type { Comparison, ComparisonRequest, CommitRequest, PullRequestAnswer, RepoCommit } from "../model/commit.js";
import type { Incident } from "../model/incident.js";
import type { Warning } from "../model/warning.js";

/**
 * What a source fetches: the report window plus the lookback before it.
 * Sources return records from [lookbackFrom, to); the metrics decide what counts in the window.
 */
export interface FetchWindow {
  from: Date;
  to: Date;
  /** from − lookback. */
  lookbackFrom: Date;
  /** The clock of the run (pinned for fixtures). */
  now: Date;
}

export interface SourceResult<T> {
  records: T[];
  warnings: Warning[];
}

/** Progress events for the CLI's progress display (pages, workflows, compares, incidents). */
export type ProgressListener = (event: { source: string; kind: string; done: number; total?: number }) => void;

/** Argo Workflows (archive and/or cluster) → production deployments of the configured services. */
export interface DeploymentSource {
  fetchDeployments(window: FetchWindow, services: ServiceConfig[]): Promise<SourceResult<Deployment>>;
}

/** GitHub → commit sets between deployed SHAs, and single commits. */
export interface CommitSource {
  /**
   * Fetches each comparison. A comparison GitHub answers 404 for (force-pushed or deleted SHA) is
   * returned in `missing`, not thrown; every other failure throws a SourceError.
   */
  fetchComparisons(requests: ComparisonRequest[]): Promise<SourceResult<Comparison> & { missing: ComparisonRequest[] }>;
  /** Fetches single commits; a 404 commit is left out with a warning. */
  fetchCommits(requests: CommitRequest[]): Promise<SourceResult<RepoCommit>>;
  /** leadTime.start pull-request: the pull request of each commit (asked only for commits that count). */
  readonly resolvesPullRequests?: boolean;
  fetchPullRequests?(requests: CommitRequest[]): Promise<SourceResult<PullRequestAnswer>>;
}

/** Commit graphs kept between runs (immutable: commits by full SHA), keyed by GitHub host and repository. */
export interface CommitGraphStore {
  load(repos: readonly string[]): Promise<CommitGraphTable[]>;
  save(graphs: readonly CommitGraphTable[]): Promise<void>;
}

/** Grafana Incident / IRM → incidents that started in [lookbackFrom, to). Service mapping is done by metrics. */
export interface IncidentSource {
  fetchIncidents(window: FetchWindow): Promise<SourceResult<Incident>>;
}

/** Where sources send --verbose request logs and non-fatal notes; the CLI decides what to print. */
export interface SourceLogger {
  debug(message: string): void;
}

export const silentLogger: SourceLogger = { debug: () => {} };
