import type { Deployment } from "../model/deployment.js";
import type { Incident } from "../model/incident.js";
import type { Report } from "../model/report.js";
import type { ServiceDefinition } from "../model/service.js";

/**
 * What the backfill turns into traces and metrics: the report (the window's figures and rows) plus
 * what the sources fetched, which the report does not carry — workflow steps for the spans, and the
 * lookback's deployments and incidents so counters start the window at their cumulative totals.
 */
export interface BackfillData {
  report: Report;
  /** MetricsInput.deployments: all fetched production runs (window and lookback, succeeded and failed). */
  deployments: readonly Deployment[];
  /** MetricsInput.incidents: all fetched incidents (lookback included), service not yet assigned. */
  incidents: readonly Incident[];
  /** Every configured service (incidents are mapped against all of them, like the report does). */
  services: readonly ServiceDefinition[];
  /** changeFailure.countFailedRollouts: failed production rollouts are deployments of the CFR denominator. */
  countFailedRollouts: boolean;
  /** The run's "now": active incidents' spans end here. */
  now: Date;
}
