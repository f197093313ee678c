export type IncidentStatus = "active" | "resolved";
export type Attribution = "label" | "inferred" | "none";

/** One Grafana Incident, normalized (docs/metric-definitions.md, "Domain model"). */
export interface Incident {
  id: string;
  title: string;
  severity: string;
  status: IncidentStatus;
  isDrill: boolean;
  /** Label key → value (the label text: `label` or `value` of the API's IncidentLabel). */
  labels: Record<string, string>;
  /** incidentStart if set, else createdTime. */
  startedAt: string;
  /** incidentEnd if set, else closedTime; absent while active. */
  resolvedAt?: string;
  /** The configured service whose incident labels it carries; absent when none matches. */
  service?: string;
  url?: string;
}

/** An incident after attribution to a deployment (metrics output). */
export interface AttributedIncident extends Incident {
  deploymentId?: string;
  attribution: Attribution;
}
