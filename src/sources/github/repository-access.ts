// The GitHub requests `dora init` and `dora doctor` need beyond the report's: who GitHub says a
// repository is (GET /repos/{owner}/{repo}), whether its contents can be read (the latest commit),
// and whether the API answers with the token at all (GET /rate_limit, which costs no quota).

import { requestJson } from "../http/request-json.js";
import type { SourceLogger } from "../types.js";
import { isRecord } from "../../util/json-guards.js";

export interface GitHubAccessOptions {
  /** REST base URL; GitHub Enterprise Server: https://HOST/api/v3. Default https://api.github.com. */
  apiUrl?: string;
  token?: string;
  fetch?: typeof fetch;
  retries?: number;
  retryBaseMs?: number;
  logger?: SourceLogger;
}

export interface GitHubRepository {
  /** owner/name as GitHub spells it. */
  fullName: string;
  private: boolean;
}


function request(options: GitHubAccessOptions, path: string): Promise<unknown> {
  const headers: Record<string, string> = {
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    // GitHub refuses requests without a User-Agent.
    "user-agent": "dora-metrics-cli",
  };
  if (options.token) {
    headers.authorization = `Bearer ${options.token.replace(/^Bearer\s+/i, "").trim()}`;
  }
  const base = (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, "");
  return requestJson({
    source: "github",
    fetch: options.fetch ?? globalThis.fetch,
    url: `${base}${path}`,
    headers,
    retries: options.retries,
    retryBaseMs: options.retryBaseMs,
    logger: options.logger,
  });
}

const repoPath = (repo: string) => {
  const [owner = "", name = ""] = repo.split("/");
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
};

/** GET /rate_limit: reachable and the token accepted (401 otherwise), without spending quota. */
export async function getRateLimit(options: GitHubAccessOptions): Promise<{ remaining?: number; limit?: number }> {
  const body = await request(options, "/rate_limit");
  const core = isRecord(body) && isRecord(body.resources) && isRecord(body.resources.core) ? body.resources.core : isRecord(body) && isRecord(body.rate) ? body.rate : {};
  return {
    ...(typeof core.remaining === "number" ? { remaining: core.remaining } : {}),
    ...(typeof core.limit === "number" ? { limit: core.limit } : {}),
  };
}

/** GET /repos/{owner}/{repo}; throws SourceError (404 when unknown or invisible to the token). */
export async function getRepository(options: GitHubAccessOptions, repo: string): Promise<GitHubRepository> {
  const body = await request(options, repoPath(repo));
  const record = isRecord(body) ? body : {};
  return {
    fullName: typeof record.full_name === "string" ? record.full_name : repo,
    private: record.private === true,
  };
}

/** GET /repos/{owner}/{repo}/commits?per_page=1: needs Contents: read (409 for an empty repository). */
export async function readLatestCommit(options: GitHubAccessOptions, repo: string): Promise<string | undefined> {
  const body = await request(options, `${repoPath(repo)}/commits?per_page=1`);
  const first = Array.isArray(body) && isRecord(body[0]) ? body[0] : undefined;
  return typeof first?.sha === "string" ? first.sha : undefined;
}

/** GET /repos/{owner}/{repo}/pulls?state=closed&per_page=1: needs Pull requests: read. */
export async function readLatestPullRequest(options: GitHubAccessOptions, repo: string): Promise<number | undefined> {
  const body = await request(options, `${repoPath(repo)}/pulls?state=closed&per_page=1`);
  const first = Array.isArray(body) && isRecord(body[0]) ? body[0] : undefined;
  return typeof first?.number === "number" ? first.number : undefined;
}
