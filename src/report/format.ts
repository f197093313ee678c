import type { Bucket } from "../model/window.js";
import type { Report } from "../model/report.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import type { PreviousPeriod } from "./previous.js";
import { renderTable } from "./table.js";

import type { CsvTable, Format } from "./format-names.js";

export { CSV_TABLES, FORMATS, type CsvTable, type Format } from "./format-names.js";

export interface RenderOptions {
  /** Which table `csv` writes. */
  csvTable: CsvTable;
  /** ANSI colours for tiers (table only). */
  color: boolean;
  /** IANA zone for the window and the bucket labels. */
  timezone: string;
  /** How the buckets were cut, when known; otherwise read off the buckets themselves. */
  bucket?: Bucket;
  /** `--compare previous`: the previous window's figures; every format shows the change against them. */
  previous?: PreviousPeriod;
}

export type Renderer = (report: Report, options: RenderOptions) => string;

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
