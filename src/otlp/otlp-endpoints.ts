import { ConfigError } from "../errors.js";
import type { Redactor } from "../util/redact.js";
import type { Compression, OtlpTarget, Signal } from "./otlp-sender.js";

export interface OtlpEndpointFlags {
  /** --otlp-endpoint: a base URL; /v1/traces and /v1/metrics are appended. */
  endpoint?: string;
  /** --otlp-header K=V (repeatable); overrides the environment's headers of the same name. */
  headers?: readonly string[];
  /** --otlp-compression gzip|none; overrides OTEL_EXPORTER_OTLP_[<SIGNAL>_]COMPRESSION. */
  compression?: string;
}

const PATHS: Record<Signal, string> = { traces: "v1/traces", metrics: "v1/metrics" };

/**
 * The OTLP/HTTP endpoint and headers of a signal, the way the OTel SDKs read them: a base endpoint
 * (--otlp-endpoint, else OTEL_EXPORTER_OTLP_ENDPOINT) gets /v1/<signal> appended; a per-signal
 * OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT is used as is (the flag wins over both, being the most explicit).
 * Headers: OTEL_EXPORTER_OTLP_HEADERS, then OTEL_EXPORTER_OTLP_<SIGNAL>_HEADERS, then --otlp-header.
 * Compression: --otlp-compression, else OTEL_EXPORTER_OTLP_<SIGNAL>_COMPRESSION, else
 * OTEL_EXPORTER_OTLP_COMPRESSION (gzip or none). The protocol must be http/protobuf (the only one sent).
 * Returns undefined when no endpoint is configured. Header values are given to `redactor` as secrets.
 */
export function resolveOtlpTarget(signal: Signal, flags: OtlpEndpointFlags, env: NodeJS.ProcessEnv, redactor?: Redactor): OtlpTarget | undefined {
  const upper = signal.toUpperCase();
  let url: string | undefined;
  if (flags.endpoint) url = appendPath(flags.endpoint, PATHS[signal], "--otlp-endpoint");
  else if (env[`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`]) url = checkUrl(env[`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`]!, `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`);
  else if (env.OTEL_EXPORTER_OTLP_ENDPOINT) url = appendPath(env.OTEL_EXPORTER_OTLP_ENDPOINT, PATHS[signal], "OTEL_EXPORTER_OTLP_ENDPOINT");
  checkProtocol(signal, env);
  const compression = readCompression(signal, flags.compression, env);
  if (!url) return undefined;

  const headers: Record<string, string> = {};
  Object.assign(headers, parseHeaderList(env.OTEL_EXPORTER_OTLP_HEADERS, "OTEL_EXPORTER_OTLP_HEADERS"));
  Object.assign(headers, parseHeaderList(env[`OTEL_EXPORTER_OTLP_${upper}_HEADERS`], `OTEL_EXPORTER_OTLP_${upper}_HEADERS`));
  for (const flag of flags.headers ?? []) {
    const [key, value] = splitHeader(flag, "--otlp-header");
    headers[key] = value;
  }
  // Header values are credentials (Authorization, API keys): the run's redactor masks them from now on.
  for (const value of Object.values(headers)) redactor?.secret(value);
  return compression === "gzip" ? { url, headers, compression } : { url, headers };
}

/**
 * OTEL_EXPORTER_OTLP_[<SIGNAL>_]PROTOCOL: dora speaks OTLP/HTTP protobuf only. The installed OTel
 * packages have no gRPC transport, and sending protobuf to a gRPC port would fail obscurely, so
 * any other protocol is a usage error naming the variable.
 */
function checkProtocol(signal: Signal, env: NodeJS.ProcessEnv): void {
  for (const name of [`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`, "OTEL_EXPORTER_OTLP_PROTOCOL"]) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (value !== "http/protobuf") {
      throw new ConfigError(`${name}="${value}" is not supported: dora backfill sends OTLP over HTTP with protobuf bodies (http/protobuf)`, name, "unset it or set it to http/protobuf, and point the endpoint at the OTLP/HTTP port (4318 on a Collector), not gRPC's 4317");
    }
    return; // the per-signal variable wins over the general one
  }
}

/** The compression a signal is sent with (the flag, else the per-signal, else the general variable). */
export function readCompression(signal: Signal, flag: string | undefined, env: NodeJS.ProcessEnv): Compression {
  const perSignal = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_COMPRESSION`;
  const [source, value] = flag !== undefined ? ["--otlp-compression", flag] : env[perSignal]?.trim() ? [perSignal, env[perSignal]!] : ["OTEL_EXPORTER_OTLP_COMPRESSION", env.OTEL_EXPORTER_OTLP_COMPRESSION ?? ""];
  const normalized = value.trim().toLowerCase();
  if (normalized === "" || normalized === "none") return "none";
  if (normalized === "gzip") return "gzip";
  throw new ConfigError(`${source}="${value.trim()}" is not a supported compression`, source, "use gzip or none");
}

function appendPath(base: string, path: string, source: string): string {
  const url = checkUrl(base, source);
  return `${url.replace(/\/+$/, "")}/${path}`;
}

function checkUrl(text: string, source: string): string {
  const trimmed = text.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new ConfigError(`${source} "${trimmed}" is not a URL`, source, "expected e.g. http://localhost:4318 (OTLP/HTTP)");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(`${source} "${trimmed}" is not an http(s) URL`, source, "OTLP/HTTP endpoints start with http:// or https://");
  }
  if (parsed.username || parsed.password) {
    // The message must not repeat the credentials: it names the host only.
    throw new ConfigError(`${source} carries credentials in the URL (user:password@${parsed.host}), which would end up in logs and process lists`, source, "remove them from the URL and pass them as a header: --otlp-header Authorization=Basic <base64 of user:password> (or OTEL_EXPORTER_OTLP_HEADERS)");
  }
  return trimmed;
}

/** "k1=v1,k2=v2" with URL-encoded values (the OTel environment variable format). */
function parseHeaderList(text: string | undefined, source: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!text) return headers;
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const [key, value] = splitHeader(part, source);
    headers[key] = safeDecode(value);
  }
  return headers;
}

function splitHeader(text: string, source: string): [string, string] {
  const index = text.indexOf("=");
  const key = index > 0 ? text.slice(0, index).trim() : "";
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
    // The value may be a secret: the message names the key only.
    throw new ConfigError(`${source} needs KEY=VALUE, got a header without a valid name${key ? ` ("${key}")` : ""}`, source, "e.g. --otlp-header X-Scope-OrgID=tenant-1");
  }
  return [key, text.slice(index + 1).trim()];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
