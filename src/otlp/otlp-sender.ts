import { ProtobufMetricsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { ExportError } from "../errors.js";
import { redactSecrets, redactUrl } from "../sources/http/redact.js";

export type Signal = "traces" | "metrics";

export interface OtlpTarget {
  /** The full URL of the signal's endpoint (…/v1/traces, …/v1/metrics). */
  url: string;
  /** Sent with every request (X-Scope-OrgID, Authorization…); never printed. */
  headers: Readonly<Record<string, string>>;
}

export interface SendOptions {
  fetch?: typeof fetch;
  /** Attempts per request, the first included (default 6). */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt (default 500 ms), capped by maxDelayMs (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** HTTP statuses OTLP/HTTP says to retry (throttled or a gateway/backend momentarily unavailable). */
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * POSTs one OTLP/HTTP protobuf request and makes sure the backend took all of it: a 200 whose body
 * carries a partialSuccess with rejected spans or data points is a failure, not a success. Retries
 * 429/502/503/504 and network errors with exponential backoff, honouring Retry-After.
 * Returns the backend's partial-success message when it accepted everything but still said something.
 */
export async function sendOtlp(target: OtlpTarget, signal: Signal, body: Uint8Array, items: number, options: SendOptions = {}): Promise<string | undefined> {
  const doFetch = options.fetch ?? fetch;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const endpoint = redactUrl(target.url);
  const what = signal === "traces" ? "spans" : "data points";

  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(target.url, {
        method: "POST",
        headers: { ...target.headers, "content-type": "application/x-protobuf" },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      if (attempt < maxAttempts) {
        await sleep(backoff(attempt, baseDelayMs, maxDelayMs));
        continue;
      }
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new ExportError(`could not reach the OTLP ${signal} endpoint after ${attempt} attempts: ${redactSecrets(reason)}`, {
        endpoint,
        hint: "check --otlp-endpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) and that the collector or backend is up",
      });
    }

    if (response.ok) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const partial = readPartialSuccess(signal, bytes, response.headers.get("content-type") ?? "");
      if (partial && partial.rejected > 0) {
        throw new ExportError(
          `the backend rejected ${partial.rejected} of ${items} ${what}${partial.message ? `: ${redactSecrets(partial.message)}` : ""}`,
          {
            endpoint,
            status: response.status,
            rejected: partial.rejected,
            hint:
              signal === "metrics"
                ? "samples older than the backend accepts are rejected: allow out-of-order/old samples (Mimir out_of_order_time_window, Prometheus storage.tsdb.out_of_order_time_window) or shorten the window"
                : "see the message above; Tempo rejects spans past its ingestion limits",
          },
        );
      }
      return partial?.message || undefined;
    }

    const text = await response.text().catch(() => "");
    if (RETRYABLE.has(response.status) && attempt < maxAttempts) {
      await sleep(retryAfterMs(response.headers.get("retry-after")) ?? backoff(attempt, baseDelayMs, maxDelayMs));
      continue;
    }
    throw new ExportError(
      `the OTLP ${signal} endpoint answered HTTP ${response.status}${RETRYABLE.has(response.status) ? ` after ${attempt} attempts` : ""}: ${redactSecrets(text.trim().slice(0, 500)) || response.statusText}`,
      { endpoint, status: response.status, rejected: items, hint: hintFor(response.status) },
    );
  }
}

function hintFor(status: number): string | undefined {
  if (status === 401 || status === 403) return "pass credentials with --otlp-header Authorization=... (or OTEL_EXPORTER_OTLP_HEADERS)";
  if (status === 404) return "the endpoint path is wrong: a base URL gets /v1/traces and /v1/metrics appended; per-signal endpoints are used as is";
  if (status === 413) return "the request is too large for the backend: raise its request size limit (dora keeps bodies under 4 MiB)";
  return undefined;
}

function readPartialSuccess(signal: Signal, bytes: Uint8Array, contentType: string): { rejected: number; message: string } | undefined {
  if (bytes.length === 0) return undefined;
  try {
    if (contentType.includes("json")) {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { partialSuccess?: Record<string, unknown> };
      const partial = parsed.partialSuccess;
      if (!partial) return undefined;
      const rejected = Number(partial[signal === "traces" ? "rejectedSpans" : "rejectedDataPoints"] ?? 0);
      return { rejected: Number.isFinite(rejected) ? rejected : 0, message: String(partial.errorMessage ?? "") };
    }
    if (signal === "traces") {
      const partial = ProtobufTraceSerializer.deserializeResponse(bytes).partialSuccess;
      return partial ? { rejected: Number(partial.rejectedSpans ?? 0), message: partial.errorMessage ?? "" } : undefined;
    }
    const partial = ProtobufMetricsSerializer.deserializeResponse(bytes).partialSuccess;
    return partial ? { rejected: Number(partial.rejectedDataPoints ?? 0), message: partial.errorMessage ?? "" } : undefined;
  } catch {
    // Not an OTLP response body (some backends answer "OK" or HTML on success): nothing was reported rejected.
    return undefined;
  }
}

function backoff(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

/** Retry-After as delay-seconds or an HTTP date; capped at 5 minutes. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const seconds = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMs;
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(Math.max(0, seconds), 300_000);
}
