import { createHash } from "node:crypto";

// Derived, not random: a re-run of the backfill sends the same ids (idempotent), and the report can
// print the id of a trace before it was ever sent.

/** 32-hex OTLP trace id of a deployment run, derived from the workflow uid. */
export function traceIdFor(workflowUid: string): string {
  return createHash("sha256").update(`dora/trace/${workflowUid}`).digest("hex").slice(0, 32);
}

/** 16-hex OTLP span id of one part (a node id, "root", an incident id...) of a trace. */
export function spanIdFor(workflowUid: string, part: string): string {
  return createHash("sha256").update(`dora/span/${workflowUid}/${part}`).digest("hex").slice(0, 16);
}
