import type { Commit, Comparison, ComparisonStatus, RepoCommit } from "../../src/model/commit.js";
import { graphTableOf, type CommitGraphTable } from "../../src/model/commit-table.js";
import type { Deployment } from "../../src/model/deployment.js";
import type { Incident } from "../../src/model/incident.js";
import type { ServiceDefinition } from "../../src/model/service.js";
import type { Bucket } from "../../src/model/window.js";
import { DEFAULT_METRICS_OPTIONS } from "../../src/metrics/options.js";
import type { MetricsInput, MetricsOptions, ReportScope } from "../../src/metrics/options.js";

// Tiny builders of plain input objects. Times are written as "2024-01-10T12:00" (UTC, no zone) for
// readability; `at()` makes them ISO instants.

export const HOUR = 3600;
export const DAY = 86_400;

/** "2024-01-10T12:00" → "2024-01-10T12:00:00.000Z"; full ISO strings pass through. */
export function at(text: string): string {
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`).toISOString();
}

/** A 40-hex SHA made from a short tag, so tests can write sha("a1"). */
export function sha(tag: string): string {
  return tag.padEnd(40, "0");
}

/**
 * A deployment; its instants are written as readable text (`finishedAt`, optional `startedAt`, by
 * default 10 minutes before the finish) and stored as ms.
 */
export function deployment(fields: { id: string; sha: string; finishedAt: string; startedAt?: string } & Partial<Deployment>): Deployment {
  const { startedAt, finishedAt, ...rest } = fields;
  const finishedMs = ms(finishedAt);
  return {
    name: fields.id,
    namespace: "argo",
    service: "api",
    repo: "acme/api",
    environment: "production",
    status: "succeeded",
    startedMs: startedAt === undefined ? finishedMs - 600_000 : ms(startedAt),
    steps: [],
    ...rest,
    finishedMs,
  };
}

export function commit(shaValue: string, authoredAt: string, extra: Partial<Commit> = {}): Commit {
  return { sha: shaValue, authoredAt: at(authoredAt), committedAt: at(authoredAt), ...extra };
}

export function repoCommit(repo: string, shaValue: string, authoredAt: string, extra: Partial<Commit> = {}): RepoCommit {
  return { repo, ...commit(shaValue, authoredAt, extra) };
}

/**
 * GitHub's answer to `base...head` on a linear history: the listed commits chain from base (each
 * one's parent is the one before), the merge base is base (ahead, identical) or head (behind).
 */
export function comparison(base: string, head: string, status: ComparisonStatus, commits: Commit[] = [], repo = "acme/api"): Comparison {
  const chained = commits.map((listed, index) => ({ ...listed, parents: listed.parents ?? [index === 0 ? base : commits[index - 1]!.sha] }));
  const mergeBase = status === "behind" ? head : base;
  return { repo, base, head, status, commits: chained, mergeBaseCommit: { sha: mergeBase, parents: [] } };
}

/** A cached commit graph of one linear history (oldest first; the first commit is the root). */
export function linearGraph(commits: Commit[], repo = "acme/api"): CommitGraphTable {
  return graphTableOf({
    repo,
    root: commits[0]!.sha,
    commits: commits.map((listed, index) => ({ ...listed, parents: listed.parents ?? (index === 0 ? [] : [commits[index - 1]!.sha]) })),
  });
}

/** "2024-01-10T12:00" (or a full ISO string) → epoch ms. */
export function ms(text: string): number {
  return Date.parse(at(text));
}

/** An incident; its instants are written as readable text (`startedAt`, `resolvedAt`) and stored as ms. */
export function incident(fields: { id: string; startedAt: string; resolvedAt?: string } & Partial<Incident>): Incident {
  const { startedAt, resolvedAt, ...rest } = fields;
  return {
    title: `incident ${fields.id}`,
    severity: "major",
    status: resolvedAt ? "resolved" : "active",
    isDrill: false,
    labels: { service: "api" },
    ...rest,
    startedMs: ms(startedAt),
    ...(resolvedAt ? { resolvedMs: ms(resolvedAt) } : {}),
  };
}

export function input(fields: Partial<MetricsInput> = {}): MetricsInput {
  return { deployments: [], comparisons: [], missingComparisons: [], commits: [], incidents: [], ...fields };
}

export const API: ServiceDefinition = { name: "api", repo: "acme/api", incidentLabels: { service: "api" } };
export const WEB: ServiceDefinition = { name: "web", repo: "acme/web", incidentLabels: { service: "web" } };

/** Default window: January 2024 from Monday 1st 00:00 UTC to Wednesday 31st 00:00 UTC (30 days). */
export function scope(fields: {
  from?: string;
  to?: string;
  timezone?: string;
  now?: string;
  services?: ServiceDefinition[];
  reportServices?: string[];
  bucket?: Bucket;
} = {}): ReportScope {
  const to = new Date(at(fields.to ?? "2024-01-31T00:00"));
  const result: ReportScope = {
    window: { from: new Date(at(fields.from ?? "2024-01-01T00:00")), to, timezone: fields.timezone ?? "UTC" },
    now: fields.now ? new Date(at(fields.now)) : to,
    generatedAt: to,
    services: fields.services ?? [API],
  };
  if (fields.reportServices) result.reportServices = fields.reportServices;
  if (fields.bucket) result.bucket = fields.bucket;
  return result;
}

export function options(fields: Partial<MetricsOptions> = {}): MetricsOptions {
  return { ...DEFAULT_METRICS_OPTIONS, ...fields };
}

/** Noon of day `n` of December 2023: the lookback of the January-2024 window the graph tests use. */
export const decemberDay = (n: number): string => `2023-12-${String(n).padStart(2, "0")}T12:00`;

/** `p1 ← p2 ← … ← p<count>` (p1's parents `firstParents`), authored December 1, 2, … at noon. */
export function commitChain(prefix: string, count: number, firstParents: string[] = []): Commit[] {
  return Array.from({ length: count }, (_, index) =>
    commit(sha(`${prefix}${index + 1}`), decemberDay(index + 1), { parents: index === 0 ? firstParents : [sha(`${prefix}${index}`)] }),
  );
}
