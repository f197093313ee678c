import { Command } from "commander";
import type { CliIo } from "./io.js";
import { Redactor } from "../util/redact.js";

export const VERSION = "0.1.0";

const OVERVIEW = `
DORA metrics (deployment frequency, lead time for changes, change failure rate,
time to restore, failed deployment recovery time, rework rate) from Argo Workflows
deployment runs, GitHub commits and Grafana Incident records.

Start here:
  $ dora report --demo          see the metrics of the bundled demo dataset
  $ dora report --help          every flag, with examples`;

/** A command, given the run's io and the run's redactor (which its credentials fill). */
type CommandFactory = (io: CliIo, redactor: Redactor) => Command;

/**
 * The commands, each loaded only when it runs (or its help is asked for): start-up then costs
 * what that command needs, not the Kubernetes client, OpenTelemetry and Octokit of all of them.
 * A new command is one line here, with the description its own file gives it (a test compares them).
 */
export const COMMANDS: { name: string; description: string; arguments?: string; load: () => Promise<CommandFactory> }[] = [
  { name: "report", description: "compute DORA metrics for a time window and print them", load: async () => (await import("./commands/report/report.js")).reportCommand },
  { name: "record", description: "save the API responses of a run as a replayable fixture directory", load: async () => (await import("./commands/record/record.js")).recordCommand },
  { name: "backfill", description: "send the window's deployments, changes and incidents as OTLP traces and metrics with their historical times", load: async () => (await import("./commands/backfill/backfill.js")).backfillCommand },
  { name: "init", description: "discover your workflows, repositories and incident labels and write dora.config.yaml", load: async () => {
    const { initCommand } = await import("./commands/init/init.js");
    return (io, redactor) => initCommand(io, { redactor });
  } },
  { name: "doctor", description: "check that every configured source is reachable, the tokens suffice and each service's runs are found", load: async () => (await import("./commands/doctor/doctor.js")).doctorCommand },
  { name: "completion", arguments: "<shell>", description: "print a shell completion script for bash, zsh or fish", load: async () => (await import("./commands/completion/completion.js")).completionCommand },
  { name: "explain", arguments: "<deployment|incident|service> <id>", description: "show why: a deployment's changes, failure and rework, an incident's attribution, a service's figures", load: async () => (await import("./commands/explain/explain.js")).explainCommand },
];

/** A command's name, description and usage, as `dora --help` lists them (the flags load with the command). */
function stubCommand(entry: (typeof COMMANDS)[number]): Command {
  const stub = new Command(entry.name).description(entry.description);
  if (entry.arguments) stub.arguments(entry.arguments);
  // The list shows "report [options]" when a command has options: the stub stands for those it has.
  else stub.option("--options", "", false);
  return stub;
}

/** The command a command line runs (`dora help report` asks for report's help); undefined for the program's own help. */
function requestedCommand(argv: string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * The program for this command line: the requested command in full, the others as name and
 * description (enough for `dora --help` and for commander to reject a typo). `completion` needs
 * every command's flags, as does a caller that passes no argv.
 */
export async function buildProgram(io: CliIo, argv?: string[], redactor: Redactor = new Redactor()): Promise<Command> {
  const requested = argv === undefined ? undefined : requestedCommand(argv);
  const loadAll = argv === undefined || requested === "completion";
  const program = new Command("dora")
    .version(VERSION, "-V, --version")
    .description("Measure software delivery the way the DORA research defines it.")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => void io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .exitOverride()
    .addHelpText("after", OVERVIEW);
  for (const entry of COMMANDS) {
    const command = loadAll || entry.name === requested ? (await entry.load())(io, redactor) : stubCommand(entry);
    command.exitOverride().configureOutput({ writeOut: (text) => void io.stdout(text), writeErr: (text) => io.stderr(text) });
    program.addCommand(command);
  }
  return program;
}
