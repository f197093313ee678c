import { Redactor } from "../util/redact.js";
import { parseBodyText, withUrl } from "./replay-fetch.js";
import type { Exchange, ReplaySource } from "./recording.js";

/** Only these response headers are kept: they steer clients (paging, rate limits), none is a secret. */
const KEPT_HEADER_RE = /^(content-type|link|retry-after|x-ratelimit-.*)$/;

/** Where each source's API paths begin, for when the base URL is not given. */
const API_ROOTS: Record<ReplaySource, string[]> = {
  argo: ["/api/v1/"],
  github: ["/repos/", "/repositories/", "/graphql", "/rate_limit"],
  incident: ["/api/plugins/"],
  pagerduty: ["/incidents", "/services"],
  "github-issues": ["/repos/"],
};

/** The path of a URL relative to the source's base URL, with its query (secrets redacted). */
export function relativePath(url: URL, source: ReplaySource, baseUrl?: string, redactor: Redactor = new Redactor()): string {
  let pathname = url.pathname;
  const basePath = baseUrl ? new URL(baseUrl).pathname.replace(/\/+$/, "") : undefined;
  if (basePath !== undefined && basePath !== "" && (pathname === basePath || pathname.startsWith(`${basePath}/`))) {
    pathname = pathname.slice(basePath.length) || "/";
  } else if (basePath === undefined) {
    const starts = API_ROOTS[source].map((root) => pathname.indexOf(root)).filter((index) => index >= 0);
    if (starts.length > 0) pathname = pathname.slice(Math.min(...starts));
  }
  const redacted = new URL(redactor.url(`http://x${pathname}${url.search}`));
  return redactor.text(redacted.pathname + redacted.search);
}

function keptHeaders(headers: Headers, url: URL, source: ReplaySource, baseUrl?: string): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, key) => {
    const name = key.toLowerCase();
    if (!KEPT_HEADER_RE.test(name)) return;
    // Links become base-relative so a replay can point them at its own base URL.
    kept[name] =
      name === "link"
        ? value.replace(/<([^<>]+)>/g, (whole, target: string) => {
            try {
              const linked = new URL(target, url);
              return linked.origin === url.origin ? `<${relativePath(linked, source, baseUrl)}>` : whole;
            } catch {
              return whole;
            }
          })
        : value;
  });
  return kept;
}

/**
 * Wraps a fetch so every exchange is appended to `sink` in the fixture format (for `dora record`).
 * Paths are stored relative to `baseUrl` (when omitted: from the source's API root, e.g. `/api/v1/`).
 * Request headers are never stored, and of the response headers only content-type, link,
 * retry-after and x-ratelimit-* are kept, so no Authorization, Cookie or Set-Cookie can leak.
 */
/** `redactor` holds the run's tokens: none of them is written into a recording. */
export function createRecordingFetch(inner: typeof fetch, source: ReplaySource, sink: Exchange[], baseUrl?: string, redactor: Redactor = new Redactor()): typeof fetch {
  const recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input instanceof URL ? input.href : input);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    let requestText = "";
    if (init?.body !== undefined && init.body !== null) {
      requestText = typeof init.body === "string" ? init.body : await new Response(init.body).text();
      // A consumed stream cannot be sent again: hand the inner fetch the text instead.
      init = { ...init, body: requestText };
    } else if (request && request.body !== null) {
      requestText = await request.clone().text();
    }
    const response = await inner(input, init);
    const noBody = response.status === 204 || response.status === 304;
    const responseText = noBody ? "" : await response.text();
    sink.push({
      source,
      request: { method, path: relativePath(url, source, baseUrl, redactor), body: parseBodyText(redactor.text(requestText)) },
      response: {
        status: response.status,
        headers: keptHeaders(response.headers, url, source, baseUrl),
        body: parseBodyText(redactor.text(responseText)),
      },
    });
    // The body was read: hand the caller an equivalent response (decoded, so no content-encoding).
    const headers = new Headers(response.headers);
    headers.delete("content-encoding");
    headers.delete("content-length");
    return withUrl(new Response(noBody ? null : responseText, { status: response.status, statusText: response.statusText, headers }), response.url || url.href);
  };
  return recordingFetch as typeof fetch;
}
