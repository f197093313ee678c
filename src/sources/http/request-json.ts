// One JSON request of the fetch-based clients (Argo archive, Grafana Incident, doctor's GitHub
// checks) under the run's HTTP policy (fetch-with-retry.ts). Every failure becomes a SourceError
// that names the source, the URL and the status — and never a token: messages carry the redacted
// URL and redacted, control-stripped, shortened response text only.

import { SourceError, type SourceName } from "../../errors.js";
import type { SourceLogger } from "../types.js";
import { stripControl } from "../../util/strip-control.js";
import { hintForStatus } from "./error-hints.js";
import { attemptsNote, fetchWithRetry } from "./fetch-with-retry.js";
import { httpPolicy, type HttpPolicy } from "./http-policy.js";
import { Redactor, redactUrl } from "../../util/redact.js";

export interface RequestJsonOptions {
  source: SourceName;
  fetch: typeof fetch;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Sent as JSON (Content-Type: application/json). */
  body?: unknown;
  /** The run's HTTP policy (timeouts, retry budget, wait cap, cancellation); defaults for the rest. */
  policy?: Partial<HttpPolicy>;
  /** Shorthands of policy fields (kept for the onboarding checks). */
  timeoutMs?: number;
  /** At most this many retries (besides the time budget). */
  retries?: number;
  retryBaseMs?: number;
  logger?: SourceLogger;
}

const MAX_DETAIL_CHARS = 200;

/** Response text fit for an error message: the API's own message when it has one, secrets masked, controls stripped, cut short. */
export function responseDetail(text: string, redactor: Redactor = new Redactor()): string {
  let detail = text;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === "object" && parsed !== null) {
      const { message, error } = parsed as { message?: unknown; error?: unknown };
      if (typeof message === "string" && message !== "") detail = message;
      else if (typeof error === "string" && error !== "") detail = error;
    }
  } catch {
    // not JSON: an HTML error page or plain text, shown as it is
  }
  const flat = stripControl(redactor.text(detail)).replace(/\s+/g, " ").trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS)}…` : flat;
}

/** Sends the request and parses a JSON answer; throws SourceError when that cannot be done. */
export async function requestJson(options: RequestJsonOptions): Promise<unknown> {
  const method = options.method ?? "GET";
  const safeUrl = redactUrl(options.url);
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  // An API echoing the credential (some error pages do) must not leak it through a message.
  const redactor = new Redactor();
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === "authorization") redactor.secret(value);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const policy = httpPolicy({ ...options.policy, timeoutMs: options.timeoutMs ?? options.policy?.timeoutMs, maxRetries: options.retries ?? options.policy?.maxRetries, retryBaseMs: options.retryBaseMs ?? options.policy?.retryBaseMs });
  const response = await fetchWithRetry({ source: options.source, fetch: options.fetch, url: options.url, init: { method, headers, body }, policy, logger: options.logger, redactor });
  const text = new TextDecoder().decode(response.body);
  const after = attemptsNote(response);

  if (response.status < 200 || response.status >= 300) {
    const detail = responseDetail(text, redactor);
    const statusText = response.statusText ? ` ${stripControl(response.statusText)}` : "";
    throw new SourceError(
      options.source,
      `${options.source}: ${method} ${safeUrl} → HTTP ${response.status}${statusText}${detail ? `: ${detail}` : ""}${after}`,
      { url: safeUrl, status: response.status, hint: hintForStatus(options.source, response.status) },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const detail = responseDetail(text, redactor);
    const contentType = stripControl(response.headers.get("content-type") ?? "");
    const encoding = stripControl(response.headers.get("content-encoding") ?? "");
    const type = contentType ? ` (${contentType}${encoding ? `, Content-Encoding ${encoding}` : ""})` : "";
    throw new SourceError(
      options.source,
      `${options.source}: ${method} ${safeUrl} → HTTP ${response.status}: expected JSON, got${type} ${detail ? `"${detail}"` : "an empty body"}`,
      {
        url: safeUrl,
        status: response.status,
        hint: encoding
          ? "the body does not decode as its Content-Encoding says; check the proxy in front of the API"
          : "check that the URL points at the API itself, not at a login page or proxy",
      },
    );
  }
}
