import { CommanderError } from "commander";
import { ChecksFailedError, ConfigError, ExportError, IncompleteReportError, OutputError, SourceError, ThresholdError } from "../errors.js";
import { Redactor } from "../util/redact.js";
import { stripControlKeepingLines } from "../util/strip-control.js";

export const EXIT = {
  ok: 0,
  thresholdBreached: 1,
  usage: 2,
  sourceFailed: 3,
  internal: 4,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof ThresholdError) return EXIT.thresholdBreached;
  if (error instanceof ConfigError) return EXIT.usage;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof SourceError || error instanceof ExportError || error instanceof IncompleteReportError || error instanceof ChecksFailedError || error instanceof OutputError) return EXIT.sourceFailed;
  return EXIT.internal;
}

/** The message printed for a failure: what went wrong, the thing it names, and the fix. Never a stack trace; never a secret of the run's redactor. */
export function formatError(error: unknown, options: { debug: boolean; redactor?: Redactor }): string {
  const lines: string[] = [];
  if (error instanceof ThresholdError) {
    lines.push(...error.breaches.map((breach) => `dora: threshold breached: ${breach}`));
  } else if (error instanceof ConfigError) {
    lines.push(`dora: ${error.message}`);
    if (error.hint) lines.push(`  fix: ${error.hint}`);
  } else if (error instanceof ChecksFailedError) {
    lines.push(`dora: doctor: ${error.message}`);
  } else if (error instanceof IncompleteReportError) {
    lines.push(`dora: ${error.message}; the figures above are NOT complete:`);
    lines.push(...error.gaps.map((gap) => `  - ${gap}`));
  } else if (error instanceof SourceError) {
    // Clients often name the source and the URL in the message already: say each thing once.
    const message = error.message.startsWith(`${error.source}:`) ? error.message : `${error.source}: ${error.message}`;
    lines.push(`dora: ${message}`);
    const url = error.details.url;
    const status = error.details.status;
    if (url && !error.message.includes(url)) lines.push(`  request: ${url}${status ? ` → HTTP ${status}` : ""}`);
    // A failure inside a 200 (an `error` field, a list that does not advance) still names its status.
    else if (status && !error.message.includes(`HTTP ${status}`)) lines.push(`  status: HTTP ${status}`);
    if (error.details.hint) lines.push(`  fix: ${error.details.hint}`);
  } else if (error instanceof ExportError) {
    lines.push(`dora: export failed: ${error.message}`);
    if (error.details.endpoint) lines.push(`  endpoint: ${error.details.endpoint}${error.details.status ? ` → HTTP ${error.details.status}` : ""}`);
    if (error.details.hint) lines.push(`  fix: ${error.details.hint}`);
  } else if (error instanceof OutputError) {
    lines.push(`dora: ${error.message}`);
    if (error.details.hint) lines.push(`  fix: ${error.details.hint}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`dora: internal error: ${message}`);
    lines.push("  this is a bug in dora; please report it with the command line and DORA_DEBUG=1 output");
    if (options.debug && error instanceof Error && error.stack) lines.push(error.stack);
  }
  // Messages quote remote text (error bodies, names): no terminal escape of theirs reaches stderr.
  return stripControlKeepingLines((options.redactor ?? new Redactor()).text(lines.join("\n"))) + "\n";
}
