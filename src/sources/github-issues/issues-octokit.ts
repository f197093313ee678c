// The Octokit of the GitHub issues source: the same token and transport as the commits client
// (sources/github/github-client.ts): deadlines over the whole body, rate-limit waits and
// time-budgeted retries from sources/http/resilient-fetch.ts, --verbose logging.

import { Octokit } from "@octokit/rest";
import { registerSecret } from "../http/redact.js";
import { httpPolicy, type HttpPolicy } from "../http/http-policy.js";
import { createResilientFetch } from "../http/resilient-fetch.js";
import { createLoggingFetch } from "../github/logging-fetch.js";
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
  const { logger } = options;
  registerSecret(options.token);
  const policy = httpPolicy({
    ...options.http,
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs, waitUnitMs: options.retryBaseMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return new Octokit({
    baseUrl: (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    ...(options.token ? { auth: options.token } : {}),
    request: {
      fetch: createResilientFetch("github-issues", () => createLoggingFetch(() => options.fetch ?? globalThis.fetch, logger), policy, logger),
    },
    // Only src/cli prints: Octokit's own console logging is silenced (warn goes to --verbose).
    log: { debug: () => {}, info: () => {}, warn: (message: unknown) => logger.debug(`github-issues: ${String(message)}`), error: () => {} },
  });
}
