import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { BackfillData } from "./backfill-data.js";
import type { BackfillState } from "./backfill-state.js";
import { SampleGrid, SeriesCursor } from "./metric-samples.js";
import { buildMetricSeries } from "./metric-series.js";
import { createMetricsEncoder } from "./metrics-encoder.js";
import { openMetricsChunks } from "./openmetrics.js";
import { sendOtlp } from "./otlp-sender.js";
import type { OtlpTarget, SendOptions, Signal } from "./otlp-sender.js";
import { backfillResource, DEFAULT_SERVICE_NAME } from "./resource.js";
import { buildTraces } from "./trace-spans.js";

/** Longest step between samples: Prometheus-style lookback (5 min) must always find a sample. */
export const MAX_STEP_SECONDS = 300;
export const DEFAULT_STEP_SECONDS = 60;
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
  /** Count only: build nothing on the wire, send nothing. */
  dryRun?: boolean;
  state?: BackfillState;
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
  bytes: Record<Signal, number>;
  /** Messages of backends that accepted everything but said something (partialSuccess.errorMessage). */
  notices: string[];
  /** The state to save once everything was accepted (the input state when nothing changed). */
  state: BackfillState;
}

/** The sample grid and one cursor per series, continuing the state's counters. */
export function metricCursors(data: BackfillData, stepSeconds: number, state?: BackfillState): { grid: SampleGrid; cursors: SeriesCursor[] } {
  const grid = new SampleGrid(Date.parse(data.report.window.from), Date.parse(data.report.window.to), stepSeconds * 1000);
  const cursors = buildMetricSeries(data).map((series) => new SeriesCursor(series, grid, state?.series[series.key]));
  return { grid, cursors };
}

/**
 * Sends the report's history as OTLP: traces in explicit batches (not BatchSpanProcessor, which
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
    notices: [],
    state: options.state ?? { version: 1, updatedAt: new Date(0).toISOString(), series: {} },
  };
  const nextState: BackfillState = { ...summary.state, series: { ...summary.state.series } };
  const deliver = async (signal: Signal, body: Uint8Array, items: number) => {
    options.onRequest?.(signal, body);
    summary.requests[signal] += 1;
    summary.bytes[signal] += body.length;
    const target = options.targets?.[signal];
    if (options.dryRun || !target) return;
    const notice = await sendOtlp(target, signal, body, items, options.send);
    if (notice) summary.notices.push(notice);
  };

  if (options.signals.includes("traces")) {
    const sentThroughMs = summary.state.tracesSentThrough ? Date.parse(summary.state.tracesSentThrough) : undefined;
    const total = data.report.deployments.length + data.report.incidents.length;
    const spansPerBatch = options.spansPerBatch ?? DEFAULT_SPANS_PER_BATCH;
    let batch: ReadableSpan[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      if (!options.dryRun) for (const part of splitToFit(batch, serializeSpans, maxBodyBytes)) await deliver("traces", part.body, part.items);
      batch = [];
    };
    for (const trace of buildTraces(data, { resource, vcsBaseUrl: options.vcsBaseUrl, sentThroughMs })) {
      summary.traces += 1;
      summary.spans += trace.spans.length;
      batch = batch.concat(trace.spans);
      if (batch.length >= spansPerBatch) await flush();
      options.onProgress?.({ signal: "traces", done: summary.traces, total, unit: "traces" });
    }
    await flush();
    const to = data.report.window.to;
    if (!summary.state.tracesSentThrough || Date.parse(to) > Date.parse(summary.state.tracesSentThrough)) nextState.tracesSentThrough = to;
  }

  if (options.signals.includes("metrics")) {
    const { grid, cursors } = metricCursors(data, stepSeconds, options.state);
    summary.series = cursors.filter((cursor) => cursor.family.kind !== "info").length;
    const total = cursors.reduce((sum, cursor) => sum + cursor.pointCount(), 0);
    if (options.dryRun) {
      summary.samples = total;
    } else {
      const gridSeries = Math.max(1, summary.series);
      const stepsPerBatch = Math.max(1, Math.floor((options.pointsPerBatch ?? DEFAULT_POINTS_PER_BATCH) / gridSeries));
      // One time slice at a time, encoded straight from the cursors: memory is one batch, whatever the history.
      const encode = createMetricsEncoder(resource, cursors);
      for (let from = 0; from < grid.size; from += stepsPerBatch) {
        const { requests, points } = encode(from, Math.min(grid.size, from + stepsPerBatch), maxBodyBytes);
        summary.samples += points;
        for (const part of requests) await deliver("metrics", part.body, part.items);
        options.onProgress?.({ signal: "metrics", done: summary.samples, total, unit: "samples" });
      }
    }
    for (const cursor of cursors) {
      const final = options.dryRun ? undefined : cursor.finalState();
      if (final) nextState.series[cursor.series.key] = final;
    }
  }
  nextState.updatedAt = new Date().toISOString();
  summary.state = nextState;
  return summary;
}

/** The OpenMetrics text of the same series (for promtool / mimirtool backfills), in chunks. */
export function openMetricsText(data: BackfillData, options: { stepSeconds?: number; state?: BackfillState } = {}): { chunks: Generator<string>; series: number; samples: number; cursors: SeriesCursor[] } {
  const { grid, cursors } = metricCursors(data, options.stepSeconds ?? DEFAULT_STEP_SECONDS, options.state);
  return {
    chunks: openMetricsChunks(cursors, grid.size),
    series: cursors.filter((cursor) => cursor.family.kind !== "info").length,
    samples: cursors.reduce((sum, cursor) => sum + cursor.pointCount(), 0),
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
