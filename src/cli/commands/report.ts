import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Command, Option } from "commander";
import { applyEnvironment, readCredentials } from "../../config/environment.js";
import { findConfigFile, loadConfigFile } from "../../config/load-config.js";
import { resolveWindow } from "../../config/resolve-window.js";
import { timezoneSchema } from "../../config/schema.js";
import { ConfigError, ThresholdError } from "../../errors.js";
import type { Bucket } from "../../model/window.js";
import { CSV_TABLES, FORMATS, render, type CsvTable, type Format } from "../../report/format.js";
import { checkServiceFilter, runReport } from "../../pipeline/run-report.js";
import { createSources } from "../../pipeline/create-sources.js";
import { loadRecording } from "../../sources/replay/index.js";
import { redactSecrets } from "../../sources/http/redact.js";
import type { CliIo } from "../io.js";
import { demoFixturesDir } from "../demo-path.js";
import { evaluateThresholds, parseThresholds, type ThresholdFlags } from "../thresholds.js";

export const BUCKETS = ["day", "week", "month"] as const satisfies readonly Bucket[];

interface ReportFlags extends ThresholdFlags {
  config?: string;
  since?: string;
  from?: string;
  to?: string;
  timezone?: string;
  service?: string[];
  bucket?: Bucket;
  format: Format;
  csv: CsvTable;
  output?: string;
  demo?: boolean;
  fixtures?: string;
  quiet?: boolean;
  verbose?: boolean;
}

const EXAMPLES = `
Examples:
  $ dora report --demo                              the bundled demo dataset, no network or credentials
  $ dora report --since 30d                         the last 30 days, tables on the terminal
  $ dora report --from 2026-07-01 --to 2026-10-01 --timezone Europe/Berlin --bucket month
  $ dora report --service backstage --format json --output dora.json
  $ dora report --format csv --csv deployments > deployments.csv
  $ dora report --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ dora report --fail-change-failure-rate 0.15 --fail-lead-time 7d   exit 1 when breached

Credentials come from the environment only: GITHUB_TOKEN, ARGO_TOKEN, GRAFANA_TOKEN
(or *_FILE pointing at a file). URLs: ARGO_SERVER, GITHUB_API_URL, GRAFANA_URL override the config.
Exit codes: 0 ok, 1 threshold breached, 2 usage or config error, 3 a source failed, 4 internal error.`;

export function reportCommand(io: CliIo): Command {
  return new Command("report")
    .description("compute DORA metrics for a time window and print them")
    .option("-c, --config <file>", "config file (default: dora.config.yaml, .yml or .json in the current directory)")
    .option("--since <duration>", "window ending now, e.g. 30d, 12w, 24h (default 30d; the demo's is 90d)")
    .option("--from <date>", "window start: YYYY-MM-DD (midnight in --timezone) or an ISO instant")
    .option("--to <date>", "window end, exclusive (default: now)")
    .option("--timezone <zone>", "IANA time zone for dates, days, weeks and buckets (default: config timezone, UTC)")
    .option("--service <name...>", "only these services (repeatable)")
    .addOption(new Option("--bucket <period>", "also report per period, with a trend table").choices(BUCKETS))
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .addOption(new Option("--csv <table>", "which table --format csv writes").choices(CSV_TABLES).default("summary"))
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .option("--demo", "use the bundled demo recording (fixtures/demo): no network, no credentials")
    .option("--fixtures <dir>", "replay a recorded fixture directory instead of calling the APIs")
    .option("--fail-change-failure-rate <rate>", "exit 1 when the change failure rate is above this (0.15 or 15%)")
    .option("--fail-lead-time <duration>", "exit 1 when the median lead time is above this (e.g. 7d)")
    .option("--fail-restore-time <duration>", "exit 1 when the median time to restore is above this (e.g. 1d)")
    .option("--fail-deploys-per-week <n>", "exit 1 when deployments per week are below this")
    .option("-q, --quiet", "print nothing on stderr but errors")
    .option("-v, --verbose", "print every warning and the API requests on stderr")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: ReportFlags) => {
      await runReportCommand(flags, io);
    });
}

async function runReportCommand(flags: ReportFlags, io: CliIo): Promise<void> {
  if (flags.demo && flags.fixtures) throw new ConfigError("--demo and --fixtures cannot be combined", "--demo", "use one of them");
  if (flags.quiet && flags.verbose) throw new ConfigError("--quiet and --verbose cannot be combined", "--quiet");
  const thresholds = parseThresholds(flags);
  const note = (text: string) => {
    if (!flags.quiet) io.stderr(redactSecrets(text) + "\n");
  };

  const fixturesDir = flags.demo ? demoFixturesDir() : flags.fixtures ? resolve(io.cwd, flags.fixtures) : undefined;
  const recording = fixturesDir ? await loadRecording(fixturesDir) : undefined;
  const configPath = flags.config
    ? findConfigFile(io.cwd, flags.config)
    : recording
      ? recording.configPath
      : findConfigFile(io.cwd);
  const config = applyEnvironment(await loadConfigFile(configPath), recording ? {} : io.env);
  const credentials = recording ? {} : readCredentials(io.env);

  const timezone = flags.timezone ?? config.timezone;
  if (flags.timezone && !timezoneSchema.safeParse(flags.timezone).success) {
    throw new ConfigError(`--timezone "${flags.timezone}" is not a known time zone`, "--timezone", 'expected an IANA name such as "UTC" or "Europe/Berlin"');
  }
  const now = recording ? new Date(recording.meta.now) : io.now();
  const window = resolveWindow(flags, timezone, now, recording?.meta.since ?? "30d");
  const reportServices = checkServiceFilter(config, flags.service);

  const logger = { debug: (message: string) => { if (flags.verbose) io.stderr(redactSecrets(`dora: ${message}`) + "\n"); } };
  const sources = createSources({ config, credentials, recording, logger });
  const report = await runReport(sources, {
    config,
    window,
    now,
    generatedAt: recording ? now : io.now(),
    reportServices,
    bucket: flags.bucket,
  });

  const color = flags.format === "table" && !flags.output && io.stdoutIsTTY && !io.env.NO_COLOR;
  const text = render(flags.format, report, { csvTable: flags.csv, color, timezone });
  if (flags.output) {
    const path = resolve(io.cwd, flags.output);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    note(`dora: wrote ${flags.format} report to ${path}`);
  } else {
    io.stdout(text);
  }

  if (flags.verbose) {
    for (const warning of report.warnings) io.stderr(`dora: warning [${warning.code}] ${redactSecrets(warning.message)}\n`);
  } else if (report.warnings.length > 0 && (flags.format !== "table" || flags.output)) {
    note(`dora: ${report.warnings.length} warning(s) in the report; --verbose prints them here`);
  }

  const outcome = evaluateThresholds(report.overall, thresholds);
  for (const line of outcome.unchecked) note(`dora: ${line}`);
  if (outcome.breaches.length > 0) throw new ThresholdError(outcome.breaches);
}
