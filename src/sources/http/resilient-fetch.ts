// A `fetch` for clients that bring their own request logic (Octokit): each call goes through
// fetchWithRetry (deadline over the whole body, time-budgeted retries, wait cap, cancellation,
// no cross-origin redirects) and answers with the buffered final response. Octokit sets no
// timeout and would read a cut-off body as an empty 200; here a body is either whole or an error.

import type { SourceName } from "../../errors.js";
import type { SourceLogger } from "../types.js";
import { fetchWithRetry } from "./fetch-with-retry.js";
import type { HttpPolicy } from "./http-policy.js";

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * The buffered body as a stream of that one chunk: `new Response(bytes)` would copy it, and a
 * compare body can be tens of MB (the reader gets these very bytes: see parse-success-body.ts).
 */
function oneChunk(body: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (body.byteLength > 0) controller.enqueue(body);
      controller.close();
    },
  });
}

export function createResilientFetch(source: SourceName, inner: () => typeof fetch, policy: HttpPolicy, logger?: SourceLogger): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const answer = await fetchWithRetry({ source, fetch: inner(), url, init: init ?? {}, policy, logger, logAttempts: false });
    const headers = new Headers(answer.headers);
    // The body is already decoded and whole.
    headers.delete("content-encoding");
    headers.delete("content-length");
    const response = new Response(NULL_BODY_STATUS.has(answer.status) ? null : oneChunk(answer.body), { status: answer.status, statusText: answer.statusText, headers });
    // Octokit reports the final URL of the response.
    Object.defineProperty(response, "url", { value: answer.url });
    return response;
  };
}
