import type { Bucket, Window } from "../model/window.js";
import type { ServiceDefinition } from "../model/service.js";

export type LeadTimeStart = "authored" | "committed" | "pull-request";

/** Knobs of the metric definitions (from the config file, README "Configuration"). */
export interface MetricsOptions {
  leadTimeStart: LeadTimeStart;
  /** attribution.window: max seconds from a deployment's finish to an incident's start for inferred attribution. */
  attributionWindowSeconds: number;
  /** changeFailure.countFailedRollouts */
  countFailedRollouts: boolean;
  /** rework.grace: seconds after an incident's resolution during which it still counts as open. */
  reworkGraceSeconds: number;
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = {
  leadTimeStart: "authored",
  attributionWindowSeconds: 24 * 3600,
  countFailedRollouts: false,
  reworkGraceSeconds: 3600,
};

export interface ReportScope {
  window: Window;
  /** "Now": active incidents are open until now. Pinned to the dataset's end for the demo. */
  now: Date;
  generatedAt: Date;
  /** Every configured service (incidents are mapped to services against all of them). */
  services: ServiceDefinition[];
  /** `--service` filter: only these services are reported (overall, per service, rows). Default: all. */
  reportServices?: string[];
  bucket?: Bucket;
  /**
   * List the rows: deployments, changes and incidents (default true). False leaves them empty for
   * output that shows figures only (a table, CSV summary): a row per event costs seconds and a
   * gigabyte at a million deployments.
   */
  listRows?: boolean;
}

import type { Deployment } from "../model/deployment.js";
import type { Comparison, ComparisonRequest, CommitRequest, PullRequestAnswer, RepoCommit } from "../model/commit.js";
import type { CommitGraphTable } from "../model/commit-table.js";
import type { Incident } from "../model/incident.js";

/** Everything the sources fetched, normalized: the input of the pure metrics. */
export interface MetricsInput {
  /** Production runs of all services, window and lookback, succeeded and failed. */
  deployments: Deployment[];
  comparisons: Comparison[];
  /** Comparisons GitHub answered 404 for (force-pushed or deleted SHAs). */
  missingComparisons: ComparisonRequest[];
  /** Single commits (first deployments' heads, fallbacks). */
  commits: RepoCommit[];
  /** Commits GitHub did not know (404/422): never requested again. */
  missingCommits?: CommitRequest[];
  /** Commit graphs known before this run (the cache), folded before `comparisons`. */
  commitGraphs?: CommitGraphTable[];
  /** Pull requests of counted commits (leadTime.start pull-request); `pullRequest` absent: none. */
  pullRequests?: PullRequestAnswer[];
  /** Incidents started in [lookbackFrom, to), service not yet assigned. */
  incidents: Incident[];
}

