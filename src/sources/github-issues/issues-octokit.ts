// The Octokit of the GitHub issues source: the commits client's setup (github/create-octokit.ts)
// with this source's name and timing options.

import type { Octokit } from "@octokit/rest";
import { httpPolicy } from "../http/http-policy.js";
import { createOctokit } from "../github/create-octokit.js";
import type { SourceLogger } from "../types.js";
import type { HttpClientOptions } from "../http/client-options.js";

export type IssuesOctokitClient = Octokit;

export interface IssuesOctokitOptions extends Pick<HttpClientOptions, "fetch" | "http" | "retryBaseMs" | "timeoutMs"> {
  apiUrl?: string;
  token?: string;
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
