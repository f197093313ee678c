import { Command, Option } from "commander";
import { CSV_TABLES, FORMATS } from "../../../render/types.js";
import { BUCKETS, COMPARISONS, type ReportFlags } from "./report-flags.js";
import { ConfigError } from "../../../errors.js";
import type { CliIo } from "../../io.js";
import type { Redactor } from "../../../util/redact.js";
import { LOG_FORMATS } from "../../log.js";
import { addSourceOptions } from "../../source-flags.js";

export { BUCKETS, COMPARISONS, type ReportFlags } from "./report-flags.js";

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

/** Flags that would otherwise be silently ignored are refused before anything is read. */
export function checkFlagCombinations(flags: ReportFlags): void {
  if (flags.csv && flags.format !== "csv") {
    throw new ConfigError(`--csv ${flags.csv} applies to --format csv only (the format is ${flags.format})`, "--csv", `add --format csv, or drop --csv`);
  }
  if (flags.bucket && flags.format === "csv" && flags.csv && flags.csv !== "summary") {
    throw new ConfigError(`--bucket ${flags.bucket} applies to the summary table; --csv ${flags.csv} lists rows with their own times`, "--bucket", "drop --bucket, or use --csv summary for one row per period");
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function reportCommand(io: CliIo, redactor: Redactor): Command {
  const command = new Command("report").description("compute DORA metrics for a time window and print them");
  addSourceOptions(command)
    .addOption(new Option("--bucket <period>", "also report per period, with a trend table (html: week by default)").choices(BUCKETS))
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .addOption(new Option("--csv <table>", "which table --format csv writes (default: summary; with --bucket, one row per period too)").choices(CSV_TABLES))
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
      checkFlagCombinations(flags);
      // The pipeline, the clients and the renderers load only when a report is made, not for --help.
      const { runReportCommand } = await import("./report-run.js");
      await runReportCommand(flags, io, redactor);
    });
  return command;
}

