import type { WarningCode } from "./warning-catalog.js";

/** A non-fatal finding reported in `warnings` (JSON) and on stderr. */
export interface Warning {
  /** Stable machine code from the warning catalog, e.g. `first-deployment`, `non-positive-lead-time`. */
  code: WarningCode;
  message: string;
  /** What it is about: a deployment name, incident id, commit sha, service... */
  subject?: string;
}
