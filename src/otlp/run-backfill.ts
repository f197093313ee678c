import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { BackfillData } from "./backfill-data.js";
import type { BackfillState } from "./backfill-state.js";
import { SampleGrid, SeriesCursor } from "./metric-samples.js";
import { buildMetricSeries } from "./metric-series.js";
import { createMetricsEncoder } from "./metrics-encoder.js";
import { openMetricsChunks } from "./openmetrics.js";
import { GZIP_LEVEL, sendOtlp } from "./otlp-sender.js";
import { gzipSync } from "node:zlib";
import type { Compression, OtlpTarget, SendOptions, Signal } from "./otlp-sender.js";
import { backfillResource, DEFAULT_SERVICE_NAME } from "./resource.js";
import { buildTraces } from "./trace-spans.js";

/** Longest step between samples: Prometheus-style lookback (5 min) must always find a sample. */
export const MAX_STEP_SECONDS = 300;
/**
 * 4 minutes: every instant has a sample at most 4 min old, a minute inside Prometheus' (and Mimir's)
 * 5-minute lookback, so instant and `offset` queries stay exact — at a quarter of the samples of 60 s.
 */
export const DEFAULT_STEP_SECONDS = 240;
export const DEFAULT_SPANS_PER_BATCH = 500;
export const DEFAULT_POINTS_PER_BATCH = 20_000;
/** Request bodies stay under this (Mimir's and most gateways' defaults are 4 MiB or more). */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024 - 64 * 1024;

export interface BackfillProgress {
  signal: Signal;
  done: number;
  total: number;
  unit: string;
}

export interface BackfillOptions {
  signals: readonly Signal[];
  stepSeconds?: number;
  /** OTLP resource service.name (OTEL_SERVICE_NAME), default "dora". */
  serviceName?: string;
  vcsBaseUrl?: string;
  /** Where to send; a signal without a target is not sent (the CLI requires one unless --dry-run). */
  targets?: Partial<Record<Signal, OtlpTarget>>;
  /** Encode everything (counting requests and bytes), send nothing. */
  dryRun?: boolean;
  /** Compression per signal when there is no target (a dry run's byte estimate); a target's own wins. */
  compression?: Partial<Record<Signal, Compression>>;
  state?: BackfillState;
  /** Also send dora_deployment_info, one series per deployment (off by default: unbounded cardinality). */
  deploymentInfo?: boolean;
  /**
   * Called after every accepted batch (a traces batch, a metrics time slice) with the state that a
   * resumed run continues from; the CLI writes it atomically. Not called in a dry run.
   */
  onCheckpoint?: (state: BackfillState) => Promise<void>;
  spansPerBatch?: number;
  pointsPerBatch?: number;
  maxBodyBytes?: number;
  send?: SendOptions;
  onProgress?: (progress: BackfillProgress) => void;
  /** Called with every request body before it is sent (tests, byte counts). */
  onRequest?: (signal: Signal, body: Uint8Array) => void;
}

export interface BackfillSummary {
  traces: number;
  spans: number;
  series: number;
  /** OTLP data points (a histogram point holds all its buckets). */
  samples: number;
  requests: Record<Signal, number>;
  /** Bytes of the protobuf bodies, and on the wire (gzipped when the target asks for it; in a dry run estimated from a sample of requests). */
  bytes: Record<Signal, number>;
  wireBytes: Record<Signal, number>;
  /** Time spent in requests (waits for throttling included), ms. */
  sendMs: Record<Signal, number>;
  /** Messages of backends that accepted everything but said something (partialSuccess.errorMessage). */
  notices: string[];
  /** The state to save once everything was accepted (the input state when nothing changed). */
  state: BackfillState;
}

/** The sample grid and one cursor per series, continuing the state's counters. */
export function metricCursors(data: BackfillData, stepSeconds: number, state?: BackfillState, deploymentInfo = false): { grid: SampleGrid; cursors: SeriesCursor[] } {
  const grid = new SampleGrid(data.window.fromMs, data.window.toMs, stepSeconds * 1000);
  const cursors = buildMetricSeries(data)
    .filter((series) => deploymentInfo || series.family.kind !== "info")
    .map((series) => new SeriesCursor(series, grid, state?.series[series.key]));
  return { grid, cursors };
}

/** A dry run gzips the first bodies and every n-th after them to estimate the wire bytes (gzipping a year of bodies takes minutes). */
const DRY_RUN_GZIP_FIRST = 16;
const DRY_RUN_GZIP_EVERY = 256;

/**
 * Sends the analysis's history as OTLP: traces in explicit batches (not BatchSpanProcessor, which
 * drops spans past its queue), metrics as hand-built cumulative requests a time slice at a time.
 * Every request is checked for partial rejection. Memory is bounded by one batch.
 */
export async function runBackfill(data: BackfillData, options: BackfillOptions): Promise<BackfillSummary> {
  const stepSeconds = options.stepSeconds ?? DEFAULT_STEP_SECONDS;
  const resource = backfillResource(options.serviceName ?? DEFAULT_SERVICE_NAME);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const summary: BackfillSummary = {
    traces: 0,
    spans: 0,
    series: 0,
    samples: 0,
    requests: { traces: 0, metrics: 0 },
    bytes: { traces: 0, metrics: 0 },
    wireBytes: { traces: 0, metrics: 0 },
    sendMs: { traces: 0, metrics: 0 },
    notices: [],
    state: options.state ?? { version: 1, updatedAt: new Date(0).toISOString(), series: {} },
  };
  const nextState: BackfillState = { ...summary.state, series: { ...summary.state.series } };
  const gzipSampled: Record<Signal, { raw: number; gzipped: number }> = { traces: { raw: 0, gzipped: 0 }, metrics: { raw: 0, gzipped: 0 } };
  const deliver = async (signal: Signal, body: Uint8Array, items: number) => {
    const index = summary.requests[signal];
    options.onRequest?.(signal, body);
    summary.requests[signal] += 1;
    summary.bytes[signal] += body.length;
    const target = options.targets?.[signal];
    const gzip = (target?.compression ?? options.compression?.[signal]) === "gzip";
    if (options.dryRun || !target) {
      if (gzip && (index < DRY_RUN_GZIP_FIRST || index % DRY_RUN_GZIP_EVERY === 0)) {
        gzipSampled[signal].raw += body.length;
        gzipSampled[signal].gzipped += gzipSync(body, { level: GZIP_LEVEL }).length;
      }
      return;
    }
    const started = performance.now();
    const notice = await sendOtlp(target, signal, body, items, { ...options.send, onWireBytes: (bytes) => (summary.wireBytes[signal] += bytes) });
    summary.sendMs[signal] += performance.now() - started;
    if (notice) summary.notices.push(notice);
  };
  const checkpoint = async () => {
    if (options.dryRun || !options.onCheckpoint) return;
    nextState.updatedAt = new Date().toISOString();
    await options.onCheckpoint({ ...nextState, series: { ...nextState.series } });
  };

  if (options.signals.includes("traces")) {
    const sentThroughMs = summary.state.tracesSentThrough ? Date.parse(summary.state.tracesSentThrough) : undefined;
    const { fromMs } = data.window;
    // The traces sent so far cover [tracesSentFrom, tracesSentThrough): this window extends that
    // range when it starts inside it (or right at its end), else starts a new one.
    const coveredFrom = summary.state.tracesSentFrom && sentThroughMs !== undefined && fromMs <= sentThroughMs ? Math.min(Date.parse(summary.state.tracesSentFrom), fromMs) : fromMs;
    const earlier = summary.state.tracesSentFrom && sentThroughMs !== undefined ? { fromMs: Date.parse(summary.state.tracesSentFrom), toMs: sentThroughMs } : undefined;
    const total = data.deployments.length + data.incidents.length;
    const spansPerBatch = options.spansPerBatch ?? DEFAULT_SPANS_PER_BATCH;
    let batch: ReadableSpan[] = [];
    const flush = async (nextKeyMs: number) => {
      if (batch.length === 0) return;
      for (const part of splitToFit(batch, serializeSpans, maxBodyBytes)) await deliver("traces", part.body, part.items);
      batch = [];
      // Everything keyed before the next trace was accepted: a resumed run skips it.
      if (!nextState.tracesSentThrough || nextKeyMs > Date.parse(nextState.tracesSentThrough)) nextState.tracesSentThrough = new Date(nextKeyMs).toISOString();
      nextState.tracesSentFrom = new Date(coveredFrom).toISOString();
      await checkpoint();
      options.onProgress?.({ signal: "traces", done: summary.traces, total, unit: "traces" });
    };
    let lastKeyMs: number | undefined;
    for (const trace of buildTraces(data, { resource, vcsBaseUrl: options.vcsBaseUrl, sentThroughMs, earlier })) {
      // Batches end between traces of different instants only, so "sent through" is exact.
      if (batch.length >= spansPerBatch && trace.keyMs !== lastKeyMs) await flush(trace.keyMs);
      summary.traces += 1;
      summary.spans += trace.spans.length;
      batch = batch.concat(trace.spans);
      lastKeyMs = trace.keyMs;
    }
    await flush(data.window.toMs);
    const to = new Date(data.window.toMs).toISOString();
    if (!nextState.tracesSentThrough || Date.parse(to) > Date.parse(nextState.tracesSentThrough)) nextState.tracesSentThrough = to;
    nextState.tracesSentFrom = new Date(coveredFrom).toISOString();
  }

  if (options.signals.includes("metrics")) {
    const { grid, cursors } = metricCursors(data, stepSeconds, options.state, options.deploymentInfo);
    summary.series = cursors.filter((cursor) => cursor.family.kind !== "info").length;
    const total = cursors.reduce((sum, cursor) => sum + cursor.pointCount(), 0);
    const gridSeries = Math.max(1, summary.series);
    const stepsPerBatch = Math.max(1, Math.floor((options.pointsPerBatch ?? DEFAULT_POINTS_PER_BATCH) / gridSeries));
    // One time slice at a time, encoded straight from the cursors: memory is one batch, whatever the history.
    const encode = createMetricsEncoder(resource, cursors);
    for (let from = 0; from < grid.size; from += stepsPerBatch) {
      const { requests, points } = encode(from, Math.min(grid.size, from + stepsPerBatch), maxBodyBytes);
      summary.samples += points;
      for (const part of requests) await deliver("metrics", part.body, part.items);
      // The slice was accepted: every series stands at its last point of the slice.
      for (const cursor of cursors) {
        const state = cursor.checkpointState();
        if (state) nextState.series[cursor.series.key] = state;
      }
      await checkpoint();
      options.onProgress?.({ signal: "metrics", done: summary.samples, total, unit: "samples" });
    }
    if (options.dryRun) {
      nextState.series = { ...summary.state.series };
    } else {
      for (const cursor of cursors) {
        const final = cursor.finalState();
        if (final) nextState.series[cursor.series.key] = final;
      }
    }
  }
  if (options.dryRun) {
    for (const signal of ["traces", "metrics"] as const) {
      const gzip = (options.targets?.[signal]?.compression ?? options.compression?.[signal]) === "gzip";
      const sampled = gzipSampled[signal];
      summary.wireBytes[signal] = gzip && sampled.raw > 0 ? Math.round(summary.bytes[signal] * (sampled.gzipped / sampled.raw)) : summary.bytes[signal];
    }
  }
  nextState.updatedAt = new Date().toISOString();
  summary.state = options.dryRun ? summary.state : nextState;
  return summary;
}

/** The OpenMetrics text of the same series (for promtool / mimirtool backfills), in chunks. */
export function openMetricsText(data: BackfillData, options: { stepSeconds?: number; state?: BackfillState; deploymentInfo?: boolean } = {}): { chunks: Generator<string>; series: number; samples: number; grid: SampleGrid; cursors: SeriesCursor[] } {
  const { grid, cursors } = metricCursors(data, options.stepSeconds ?? DEFAULT_STEP_SECONDS, options.state, options.deploymentInfo);
  return {
    chunks: openMetricsChunks(cursors, grid.size),
    series: cursors.filter((cursor) => cursor.family.kind !== "info").length,
    samples: cursors.reduce((sum, cursor) => sum + cursor.pointCount(), 0),
    grid,
    cursors,
  };
}

function serializeSpans(spans: ReadableSpan[]): { body: Uint8Array; items: number } {
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error("the OTLP trace serializer returned nothing");
  return { body, items: spans.length };
}

/** Serializes, halving the spans until every body fits under the limit (a single span always goes). */
function splitToFit(spans: ReadableSpan[], serialize: (spans: ReadableSpan[]) => { body: Uint8Array; items: number }, maxBytes: number): { body: Uint8Array; items: number }[] {
  const serialized = serialize(spans);
  if (serialized.body.length <= maxBytes || serialized.items <= 1) return [serialized];
  const middle = Math.ceil(spans.length / 2);
  return [...splitToFit(spans.slice(0, middle), serialize, maxBytes), ...splitToFit(spans.slice(middle), serialize, maxBytes)];
}
