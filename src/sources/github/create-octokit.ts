// The one Octokit setup of every GitHub reader (commits, and the issues incident source): the
// token, and the transport shared with the other sources (sources/http/resilient-fetch.ts:
// deadlines over the whole body, rate-limit waits, time-budgeted retries, cancellation) under the
// --verbose logging fetch.

import { Octokit } from "@octokit/rest";
import type { SourceName } from "../../errors.js";
import type { HttpPolicy } from "../http/http-policy.js";
import { createResilientFetch } from "../http/resilient-fetch.js";
import type { SourceLogger } from "../types.js";
import { createLoggingFetch } from "./logging-fetch.js";
import { parseSuccessBody } from "./parse-success-body.js";

export interface OctokitSetup {
  source: SourceName;
  apiUrl?: string;
  token?: string;
  /** Resolved per call, so a fetch replaced after creation (tests, recordings) is still used. */
  fetch?: typeof fetch;
  policy: HttpPolicy;
  logger: SourceLogger;
}

export function createOctokit(setup: OctokitSetup): Octokit {
  const { source, logger } = setup;
  const octokit = new Octokit({
    baseUrl: (setup.apiUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    ...(setup.token ? { auth: setup.token } : {}),
    request: {
      fetch: createResilientFetch(source, () => createLoggingFetch(() => setup.fetch ?? globalThis.fetch, logger), setup.policy, logger),
      // Success bodies are parsed once by JSON.parse below, not by Octokit's BigInt-safe parser.
      parseSuccessResponseBody: false,
    },
    // Octokit logs to the console by default, and only src/cli may print. Its debug/info/error
    // lines duplicate the logging fetch, and debug gets the request headers; warn carries
    // deprecation notices.
    log: { debug: () => {}, info: () => {}, warn: (message: unknown) => logger.debug(`${source}: ${String(message)}`), error: () => {} },
  });
  octokit.hook.wrap("request", async (request, options) => {
    const response = await request(options);
    return { ...response, data: await parseSuccessBody(response.data, response.headers["content-type"]) };
  });
  return octokit;
}
