import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Command, Option } from "commander";
import { ThresholdError } from "../../errors.js";
import type { Bucket } from "../../model/window.js";
import { CSV_TABLES, FORMATS, render, type CsvTable, type Format } from "../../report/format.js";
import { runReport } from "../../pipeline/run-report.js";
import { redactSecrets } from "../../sources/http/redact.js";
import type { CliIo } from "../io.js";
import { addSourceOptions, prepareRun, type SourceFlags } from "../source-options.js";
import { evaluateThresholds, parseThresholds, type ThresholdFlags } from "../thresholds.js";

export const BUCKETS = ["day", "week", "month"] as const satisfies readonly Bucket[];

interface ReportFlags extends SourceFlags, ThresholdFlags {
  bucket?: Bucket;
  format: Format;
  csv: CsvTable;
  output?: string;
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
(or GITHUB_TOKEN_FILE etc. naming a file). ARGO_SERVER, GITHUB_API_URL and GRAFANA_URL
override the URLs of the config file.
Exit codes: 0 ok, 1 threshold breached, 2 usage or config error, 3 a source failed, 4 internal error.`;

export function reportCommand(io: CliIo): Command {
  const command = new Command("report").description("compute DORA metrics for a time window and print them");
  addSourceOptions(command)
    .addOption(new Option("--bucket <period>", "also report per period, with a trend table").choices(BUCKETS))
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .addOption(new Option("--csv <table>", "which table --format csv writes").choices(CSV_TABLES).default("summary"))
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .option("--fail-change-failure-rate <rate>", "exit 1 when the change failure rate is above this (0.15 or 15%)")
    .option("--fail-lead-time <duration>", "exit 1 when the median lead time is above this (e.g. 7d)")
    .option("--fail-restore-time <duration>", "exit 1 when the median time to restore is above this (e.g. 1d)")
    .option("--fail-deploys-per-week <n>", "exit 1 when deployments per week are below this")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: ReportFlags) => {
      await runReportCommand(flags, io);
    });
  return command;
}

async function runReportCommand(flags: ReportFlags, io: CliIo): Promise<void> {
  const thresholds = parseThresholds(flags); // before any request: a typo costs no API calls
  const run = await prepareRun(flags, io);
  const report = await runReport(run.sources, {
    config: run.config,
    window: run.window,
    now: run.now,
    generatedAt: run.generatedAt,
    reportServices: run.reportServices,
    bucket: flags.bucket,
  }).finally(run.finishProgress);

  const color = flags.format === "table" && !flags.output && io.stdoutIsTTY && !io.env.NO_COLOR;
  const text = render(flags.format, report, { csvTable: flags.csv, color, timezone: run.window.timezone, bucket: flags.bucket });
  if (flags.output) {
    const path = resolve(io.cwd, flags.output);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    run.note(`dora: wrote the ${flags.format} report to ${path}`);
  } else {
    io.stdout(text);
  }

  if (flags.verbose) {
    for (const warning of report.warnings) io.stderr(redactSecrets(`dora: warning [${warning.code}] ${warning.message}`) + "\n");
    io.stderr(`dora: cache: ${run.cacheStats.hits} hits, ${run.cacheStats.misses} misses\n`);
  } else if (report.warnings.length > 0 && (flags.format !== "table" || flags.output)) {
    run.note(`dora: ${report.warnings.length} warning(s) in the report; --verbose prints them here`);
  }

  const outcome = evaluateThresholds(report.overall, thresholds);
  for (const line of outcome.unchecked) run.note(`dora: ${line}`);
  if (outcome.breaches.length > 0) throw new ThresholdError(outcome.breaches);
}
