import type { Attribution, Incident } from "../model/incident.js";
import type { AttributionLabel, AttributionRule } from "../model/report.js";
import type { TimedDeployment } from "./deployment-history.js";
import { latestAtOrBefore } from "./deployment-history.js";
import { MultiMap } from "./multi-map.js";

/** The rules of attribution itself (drills and incidents of no service are not attributed at all). */
export type AttributorRule = Exclude<AttributionRule, "drill" | "no-service">;

export interface IncidentAttribution {
  attribution: Attribution;
  deployment?: TimedDeployment;
  /** Absent for incidents that are not attributed at all (drills, no service). */
  rule?: AttributorRule;
  /** The label that named the deployment (label rules). */
  label?: AttributionLabel;
  /** Deployment or commit labels it carries that named no deployment of its service (ignored). */
  ignoredLabels?: AttributionLabel[];
  /** The latest deployment of its service finished at or before its start: the inferred candidate. */
  latest?: TimedDeployment;
}

const MIN_COMMIT_PREFIX = 7;

/**
 * Attributes incidents of one service to its successful deployments (finishedAt order, lookback
 * included): explicitly by a `deployment` label (name or uid) or a `commit` label (SHA prefix of at
 * least 7 characters), else to the latest deployment that finished at most `windowSeconds` before
 * the incident started.
 */
export function createAttributor(history: readonly TimedDeployment[], windowSeconds: number) {
  // Each index is built on the first incident that needs it: most incidents carry no deployment or commit label.
  let byNameOrId: MultiMap<string, TimedDeployment> | undefined;
  let byShaPrefix: MultiMap<string, TimedDeployment> | undefined;
  const byNameOrIdIndex = () => {
    if (byNameOrId) return byNameOrId;
    byNameOrId = new MultiMap();
    for (const timed of history) {
      byNameOrId.add(timed.deployment.name, timed);
      if (timed.deployment.id !== timed.deployment.name) byNameOrId.add(timed.deployment.id, timed);
    }
    return byNameOrId;
  };
  const byShaPrefixIndex = () => {
    if (byShaPrefix) return byShaPrefix;
    byShaPrefix = new MultiMap();
    for (const timed of history) byShaPrefix.add(timed.deployment.sha.slice(0, MIN_COMMIT_PREFIX).toLowerCase(), timed);
    return byShaPrefix;
  };

  interface ExplicitMatch {
    matches: TimedDeployment[];
    label?: AttributionLabel;
    ignored?: AttributionLabel[];
  }
  const explicitMatches = (incident: Incident): ExplicitMatch => {
    const ignored: AttributionLabel[] = [];
    const named = incident.labels["deployment"];
    const byName = named === undefined ? [] : byNameOrIdIndex().get(named);
    if (byName.length > 0) return { matches: byName, label: { key: "deployment", value: named! } };
    if (named !== undefined) ignored.push({ key: "deployment", value: named });
    const label = incident.labels["commit"];
    const commit = label?.trim().toLowerCase();
    if (commit === undefined) return { matches: [], ignored };
    const candidates = commit.length < MIN_COMMIT_PREFIX ? [] : byShaPrefixIndex().get(commit.slice(0, MIN_COMMIT_PREFIX));
    const matches = candidates.filter((timed) => timed.deployment.sha.toLowerCase().startsWith(commit));
    if (matches.length > 0) return { matches, label: { key: "commit", value: label! }, ignored };
    ignored.push({ key: "commit", value: label! });
    return { matches: [], ignored };
  };

  return (incident: Incident, startedMs: number): IncidentAttribution => {
    const explicit = explicitMatches(incident);
    const latest = history[latestAtOrBefore(history, startedMs)];
    const evidence = {
      ...(explicit.ignored && explicit.ignored.length > 0 ? { ignoredLabels: explicit.ignored } : {}),
      ...(latest ? { latest } : {}),
    };
    if (explicit.label) {
      const rule = explicit.label.key === "deployment" ? "deployment-label" : "commit-label";
      return { attribution: "label", deployment: pickExplicit(explicit.matches, startedMs), rule, label: explicit.label, ...evidence };
    }
    if (latest && startedMs - latest.finishedMs <= windowSeconds * 1000) {
      return { attribution: "inferred", deployment: latest, rule: "inferred", ...evidence };
    }
    return { attribution: "none", rule: latest ? "outside-window" : "no-earlier-deployment", ...evidence };
  };
}

/** Of several labelled matches (in finishedAt order): the latest finished by the incident's start, else the earliest. */
function pickExplicit(matches: readonly TimedDeployment[], startedMs: number): TimedDeployment {
  let picked: TimedDeployment | undefined;
  for (const timed of matches) if (timed.finishedMs <= startedMs) picked = timed;
  return picked ?? matches[0]!;
}
