// The Octokit of the GitHub issues source: the commits client's setup (github/create-octokit.ts)
// with this source's name and timing options.

import type { Octokit } from "@octokit/rest";
import { httpPolicy, type HttpPolicy } from "../http/http-policy.js";
import { createOctokit } from "../github/create-octokit.js";
import type { SourceLogger } from "../types.js";

export type IssuesOctokitClient = Octokit;

export interface IssuesOctokitOptions {
  apiUrl?: string;
  token?: string;
  fetch?: typeof fetch;
  /** Unit of every retry wait in ms (default 1000: GitHub's Retry-After is in seconds). */
  retryBaseMs?: number;
  timeoutMs?: number;
  /** The run's HTTP policy (deadlines, retry budget, cancellation); the fields above override it. */
  http?: Partial<HttpPolicy>;
  logger: SourceLogger;
}

export function createIssuesOctokit(options: IssuesOctokitOptions): IssuesOctokitClient {
  const policy = httpPolicy({
    ...options.http,
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs, waitUnitMs: options.retryBaseMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return createOctokit({ source: "github-issues", apiUrl: options.apiUrl, token: options.token, fetch: options.fetch, policy, logger: options.logger });
}
