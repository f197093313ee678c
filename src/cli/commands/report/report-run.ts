import { resolve } from "node:path";
import { IncompleteReportError, ThresholdError } from "../../../errors.js";
import type { Report } from "../../../model/report.js";
import { renderReportChunks } from "../../../render/index.js";
import type { Format, PreviousPeriod, RenderOptions } from "../../../render/types.js";
import { incompleteGaps } from "../../../render/incomplete.js";
import { renderMarkdown } from "../../../render/markdown.js";
import { escapeMarkdownCell } from "../../../render/sanitize.js";
import { runPreviousPeriod } from "../../../pipeline/compare-previous.js";
import { runReport } from "../../../pipeline/run-report.js";
import { writeChunksToStdout, type CliIo } from "../../io.js";
import { appendToNamedFile, writeOutputFile } from "../../output-file.js";
import { createLog, type Log } from "../../log.js";
import { prepareRun } from "../../source-options.js";
import type { Redactor } from "../../../util/redact.js";
import { evaluateThresholds, parseThresholdFlags, resolveThresholds, thresholdsFromConfig, type Breach } from "../../thresholds.js";
import type { ReportFlags } from "./report-flags.js";

// `dora report` itself, loaded by the command's action (report.ts holds only its flags and help).

// These formats print the warnings themselves, so stderr need not point at them.
const FORMATS_LISTING_WARNINGS: ReadonlySet<Format> = new Set(["table", "markdown", "html"]);

/** The step summary's verdict on the thresholds, so the reason for a red job is next to the figures. */
function thresholdsMarkdown(breaches: Breach[], checked: number): string {
  if (checked === 0) return "";
  if (breaches.length === 0) return `\n### Thresholds\n\nAll ${checked} threshold(s) met.\n`;
  const items = breaches.map((breach) => `- **${escapeMarkdownCell(breach.scope)}**: ${escapeMarkdownCell(breach.text.slice(breach.scope.length + 2))}`);
  return `\n### Thresholds: ${breaches.length} breached\n\n${items.join("\n")}\n`;
}

export async function runReportCommand(flags: ReportFlags, io: CliIo, redactor: Redactor): Promise<void> {
  const log = createLog(io, flags.logFormat, redactor);
  try {
    await produceReport(flags, io, redactor, log);
  } catch (error) {
    // main prints the failure through the same stderr: in JSON mode that becomes error records.
    log.setPlainLevel("error");
    throw error;
  }
}

async function produceReport(flags: ReportFlags, io: CliIo, redactor: Redactor, log: Log): Promise<void> {
  const flagThresholds = parseThresholdFlags(flags); // before any request: a typo costs no API calls
  // A progress line redrawn ten times a second is noise in a JSON log: only when asked for.
  const run = await prepareRun(flags.logFormat === "json" && flags.progress !== true ? { ...flags, progress: false } : flags, io, redactor);
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
      // A gap in the previous window makes the changes wrong too: it is one of this report's gaps, and
      // the comparison is left out (shown as missing), never computed against zeros.
      const gaps = compared.warnings.filter((warning) => incompleteGaps([warning]).length > 0);
      for (const warning of gaps) report.warnings.push({ ...warning, message: `previous window (no comparison shown): ${warning.message}` });
      if (gaps.length === 0) previous = compared.previous;
    }
  } finally {
    run.finishProgress();
  }

  // `-o -` is stdout, as for most Unix tools.
  const toFile = flags.output === "-" ? undefined : flags.output;
  const options: RenderOptions = { csvTable: flags.csv ?? "summary", color: false, timezone: run.window.timezone, bucket, previous };
  const color = flags.format === "table" && !toFile && io.stdoutIsTTY && !io.env.NO_COLOR && flags.logFormat === "text";
  const shown: Report = flags.bucket || flags.format === "html" ? report : { ...report, buckets: [] };
  // In chunks with backpressure: a report can be larger than V8's largest string (5,000 services × daily buckets).
  const chunks = renderReportChunks(flags.format, shown, { ...options, color });
  if (toFile) {
    const path = resolve(io.cwd, toFile);
    await writeOutputFile(path, chunks);
    info(`wrote the ${flags.format} report to ${path}`);
  } else {
    await writeChunksToStdout(io, chunks);
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
