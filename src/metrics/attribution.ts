import type { Attribution, Incident } from "../model/incident.js";
import type { TimedDeployment } from "./deployment-history.js";
import { latestAtOrBefore } from "./deployment-history.js";
import { MultiMap } from "./multi-map.js";
import { labelValues } from "./incident-labels.js";

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

  // Each label may carry several values; any of them may name the deployment. Matches stay in
  // finishedAt order (history order), whichever value found them.
  const inHistoryOrder = (matches: Set<TimedDeployment>) => history.filter((timed) => matches.has(timed));
  const explicitMatches = (incident: Incident): TimedDeployment[] => {
    const byName = new Set(labelValues(incident.labels, "deployment").flatMap((named) => byNameOrIdIndex().get(named.trim())));
    if (byName.size > 0) return inHistoryOrder(byName);
    const byCommit = new Set<TimedDeployment>();
    for (const value of labelValues(incident.labels, "commit")) {
      const commit = value.trim().toLowerCase();
      if (commit.length < MIN_COMMIT_PREFIX) continue;
      for (const timed of byShaPrefixIndex().get(commit.slice(0, MIN_COMMIT_PREFIX))) {
        if (timed.deployment.sha.toLowerCase().startsWith(commit)) byCommit.add(timed);
      }
    }
    return inHistoryOrder(byCommit);
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

/** Of several labelled matches (in finishedAt order): the latest finished by the incident's start, else the earliest. */
function pickExplicit(matches: readonly TimedDeployment[], startedMs: number): TimedDeployment {
  let picked: TimedDeployment | undefined;
  for (const timed of matches) if (timed.finishedMs <= startedMs) picked = timed;
  return picked ?? matches[0]!;
}
