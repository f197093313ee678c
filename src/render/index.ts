// The format registry: one renderer per output format, checked complete by the compiler.
import type { Report } from "../model/report.js";
import { joinChunks } from "./chunks.js";
import { csvChunks } from "./csv.js";
import { htmlChunks } from "./html.js";
import { jsonChunks } from "./json.js";
import { markdownChunks } from "./markdown.js";
import { tableChunks } from "./table.js";
import type { Format, RenderOptions, Renderer } from "./types.js";

export { CSV_TABLES, FORMATS, type CsvTable, type Format, type PreviousPeriod, type RenderOptions, type Renderer } from "./types.js";

export const renderers = {
  table: tableChunks,
  csv: csvChunks,
  json: jsonChunks,
  markdown: markdownChunks,
  html: htmlChunks,
} satisfies Record<Format, Renderer>;

/**
 * The report in one output format as chunks (each about 64 KiB): write them one at a time to a
 * sink, awaiting its drain, and memory holds a chunk or two whatever the report's size. Pure and
 * lazy: nothing is rendered before the first chunk is read.
 */
export function renderReportChunks(format: Format, report: Report, options: RenderOptions): Iterable<string> {
  return renderers[format](report, options);
}

/** Renders the report in one output format as one string: only for reports well below V8's largest string. */
export function render(format: Format, report: Report, options: RenderOptions): string {
  return joinChunks(renderReportChunks(format, report, options));
}
