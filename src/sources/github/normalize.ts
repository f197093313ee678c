// GitHub REST payloads → model commits and comparisons. Pure: no I/O, so it is tested on the
// OpenAPI examples directly.

import type { Commit, Comparison, ComparisonRequest, ComparisonStatus, PullRequestRef, RepoCommit } from "../../model/commit.js";
import { SourceError } from "../../errors.js";
import { rfc3339ToIso } from "../../util/rfc3339.js";
import { isRecord } from "../../util/json-guards.js";



const STATUSES: readonly ComparisonStatus[] = ["ahead", "behind", "identical", "diverged"];

/** An ISO instant from a GitHub date (RFC 3339, which may carry an offset); undefined when absent or not strictly RFC 3339. */
export function isoInstant(value: unknown): string | undefined {
  return rfc3339ToIso(value);
}

function payloadError(what: string): SourceError {
  return new SourceError("github", `unexpected GitHub ${what} payload`, {
    hint: "check that github.apiUrl points at the GitHub REST API",
  });
}

/** One commit object (`commit` schema, also used in compare `commits[]`) without its repository. */
export function toCommit(json: unknown): Commit {
  if (!isRecord(json) || typeof json.sha !== "string") throw payloadError("commit");
  const inner = isRecord(json.commit) ? json.commit : {};
  const authoredAt = isoInstant(isRecord(inner.author) ? inner.author.date : undefined);
  const committedAt = isoInstant(isRecord(inner.committer) ? inner.committer.date : undefined);
  const parents = Array.isArray(json.parents)
    ? json.parents.flatMap((parent) => (isRecord(parent) && typeof parent.sha === "string" ? [parent.sha] : []))
    : undefined;
  return {
    sha: json.sha,
    ...(authoredAt === undefined ? {} : { authoredAt }),
    ...(committedAt === undefined ? {} : { committedAt }),
    ...(parents === undefined ? {} : { parents }),
  };
}

/** `GET /repos/{owner}/{repo}/commits/{ref}` → RepoCommit. */
export function normalizeCommit(json: unknown, repo: string): RepoCommit {
  return { repo, ...toCommit(json) };
}

function commitsOf(page: unknown): unknown[] {
  if (!isRecord(page) || !Array.isArray(page.commits)) throw payloadError("compare");
  return page.commits;
}

/** Whether a commit is the requested head (a workflow may carry a short SHA). */
function isHead(sha: string, head: string): boolean {
  if (sha === head) return true;
  const wanted = head.toLowerCase();
  return wanted.length >= 7 && wanted.length < 40 && sha.toLowerCase().startsWith(wanted);
}

/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}` (first page in `json`, later pages in `pages`) →
 * Comparison. Commits stay in GitHub's order (oldest first), pages concatenated, repeats dropped.
 */
export function normalizeComparison(json: unknown, request: ComparisonRequest, pages: unknown[] = []): Comparison {
  if (!isRecord(json) || !STATUSES.includes(json.status as ComparisonStatus)) throw payloadError("compare");
  const status = json.status as ComparisonStatus;
  const seen = new Set<string>();
  const commits: Commit[] = [];
  for (const raw of [json, ...pages].flatMap(commitsOf)) {
    const commit = toCommit(raw);
    if (seen.has(commit.sha)) continue;
    seen.add(commit.sha);
    commits.push(commit);
  }
  // For `behind` and `identical` the head is no listed commit but it is the merge base.
  let headCommit = commits.find((commit) => isHead(commit.sha, request.head));
  if (!headCommit) {
    for (const candidate of [json.merge_base_commit, json.base_commit]) {
      if (isRecord(candidate) && typeof candidate.sha === "string" && isHead(candidate.sha, request.head)) {
        headCommit = toCommit(candidate);
        break;
      }
    }
  }
  const mergeBaseCommit = isRecord(json.merge_base_commit) && typeof json.merge_base_commit.sha === "string" ? toCommit(json.merge_base_commit) : undefined;
  return {
    repo: request.repo,
    base: request.base,
    head: request.head,
    status,
    commits,
    ...(headCommit === undefined ? {} : { headCommit }),
    ...(mergeBaseCommit === undefined ? {} : { mergeBaseCommit }),
  };
}

/** One item of `GET /repos/{owner}/{repo}/commits/{sha}/pulls` (pull-request-simple). */
export interface PullRequestSummary {
  number: number;
  createdAt: string;
  mergedAt?: string;
}

/** The pull request that merged a commit: the merged one, else the first listed; undefined when none. */
export function pickPullRequest(json: unknown): PullRequestSummary | undefined {
  if (!Array.isArray(json)) throw payloadError("commit pulls");
  const items = json.filter(isRecord).filter((item) => typeof item.number === "number");
  const chosen = items.find((item) => isoInstant(item.merged_at) !== undefined) ?? items[0];
  if (!chosen) return undefined;
  const createdAt = isoInstant(chosen.created_at);
  const mergedAt = isoInstant(chosen.merged_at);
  if (createdAt === undefined) throw payloadError("commit pulls");
  return { number: chosen.number as number, createdAt, ...(mergedAt === undefined ? {} : { mergedAt }) };
}

/** A PullRequestRef from the PR and the first page of `GET /repos/{owner}/{repo}/pulls/{n}/commits`. */
export function toPullRequestRef(pull: PullRequestSummary, pullCommits: unknown): PullRequestRef {
  if (!Array.isArray(pullCommits)) throw payloadError("pull request commits");
  const first: unknown = pullCommits[0];
  const firstCommitAuthoredAt = first === undefined ? undefined : toCommit(first).authoredAt;
  return { ...pull, ...(firstCommitAuthoredAt === undefined ? {} : { firstCommitAuthoredAt }) };
}
