import type { Analysis } from "../metrics/analysis.js";

/**
 * What the backfill turns into traces and metrics: the parts of the analysis it reads. Window events
 * are its facts (deployments with their workflow steps and changes, incidents with their
 * attribution); the lookback's counted deployments and incidents start the counters at their
 * cumulative totals. The backfill applies no metric rule of its own.
 */
export type BackfillData = Pick<Analysis, "window" | "nowMs" | "services" | "deployments" | "incidents" | "lookback">;
