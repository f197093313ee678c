/** What the metrics need to know of a configured service. */
export interface ServiceDefinition {
  name: string;
  repo: string;
  /** Incident labels (all must match) marking an incident as this service's. */
  incidentLabels: Record<string, string>;
}
