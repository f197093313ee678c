// Which incident sources a config reads, and the labels that mark a service's incidents whatever
// the source. Grafana incidents carry labels of their own; PagerDuty and GitHub issues adapters map
// an incident to a dora service themselves and stamp it with these labels, so the metrics keep one
// rule (an incident belongs to S when it carries all of S's labels) for every source.

import type { DoraConfig, IncidentSourceKind, ServiceConfig } from "./schema.js";

/** The label a service without `incidents.labels` is matched by when a non-Grafana source maps incidents to it. */
export const DORA_SERVICE_LABEL = "dora.service";

/** incidents.source as a list without repeats, in the order written. */
export function incidentSourceKinds(config: Pick<DoraConfig, "incidents">): IncidentSourceKind[] {
  const source = config.incidents.source;
  return [...new Set(Array.isArray(source) ? source : [source])];
}

/**
 * The labels that mark an incident as this service's: its `incidents.labels`, else (when a source
 * other than Grafana is read) `dora.service: NAME`, else none (the service claims no incident).
 */
export function serviceIncidentLabels(service: ServiceConfig, kinds: readonly IncidentSourceKind[]): Record<string, string> {
  const labels = service.incidents?.labels;
  if (labels && Object.keys(labels).length > 0) return labels;
  return kinds.some((kind) => kind !== "grafana") ? { [DORA_SERVICE_LABEL]: service.name } : {};
}
