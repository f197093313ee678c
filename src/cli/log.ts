import type { Redactor } from "../util/redact.js";
import { stripControlKeepingLines } from "../util/strip-control.js";
import type { CliIo } from "./io.js";

// Logs for people (`dora: …` lines) or for machines (`--log-format json`: one JSON object per
// line on stderr, so a CI log collector can filter by level and warning code).

export const LOG_FORMATS = ["text", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogLevel = "debug" | "info" | "warning" | "error";

export interface LogRecord {
  level: LogLevel;
  message: string;
  /** A warning's machine code, e.g. "first-deployment". */
  code?: string;
  /** What it is about: a deployment, an incident, a commit... */
  subject?: string;
  /** Continuation lines of a multi-line message ("fix: …", "request: …"). */
  details?: string[];
}

export interface Log {
  write(record: LogRecord): void;
  /** Level given to text that reaches stderr without going through `write` (notes, main's error lines). */
  setPlainLevel(level: LogLevel): void;
}

function textLine(record: LogRecord): string {
  const prefix = record.level === "warning" ? `warning [${record.code ?? "warning"}] ` : "";
  const subject = record.subject === undefined ? "" : `${record.subject}: `;
  return [`dora: ${prefix}${subject}${record.message}`, ...(record.details ?? []).map((line) => `  ${line}`)].join("\n") + "\n";
}

function jsonLine(record: LogRecord): string {
  return JSON.stringify(record) + "\n";
}

/** Parses text written as "dora: message\n  detail\n" into records; a progress redraw ("\r\x1b[2K") is dropped. */
function recordsOf(text: string, level: LogLevel): LogRecord[] {
  const records: LogRecord[] = [];
  for (const raw of text.replace(/\r\x1b\[2K/g, "\n").split("\n")) {
    if (raw.trim() === "") continue;
    const previous = records.at(-1);
    if (/^\s/.test(raw) && previous) {
      (previous.details ??= []).push(raw.trim());
      continue;
    }
    records.push({ level, message: raw.replace(/^dora: /, "") });
  }
  return records;
}

/**
 * A log on the run's stderr. In JSON mode the shared `io.stderr` itself is replaced for the rest
 * of the run, so lines printed by other code — the progress of `--progress`, `--verbose` request
 * lines, and the final error main prints from the same io — are JSON lines too.
 */
export function createLog(io: CliIo, format: LogFormat, redactor: Redactor): Log {
  const write = io.stderr;
  if (format === "text") {
    // Warnings quote remote text (titles, names, values): stripped of terminal escapes. JSON escapes them itself.
    return { write: (record) => write(stripControlKeepingLines(redactor.text(textLine(record)))), setPlainLevel: () => {} };
  }
  let plainLevel: LogLevel = "info";
  io.stderr = (text) => {
    for (const record of recordsOf(text, plainLevel)) write(redactor.text(jsonLine(record)));
  };
  return {
    write: (record) => write(redactor.text(jsonLine(record))),
    setPlainLevel: (level) => {
      plainLevel = level;
    },
  };
}
