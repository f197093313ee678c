import { resolve } from "node:path";
import { Command, Option } from "commander";
import { IncompleteReportError, ThresholdError } from "../../errors.js";
import type { Report } from "../../model/report.js";
import type { Bucket } from "../../model/window.js";
import { CSV_TABLES, FORMATS, render, type CsvTable, type Format, type RenderOptions } from "../../report/format.js";
import { incompleteGaps } from "../../report/incomplete.js";
import { renderMarkdown } from "../../report/markdown.js";
import type { PreviousPeriod } from "../../report/previous.js";
import { escapeMarkdownCell } from "../../report/sanitize.js";
import { runPreviousPeriod } from "../../pipeline/compare-previous.js";
import { runReport } from "../../pipeline/run-report.js";
import type { CliIo } from "../io.js";
import { appendToNamedFile, writeOutputFile } from "../output-file.js";
import { LOG_FORMATS, createLog, type Log, type LogFormat } from "../log.js";
import { addSourceOptions, prepareRun, type SourceFlags } from "../source-options.js";
import {
  evaluateThresholds, parseThresholdFlags, resolveThresholds, thresholdsFromConfig,
  type Breach, type ThresholdFlags,
} from "../thresholds.js";

// These formats print the warnings themselves, so stderr need not point at them.
const FORMATS_LISTING_WARNINGS: ReadonlySet<Format> = new Set(["table", "markdown", "html"]);

export const BUCKETS = ["day", "week", "month"] as const satisfies readonly Bucket[];
export const COMPARISONS = ["previous"] as const;

interface ReportFlags extends SourceFlags, ThresholdFlags {
  bucket?: Bucket;
  format: Format;
  csv: CsvTable;
  output?: string;
  summary?: boolean;
  compare?: (typeof COMPARISONS)[number];
  logFormat: LogFormat;
}

const EXAMPLES = `
Examples:
  $ dora report --demo                              the bundled demo dataset, no network or credentials
  $ dora report --since 30d                         the last 30 days, tables on the terminal
  $ dora report --from 2026-07-01 --to 2026-10-01 --timezone Europe/Berlin --bucket month
  $ dora report --service backstage --format json --output dora.json
  $ dora report --format csv --csv deployments > deployments.csv
  $ dora report --format html --output dora.html    one self-contained page with a chart per metric
  $ dora report --since 30d --compare previous      every figure with its change against the 30 days before
  $ dora report --summary --fail-change-failure-rate 0.15 --fail-lead-time 7d --fail-lead-time backstage=2d
                                                    in CI: Markdown to $GITHUB_STEP_SUMMARY, exit 1 when breached
  $ dora report --fail-below-tier high --log-format json

Thresholds: VALUE limits the overall figures, SERVICE=VALUE one service (repeat the flag);
they override the config's thresholds: key for the same metric and scope.
Credentials come from the environment only: GITHUB_TOKEN, ARGO_TOKEN, GRAFANA_TOKEN
(or GITHUB_TOKEN_FILE etc. naming a file). ARGO_SERVER, GITHUB_API_URL and GRAFANA_URL
override the URLs of the config file.
Exit codes: 0 ok, 1 threshold breached, 2 usage or config error, 3 a source failed or the report
is incomplete (--allow-partial), 4 internal error.`;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function reportCommand(io: CliIo): Command {
  const command = new Command("report").description("compute DORA metrics for a time window and print them");
  addSourceOptions(command)
    .addOption(new Option("--bucket <period>", "also report per period, with a trend table (html: week by default)").choices(BUCKETS))
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .addOption(new Option("--csv <table>", "which table --format csv writes").choices(CSV_TABLES).default("summary"))
    .option("-o, --output <file>", "write the output to a file instead of stdout (whole or not at all; - is stdout)")
    .option("--summary", "also append the Markdown report to $GITHUB_STEP_SUMMARY (GitHub Actions)")
    .addOption(new Option("--compare <period>", "show every figure's change against the previous window of equal length").choices(COMPARISONS))
    .option("--fail-change-failure-rate <rate>", "exit 1 when the change failure rate is above this (0.15 or 15%; SERVICE=0.2 for one service)", collect)
    .option("--fail-lead-time <duration>", "exit 1 when the median lead time is above this (e.g. 7d; SERVICE=2d)", collect)
    .option("--fail-restore-time <duration>", "exit 1 when the median time to restore is above this (e.g. 1d)", collect)
    .option("--fail-deploys-per-week <n>", "exit 1 when deployments per week are below this", collect)
    .option("--fail-rework-rate <rate>", "exit 1 when the deployment rework rate is above this (0.1 or 10%)", collect)
    .option("--fail-below-tier <tier>", "exit 1 when a metric's DORA tier is below this (elite, high, medium, low)", collect)
    .addOption(new Option("--log-format <format>", "stderr logs as text or one JSON object per line").choices(LOG_FORMATS).default("text"))
    .addHelpText("after", EXAMPLES)
    .action(async (flags: ReportFlags) => {
      await runReportCommand(flags, io);
    });
  return command;
}

/** The step summary's verdict on the thresholds, so the reason for a red job is next to the figures. */
function thresholdsMarkdown(breaches: Breach[], checked: number): string {
  if (checked === 0) return "";
  if (breaches.length === 0) return `\n### Thresholds\n\nAll ${checked} threshold(s) met.\n`;
  const items = breaches.map((breach) => `- **${escapeMarkdownCell(breach.scope)}**: ${escapeMarkdownCell(breach.text.slice(breach.scope.length + 2))}`);
  return `\n### Thresholds: ${breaches.length} breached\n\n${items.join("\n")}\n`;
}

async function runReportCommand(flags: ReportFlags, io: CliIo): Promise<void> {
  const log = createLog(io, flags.logFormat);
  try {
    await produceReport(flags, io, log);
  } catch (error) {
    // main prints the failure through the same stderr: in JSON mode that becomes error records.
    log.setPlainLevel("error");
    throw error;
  }
}

async function produceReport(flags: ReportFlags, io: CliIo, log: Log): Promise<void> {
  const flagThresholds = parseThresholdFlags(flags); // before any request: a typo costs no API calls
  // A progress line redrawn ten times a second is noise in a JSON log: only when asked for.
  const run = await prepareRun(flags.logFormat === "json" && flags.progress !== true ? { ...flags, progress: false } : flags, io);
  const info = (message: string) => {
    if (!flags.quiet) log.write({ level: "info", message });
  };
  const thresholds = resolveThresholds(flagThresholds, thresholdsFromConfig(run.config.thresholds), run.config.services.map((service) => service.name));
  const summaryPath = flags.summary ? io.env.GITHUB_STEP_SUMMARY : undefined;
  if (flags.summary && !summaryPath) info("GITHUB_STEP_SUMMARY is not set: --summary writes no step summary (it is set inside GitHub Actions jobs)");

  // The HTML charts and the step summary's trend need periods even when --bucket is not given.
  const bucket = flags.bucket ?? (flags.format === "html" || summaryPath ? "week" : undefined);
  const request = { config: run.config, window: run.window, now: run.now, generatedAt: run.generatedAt, reportServices: run.reportServices, bucket };
  let report: Report;
  let previous: PreviousPeriod | undefined;
  try {
    report = await runReport(run.sources, request);
    if (flags.compare === "previous") {
      const compared = await runPreviousPeriod(run.sources, request);
      previous = compared.previous;
      // A gap in the previous window makes the changes wrong too: it is one of this report's gaps.
      for (const warning of compared.warnings) {
        if (incompleteGaps([warning]).length > 0) report.warnings.push({ ...warning, message: `previous window: ${warning.message}` });
      }
    }
  } finally {
    run.finishProgress();
  }

  // `-o -` is stdout, as for most Unix tools.
  const toFile = flags.output === "-" ? undefined : flags.output;
  const options: RenderOptions = { csvTable: flags.csv, color: false, timezone: run.window.timezone, bucket, previous };
  const color = flags.format === "table" && !toFile && io.stdoutIsTTY && !io.env.NO_COLOR && flags.logFormat === "text";
  const shown: Report = flags.bucket || flags.format === "html" ? report : { ...report, buckets: [] };
  const text = render(flags.format, shown, { ...options, color });
  if (toFile) {
    const path = resolve(io.cwd, toFile);
    await writeOutputFile(path, text);
    info(`wrote the ${flags.format} report to ${path}`);
  } else {
    await io.stdout(text);
  }

  const outcome = evaluateThresholds(report, thresholds);
  if (summaryPath) {
    await appendToNamedFile(summaryPath, renderMarkdown(report, options) + thresholdsMarkdown(outcome.breaches, thresholds.length), "GITHUB_STEP_SUMMARY");
    info(`appended the Markdown report to $GITHUB_STEP_SUMMARY (${summaryPath})`);
  }

  if (flags.verbose || (flags.logFormat === "json" && !flags.quiet)) {
    for (const warning of report.warnings) {
      log.write({ level: "warning", message: warning.message, code: warning.code, ...(warning.subject === undefined ? {} : { subject: warning.subject }) });
    }
  } else if (report.warnings.length > 0 && (!FORMATS_LISTING_WARNINGS.has(flags.format) || toFile)) {
    info(`${report.warnings.length} warning(s) in the report; --verbose prints them here`);
  }
  if (flags.verbose) info(`cache: ${run.cacheStats.hits} hits, ${run.cacheStats.misses} misses`);

  for (const line of outcome.unchecked) info(line);
  const gaps = incompleteGaps(report.warnings);
  if (gaps.length > 0) {
    // Exit 3 wins over exit 1 (a breach measured on partial data is not the news), but the breaches are still shown.
    for (const breach of outcome.breaches) log.write({ level: "error", message: `threshold breached: ${breach.text}` });
    throw new IncompleteReportError(gaps);
  }
  if (outcome.breaches.length > 0) throw new ThresholdError(outcome.breaches.map((breach) => breach.text));
}
