// --allow-partial: a source that cannot be read no longer stops the run. Each failure becomes a
// warning whose code starts with INCOMPLETE_WARNING_PREFIX, naming what is missing and why (the
// SourceError's message names the source, the URL and the status); the CLI prints the report with
// a banner and still exits 3. Only SourceErrors are tolerated: a bug still stops the run.

import type { ServiceConfig } from "../config/schema.js";
import { INCOMPLETE_WARNING_PREFIX, SourceError } from "../errors.js";
import { comparisonKey, type Comparison, type ComparisonRequest, type CommitRequest, type PullRequestAnswer, type RepoCommit } from "../model/commit.js";
import type { Deployment } from "../model/deployment.js";
import type { Incident } from "../model/incident.js";
import type { Warning } from "../model/warning.js";
import type { CommitSource, DeploymentSource, FetchWindow, IncidentSource, SourceResult } from "./types.js";

export const INCOMPLETE_CODES = {
  deployments: `${INCOMPLETE_WARNING_PREFIX}deployments`,
  changes: `${INCOMPLETE_WARNING_PREFIX}changes`,
  commits: `${INCOMPLETE_WARNING_PREFIX}commits`,
  incidents: `${INCOMPLETE_WARNING_PREFIX}incidents`,
} as const;

function reason(error: SourceError): string {
  const where = [error.details.url, error.details.status === undefined ? undefined : `HTTP ${error.details.status}`].filter(Boolean).join(" → ");
  return where && !error.message.includes(error.details.url ?? "\u0000") ? `${error.message} (${where})` : error.message;
}

function tolerate(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  throw error;
}

/** Reads each service on its own, so one service's failure leaves the others' figures intact. */
export function partialDeploymentSource(inner: DeploymentSource): DeploymentSource {
  return {
    async fetchDeployments(window: FetchWindow, services: ServiceConfig[]): Promise<SourceResult<Deployment>> {
      const records: Deployment[] = [];
      const warnings: Warning[] = [];
      for (const service of services) {
        try {
          const result = await inner.fetchDeployments(window, [service]);
          records.push(...result.records);
          warnings.push(...result.warnings);
        } catch (error) {
          warnings.push({
            code: INCOMPLETE_CODES.deployments,
            subject: service.name,
            message: `the deployments of ${service.name} could not be read, so its figures are missing: ${reason(tolerate(error))}`,
          });
        }
      }
      records.sort((a, b) => a.finishedMs - b.finishedMs || a.id.localeCompare(b.id));
      return { records, warnings };
    },
  };
}

/**
 * Asks GitHub one request at a time (the client's own limiter still bounds concurrency). A failed
 * compare is neither answered nor "missing": its deployment counts with no changes, and it is not
 * asked again in the next planning round.
 */
export function partialCommitSource(inner: CommitSource): CommitSource {
  const failedComparisons = new Set<string>();
  const failedCommits = new Set<string>();
  return {
    async fetchComparisons(requests: ComparisonRequest[]) {
      const unique = new Map(requests.map((request) => [comparisonKey(request.repo, request.base, request.head), request]));
      // Answers are merged in request order, whatever order they arrive in.
      const results = await Promise.all(
        [...unique].map(async ([key, request]): Promise<SourceResult<Comparison> & { missing: ComparisonRequest[] }> => {
          if (failedComparisons.has(key)) return { records: [], missing: [], warnings: [] };
          try {
            return await inner.fetchComparisons([request]);
          } catch (error) {
            failedComparisons.add(key);
            const warning: Warning = {
              code: INCOMPLETE_CODES.changes,
              subject: `${request.repo}@${request.head}`,
              message: `GitHub compare ${request.repo} ${request.base}...${request.head} could not be read, so the changes of that deployment are missing: ${reason(tolerate(error))}`,
            };
            return { records: [], missing: [], warnings: [warning] };
          }
        }),
      );
      return {
        records: results.flatMap((result) => result.records),
        missing: results.flatMap((result) => result.missing),
        warnings: results.flatMap((result) => result.warnings),
      };
    },

    async fetchCommits(requests: CommitRequest[]): Promise<SourceResult<RepoCommit>> {
      const unique = new Map(requests.map((request) => [`${request.repo}@${request.sha}`, request]));
      const results = await Promise.all(
        [...unique].map(async ([key, request]): Promise<SourceResult<RepoCommit>> => {
          if (failedCommits.has(key)) return { records: [], warnings: [] };
          try {
            return await inner.fetchCommits([request]);
          } catch (error) {
            failedCommits.add(key);
            const warning: Warning = {
              code: INCOMPLETE_CODES.commits,
              subject: `${request.repo}@${request.sha}`,
              message: `GitHub commit ${request.repo}@${request.sha} could not be read, so its deployment's changes are missing: ${reason(tolerate(error))}`,
            };
            return { records: [], warnings: [warning] };
          }
        }),
      );
      return { records: results.flatMap((result) => result.records), warnings: results.flatMap((result) => result.warnings) };
    },

    resolvesPullRequests: inner.resolvesPullRequests,

    async fetchPullRequests(requests: CommitRequest[]): Promise<SourceResult<PullRequestAnswer>> {
      if (!inner.fetchPullRequests) return { records: [], warnings: [] };
      try {
        return await inner.fetchPullRequests(requests);
      } catch (error) {
        // Without an answer each commit keeps its own date as the lead-time start.
        const warning: Warning = {
          code: INCOMPLETE_CODES.commits,
          subject: "pull requests",
          message: `GitHub pull requests could not be read, so lead times start at the commits' own dates: ${reason(tolerate(error))}`,
        };
        return { records: requests.map((request) => ({ repo: request.repo, sha: request.sha })), warnings: [warning] };
      }
    },
  };
}

/** Without incidents, the change failure rate, restore and rework figures are missing (not zero). */
export function partialIncidentSource(inner: IncidentSource): IncidentSource {
  return {
    async fetchIncidents(window: FetchWindow): Promise<SourceResult<Incident>> {
      try {
        return await inner.fetchIncidents(window);
      } catch (error) {
        return {
          records: [],
          warnings: [
            {
              code: INCOMPLETE_CODES.incidents,
              subject: "incidents",
              message: `the incidents could not be read, so change failure rate, time to restore and rework count none: ${reason(tolerate(error))}`,
            },
          ],
        };
      }
    },
  };
}
