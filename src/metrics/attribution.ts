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
  let byShaPrefix: ShaPrefixIndex | undefined;
  const byNameOrIdIndex = () => {
    if (byNameOrId) return byNameOrId;
    byNameOrId = new MultiMap();
    for (const deployment of history) {
      byNameOrId.add(deployment.name, deployment);
      if (deployment.id !== deployment.name) byNameOrId.add(deployment.id, deployment);
    }
    return byNameOrId;
  };
  const byShaPrefixIndex = () => (byShaPrefix ??= new ShaPrefixIndex(history));

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
        for (const deployment of byShaPrefixIndex().get(commit)) {
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

/**
 * The deployments of a history by the first 7 hex digits of their SHA, as 28-bit numbers in a
 * typed column: a Map of 7-character strings was a string, an entry and an array per deployment
 * (100 MB for a million). A service's few labelled incidents scan the column; one that asks often
 * gets it sorted (sorting every service's column for a handful of lookups was a fifth of a second
 * in a year of 500 services). SHAs whose first 7 characters are not hex go to a Map.
 */
class ShaPrefixIndex {
  /** The key of each deployment, in history order (−1: in `odd`). */
  private readonly keys: Int32Array;
  private readonly odd = new MultiMap<string, Deployment>();
  private lookups = 0;
  private sorted: { keys: Int32Array; order: Int32Array } | undefined;

  constructor(private readonly history: readonly Deployment[]) {
    this.keys = new Int32Array(history.length);
    history.forEach((deployment, index) => {
      const key = prefixKey(deployment.sha);
      this.keys[index] = key;
      if (key < 0) this.odd.add(deployment.sha.slice(0, MIN_COMMIT_PREFIX).toLowerCase(), deployment);
    });
  }

  /** The deployments whose SHA starts with the first 7 characters of `commit` (lower-case), in history order. */
  get(commit: string): Deployment[] {
    const key = prefixKey(commit);
    if (key < 0) return this.odd.get(commit.slice(0, MIN_COMMIT_PREFIX));
    const found: Deployment[] = [];
    if (++this.lookups <= SCANS) {
      for (let index = 0; index < this.keys.length; index++) if (this.keys[index] === key) found.push(this.history[index]!);
      return found;
    }
    const { keys, order } = (this.sorted ??= sortedKeys(this.keys));
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    for (let at = low; at < keys.length && keys[at] === key; at++) found.push(this.history[order[at]!]!);
    return found;
  }
}

/** Lookups that scan the column before it is sorted. */
const SCANS = 32;

/** The hex keys (−1s left out) sorted, with the history index of each: equal keys in history order. */
function sortedKeys(keys: Int32Array): { keys: Int32Array; order: Int32Array } {
  const order = Int32Array.from({ length: keys.length }, (_, index) => index)
    .filter((index) => keys[index]! >= 0)
    .sort((a, b) => keys[a]! - keys[b]! || a - b);
  return { keys: order.map((index) => keys[index]!), order };
}

/** The first 7 characters of a SHA as a number when they are hex digits (either case), else −1. */
function prefixKey(sha: string): number {
  if (sha.length < MIN_COMMIT_PREFIX) return -1;
  let key = 0;
  for (let i = 0; i < MIN_COMMIT_PREFIX; i++) {
    const code = sha.charCodeAt(i);
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : code >= 65 && code <= 70 ? code - 55 : -1;
    if (digit < 0) return -1;
    key = key * 16 + digit;
  }
  return key;
}
