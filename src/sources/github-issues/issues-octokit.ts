// The Octokit of the GitHub issues source: the same token, transport (buffered body under a
// deadline, --verbose logging) and plugins (throttling for rate limits, retry for 5xx/429) as the
// commits client (sources/github/github-client.ts), built here so that file stays untouched.

import { Octokit } from "@octokit/rest";
import { throttling } from "@octokit/plugin-throttling";
import { retry } from "@octokit/plugin-retry";
import { registerSecret } from "../http/redact.js";
import { createBufferedFetch } from "../github/buffered-fetch.js";
import { createLoggingFetch } from "../github/logging-fetch.js";
import type { SourceLogger } from "../types.js";

const IssuesOctokit = Octokit.plugin(throttling, retry);
export type IssuesOctokitClient = InstanceType<typeof IssuesOctokit>;

export interface IssuesOctokitOptions {
  apiUrl?: string;
  token?: string;
  fetch?: typeof fetch;
  /** Unit of every retry wait in ms (default 1000: GitHub's Retry-After is in seconds). */
  retryBaseMs?: number;
  timeoutMs?: number;
  logger: SourceLogger;
}

const MAX_RATE_LIMIT_RETRIES = 3;
const MAX_RATE_LIMIT_WAIT_SECONDS = 15 * 60;

export function createIssuesOctokit(options: IssuesOctokitOptions): IssuesOctokitClient {
  const { logger } = options;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  registerSecret(options.token);
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const again = retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
    logger.debug(`github-issues: ${kind} rate limit on ${request.method} ${request.url}, ${again ? `retry after ${retryAfter} s` : "giving up"}`);
    return again;
  };
  return new IssuesOctokit({
    baseUrl: (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    ...(options.token ? { auth: options.token } : {}),
    request: {
      fetch: createBufferedFetch(() => createLoggingFetch(() => options.fetch ?? globalThis.fetch, logger), options.timeoutMs ?? 30_000),
    },
    // Only src/cli prints: Octokit's own console logging is silenced (warn goes to --verbose).
    log: { debug: () => {}, info: () => {}, warn: (message: unknown) => logger.debug(`github-issues: ${String(message)}`), error: () => {} },
    throttle: {
      retryAfterBaseValue: retryBaseMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
    },
    retry: { retryAfterBaseValue: retryBaseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 451, 501] },
  });
}
