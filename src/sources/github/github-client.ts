// GitHub REST → comparisons and commits (CommitSource). Octokit builds the requests; the transport
// under it (sources/http/resilient-fetch.ts) brings deadlines, rate-limit waits and time-budgeted
// retries shared with the other sources; this module adds paging of big compares, bounded
// concurrency, 404 → "missing", and the pull request of each commit.
// Why not @octokit/plugin-throttling and plugin-retry: they count retries instead of budgeting
// them by time, cannot refuse a reset hours away, and put no deadline on a trickling body — a
// nightly job hung on each (docs/failure-modes.md) — so GitHub shares the other sources' transport.

import type { CommitRequest, Comparison, ComparisonRequest, PullRequestAnswer, PullRequestRef, RepoCommit } from "../../model/commit.js";
import { comparisonKey } from "../../model/commit.js";
import type { Warning } from "../../model/warning.js";
import { SourceError } from "../../errors.js";
import { silentLogger, type CommitSource, type ProgressListener } from "../types.js";
import { isNotFound, octokitFailure, toSourceError } from "./github-errors.js";
import { createLimiter, DEFAULT_CONCURRENCY } from "../http/limiter.js";
import { createOctokit } from "./create-octokit.js";
import { MAX_COMPARE_COMMITS } from "../page-bounds.js";
import { httpPolicy } from "../http/http-policy.js";
import { redactUrl } from "../../util/redact.js";
import { responseDetail } from "../http/request-json.js";
import { normalizeCommit, normalizeComparison, pickPullRequest, toPullRequestRef } from "./normalize.js";
import type { HttpClientOptions } from "../http/client-options.js";

export interface GitHubSourceOptions extends Pick<HttpClientOptions, "fetch" | "http" | "retryBaseMs" | "concurrency" | "logger"> {
  /** REST base URL; GitHub Enterprise Server: https://HOST/api/v3. */
  apiUrl?: string;
  token?: string;
  leadTimeStart: "authored" | "committed" | "pull-request";
  onProgress?: ProgressListener;
}

/** Always sent explicitly: without paging parameters GitHub cuts a compare at 250 commits. */
const PER_PAGE = 100;

/**
 * The JSON object of a 2xx answer. Octokit hands over the raw text when a body is not JSON (an HTML
 * login page with 200, a truncated body): that is a failure naming the URL, not an empty payload.
 */
function jsonData(response: { data: unknown; status: number; url: string }, what: string): unknown {
  if (typeof response.data === "object" && response.data !== null && !(response.data instanceof ArrayBuffer)) return response.data;
  const url = redactUrl(response.url);
  const text = typeof response.data === "string" ? responseDetail(response.data) : "";
  throw new SourceError("github", `GitHub ${what}: HTTP ${response.status} (${url}): expected JSON, got ${text ? `"${text}"` : "an empty or binary body"}`, {
    url,
    status: response.status,
    hint: "check github.apiUrl (GITHUB_API_URL): it must be the REST API itself, not a login page or proxy",
  });
}

const COMPARE_ROUTE = "GET /repos/{owner}/{repo}/compare/{basehead}";
const COMMIT_ROUTE = "GET /repos/{owner}/{repo}/commits/{ref}";
const COMMIT_PULLS_ROUTE = "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls";
const PULL_COMMITS_ROUTE = "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits";


interface RepoName {
  owner: string;
  name: string;
}

function parseRepo(repo: string): RepoName {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(repo);
  if (!match) {
    throw new SourceError("github", `"${repo}" is not a GitHub repository name`, { hint: "write repositories as owner/name" });
  }
  return { owner: match[1]!, name: match[2]! };
}

const shortSha = (sha: string) => sha.slice(0, 7);

/** Says which request answered a payload normalize could not read. */
function withPayloadContext<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    throw new SourceError("github", `${error.message} (${what})`, error.details);
  }
}

export function createGitHubSource(options: GitHubSourceOptions): CommitSource {
  const logger = options.logger ?? silentLogger;
  const limit = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const token = options.token;

  const policy = httpPolicy({
    ...options.http,
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs, waitUnitMs: options.retryBaseMs }),
  });
  const octokit = createOctokit({ source: "github", apiUrl: options.apiUrl, token, fetch: options.fetch, policy, logger });

  /** Whether GitHub knows the repository; asked once per repo, only after a 404. */
  const repoChecks = new Map<string, Promise<boolean>>();
  const repoExists = (repo: RepoName): Promise<boolean> => {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    let check = repoChecks.get(key);
    if (!check) {
      check = octokit.request("GET /repos/{owner}/{repo}", { owner: repo.owner, repo: repo.name }).then(
        () => true,
        // Only a definite 404 condemns the repo; anything else leaves the 404 to the SHA.
        (error: unknown) => octokitFailure(error).status !== 404,
      );
      repoChecks.set(key, check);
    }
    return check;
  };

  /** A 404/422 for a SHA is "missing" unless the repository itself is unknown, which is a config error. */
  async function assertRepoExists(repo: RepoName, error: unknown): Promise<void> {
    if (await repoExists(repo)) return;
    const cause = toSourceError(error, `repository ${repo.owner}/${repo.name}`, token);
    throw new SourceError("github", `GitHub repository ${repo.owner}/${repo.name} not found`, {
      ...cause.details,
      status: 404,
      hint: "check the repo name (owner/name) in the service config and that GITHUB_TOKEN can read it (private repositories answer 404 without access)",
    });
  }

  async function compare(request: ComparisonRequest): Promise<Comparison | undefined> {
    const repo = parseRepo(request.repo);
    const what = `compare ${request.repo} ${shortSha(request.base)}...${shortSha(request.head)}`;
    const params = { owner: repo.owner, repo: repo.name, basehead: `${request.base}...${request.head}`, per_page: PER_PAGE };
    let first: unknown;
    try {
      first = jsonData(await octokit.request(COMPARE_ROUTE, params), what);
    } catch (error) {
      if (!isNotFound(error)) throw toSourceError(error, what, token);
      await assertRepoExists(repo, error);
      logger.debug(`github: ${what} → not found (force-pushed or deleted SHA?)`);
      return undefined;
    }
    const total = Number((first as { total_commits?: unknown }).total_commits ?? 0);
    // One answer must not queue unbounded work: a compare claiming ten million commits would be 100 000 requests.
    if (Number.isFinite(total) && total > MAX_COMPARE_COMMITS) {
      throw new SourceError("github", `GitHub ${what}: the compare claims ${total} commits, more than the ${MAX_COMPARE_COMMITS} dora reads in one comparison`, {
        status: 200,
        hint: "check the deployed SHAs of these two runs (a wrong base SHA compares against old history), or the proxy in front of GitHub",
      });
    }
    const pageCount = Number.isFinite(total) ? Math.ceil(total / PER_PAGE) : 1;
    const later: Array<Promise<unknown>> = [];
    for (let page = 2; page <= pageCount; page++) {
      later.push(
        octokit.request(COMPARE_ROUTE, { ...params, page }).then(
          (response) => jsonData(response, `${what} page ${page}`),
          (error: unknown) => {
            throw toSourceError(error, `${what} page ${page}`, token);
          },
        ),
      );
    }
    const pages = await Promise.all(later);
    return withPayloadContext(what, () => normalizeComparison(first, request, pages));
  }

  async function commit(request: CommitRequest): Promise<RepoCommit | undefined> {
    const repo = parseRepo(request.repo);
    try {
      const response = await octokit.request(COMMIT_ROUTE, { owner: repo.owner, repo: repo.name, ref: request.sha });
      const what = `commit ${request.repo}@${shortSha(request.sha)}`;
      return withPayloadContext(what, () => normalizeCommit(jsonData(response, what), request.repo));
    } catch (error) {
      if (!isNotFound(error)) throw toSourceError(error, `commit ${request.repo}@${shortSha(request.sha)}`, token);
      await assertRepoExists(repo, error);
      return undefined;
    }
  }

  // Cached as promises so concurrent lookups of the same commit or PR share one request.
  const pullRequestsByCommit = new Map<string, Promise<PullRequestRef | undefined>>();
  const pullRequestsByNumber = new Map<string, Promise<PullRequestRef>>();

  function pullRequestOf(repoName: string, sha: string): Promise<PullRequestRef | undefined> {
    const key = `${repoName}@${sha}`;
    let found = pullRequestsByCommit.get(key);
    if (!found) {
      found = resolvePullRequest(repoName, sha);
      pullRequestsByCommit.set(key, found);
    }
    return found;
  }

  async function resolvePullRequest(repoName: string, sha: string): Promise<PullRequestRef | undefined> {
    const repo = parseRepo(repoName);
    let pulls: unknown;
    try {
      pulls = jsonData(
        await octokit.request(COMMIT_PULLS_ROUTE, { owner: repo.owner, repo: repo.name, commit_sha: sha }),
        `pull requests of ${repoName}@${shortSha(sha)}`,
      );
    } catch (error) {
      // 404/422: unknown commit; 409: empty repository. The commit's own date is the fallback.
      if (isNotFound(error) || octokitFailure(error).status === 409) return undefined;
      throw toSourceError(error, `pull requests of ${repoName}@${shortSha(sha)}`, token);
    }
    const pull = pickPullRequest(pulls);
    if (!pull) return undefined;
    const key = `${repoName}#${pull.number}`;
    let ref = pullRequestsByNumber.get(key);
    if (!ref) {
      ref = octokit
        .request(PULL_COMMITS_ROUTE, { owner: repo.owner, repo: repo.name, pull_number: pull.number, per_page: PER_PAGE })
        .then(
          (response) => toPullRequestRef(pull, jsonData(response, `commits of pull request ${repoName}#${pull.number}`)),
          (error: unknown) => {
            if (isNotFound(error)) return { ...pull };
            throw toSourceError(error, `commits of pull request ${repoName}#${pull.number}`, token);
          },
        );
      pullRequestsByNumber.set(key, ref);
    }
    return ref;
  }

  return {
    async fetchComparisons(requests) {
      const unique = [...new Map(requests.map((request) => [comparisonKey(request.repo, request.base, request.head), request])).values()];
      let done = 0;
      const answers = await Promise.all(
        unique.map((request) =>
          limit(() => compare(request)).then((comparison) => {
            options.onProgress?.({ source: "github", kind: "compares", done: ++done, total: unique.length });
            return { request, comparison };
          }),
        ),
      );
      const records: Comparison[] = [];
      const missing: ComparisonRequest[] = [];
      for (const { request, comparison } of answers) {
        if (comparison) records.push(comparison);
        else missing.push(request);
      }
      return { records, warnings: [], missing };
    },

    async fetchCommits(requests) {
      const unique = [...new Map(requests.map((request) => [`${request.repo}@${request.sha}`, request])).values()];
      let done = 0;
      const answers = await Promise.all(
        unique.map((request) =>
          limit(() => commit(request)).then((found) => {
            options.onProgress?.({ source: "github", kind: "commits", done: ++done, total: unique.length });
            return { request, found };
          }),
        ),
      );
      const records: RepoCommit[] = [];
      const warnings: Warning[] = [];
      for (const { request, found } of answers) {
        if (found) records.push(found);
        else {
          warnings.push({
            code: "commit-not-found",
            message: `GitHub has no commit ${request.sha} in ${request.repo} (force-pushed or deleted?)`,
            subject: request.sha,
          });
        }
      }
      return { records, warnings };
    },

    resolvesPullRequests: options.leadTimeStart === "pull-request",

    // Asked by the planner only for the commits that count, once the change sets are known.
    async fetchPullRequests(requests) {
      const unique = [...new Map(requests.map((request) => [`${request.repo}@${request.sha}`, request])).values()];
      let done = 0;
      const records = await Promise.all(
        unique.map((request) =>
          limit(() => pullRequestOf(request.repo, request.sha)).then((pullRequest): PullRequestAnswer => {
            options.onProgress?.({ source: "github", kind: "pull requests", done: ++done, total: unique.length });
            return { repo: request.repo, sha: request.sha, ...(pullRequest ? { pullRequest: { ...pullRequest } } : {}) };
          }),
        ),
      );
      return { records, warnings: [] };
    },
  };
}
