// The flags of `dora report`, apart from the command that declares them: report-run.ts reads them
// without importing the command that loads it.

import type { Bucket } from "../../../model/window.js";
import type { CsvTable, Format } from "../../../render/types.js";
import type { LogFormat } from "../../log.js";
import type { SourceFlags } from "../../source-flags.js";
import type { ThresholdFlags } from "../../thresholds.js";

export const BUCKETS = ["day", "week", "month"] as const satisfies readonly Bucket[];
export const COMPARISONS = ["previous"] as const;

export interface ReportFlags extends SourceFlags, ThresholdFlags {
  bucket?: Bucket;
  format: Format;
  /** Undefined when not given: summary for --format csv, an error with any other format. */
  csv?: CsvTable;
  output?: string;
  summary?: boolean;
  compare?: (typeof COMPARISONS)[number];
  logFormat: LogFormat;
}
