/** Known failures, each mapped to an exit code in one place (src/cli/exit-codes.ts). */

/** Bad configuration or usage: exit 2. `path` names the config key or flag. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    message: string,
    readonly path?: string,
    /** What to do about it. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export type SourceName = "argo" | "kubernetes" | "github" | "incident" | "pagerduty" | "github-issues" | "replay";

/** A source could not be read (unreachable, auth refused, bad payload, incomplete data): exit 3. */
export class SourceError extends Error {
  override readonly name = "SourceError";
  constructor(
    readonly source: SourceName,
    message: string,
    readonly details: {
      /** URL with secrets removed (see redactUrl). */
      url?: string;
      status?: number;
      /** What to check or change. */
      hint?: string;
    } = {},
  ) {
    super(message);
  }
}

/** The OTLP/OpenMetrics export failed or was partially rejected: exit 3. */
export class ExportError extends Error {
  override readonly name = "ExportError";
  constructor(
    message: string,
    readonly details: { endpoint?: string; status?: number; rejected?: number; hint?: string } = {},
  ) {
    super(message);
  }
}

/** One or more --fail-* thresholds were breached: exit 1. */
export class ThresholdError extends Error {
  override readonly name = "ThresholdError";
  constructor(readonly breaches: string[]) {
    super(breaches.join("\n"));
  }
}

/**
 * The report was printed with --allow-partial although some data could not be read: every gap is
 * a warning whose code starts with `incomplete-`; the run still exits 3 so no one mistakes it for complete.
 */
export class IncompleteReportError extends Error {
  override readonly name = "IncompleteReportError";
  constructor(readonly gaps: string[]) {
    super(`the report is incomplete: ${gaps.length} gap(s) in the data`);
  }
}

/** Warnings with this code prefix mark gaps in the data (see IncompleteReportError). */
export const INCOMPLETE_WARNING_PREFIX = "incomplete-";

/** `dora doctor` found failing checks; the checklist on stdout already says what to fix: exit 3. */
export class ChecksFailedError extends Error {
  override readonly name = "ChecksFailedError";
  constructor(
    readonly failed: number,
    readonly checked: number,
  ) {
    super(`${failed} of ${checked} checks failed: fix them as shown above, then run dora doctor again`);
  }
}
