/** A non-fatal finding reported in `warnings` (JSON) and on stderr. */
export interface Warning {
  /** Stable machine code, kebab-case, e.g. `first-deployment`, `non-positive-lead-time`. */
  code: string;
  message: string;
  /** What it is about: a deployment name, incident id, commit sha, service... */
  subject?: string;
}
