import { gzipSync } from "node:zlib";
import { ProtobufMetricsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { ExportError } from "../errors.js";
import { redactorOf, redactUrl } from "../util/redact.js";
import { formatDuration } from "../util/duration.js";

export type Signal = "traces" | "metrics";

export interface OtlpTarget {
  /** The full URL of the signal's endpoint (…/v1/traces, …/v1/metrics). */
  url: string;
  /** Sent with every request (X-Scope-OrgID, Authorization…); never printed. */
  headers: Readonly<Record<string, string>>;
  /** OTEL_EXPORTER_OTLP_COMPRESSION: gzip sends `Content-Encoding: gzip` bodies (default none). */
  compression?: Compression;
}

export type Compression = "gzip" | "none";

/** What a throttled or unreachable endpoint makes the sender wait for (progress lines say it). */
export interface WaitNotice {
  signal: Signal;
  /** "HTTP 429", "HTTP 503", or the network error. */
  reason: string;
  /** This wait, and what was already waited for this request. */
  waitMs: number;
  waitedMs: number;
  patienceMs: number;
  /** The wait came from the endpoint's Retry-After header. */
  retryAfter: boolean;
}

export interface SendOptions {
  fetch?: typeof fetch;
  /** Attempts per request, the first included (default: as many as the patience allows). */
  maxAttempts?: number;
  /**
   * How long one request may keep being retried while the endpoint throttles (429), is unavailable
   * (502/503/504) or unreachable, waits included (default 30 min: a batch job outlasts a throttling
   * storm instead of starting again; --otlp-patience).
   */
  patienceMs?: number;
  /** First backoff delay; doubles per attempt (default 500 ms), capped by maxDelayMs (default 60 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before every wait, so progress can say what the run waits for. */
  onWait?: (notice: WaitNotice) => void;
  /** Told the size of the body on the wire (gzipped when the target asks for it), once per request. */
  onWireBytes?: (bytes: number) => void;
}

/** gzip level 3: as small as level 6 on these repetitive bodies, at a third of the time. */
export const GZIP_LEVEL = 3;

export const DEFAULT_PATIENCE_MS = 30 * 60_000;

/** HTTP statuses OTLP/HTTP says to retry (throttled or a gateway/backend momentarily unavailable). */
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * POSTs one OTLP/HTTP protobuf request and makes sure the backend took all of it: a 200 whose body
 * carries a partialSuccess with rejected spans or data points is a failure, not a success. Retries
 * 429/502/503/504 and network errors with exponential backoff, honouring Retry-After, for as long as
 * the patience allows; gzips the body when the target asks for it.
 * Returns the backend's partial-success message when it accepted everything but still said something.
 */
export async function sendOtlp(target: OtlpTarget, signal: Signal, body: Uint8Array, items: number, options: SendOptions = {}): Promise<string | undefined> {
  const doFetch = options.fetch ?? fetch;
  const maxAttempts = options.maxAttempts ?? Infinity;
  const patienceMs = options.patienceMs ?? DEFAULT_PATIENCE_MS;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const endpoint = redactUrl(target.url);
  // The target's header values (an Authorization) must not come back through an echoing backend's message.
  const redactor = redactorOf(...Object.values(target.headers));
  const what = signal === "traces" ? "spans" : "data points";
  const gzip = target.compression === "gzip";
  // Compressed once: every retry sends the same bytes.
  const payload = gzip ? gzipSync(body, { level: GZIP_LEVEL }) : body;
  options.onWireBytes?.(payload.length);
  const headers: Record<string, string> = { ...target.headers, "content-type": "application/x-protobuf", ...(gzip ? { "content-encoding": "gzip" } : {}) };
  const startedMs = Date.now();
  let sleptMs = 0;
  // Patience is spent by waits (an injected sleep takes no time) and by slow answers alike.
  let waitedMs = 0;
  /** Waits before the next attempt if the patience (and the attempts) allow it; false when they are spent. */
  const waitBeforeRetry = async (attempt: number, reason: string, retryAfter: number | undefined): Promise<boolean> => {
    waitedMs = Math.max(sleptMs, Date.now() - startedMs);
    const remaining = patienceMs - waitedMs;
    if (attempt >= maxAttempts || remaining <= 0) return false;
    const waitMs = Math.min(remaining, retryAfter ?? backoff(attempt, baseDelayMs, maxDelayMs));
    options.onWait?.({ signal, reason, waitMs, waitedMs, patienceMs, retryAfter: retryAfter !== undefined });
    await sleep(waitMs);
    sleptMs += waitMs;
    waitedMs = Math.max(sleptMs, Date.now() - startedMs);
    return true;
  };
  const spent = (attempt: number) => `after ${attempt} attempts${waitedMs > 0 ? ` and ${formatWait(waitedMs)} of waiting` : ""}`;

  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(target.url, { method: "POST", headers, body: payload, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
    } catch (error) {
      const reason = redactor.text(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
      if (await waitBeforeRetry(attempt, reason, undefined)) continue;
      throw new ExportError(`could not reach the OTLP ${signal} endpoint ${spent(attempt)}: ${reason}`, {
        endpoint,
        hint: "check --otlp-endpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) and that the collector or backend is up; with --state, a re-run resumes from the last accepted batch",
      });
    }

    if (response.ok) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const partial = readPartialSuccess(signal, bytes, response.headers.get("content-type") ?? "");
      if (partial && partial.rejected > 0) {
        throw new ExportError(
          `the backend rejected ${partial.rejected} of ${items} ${what}${partial.message ? `: ${redactor.text(partial.message)}` : ""}`,
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
    const retryable = RETRYABLE.has(response.status);
    if (retryable && (await waitBeforeRetry(attempt, `HTTP ${response.status}`, retryAfterMs(response.headers.get("retry-after"), Date.now(), patienceMs)))) continue;
    throw new ExportError(
      `the OTLP ${signal} endpoint answered HTTP ${response.status}${retryable ? ` ${spent(attempt)}` : ""}: ${redactor.text(text.trim().slice(0, 500)) || response.statusText}`,
      { endpoint, status: response.status, rejected: items, hint: hintFor(response.status) },
    );
  }
}

function formatWait(ms: number): string {
  return formatDuration(ms / 1000);
}

/** What a dry run measured of an endpoint, without sending data. */
export interface EndpointRate {
  /** Median round trip of an empty export request. */
  roundTripMs: number;
  /** Upload rate of a padded empty request (its padding is an unknown field receivers skip). */
  bytesPerSecond: number;
}

const PROBE_PADDING_BYTES = 1024 * 1024;

/**
 * Measures an endpoint without storing anything in it: three empty export requests (a valid OTLP
 * request with no data) for the round trip, then one carrying 1 MiB in an unknown protobuf field
 * (field 1000, which every protobuf reader skips) for the upload rate. One attempt each, no retries.
 */
export async function measureEndpoint(target: OtlpTarget, signal: Signal, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<EndpointRate> {
  const doFetch = options.fetch ?? fetch;
  const post = async (body: Uint8Array): Promise<number> => {
    const gzip = target.compression === "gzip";
    const started = performance.now();
    const response = await doFetch(target.url, {
      method: "POST",
      headers: { ...target.headers, "content-type": "application/x-protobuf", ...(gzip ? { "content-encoding": "gzip" } : {}) },
      body: gzip ? gzipSync(body, { level: 1 }) : body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new ExportError(`the OTLP ${signal} endpoint answered HTTP ${response.status} to an empty request`, { endpoint: redactUrl(target.url), status: response.status, hint: hintFor(response.status) });
    return performance.now() - started;
  };
  const trips = [await post(new Uint8Array(0)), await post(new Uint8Array(0)), await post(new Uint8Array(0))].sort((a, b) => a - b);
  const roundTripMs = trips[1]!;
  // Field 1000, wire type 2: tag varint (1000 << 3 | 2 = 8002 → 0xc2 0x3e), then the length varint.
  const body = new Uint8Array(5 + PROBE_PADDING_BYTES);
  body.set([0xc2, 0x3e, 0x80, 0x80, 0x40]);
  // Incompressible filler, so a gzip endpoint moves the same bytes.
  for (let index = 5, seed = 1; index < body.length; index++) body[index] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  const padded = await post(body);
  return { roundTripMs, bytesPerSecond: body.length / (Math.max(padded - roundTripMs, 1) / 1000) };
}

function hintFor(status: number): string | undefined {
  if (status === 401 || status === 403) return "pass credentials with --otlp-header Authorization=... (or OTEL_EXPORTER_OTLP_HEADERS)";
  if (status === 404) return "the endpoint path is wrong: a base URL gets /v1/traces and /v1/metrics appended; per-signal endpoints are used as is";
  if (status === 413) return "the request is too large for the backend: raise its request size limit (dora keeps bodies under 4 MiB)";
  if (RETRYABLE.has(status)) return "the endpoint kept throttling or was unavailable: raise --otlp-patience, or re-run with the same --state to resume from the last accepted batch";
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

/** Retry-After as delay-seconds or an HTTP date; capped (default 5 minutes; the sender caps it at its patience). */
export function retryAfterMs(header: string | null, nowMs = Date.now(), capMs = 300_000): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const seconds = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMs;
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(Math.max(0, seconds), capMs);
}
