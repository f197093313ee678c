// The fields of a MetricSet, listed once for every format: the JSON writes them in this order,
// the CSV summary has one column per field in the same order, and the headline list says which
// figure each summary row and per-service column shows (the HTML's data-field, the comparison).
import type { MetricSet } from "../model/report.js";
import { durationChange, numberChange, rateChange } from "./previous.js";

/** Every field of a MetricSet, per part, in the JSON contract's order. Add a field here and both JSON and CSV carry it. */
export const METRIC_SET_FIELDS = {
  deploymentFrequency: ["deployments", "perDay", "perWeek", "deployDays", "medianDeployDaysPerWeek", "tier"],
  leadTime: ["changes", "meanSeconds", "medianSeconds", "p90Seconds", "tier"],
  changeFailureRate: ["deployments", "failedDeployments", "rate", "tier"],
  timeToRestore: ["incidents", "resolved", "active", "meanSeconds", "medianSeconds", "p90Seconds", "tier"],
  failedDeploymentRecoveryTime: ["count", "meanSeconds", "medianSeconds", "p90Seconds"],
  reworkRate: ["deployments", "reworkDeployments", "rate"],
} as const satisfies { [Part in keyof MetricSet]: readonly (keyof MetricSet[Part])[] };

export type MetricPart = keyof typeof METRIC_SET_FIELDS;

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The CSV summary's columns: `<part>_<field>` in snake_case, a part's `rate` being the part's own name ("change_failure_rate"). */
export const METRIC_SET_COLUMNS: readonly { name: string; value: (metrics: MetricSet) => string | number | null }[] = (
  Object.entries(METRIC_SET_FIELDS) as [MetricPart, readonly string[]][]
).flatMap(([part, keys]) =>
  keys.map((key) => ({
    name: key === "rate" ? snakeCase(part) : `${snakeCase(part)}_${snakeCase(key)}`,
    value: (metrics: MetricSet) => (metrics[part] as unknown as Record<string, string | number | null>)[key]!,
  })),
);

/** The figure a summary row leads with, and what the per-service table and the comparison show of it. */
export interface HeadlineField {
  /** The summary row's name. */
  metric: string;
  /** Its path in the JSON ("leadTime.medianSeconds"): the HTML's data-field. */
  field: string;
  value: (metrics: MetricSet) => number | null;
  /** The change against the previous window, in the figure's own unit. */
  change: (current: number | null, previous: number | null) => string | null;
  /** Its column in the per-service tables, when it has one. */
  serviceColumn?: string;
}

/** The six summary rows, in display order. */
export const HEADLINE_FIELDS: readonly HeadlineField[] = [
  { metric: "Deployment frequency", field: "deploymentFrequency.perWeek", value: (m) => m.deploymentFrequency.perWeek, change: numberChange, serviceColumn: "Deploys/week" },
  { metric: "Lead time for changes", field: "leadTime.medianSeconds", value: (m) => m.leadTime.medianSeconds, change: durationChange, serviceColumn: "Lead time (median)" },
  { metric: "Change failure rate", field: "changeFailureRate.rate", value: (m) => m.changeFailureRate.rate, change: rateChange, serviceColumn: "CFR" },
  { metric: "Time to restore service", field: "timeToRestore.medianSeconds", value: (m) => m.timeToRestore.medianSeconds, change: durationChange, serviceColumn: "Time to restore (median)" },
  { metric: "Failed deployment recovery time", field: "failedDeploymentRecoveryTime.medianSeconds", value: (m) => m.failedDeploymentRecoveryTime.medianSeconds, change: durationChange },
  { metric: "Deployment rework rate", field: "reworkRate.rate", value: (m) => m.reworkRate.rate, change: rateChange, serviceColumn: "Rework" },
];

/** The per-service tables' figures, in column order. */
export const SERVICE_HEADLINES = HEADLINE_FIELDS.filter((headline) => headline.serviceColumn !== undefined);
