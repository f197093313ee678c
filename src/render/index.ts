// The format registry: one renderer per output format, checked complete by the compiler.
import type { Report } from "../model/report.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderTable } from "./table.js";
import type { Format, RenderOptions, Renderer } from "./types.js";

export { CSV_TABLES, FORMATS, type CsvTable, type Format, type PreviousPeriod, type RenderOptions, type Renderer } from "./types.js";

export const renderers = {
  table: renderTable,
  csv: renderCsv,
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
} satisfies Record<Format, Renderer>;

/** Renders the report in one output format; pure, returns the whole text. */
export function render(format: Format, report: Report, options: RenderOptions): string {
  return renderers[format](report, options);
}
