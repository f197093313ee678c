import type { Incident } from "../model/incident.js";
import type { ServiceDefinition } from "../model/service.js";

/**
 * The service an incident belongs to: the first (in config order) whose incident labels it all
 * carries. A service without incident labels claims nothing.
 */
export function serviceOfIncident(incident: Incident, services: readonly ServiceDefinition[]): string | undefined {
  for (const service of services) {
    const wanted = Object.entries(service.incidentLabels);
    if (wanted.length === 0) continue;
    if (wanted.every(([key, value]) => incident.labels[key] === value)) return service.name;
  }
  return undefined;
}
