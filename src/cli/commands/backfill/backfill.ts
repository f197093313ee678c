import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import { ConfigError, ExportError } from "../../../errors.js";
import { loadState, saveState, type BackfillState } from "../../../otlp/backfill-state.js";
import type { BackfillData } from "../../../otlp/backfill-data.js";
import { openMetricsChunks, utcDays } from "../../../otlp/openmetrics.js";
import { readCompression, resolveOtlpTarget } from "../../../otlp/otlp-endpoints.js";
import { DEFAULT_PATIENCE_MS, measureEndpoint, type Compression, type EndpointRate, type OtlpTarget, type Signal, type WaitNotice } from "../../../otlp/otlp-sender.js";
import { DEFAULT_SERVICE_NAME } from "../../../otlp/resource.js";
import { DEFAULT_STEP_SECONDS, MAX_STEP_SECONDS, openMetricsText, runBackfill, type BackfillSummary } from "../../../otlp/run-backfill.js";
import { runAnalysis } from "../../../pipeline/run-report.js";
import { redactUrl, type Redactor } from "../../../util/redact.js";
import { formatDuration, parseDurationSeconds } from "../../../util/duration.js";
import { writeChunksToStdout, type CliIo } from "../../io.js";
import { writeOutputFile } from "../../output-file.js";
import { createProgressDisplay } from "../../progress.js";
import { addSourceOptions, prepareRun, type SourceFlags } from "../../source-options.js";

const FORMATS = ["otlp", "openmetrics"] as const;
const SIGNALS = ["traces", "metrics"] as const satisfies readonly Signal[];

interface BackfillFlags extends SourceFlags {
  otlpEndpoint?: string;
  otlpHeader: string[];
  otlpCompression?: string;
  otlpPatience: string;
  signals: string;
  step: string;
  state?: string;
  dryRun?: boolean;
  deploymentInfo?: boolean;
  format: (typeof FORMATS)[number];
  output?: string;
  split?: "day";
}

const EXAMPLES = `
Examples:
  $ dora backfill --demo --dry-run                         what the demo would send: traces, spans, series, samples, bytes
  $ dora backfill --since 365d --otlp-endpoint http://otel-collector:4318 --otlp-compression gzip --state backfill.json
  $ dora backfill --from 2026-01-01 --otlp-endpoint https://mimir.example.com/otlp \\
      --otlp-header X-Scope-OrgID=team-a --signals metrics
  $ dora backfill --since 1d --state /var/lib/dora/backfill-state.json     nightly: counters continue, no reset
  $ dora backfill --since 365d --format openmetrics --split day --output days/
  $ for f in days/*.om; do promtool tsdb create-blocks-from openmetrics "$f" blocks/; done   (then mimirtool backfill)

The endpoint is an OTLP/HTTP base URL (/v1/traces and /v1/metrics are appended), or set the standard
OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_{TRACES,METRICS}_ENDPOINT (used as is),
OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_COMPRESSION=gzip and OTEL_SERVICE_NAME. Header values are never printed.
With --state, the file is rewritten after every accepted batch: a run killed or failed midway resumes there.
Backends must accept old samples: see docs/backfill.md (Mimir out_of_order_time_window, Prometheus
out-of-order window and retention, VictoriaMetrics -retentionPeriod and -dedup.minScrapeInterval, Tempo).
Exit codes: 0 ok, 2 usage or config error, 3 a source failed, the backend rejected data or the state could not be written, 4 internal error.`;

export function backfillCommand(io: CliIo, redactor: Redactor): Command {
  const command = new Command("backfill").description("send the window's deployments, changes and incidents as OTLP traces and metrics with their historical times");
  addSourceOptions(command)
    .option("--otlp-endpoint <url>", "OTLP/HTTP base URL (default: OTEL_EXPORTER_OTLP_ENDPOINT)")
    .option("--otlp-header <key=value>", "header for every OTLP request, e.g. X-Scope-OrgID=team-a (repeatable)", (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option("--otlp-compression <gzip|none>", "compress request bodies (default: OTEL_EXPORTER_OTLP_COMPRESSION, else none)")
    .option("--otlp-patience <duration>", "how long one request may wait out throttling (429, Retry-After, 503) or an unreachable endpoint before exit 3", `${DEFAULT_PATIENCE_MS / 60_000}m`)
    .option("--signals <list>", "what to send: traces, metrics or traces,metrics", "traces,metrics")
    .option("--step <duration>", `time between metric samples, at most ${MAX_STEP_SECONDS / 60}m (queries look back 5m)`, `${DEFAULT_STEP_SECONDS / 60}m`)
    .option("--state <file>", "continue the counters of earlier runs from this file; rewritten after every accepted batch, so a failed run resumes")
    .option("--dry-run", "print what would be sent (traces, spans, series, samples, bytes, estimated time) and send no data")
    .option("--deployment-info", "also send dora_deployment_info, one series per deployment (for the dashboard's table of traces)")
    .addOption(new Option("-f, --format <format>", "otlp sends to the endpoint; openmetrics writes text for promtool/mimirtool").choices(FORMATS).default("otlp"))
    .option("-o, --output <path>", "with --format openmetrics: write to this file (- for stdout), or with --split day to this directory")
    .addOption(new Option("--split <period>", "with --format openmetrics: one file per UTC day (blocks Mimir accepts)").choices(["day"]))
    .addHelpText("after", EXAMPLES)
    .action(async (flags: BackfillFlags) => {
      await runBackfillCommand(flags, io, redactor);
    });
  return command;
}

function parseSignals(text: string): Signal[] {
  const signals = text.split(",").map((part) => part.trim()).filter(Boolean);
  const unknown = signals.filter((signal) => !(SIGNALS as readonly string[]).includes(signal));
  if (signals.length === 0 || unknown.length > 0) {
    throw new ConfigError(`--signals "${text}" is not a list of traces, metrics`, "--signals", "use --signals traces,metrics, --signals traces or --signals metrics");
  }
  return SIGNALS.filter((signal) => signals.includes(signal));
}

function parseStep(text: string): number {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds < 1 || seconds > MAX_STEP_SECONDS || !Number.isInteger(seconds)) {
    throw new ConfigError(`--step "${text}" must be a whole number of seconds from 1s to 5m`, "--step", `queries look back 5 minutes for a sample: use e.g. --step ${DEFAULT_STEP_SECONDS / 60}m`);
  }
  return seconds;
}

function parsePatience(text: string): number {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds < 0) throw new ConfigError(`--otlp-patience "${text}" is not a duration`, "--otlp-patience", "use e.g. --otlp-patience 30m or 2h");
  return seconds * 1000;
}

/** Writes the state, or fails with exit 3 naming the file: the data was sent, only the record of it is missing. */
async function writeState(path: string, state: BackfillState): Promise<void> {
  try {
    await saveState(path, state);
  } catch (error) {
    throw new ExportError(`could not write the state file ${path}: ${(error as Error).message}`, {
      hint: "the data sent so far was accepted; fix the path or its permissions and re-run with the same --state (re-sent samples are identical)",
    });
  }
}

async function runBackfillCommand(flags: BackfillFlags, io: CliIo, redactor: Redactor): Promise<void> {
  // Every flag is checked before any request: a typo costs no API calls.
  const signals = flags.format === "openmetrics" ? (["metrics"] as Signal[]) : parseSignals(flags.signals);
  const stepSeconds = parseStep(flags.step);
  const patienceMs = parsePatience(flags.otlpPatience);
  if (flags.output && flags.format !== "openmetrics") throw new ConfigError("--output writes OpenMetrics text", "--output", "add --format openmetrics, or drop --output");
  if (flags.split && flags.format !== "openmetrics") throw new ConfigError("--split writes OpenMetrics files", "--split", "add --format openmetrics --output DIR");
  if (flags.split && (!flags.output || flags.output === "-")) throw new ConfigError("--split day writes one file per day into a directory", "--output", "add --output DIR");
  const targets: Partial<Record<Signal, OtlpTarget>> = {};
  const compression: Partial<Record<Signal, Compression>> = {};
  if (flags.format === "otlp") {
    for (const signal of signals) {
      compression[signal] = readCompression(signal, flags.otlpCompression, io.env);
      const target = resolveOtlpTarget(signal, { endpoint: flags.otlpEndpoint, headers: flags.otlpHeader, compression: flags.otlpCompression }, io.env, redactor);
      if (target) targets[signal] = target;
      else if (!flags.dryRun) {
        throw new ConfigError(`no OTLP endpoint for ${signal}`, "--otlp-endpoint", "pass --otlp-endpoint http://collector:4318 or set OTEL_EXPORTER_OTLP_ENDPOINT (or use --dry-run / --format openmetrics)");
      }
    }
  }
  const statePath = flags.state ? resolve(io.cwd, flags.state) : undefined;
  const state: BackfillState | undefined = statePath ? await loadState(statePath) : undefined;
  const serviceName = io.env.OTEL_SERVICE_NAME?.trim() || DEFAULT_SERVICE_NAME;

  const run = await prepareRun(flags, io, redactor);
  const data: BackfillData = await runAnalysis(run.sources, {
    config: run.config,
    window: run.window,
    now: run.now,
    generatedAt: run.generatedAt,
    reportServices: run.reportServices,
  }).finally(run.finishProgress);
  const window = `${new Date(data.window.fromMs).toISOString()} → ${new Date(data.window.toMs).toISOString()}`;

  if (flags.format === "openmetrics") {
    await writeOpenMetrics(data, { flags, io, stepSeconds, state, statePath, window, note: run.note });
    return;
  }

  const showProgress = !flags.quiet && flags.progress !== false && (flags.progress === true || io.stderrIsTTY) && !flags.dryRun;
  const progress = showProgress ? createProgressDisplay(io) : undefined;
  const onWait = (notice: WaitNotice) => {
    progress?.finish();
    const endpoint = targets[notice.signal] ? redactUrl(targets[notice.signal]!.url) : notice.signal;
    run.note(
      `dora: waiting ${formatDuration(notice.waitMs / 1000)} for ${endpoint}: ${notice.reason}${notice.retryAfter ? " (Retry-After)" : ""}; waited ${formatDuration(notice.waitedMs / 1000)} of ${formatDuration(notice.patienceMs / 1000)} patience`,
    );
  };
  const summary = await runBackfill(data, {
    signals,
    stepSeconds,
    serviceName,
    targets,
    dryRun: flags.dryRun,
    compression,
    state,
    deploymentInfo: flags.deploymentInfo,
    send: { patienceMs, onWait },
    onCheckpoint: statePath ? (checkpoint) => writeState(statePath, checkpoint) : undefined,
    onProgress: progress ? ({ signal, done, total, unit }) => progress.update({ source: signal, kind: unit, done, total }) : undefined,
  }).finally(() => progress?.finish());

  const where = (signal: Signal) => (targets[signal] ? ` to ${redactUrl(targets[signal].url)}` : "");
  const lines: string[] = [];
  if (signals.includes("traces")) lines.push(`${summary.traces} traces, ${summary.spans} spans in ${summary.requests.traces} requests, ${volume(summary, "traces", compression)}${where("traces")}`);
  if (signals.includes("metrics")) lines.push(`${summary.series} series, ${summary.samples} samples (step ${stepSeconds}s) in ${summary.requests.metrics} requests, ${volume(summary, "metrics", compression)}${where("metrics")}`);
  if (flags.dryRun) {
    const estimate = await estimateTime(summary, signals, targets);
    io.stdout(`dry run: no data sent. Would send for ${window}:\n${[...lines, ...estimate].map((line) => `  ${line}\n`).join("")}`);
    return;
  }
  for (const notice of summary.notices) run.note(`dora: backend notice: ${notice}`);
  if (statePath) await writeState(statePath, summary.state);
  run.note(`dora: backfilled ${window}:\n${lines.map((line) => `  sent ${line}`).join("\n")}`);
}

function mib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function volume(summary: BackfillSummary, signal: Signal, compression: Partial<Record<Signal, Compression>>): string {
  const gzip = compression[signal] === "gzip";
  return gzip ? `${mib(summary.bytes[signal])} protobuf, ${mib(summary.wireBytes[signal])} gzipped` : `${mib(summary.bytes[signal])} protobuf`;
}

/** The dry run's time estimate per endpoint: its measured round trip per request plus the bytes at its measured upload rate. */
async function estimateTime(summary: BackfillSummary, signals: readonly Signal[], targets: Partial<Record<Signal, OtlpTarget>>): Promise<string[]> {
  const lines: string[] = [];
  for (const signal of signals) {
    const target = targets[signal];
    if (!target) {
      lines.push(`${signal}: no endpoint to measure (pass --otlp-endpoint for a time estimate)`);
      continue;
    }
    let rate: EndpointRate;
    try {
      rate = await measureEndpoint(target, signal);
    } catch (error) {
      lines.push(`${signal}: could not measure ${redactUrl(target.url)}: ${(error as Error).message}`);
      continue;
    }
    const seconds = (summary.requests[signal] * rate.roundTripMs) / 1000 + summary.wireBytes[signal] / rate.bytesPerSecond;
    lines.push(
      `${signal}: ≈ ${formatDuration(Math.max(1, seconds))} at ${redactUrl(target.url)}'s measured rate (round trip ${rate.roundTripMs.toFixed(0)} ms, upload ${mib(rate.bytesPerSecond)}/s; the backend's own ingestion time comes on top)`,
    );
  }
  return lines;
}

interface OpenMetricsRun {
  flags: BackfillFlags;
  io: CliIo;
  stepSeconds: number;
  state: BackfillState | undefined;
  statePath: string | undefined;
  window: string;
  note: (text: string) => void;
}

async function writeOpenMetrics(data: BackfillData, { flags, io, stepSeconds, state, statePath, window, note }: OpenMetricsRun): Promise<void> {
  const options = { stepSeconds, state, deploymentInfo: flags.deploymentInfo };
  const text = openMetricsText(data, options);
  if (flags.dryRun) {
    io.stdout(`dry run: would write ${text.series} series, ${text.samples} samples (step ${stepSeconds}s) of ${window} as OpenMetrics\n`);
    return;
  }
  const cursors = text.cursors;
  if (flags.split === "day") {
    const dir = resolve(io.cwd, flags.output!);
    const days = utcDays(text.grid);
    // Day after day: each cursor walks on through the next day, so the whole history is read once.
    for (const day of days) await writeOutputFile(join(dir, `dora-${day.day}.om`), openMetricsChunks(cursors, text.grid.size, day));
    note(`dora: wrote ${text.series} series, ${text.samples} samples (${window}, step ${stepSeconds}s) to ${days.length} files, one per UTC day, in ${dir}`);
  } else if (flags.output && flags.output !== "-") {
    const path = resolve(io.cwd, flags.output);
    await writeOutputFile(path, text.chunks);
    note(`dora: wrote ${text.series} series, ${text.samples} samples (${window}, step ${stepSeconds}s) to ${path}`);
  } else {
    // With backpressure, as the report writes: a slow reader holds the generator, memory stays at a chunk or two.
    await writeChunksToStdout(io, text.chunks);
  }
  if (statePath && state) {
    const series: BackfillState["series"] = { ...state.series };
    for (const cursor of cursors) {
      const final = cursor.finalState();
      if (final) series[cursor.series.key] = final;
    }
    await writeState(statePath, { ...state, updatedAt: new Date().toISOString(), series });
  }
}
