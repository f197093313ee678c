import type { Window } from "../model/window.js";
import type { Warning } from "../model/warning.js";
import type { PreviousPeriod } from "../render/types.js";
import type { Sources } from "./collect-input.js";
import { runReport, type ReportRequest } from "./run-report.js";

/** The window of equal length that ends where this one starts (in instants, so a DST change does not shift it). */
export function previousWindow(window: Window): Window {
  const length = window.to.getTime() - window.from.getTime();
  return { from: new Date(window.from.getTime() - length), to: new Date(window.from), timezone: window.timezone };
}

/**
 * `--compare previous`: the same pipeline over the previous window. The cache answers the
 * compares and archived runs both windows share, so a second pass costs only list pages.
 */
export async function runPreviousPeriod(sources: Sources, request: ReportRequest): Promise<{ previous: PreviousPeriod; warnings: Warning[] }> {
  const report = await runReport(sources, { ...request, window: previousWindow(request.window), bucket: undefined });
  return { previous: { window: report.window, overall: report.overall, services: report.services }, warnings: report.warnings };
}
