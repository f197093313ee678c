import type { IncidentLabels } from "../model/incident.js";

// Reading an incident's labels (docs/incident-labels.md): a key may carry several values.

/** Every value of `key` (none, one or several), in the order the source gave them. */
export function labelValues(labels: IncidentLabels, key: string): readonly string[] {
  const value = labels[key];
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}

/** Whether `key` has `value` among its values. */
export function hasLabel(labels: IncidentLabels, key: string, value: string): boolean {
  return labelValues(labels, key).includes(value);
}

/** Every (key, value) pair. */
export function labelPairs(labels: IncidentLabels): Array<[string, string]> {
  return Object.keys(labels).flatMap((key) => labelValues(labels, key).map((value): [string, string] => [key, value]));
}
