import { CommanderError } from "commander";
import type { CliIo } from "./io.js";
import { buildProgram } from "./program.js";
import { EXIT, exitCodeFor, formatError } from "./exit-codes.js";
import { Redactor } from "../util/redact.js";

/** Runs the CLI and returns the exit code; the only place errors become exit codes. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // This run's secrets: filled where its credentials are read, used by whatever prints or builds a message.
  const redactor = new Redactor();
  try {
    const program = await buildProgram(io, argv, redactor);
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    // Commander already printed its own usage message (and --help/--version exit 0).
    if (error instanceof CommanderError) return exitCodeFor(error);
    io.stderr(formatError(error, { debug: Boolean(io.env.DORA_DEBUG), redactor }));
    return exitCodeFor(error);
  }
}
