import type { Incident } from "../../../model/incident.js";
import { createIncidentSource, type IncidentPlugin } from "../../../sources/incident/incident-client.js";
import { SourceError } from "../../../errors.js";
import type { SourceLogger } from "../../../sources/types.js";

export interface RecentIncidentsOptions {
  grafanaUrl: string;
  token?: string;
  fetch?: typeof fetch;
  since: Date;
  now: Date;
  retryBaseMs?: number;
  logger?: SourceLogger;
}

/**
 * Incidents started since `since`, through the report's own client. The IRM plugin is tried
 * first; a 404 means an older stack, which serves the same API under grafana-incident-app.
 */
export async function readRecentIncidents(options: RecentIncidentsOptions): Promise<{ plugin: IncidentPlugin; incidents: Incident[] }> {
  const window = { from: options.since, to: options.now, lookbackFrom: options.since, now: options.now };
  const read = (plugin: IncidentPlugin) =>
    createIncidentSource({ grafanaUrl: options.grafanaUrl, plugin, token: options.token, includeDrills: false, fetch: options.fetch, retryBaseMs: options.retryBaseMs, logger: options.logger }).fetchIncidents(window);
  try {
    return { plugin: "grafana-irm-app", incidents: (await read("grafana-irm-app")).records };
  } catch (error) {
    if (!(error instanceof SourceError) || error.details.status !== 404) throw error;
    return { plugin: "grafana-incident-app", incidents: (await read("grafana-incident-app")).records };
  }
}
