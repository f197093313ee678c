// One JSON request with the retry policy shared by the fetch-based clients (Argo archive, Grafana
// Incident): transient failures are retried with exponential backoff (honouring Retry-After), every
// other failure becomes a SourceError that names the source, the URL and the status — and never a
// token: messages carry the redacted URL and redacted, shortened response text only.

import { SourceError, type SourceName } from "../../errors.js";
import type { SourceLogger } from "../types.js";
import { hintForStatus } from "./error-hints.js";
import { redactSecrets, redactUrl, registerSecret } from "./redact.js";
import { parseRetryAfterMs } from "./retry-after.js";

export interface RequestJsonOptions {
  source: SourceName;
  fetch: typeof fetch;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Sent as JSON (Content-Type: application/json). */
  body?: unknown;
  /** Per attempt, including reading the body. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** First backoff delay; doubles per retry. Default 500. */
  retryBaseMs?: number;
  /** Milliseconds per second of a `Retry-After` header. Default 1000 (tests shrink it, see create-sources). */
  retryAfterUnitMs?: number;
  logger?: SourceLogger;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 60_000;
const MAX_DETAIL_CHARS = 200;

/** Response text fit for an error message: the API's own message when it has one, secrets masked, cut short. */
export function responseDetail(text: string): string {
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
  const flat = redactSecrets(detail).replace(/\s+/g, " ").trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS)}…` : flat;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class AttemptTimeout extends Error {}

type Attempt =
  | { kind: "response"; status: number; statusText: string; text: string; contentType: string; retryAfterMs?: number }
  | { kind: "network"; reason: string };

function describeNetworkError(error: unknown): string {
  if (error instanceof AttemptTimeout) return error.message;
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.message === "string" && cause.message !== "") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Sends the request and parses a JSON answer; throws SourceError when that cannot be done. */
export async function requestJson(options: RequestJsonOptions): Promise<unknown> {
  const method = options.method ?? "GET";
  const retries = Math.max(0, options.retries ?? 4);
  const retryBaseMs = options.retryBaseMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retryAfterUnitMs = options.retryAfterUnitMs ?? 1000;
  const safeUrl = redactUrl(options.url);
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  for (const [name, value] of Object.entries(headers)) {
    // An API echoing the credential (some error pages do) must not leak it through a message.
    if (name.toLowerCase() === "authorization") registerSecret(value);
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }

  const attemptOnce = async (): Promise<Attempt> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const response = await options.fetch(options.url, { method, headers, body, signal: controller.signal });
      const text = await response.text();
      return {
        kind: "response",
        status: response.status,
        statusText: response.statusText,
        text,
        contentType: response.headers.get("content-type") ?? "",
        retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after")),
      };
    } catch (error) {
      const reason = controller.signal.aborted ? describeNetworkError(controller.signal.reason) : describeNetworkError(error);
      return { kind: "network", reason };
    } finally {
      clearTimeout(timer);
    }
  };

  const totalAttempts = retries + 1;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const result = await attemptOnce();
    const elapsed = Math.round(performance.now() - started);
    const outcome = result.kind === "response" ? String(result.status) : `failed: ${redactSecrets(result.reason)}`;
    options.logger?.debug(`${method} ${safeUrl} → ${outcome} (${elapsed} ms)`);

    const retryable = result.kind === "network" || RETRYABLE_STATUS.has(result.status);
    if (retryable && attempt < totalAttempts) {
      const backoff = Math.min(retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      const delay =
        result.kind === "response" && result.retryAfterMs !== undefined ? Math.round((result.retryAfterMs * retryAfterUnitMs) / 1000) : backoff;
      options.logger?.debug(`retrying ${method} ${safeUrl} in ${delay} ms (attempt ${attempt + 1} of ${totalAttempts})`);
      await sleep(delay);
      continue;
    }
    const after = attempt > 1 ? ` (after ${attempt} attempts)` : "";

    if (result.kind === "network") {
      throw new SourceError(options.source, `${options.source}: ${method} ${safeUrl} failed: ${redactSecrets(result.reason)}${after}`, {
        url: safeUrl,
        hint: `check that the server is reachable from here`,
      });
    }
    if (result.status < 200 || result.status >= 300) {
      const detail = responseDetail(result.text);
      const statusText = result.statusText ? ` ${result.statusText}` : "";
      throw new SourceError(
        options.source,
        `${options.source}: ${method} ${safeUrl} → HTTP ${result.status}${statusText}${detail ? `: ${detail}` : ""}${after}`,
        { url: safeUrl, status: result.status, hint: hintForStatus(options.source, result.status) },
      );
    }
    try {
      return JSON.parse(result.text) as unknown;
    } catch {
      const detail = responseDetail(result.text);
      const type = result.contentType ? ` (${result.contentType})` : "";
      throw new SourceError(
        options.source,
        `${options.source}: ${method} ${safeUrl} → HTTP ${result.status}: expected JSON, got${type} ${detail ? `"${detail}"` : "an empty body"}`,
        { url: safeUrl, status: result.status, hint: "check that the URL points at the API itself, not at a login page or proxy" },
      );
    }
  }
}
