// One HTTP request under the run's policy (http-policy.ts): every attempt has a deadline that covers
// the whole body; network failures and 429/5xx are retried with jittered backoff, or after the wait
// the server asks for, until the time budget is spent; a wait longer than the cap, a body whose
// Content-Encoding does not decode, or a redirect to another origin ends the request at once. The
// answer is returned buffered, whatever its status: the callers decide what a status means.

import { SourceError, type SourceName } from "../../errors.js";
import type { SourceLogger } from "../types.js";
import { abortReason, sleep } from "./abortable.js";
import { backoffMs, type HttpPolicy } from "./http-policy.js";
import { Redactor, redactUrl } from "../../util/redact.js";
import { serverWait } from "./retry-after.js";
import { stripControl } from "../../util/strip-control.js";

export interface BufferedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
  /** The final URL (after same-origin redirects). */
  url: string;
  /** How many attempts it took, and since when (for messages). */
  attempts: number;
  elapsedMs: number;
}

export interface RetryRequest {
  source: SourceName;
  fetch: typeof fetch;
  url: string;
  init: RequestInit;
  policy: HttpPolicy;
  logger?: SourceLogger;
  /** Masks the request's credentials in failure reasons (default: URL credentials only). */
  redactor?: Redactor;
  /** Log each attempt's outcome (default); off when the caller's fetch logs them itself. */
  logAttempts?: boolean;
}

/** The hint of a request that never got an answer; clients may name their own URL setting instead. */
export const UNREACHABLE_HINT = "check that the server is reachable from here";

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const NO_BODY = new Set([204, 205, 304]);

class AttemptTimeout extends Error {}

type Attempt = { kind: "response"; response: Omit<BufferedResponse, "attempts" | "elapsedMs"> } | { kind: "network"; reason: string };

function causeOf(error: unknown): { message: string; code?: string } {
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  if (cause && typeof cause.message === "string" && cause.message !== "") return { message: cause.message, ...(code ? { code } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** zlib (Z_DATA_ERROR…) and brotli (ERR__ERROR_FORMAT…) failures: the body is not what its Content-Encoding says. */
const isDecodeFailure = (code: string | undefined) => code !== undefined && /^(Z_|ERR_ZLIB|ERR__ERROR_|ERR_BROTLI)/.test(code);

/** "3600 s", "2 min", "1 h 5 min" for a message. */
function formatWait(seconds: number): string {
  if (seconds < 120) return `${Math.ceil(seconds)} s`;
  if (seconds < 7200) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.ceil((seconds % 3600) / 60)} min`;
}

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

/** Sends the request until it gets an answer worth returning; throws SourceError when it cannot. */
export async function fetchWithRetry(request: RetryRequest): Promise<BufferedResponse> {
  const { policy, source } = request;
  const method = (request.init.method ?? "GET").toUpperCase();
  const safeUrl = redactUrl(request.url);
  const redactor = request.redactor ?? new Redactor();
  const where = `${source}: ${method} ${safeUrl}`;
  const signal = policy.signal;

  const attemptOnce = async (): Promise<Attempt> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeout(`no answer within ${policy.timeoutMs} ms`)), policy.timeoutMs);
    const outer = [signal, request.init.signal ?? undefined].filter((value): value is AbortSignal => value !== undefined);
    const onOuterAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
    for (const s of outer) {
      if (s.aborted) controller.abort(s.reason);
      else s.addEventListener("abort", onOuterAbort, { once: true });
    }
    let encoding = "";
    try {
      const response = await request.fetch(request.url, { ...request.init, redirect: "follow", signal: controller.signal });
      const finalUrl = response.url || request.url;
      if (response.redirected && !sameOrigin(finalUrl, request.url)) {
        await response.body?.cancel().catch(() => {});
        throw new SourceError(source, `${where} was redirected to another origin (${redactUrl(finalUrl)}); dora does not follow an API call to another host`, {
          url: safeUrl,
          status: response.status,
          hint: "point the configured URL at the API's own address; a login page or proxy that redirects elsewhere answers without the token",
        });
      }
      encoding = response.headers.get("content-encoding") ?? "";
      const body = NO_BODY.has(response.status) ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
      return {
        kind: "response",
        response: { status: response.status, statusText: response.statusText, headers: response.headers, body, url: finalUrl },
      };
    } catch (error) {
      if (error instanceof SourceError) throw error;
      if (controller.signal.aborted && !(controller.signal.reason instanceof AttemptTimeout)) throw abortReason(controller.signal);
      if (controller.signal.aborted) return { kind: "network", reason: (controller.signal.reason as Error).message };
      const cause = causeOf(error);
      if (encoding !== "" && isDecodeFailure(cause.code)) {
        throw new SourceError(source, `${where}: the body could not be decoded as Content-Encoding "${stripControl(encoding)}" (${cause.message})`, {
          url: safeUrl,
          hint: "the server or a proxy in front of it labels the body with an encoding it does not have; check that proxy",
        });
      }
      return { kind: "network", reason: cause.message };
    } finally {
      clearTimeout(timer);
      for (const s of outer) s.removeEventListener("abort", onOuterAbort);
    }
  };

  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    const attemptStarted = performance.now();
    const result = await attemptOnce();
    const now = performance.now();
    const elapsedMs = Math.round(now - started);
    const outcome = result.kind === "response" ? String(result.response.status) : `failed: ${redactor.text(result.reason)}`;
    if (request.logAttempts !== false) request.logger?.debug(`${method} ${safeUrl} → ${outcome} (${Math.round(now - attemptStarted)} ms)`);
    const after = () => ` (after ${attempt} attempt${attempt === 1 ? "" : "s"} in ${(elapsedMs / 1000).toFixed(1)} s)`;

    let delay: number | undefined;
    let why = "";
    if (result.kind === "network") {
      delay = backoffMs(policy, attempt);
    } else {
      const { status, headers, body } = result.response;
      const wait = status >= 400 ? serverWait(status, headers, new TextDecoder().decode(body.subarray(0, 2000))) : undefined;
      const retryable = RETRYABLE_STATUS.has(status) || (status === 403 && wait?.rateLimit === true);
      if (!retryable) return { ...result.response, attempts: attempt, elapsedMs };
      if (wait !== undefined && wait.seconds > policy.maxWaitSeconds) {
        const retryAt = new Date(Date.now() + wait.seconds * 1000);
        retryAt.setUTCSeconds(retryAt.getUTCSeconds() + 1, 0);
        throw new SourceError(
          source,
          `${where} → HTTP ${status}: the server asks dora to wait ${formatWait(wait.seconds)} (${wait.why}), longer than the ${policy.maxWaitSeconds} s it waits for one answer`,
          { url: safeUrl, status, hint: `run again after ${retryAt.toISOString().replace(/\.000Z$/, "Z")}` },
        );
      }
      why = wait !== undefined ? `, as asked by ${wait.why}` : "";
      delay = wait !== undefined ? Math.round(wait.seconds * policy.waitUnitMs * (1 + 0.1 * policy.random())) : backoffMs(policy, attempt);
    }
    const outOfRetries = policy.maxRetries !== undefined && attempt > policy.maxRetries;
    if (outOfRetries || now - started + delay > policy.retryBudgetMs) {
      if (result.kind === "response") return { ...result.response, attempts: attempt, elapsedMs };
      throw new SourceError(source, `${where} failed: ${redactor.text(result.reason)}${after()}`, {
        url: safeUrl,
        hint: UNREACHABLE_HINT,
      });
    }
    request.logger?.debug(`${source}: retrying ${method} ${safeUrl} in ${delay} ms after ${outcome}${why} (attempt ${attempt + 1})`);
    await sleep(delay, signal);
  }
}

/** " (after 3 attempts in 4.2 s)" for a final answer that took retries; "" for a first one. */
export function attemptsNote(response: Pick<BufferedResponse, "attempts" | "elapsedMs">): string {
  return response.attempts > 1 ? ` (after ${response.attempts} attempts in ${(response.elapsedMs / 1000).toFixed(1)} s)` : "";
}
