import { Command } from "commander";
import type { CliIo } from "./io.js";
import { reportCommand } from "./commands/report.js";
import { recordCommand } from "./commands/record.js";
import { backfillCommand } from "./commands/backfill.js";
import { initCommand } from "./commands/init.js";
import { doctorCommand } from "./commands/doctor.js";
import { completionCommand } from "./commands/completion.js";
import { explainCommand } from "./commands/explain.js";

export const VERSION = "0.1.0";

const OVERVIEW = `
DORA metrics (deployment frequency, lead time for changes, change failure rate,
time to restore, failed deployment recovery time, rework rate) from Argo Workflows
deployment runs, GitHub commits and Grafana Incident records.

Start here:
  $ dora report --demo          see the metrics of the bundled demo dataset
  $ dora report --help          every flag, with examples`;

export function buildProgram(io: CliIo): Command {
  const program = new Command("dora")
    .version(VERSION, "-V, --version")
    .description("Measure software delivery the way the DORA research defines it.")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .exitOverride()
    .addHelpText("after", OVERVIEW);
  for (const command of [reportCommand(io), recordCommand(io), backfillCommand(io), initCommand(io), doctorCommand(io), completionCommand(io), explainCommand(io)]) {
    command.exitOverride().configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
    program.addCommand(command);
  }
  return program;
}
