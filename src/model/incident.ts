export type IncidentStatus = "active" | "resolved";
export type Attribution = "label" | "inferred" | "none";

/**
 * Incident labels: key → value. A key may appear several times on one incident (Grafana IRM), so a
 * value may be a list; read them with labelValues (src/metrics/incident-labels.ts).
 */
export type IncidentLabels = Readonly<Record<string, string | readonly string[]>>;

/** One Grafana Incident, normalized (docs/metric-definitions.md, "Domain model"). */
export interface Incident {
  id: string;
  title: string;
  severity: string;
  status: IncidentStatus;
  isDrill: boolean;
  /** Label key → its value, or its values when the key appears several times (docs/incident-labels.md). */
  labels: IncidentLabels;
  /** Epoch ms: incidentStart if set, else createdTime (the report shows it as ISO 8601). */
  startedMs: number;
  /** Epoch ms: incidentEnd if set, else closedTime; absent while active. */
  resolvedMs?: number;
  /** The configured service whose incident labels it carries; absent when none matches. */
  service?: string;
  url?: string;
}

/** An incident after attribution to a deployment (metrics output). */
export interface AttributedIncident extends Incident {
  deploymentId?: string;
  attribution: Attribution;
}
