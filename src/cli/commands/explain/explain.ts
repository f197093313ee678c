import { Command, Option } from "commander";
import { ConfigError, IncompleteReportError } from "../../../errors.js";
import type { Report } from "../../../model/report.js";
import {
  EXPLAIN_METRICS, explainDeployment, explainIncident, explainService, findDeployment, findIncident,
  type ExplainMetric, type Explanation,
} from "../../../metrics/explain/explanation.js";
import { runReport } from "../../../pipeline/run-report.js";
import { EXPLAIN_FORMATS, renderExplanation, type ExplainFormat } from "../../../render/explain/render-explain.js";
import { incompleteGaps } from "../../../render/incomplete.js";
import { formatWindow } from "../../../render/period.js";
import type { CliIo } from "../../io.js";
import type { Redactor } from "../../../util/redact.js";
import { addSourceOptions, prepareRun, type SourceFlags } from "../../source-options.js";

interface ExplainFlags extends SourceFlags {
  format: ExplainFormat;
  metric?: ExplainMetric;
}

const EXAMPLES = `
Examples:
  $ dora explain deployment deploy-backstage-hxzch --demo    why it has no changes and is rework
  $ dora explain deployment 95f17d6e --demo                   by SHA prefix (or uid)
  $ dora explain incident 1046 --demo                         why it is attributed to no deployment
  $ dora explain service checkout --metric lead-time --demo   the changes behind the median, largest first
  $ dora explain service search --format json                 every row with its reasons

Same window, config, sources and flags as dora report. See docs/explain.md.`;

/** `dora explain deployment|incident|service`: the rows and reasons behind a figure. */
export function explainCommand(io: CliIo, redactor: Redactor): Command {
  const command = new Command("explain")
    .description("show why: a deployment's changes, failure and rework, an incident's attribution, a service's figures")
    .addHelpText("after", EXAMPLES);
  const subcommand = (name: string, description: string) => {
    const sub = new Command(name).description(description);
    addSourceOptions(sub).addOption(new Option("-f, --format <format>", "output format").choices(EXPLAIN_FORMATS).default("table"));
    sub.exitOverride().configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
    command.addCommand(sub);
    return sub;
  };
  subcommand("deployment", "a deployment (name, uid or SHA prefix): its changes and why, its incidents, rework")
    .argument("<deployment>", "workflow name, uid, or a SHA prefix of at least 4 characters")
    .action((query: string, flags: ExplainFlags) => runExplain(flags, io, redactor, (report) => deploymentOf(report, query)));
  subcommand("incident", "an incident: the service its labels match, how it was attributed and what was rejected")
    .argument("<id>", "the incident id")
    .action((id: string, flags: ExplainFlags) => runExplain(flags, io, redactor, (report) => incidentOf(report, id)));
  subcommand("service", "a service's figures and the rows behind them, largest contribution first")
    .argument("<name>", "a configured service")
    .addOption(new Option("--metric <metric>", "only this metric (default: all)").choices(EXPLAIN_METRICS))
    .action((name: string, flags: ExplainFlags) =>
      runExplain(flags, io, redactor, (report) => serviceOf(report, name, flags.metric ? [flags.metric] : undefined)),
    );
  return command;
}

async function runExplain(flags: ExplainFlags, io: CliIo, redactor: Redactor, explain: (report: Report) => Explanation): Promise<void> {
  const run = await prepareRun(flags, io, redactor);
  let report: Report;
  try {
    report = await runReport(run.sources, {
      config: run.config, window: run.window, now: run.now, generatedAt: run.generatedAt, reportServices: run.reportServices,
    });
  } finally {
    run.finishProgress();
  }
  const text = renderExplanation(flags.format, explain(report));
  // A terminal prompt must start on its own line, whatever the format ends with.
  await io.stdout(text.endsWith("\n") ? text : `${text}\n`);
  if (flags.verbose) {
    for (const warning of report.warnings) run.note(`dora: warning: ${warning.subject ? `${warning.subject}: ` : ""}${warning.message} [${warning.code}]`);
  } else if (report.warnings.length > 0) {
    run.note(`dora: ${report.warnings.length} warning(s) in the report; --verbose prints them here`);
  }
  const gaps = incompleteGaps(report.warnings);
  if (gaps.length > 0) throw new IncompleteReportError(gaps);
}

function windowText(report: Report): string {
  return formatWindow(report.window, report.window.timezone);
}

function deploymentOf(report: Report, query: string): Explanation {
  const found = findDeployment(report, query);
  if (found.kind === "found") return explainDeployment(report, found.value);
  if (found.kind === "ambiguous") {
    const names = found.matches.map((row) => `${row.name} (${row.id})`).join(", ");
    throw new ConfigError(`"${query}" matches ${found.matches.length} deployments: ${names}`, "deployment", "give the name or uid of one of them");
  }
  throw new ConfigError(
    `no deployment "${query}" in the window ${windowText(report)}`,
    "deployment",
    "give a workflow name, uid or SHA prefix (≥ 4 characters) of a deployment that finished in the window (dora report --format csv --csv deployments lists them), or widen it with --since/--from",
  );
}

function incidentOf(report: Report, id: string): Explanation {
  const found = findIncident(report, id);
  if (found.kind === "found") return explainIncident(report, found.value);
  throw new ConfigError(
    `no incident "${id}" started in the window ${windowText(report)}`,
    "incident",
    "give the id of an incident that started in the window (dora report --format csv --csv incidents lists them), or widen it with --since/--from; drills are only read with incidents.includeDrills",
  );
}

function serviceOf(report: Report, name: string, metrics: ExplainMetric[] | undefined): Explanation {
  if (!Object.hasOwn(report.services, name)) {
    throw new ConfigError(`"${name}" is not a reported service`, "service", `use one of: ${Object.keys(report.services).join(", ")}`);
  }
  return explainService(report, name, metrics);
}
