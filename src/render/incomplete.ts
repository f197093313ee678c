import { INCOMPLETE_WARNING_PREFIX } from "../errors.js";
import type { Warning } from "../model/warning.js";

/**
 * The gaps in the data (warnings coded `incomplete-…`, recorded with --allow-partial), one line
 * each, "subject: message". Renderers show them in a banner; the CLI exits 3 when there are any.
 */
export function incompleteGaps(warnings: readonly Warning[]): string[] {
  return warnings
    .filter((warning) => warning.code.startsWith(INCOMPLETE_WARNING_PREFIX))
    .map((warning) => (warning.subject === undefined ? warning.message : `${warning.subject}: ${warning.message}`));
}
