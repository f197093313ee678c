// incidents.source as a list: every source is read and their incidents merged (start order). Ids
// do not collide: Grafana's are numbers, PagerDuty's letters, GitHub issues' `owner/repo#N`.

import type { Incident } from "../../model/incident.js";
import type { FetchWindow, IncidentSource, SourceResult } from "../types.js";

export function mergeIncidentSources(sources: readonly IncidentSource[]): IncidentSource {
  if (sources.length === 1) return sources[0]!;
  return {
    async fetchIncidents(window: FetchWindow): Promise<SourceResult<Incident>> {
      const results = await Promise.all(sources.map((source) => source.fetchIncidents(window)));
      const records = results.flatMap((result) => result.records);
      records.sort((a, b) => a.startedMs - b.startedMs || a.id.localeCompare(b.id));
      return { records, warnings: results.flatMap((result) => result.warnings) };
    },
  };
}
