import type { Attribution, Incident } from "../model/incident.js";
import type { TimedDeployment } from "./deployment-history.js";
import { latestAtOrBefore } from "./deployment-history.js";

export interface IncidentAttribution {
  attribution: Attribution;
  deployment?: TimedDeployment;
}

const MIN_COMMIT_PREFIX = 7;

/**
 * Attributes incidents of one service to its successful deployments (finishedAt order, lookback
 * included): explicitly by a `deployment` label (name or uid) or a `commit` label (SHA prefix of at
 * least 7 characters), else to the latest deployment that finished at most `windowSeconds` before
 * the incident started.
 */
export function createAttributor(history: readonly TimedDeployment[], windowSeconds: number) {
  // Built on the first labelled incident only: most incidents carry no deployment or commit label.
  let labelIndex: { byNameOrId: Map<string, TimedDeployment[]>; byShaPrefix: Map<string, TimedDeployment[]> } | undefined;
  const labelIndexOf = () => {
    if (labelIndex) return labelIndex;
    labelIndex = { byNameOrId: new Map(), byShaPrefix: new Map() };
    for (const timed of history) {
      add(labelIndex.byNameOrId, timed.deployment.name, timed);
      if (timed.deployment.id !== timed.deployment.name) add(labelIndex.byNameOrId, timed.deployment.id, timed);
      add(labelIndex.byShaPrefix, timed.deployment.sha.slice(0, MIN_COMMIT_PREFIX).toLowerCase(), timed);
    }
    return labelIndex;
  };

  const explicitMatches = (incident: Incident): TimedDeployment[] => {
    const named = incident.labels["deployment"];
    const commit = incident.labels["commit"]?.trim().toLowerCase();
    if (named === undefined && commit === undefined) return [];
    const { byNameOrId, byShaPrefix } = labelIndexOf();
    const byName = named === undefined ? [] : (byNameOrId.get(named) ?? []);
    if (byName.length > 0) return byName;
    if (commit === undefined || commit.length < MIN_COMMIT_PREFIX) return [];
    const candidates = byShaPrefix.get(commit.slice(0, MIN_COMMIT_PREFIX)) ?? [];
    return candidates.filter((timed) => timed.deployment.sha.toLowerCase().startsWith(commit));
  };

  return (incident: Incident, startedMs: number): IncidentAttribution => {
    const matches = explicitMatches(incident);
    if (matches.length > 0) return { attribution: "label", deployment: pickExplicit(matches, startedMs) };
    const latest = history[latestAtOrBefore(history, startedMs)];
    if (latest && startedMs - latest.finishedMs <= windowSeconds * 1000) {
      return { attribution: "inferred", deployment: latest };
    }
    return { attribution: "none" };
  };
}

function add(index: Map<string, TimedDeployment[]>, key: string, timed: TimedDeployment): void {
  const list = index.get(key);
  if (list) list.push(timed);
  else index.set(key, [timed]);
}

/** Of several labelled matches (in finishedAt order): the latest finished by the incident's start, else the earliest. */
function pickExplicit(matches: readonly TimedDeployment[], startedMs: number): TimedDeployment {
  let picked: TimedDeployment | undefined;
  for (const timed of matches) if (timed.finishedMs <= startedMs) picked = timed;
  return picked ?? matches[0]!;
}
