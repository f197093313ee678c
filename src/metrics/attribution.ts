import type { Attribution, Incident } from "../model/incident.js";
import type { AttributionLabel, AttributionRule } from "../model/report.js";
import type { Deployment } from "../model/deployment.js";
import { latestAtOrBefore } from "./deployment-history.js";
import { MultiMap } from "./multi-map.js";
import { labelValues } from "./incident-labels.js";

/** The rules of attribution itself (drills and incidents of no service are not attributed at all). */
export type AttributorRule = Exclude<AttributionRule, "drill" | "no-service">;

export interface IncidentAttribution {
  attribution: Attribution;
  deployment?: Deployment;
  /** Absent for incidents that are not attributed at all (drills, no service). */
  rule?: AttributorRule;
  /** The label that named the deployment (label rules): the first value that matched. */
  label?: AttributionLabel;
  /** Deployment or commit label values it carries that named no deployment of its service (ignored). */
  ignoredLabels?: AttributionLabel[];
  /** The latest deployment of its service finished at or before its start: the inferred candidate. */
  latest?: Deployment;
}

const MIN_COMMIT_PREFIX = 7;

/**
 * Attributes incidents of one service to its successful deployments (finishedAt order, lookback
 * included): explicitly by a `deployment` label (name or uid) or a `commit` label (SHA prefix of at
 * least 7 characters), else to the latest deployment that finished at most `windowSeconds` before
 * the incident started.
 */
export function createAttributor(history: readonly Deployment[], windowSeconds: number) {
  // Each index is built on the first incident that needs it: most incidents carry no deployment or commit label.
  let byNameOrId: MultiMap<string, Deployment> | undefined;
  let byShaPrefix: MultiMap<string, Deployment> | undefined;
  const byNameOrIdIndex = () => {
    if (byNameOrId) return byNameOrId;
    byNameOrId = new MultiMap();
    for (const deployment of history) {
      byNameOrId.add(deployment.name, deployment);
      if (deployment.id !== deployment.name) byNameOrId.add(deployment.id, deployment);
    }
    return byNameOrId;
  };
  const byShaPrefixIndex = () => {
    if (byShaPrefix) return byShaPrefix;
    byShaPrefix = new MultiMap();
    for (const deployment of history) byShaPrefix.add(deployment.sha.slice(0, MIN_COMMIT_PREFIX).toLowerCase(), deployment);
    return byShaPrefix;
  };

  // Each label may carry several values; any of them may name the deployment. Matches stay in
  // finishedAt order (history order), whichever value found them. The values that named nothing
  // are kept as evidence (ignoredLabels).
  // Most incidents name no deployment, or one: only several are put back in history order (a filter over the whole history each time was 2,000 steps per incident).
  const inHistoryOrder = (matches: Set<Deployment>): Deployment[] =>
    matches.size <= 1 ? [...matches] : history.filter((deployment) => matches.has(deployment));
  interface ExplicitMatch {
    matches: Deployment[];
    label?: AttributionLabel;
    ignored: AttributionLabel[];
  }
  const explicitMatches = (incident: Incident): ExplicitMatch => {
    const ignored: AttributionLabel[] = [];
    const byName = new Set<Deployment>();
    let label: AttributionLabel | undefined;
    for (const named of labelValues(incident.labels, "deployment")) {
      const found = byNameOrIdIndex().get(named.trim());
      if (found.length === 0) ignored.push({ key: "deployment", value: named });
      else label ??= { key: "deployment", value: named };
      for (const deployment of found) byName.add(deployment);
    }
    if (byName.size > 0) return { matches: inHistoryOrder(byName), label, ignored };
    const byCommit = new Set<Deployment>();
    for (const value of labelValues(incident.labels, "commit")) {
      const commit = value.trim().toLowerCase();
      let found = false;
      if (commit.length >= MIN_COMMIT_PREFIX) {
        for (const deployment of byShaPrefixIndex().get(commit.slice(0, MIN_COMMIT_PREFIX))) {
          if (deployment.sha.toLowerCase().startsWith(commit)) {
            byCommit.add(deployment);
            found = true;
          }
        }
      }
      if (!found) ignored.push({ key: "commit", value });
      else label ??= { key: "commit", value };
    }
    return { matches: inHistoryOrder(byCommit), label, ignored };
  };

  return (incident: Incident, startedMs: number): IncidentAttribution => {
    const explicit = explicitMatches(incident);
    const latest = history[latestAtOrBefore(history, startedMs)];
    const evidence = {
      ...(explicit.ignored.length > 0 ? { ignoredLabels: explicit.ignored } : {}),
      ...(latest ? { latest } : {}),
    };
    if (explicit.matches.length > 0) {
      const rule = explicit.label?.key === "commit" ? "commit-label" : "deployment-label";
      return { attribution: "label", deployment: pickExplicit(explicit.matches, startedMs), rule, ...(explicit.label ? { label: explicit.label } : {}), ...evidence };
    }
    if (latest && startedMs - latest.finishedMs <= windowSeconds * 1000) {
      return { attribution: "inferred", deployment: latest, rule: "inferred", ...evidence };
    }
    return { attribution: "none", rule: latest ? "outside-window" : "no-earlier-deployment", ...evidence };
  };
}

/** Of several labelled matches (in finishedAt order): the latest finished by the incident's start, else the earliest. */
function pickExplicit(matches: readonly Deployment[], startedMs: number): Deployment {
  let picked: Deployment | undefined;
  for (const deployment of matches) if (deployment.finishedMs <= startedMs) picked = deployment;
  return picked ?? matches[0]!;
}
