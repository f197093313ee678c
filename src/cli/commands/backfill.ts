import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { once } from "node:events";
import { Command, Option } from "commander";
import { ConfigError } from "../../errors.js";
import { loadState, saveState, type BackfillState } from "../../otlp/backfill-state.js";
import type { BackfillData } from "../../otlp/backfill-data.js";
import { resolveOtlpTarget } from "../../otlp/otlp-endpoints.js";
import type { OtlpTarget, Signal } from "../../otlp/otlp-sender.js";
import { DEFAULT_SERVICE_NAME } from "../../otlp/resource.js";
import { MAX_STEP_SECONDS, openMetricsText, runBackfill } from "../../otlp/run-backfill.js";
import { runReportWithInput } from "../../pipeline/run-report.js";
import { serviceDefinitions } from "../../pipeline/run-report.js";
import { redactUrl } from "../../sources/http/redact.js";
import { parseDurationSeconds } from "../../util/duration.js";
import type { CliIo } from "../io.js";
import { fileWriteError } from "../output-file.js";
import { createProgressDisplay } from "../progress.js";
import { addSourceOptions, prepareRun, type SourceFlags } from "../source-options.js";

const FORMATS = ["otlp", "openmetrics"] as const;
const SIGNALS = ["traces", "metrics"] as const satisfies readonly Signal[];

interface BackfillFlags extends SourceFlags {
  otlpEndpoint?: string;
  otlpHeader: string[];
  signals: string;
  step: string;
  state?: string;
  dryRun?: boolean;
  format: (typeof FORMATS)[number];
  output?: string;
}

const EXAMPLES = `
Examples:
  $ dora backfill --demo --dry-run                         what the demo would send: traces, spans, series, samples
  $ dora backfill --since 365d --otlp-endpoint http://otel-collector:4318
  $ dora backfill --from 2026-01-01 --otlp-endpoint https://mimir.example.com/otlp \\
      --otlp-header X-Scope-OrgID=team-a --signals metrics
  $ dora backfill --since 1d --state /var/lib/dora/backfill-state.json     nightly: counters continue, no reset
  $ dora backfill --since 365d --format openmetrics --output dora.om
  $ promtool tsdb create-blocks-from openmetrics dora.om ./data            (or: mimirtool backfill)

The endpoint is an OTLP/HTTP base URL (/v1/traces and /v1/metrics are appended), or set the standard
OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_{TRACES,METRICS}_ENDPOINT (used as is),
OTEL_EXPORTER_OTLP_HEADERS and OTEL_SERVICE_NAME. Header values are never printed.
Backends must accept old samples: see the README, section "Backfill" (Mimir out_of_order_time_window, Prometheus
out-of-order window and retention, VictoriaMetrics -retentionPeriod, Tempo ingestion_time_range_slack).
Exit codes: 0 ok, 2 usage or config error, 3 a source failed or the backend rejected data, 4 internal error.`;

export function backfillCommand(io: CliIo): Command {
  const command = new Command("backfill").description("send the window's deployments, changes and incidents as OTLP traces and metrics with their historical times");
  addSourceOptions(command)
    .option("--otlp-endpoint <url>", "OTLP/HTTP base URL (default: OTEL_EXPORTER_OTLP_ENDPOINT)")
    .option("--otlp-header <key=value>", "header for every OTLP request, e.g. X-Scope-OrgID=team-a (repeatable)", (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option("--signals <list>", "what to send: traces, metrics or traces,metrics", "traces,metrics")
    .option("--step <duration>", `time between metric samples, at most ${MAX_STEP_SECONDS / 60}m`, "60s")
    .option("--state <file>", "continue the counters of earlier runs from this file, and update it after a successful run")
    .option("--dry-run", "print what would be sent (traces, spans, series, samples) and send nothing")
    .addOption(new Option("-f, --format <format>", "otlp sends to the endpoint; openmetrics writes text for promtool/mimirtool").choices(FORMATS).default("otlp"))
    .option("-o, --output <file>", "with --format openmetrics: write to this file instead of stdout")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: BackfillFlags) => {
      await runBackfillCommand(flags, io);
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
    throw new ConfigError(`--step "${text}" must be a whole number of seconds from 1s to 5m`, "--step", "queries look back 5 minutes for a sample: use e.g. --step 60s");
  }
  return seconds;
}

async function runBackfillCommand(flags: BackfillFlags, io: CliIo): Promise<void> {
  // Every flag is checked before any request: a typo costs no API calls.
  const signals = flags.format === "openmetrics" ? (["metrics"] as Signal[]) : parseSignals(flags.signals);
  const stepSeconds = parseStep(flags.step);
  if (flags.output && flags.format !== "openmetrics") throw new ConfigError("--output writes OpenMetrics text", "--output", "add --format openmetrics, or drop --output");
  const targets: Partial<Record<Signal, OtlpTarget>> = {};
  if (flags.format === "otlp") {
    for (const signal of signals) {
      const target = resolveOtlpTarget(signal, { endpoint: flags.otlpEndpoint, headers: flags.otlpHeader }, io.env);
      if (target) targets[signal] = target;
      else if (!flags.dryRun) {
        throw new ConfigError(`no OTLP endpoint for ${signal}`, "--otlp-endpoint", "pass --otlp-endpoint http://collector:4318 or set OTEL_EXPORTER_OTLP_ENDPOINT (or use --dry-run / --format openmetrics)");
      }
    }
  }
  const statePath = flags.state ? resolve(io.cwd, flags.state) : undefined;
  const state: BackfillState | undefined = statePath ? await loadState(statePath) : undefined;
  const serviceName = io.env.OTEL_SERVICE_NAME?.trim() || DEFAULT_SERVICE_NAME;

  const run = await prepareRun(flags, io);
  const { report, input } = await runReportWithInput(run.sources, {
    config: run.config,
    window: run.window,
    now: run.now,
    generatedAt: run.generatedAt,
    reportServices: run.reportServices,
  }).finally(run.finishProgress);
  const data: BackfillData = {
    report,
    deployments: input.deployments,
    incidents: input.incidents,
    services: serviceDefinitions(run.config),
    countFailedRollouts: run.config.changeFailure.countFailedRollouts,
    now: run.now,
  };
  const window = `${report.window.from} → ${report.window.to}`;

  if (flags.format === "openmetrics") {
    const text = openMetricsText(data, { stepSeconds, state });
    if (flags.dryRun) {
      io.stdout(`dry run: would write ${text.series} series, ${text.samples} samples (step ${stepSeconds}s) of ${window} as OpenMetrics\n`);
      return;
    }
    if (flags.output) {
      const path = resolve(io.cwd, flags.output);
      await writeChunks(path, text.chunks);
      run.note(`dora: wrote ${text.series} series, ${text.samples} samples (${window}, step ${stepSeconds}s) to ${path}`);
    } else {
      for (const chunk of text.chunks) io.stdout(chunk);
    }
    if (statePath && state) await saveState(statePath, { ...state, updatedAt: new Date().toISOString(), series: { ...state.series, ...finalStates(text.cursors) } });
    return;
  }

  const showProgress = !flags.quiet && flags.progress !== false && (flags.progress === true || io.stderrIsTTY) && !flags.dryRun;
  const progress = showProgress ? createProgressDisplay(io) : undefined;
  const summary = await runBackfill(data, {
    signals,
    stepSeconds,
    serviceName,
    targets,
    dryRun: flags.dryRun,
    state,
    onProgress: progress ? ({ signal, done, total, unit }) => progress.update({ source: signal, kind: unit, done, total }) : undefined,
  }).finally(() => progress?.finish());

  const where = (signal: Signal) => (targets[signal] ? ` to ${redactUrl(targets[signal].url)}` : "");
  const lines: string[] = [];
  if (signals.includes("traces")) lines.push(`${summary.traces} traces, ${summary.spans} spans${flags.dryRun ? "" : ` in ${summary.requests.traces} requests`}${where("traces")}`);
  if (signals.includes("metrics")) lines.push(`${summary.series} series, ${summary.samples} samples (step ${stepSeconds}s)${flags.dryRun ? "" : ` in ${summary.requests.metrics} requests`}${where("metrics")}`);
  if (flags.dryRun) {
    io.stdout(`dry run: nothing sent. Would send for ${window}:\n${lines.map((line) => `  ${line}\n`).join("")}`);
    return;
  }
  for (const notice of summary.notices) run.note(`dora: backend notice: ${notice}`);
  // Only now, with everything accepted, does the state move on.
  if (statePath) await saveState(statePath, summary.state);
  run.note(`dora: backfilled ${window}:\n${lines.map((line) => `  sent ${line}`).join("\n")}`);
}

function finalStates(cursors: ReturnType<typeof openMetricsText>["cursors"]): BackfillState["series"] {
  const series: BackfillState["series"] = {};
  for (const cursor of cursors) {
    const final = cursor.finalState();
    if (final) series[cursor.series.key] = final;
  }
  return series;
}

/** Streams the chunks to a temp file renamed into place, waiting on back-pressure. */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
    throw fileWriteError(error, path, "--output", "give --output a file path in a writable directory");
  });
  const temp = `${path}.tmp-${process.pid}`;
  const stream = createWriteStream(temp);
  try {
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await once(stream, "drain");
    }
    stream.end();
    await once(stream, "finish");
    await rename(temp, path);
  } catch (error) {
    stream.destroy();
    await rm(temp, { force: true });
    // A full disk or an unwritable path names the path and exits 2 or 3, never "internal error".
    throw fileWriteError(error, path, "--output", "give --output a file path in a writable directory");
  }
}
