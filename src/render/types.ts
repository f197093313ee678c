// The renderers' shared vocabulary: format names, options and the renderer's signature. It imports
// no renderer (the registry in index.ts does), so a renderer can import it without a circle, and
// the flag definitions can name the formats without loading any renderer.
import type { Bucket } from "../model/window.js";
import type { MetricSet, Report } from "../model/report.js";

export const FORMATS = ["table", "csv", "json", "markdown", "html"] as const;
export type Format = (typeof FORMATS)[number];

export const CSV_TABLES = ["summary", "deployments", "changes", "incidents"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** `--compare previous`: the previous window's figures (the JSON's optional top-level `previous`). */
export interface PreviousPeriod {
  window: Report["window"];
  overall: MetricSet;
  services: Record<string, MetricSet>;
}

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

/** A renderer writes the report in pieces of bounded size, so a report larger than any string can be written; pure. */
export type Renderer = (report: Report, options: RenderOptions) => Iterable<string>;
