// Logs every HTTP attempt (retries included, which Octokit's hooks do not see) for --verbose.
// Only method, path and status are logged: never headers, so never the token.

import type { SourceLogger } from "../types.js";
import { redactUrl } from "../../util/redact.js";

function pathOf(input: string | URL | Request): string {
  const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  try {
    const url = new URL(redactUrl(raw));
    return `${url.pathname}${url.search}`;
  } catch {
    return redactUrl(raw);
  }
}

export function createLoggingFetch(fetchImpl: () => typeof fetch, logger: SourceLogger): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const started = performance.now();
    const path = pathOf(input);
    try {
      const response = await fetchImpl()(input, init);
      logger.debug(`github: ${method} ${path} → ${response.status} (${Math.round(performance.now() - started)} ms)`);
      return response;
    } catch (error) {
      logger.debug(`github: ${method} ${path} → failed (${Math.round(performance.now() - started)} ms)`);
      throw error;
    }
  };
}
