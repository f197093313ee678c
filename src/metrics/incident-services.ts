import type { Incident } from "../model/incident.js";
import type { ServiceDefinition } from "../model/service.js";
import { hasLabel, labelPairs } from "./incident-labels.js";

/**
 * The service an incident belongs to: the first (in config order) whose incident labels it all
 * carries (each configured key has the configured value among its values). A service without
 * incident labels claims nothing.
 */
export function serviceOfIncident(incident: Incident, services: readonly ServiceDefinition[]): string | undefined {
  return createIncidentServiceMatcher(services)(incident);
}

/**
 * serviceOfIncident for many incidents: each is checked only against the services that want one of
 * the labels it carries, not against every configured service (there may be hundreds).
 */
export function createIncidentServiceMatcher(services: readonly ServiceDefinition[]): (incident: Incident) => string | undefined {
  const wanted = services.map((service) => Object.entries(service.incidentLabels));
  // By the first label each service wants: a service matches only incidents that carry it.
  const candidatesByLabel = new Map<string, number[]>();
  wanted.forEach((labels, index) => {
    if (labels.length === 0) return;
    const [key, value] = labels[0]!;
    const candidates = candidatesByLabel.get(labelKey(key, value));
    if (candidates) candidates.push(index);
    else candidatesByLabel.set(labelKey(key, value), [index]);
  });
  return (incident) => {
    let first = Infinity;
    // A key may carry several values: the service's value must be among them.
    for (const [key, value] of labelPairs(incident.labels)) {
      for (const index of candidatesByLabel.get(labelKey(key, value)) ?? []) {
        if (index < first && wanted[index]!.every(([wantedKey, wantedValue]) => hasLabel(incident.labels, wantedKey, wantedValue))) first = index;
      }
    }
    return services[first]?.name;
  };
}

function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}
