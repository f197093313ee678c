// Which dora service a PagerDuty incident belongs to: the first service (config order) whose
// `incidents.pagerduty` lists the incident's PagerDuty service id, else its name.

import type { ServiceConfig } from "../../config/schema.js";

export interface PagerDutyServiceRef {
  id?: string;
  name?: string;
}

export function createPagerDutyServiceMapper(services: readonly ServiceConfig[]): (ref: PagerDutyServiceRef) => ServiceConfig | undefined {
  const byId = new Map<string, ServiceConfig>();
  const byName = new Map<string, ServiceConfig>();
  for (const service of services) {
    const mapping = service.incidents?.pagerduty;
    for (const id of mapping?.serviceIds ?? []) if (!byId.has(id)) byId.set(id, service);
    for (const name of mapping?.serviceNames ?? []) if (!byName.has(name.trim().toLowerCase())) byName.set(name.trim().toLowerCase(), service);
  }
  return (ref) => (ref.id !== undefined ? byId.get(ref.id) : undefined) ?? (ref.name !== undefined ? byName.get(ref.name.toLowerCase()) : undefined);
}

/**
 * The `service_ids[]` filter: every mapped id when every mapping is by id. A mapping by name (or a
 * service matched by custom-field labels) needs the unfiltered list, so then there is no filter.
 */
export function pagerDutyServiceIdFilter(services: readonly ServiceConfig[]): string[] | undefined {
  const ids: string[] = [];
  for (const service of services) {
    const mapping = service.incidents?.pagerduty;
    if (!mapping) return undefined;
    if (mapping.serviceNames !== undefined || mapping.serviceIds === undefined) return undefined;
    ids.push(...mapping.serviceIds);
  }
  return ids.length > 0 ? [...new Set(ids)].sort() : undefined;
}
