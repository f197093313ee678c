// Two services whose label selectors select the same workflow would count it for both, and twice in
// the overall figures. The workflow is kept for the first of them in the config (so the overall
// figures count each deployment once), and a warning names the workflows and the services.

import type { ServiceConfig } from "../config/schema.js";
import type { Deployment } from "../model/deployment.js";
import type { Warning } from "../model/warning.js";

const SHOWN = 5;

export function dropOverlappingServices(records: Deployment[], services: ServiceConfig[]): { records: Deployment[]; warnings: Warning[] } {
  const rank = new Map(services.map((service, index) => [service.name, index]));
  const byId = new Map<string, Deployment[]>();
  for (const record of records) byId.set(record.id, [...(byId.get(record.id) ?? []), record]);
  const kept = new Set<Deployment>();
  /** "a+b" → the workflows both selected. */
  const overlaps = new Map<string, { kept: string; dropped: string[]; workflows: string[] }>();
  for (const group of byId.values()) {
    const ordered = [...group].sort((a, b) => (rank.get(a.service) ?? Infinity) - (rank.get(b.service) ?? Infinity));
    kept.add(ordered[0]!);
    const others = [...new Set(ordered.slice(1).map((record) => record.service))].filter((service) => service !== ordered[0]!.service);
    if (others.length === 0) continue;
    const key = [ordered[0]!.service, ...others].join("+");
    const entry = overlaps.get(key) ?? { kept: ordered[0]!.service, dropped: others, workflows: [] };
    entry.workflows.push(ordered[0]!.name);
    overlaps.set(key, entry);
  }
  const warnings: Warning[] = [...overlaps.values()].map((overlap) => {
    const shown = overlap.workflows.slice(0, SHOWN).join(", ") + (overlap.workflows.length > SHOWN ? ` and ${overlap.workflows.length - SHOWN} more` : "");
    return {
      code: "overlapping-services",
      subject: [overlap.kept, ...overlap.dropped].join(", "),
      message:
        `the label selectors of services ${[overlap.kept, ...overlap.dropped].join(" and ")} select the same ${overlap.workflows.length} workflow(s) (${shown}); ` +
        `each counts once, for ${overlap.kept} (the first in the config). Make the selectors disjoint`,
    };
  });
  return { records: records.filter((record) => kept.has(record)), warnings };
}
