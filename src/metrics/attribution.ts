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
 * The deployments of a history by the first 7 hex digits of their SHA, as a 28-bit number in a
 * sorted typed column: a Map of 7-character strings was a string, an entry and an array per
 * deployment (100 MB for a million). SHAs whose first 7 characters are not hex go to a Map.
 */
class ShaPrefixIndex {
  private readonly keys: Int32Array;
  private readonly order: Int32Array;
  private readonly odd = new MultiMap<string, Deployment>();

  constructor(private readonly history: readonly Deployment[]) {
    // Key and history index packed in one double (28 + 24 bits, exact), sorted as numbers: by key,
    // then in history order (equal keys stay in finishedAt order).
    const packed = new Float64Array(history.length);
    let count = 0;
    // (A history of 16.7M deployments of one service would not fit: its SHAs go to the Map.)
    const packable = history.length < INDEX_SPAN;
    history.forEach((deployment, index) => {
      const key = packable ? prefixKey(deployment.sha) : -1;
      if (key >= 0) packed[count++] = key * INDEX_SPAN + index;
      else this.odd.add(deployment.sha.slice(0, MIN_COMMIT_PREFIX).toLowerCase(), deployment);
    });
    const sorted = packed.subarray(0, count).sort();
    this.keys = new Int32Array(count);
    this.order = new Int32Array(count);
    for (let at = 0; at < count; at++) {
      this.keys[at] = Math.floor(sorted[at]! / INDEX_SPAN);
      this.order[at] = sorted[at]! % INDEX_SPAN;
    }
  }

  /** The deployments whose SHA starts with the first 7 characters of `commit` (lower-case), in history order. */
  get(commit: string): Deployment[] {
    const key = this.keys.length > 0 ? prefixKey(commit) : -1;
    if (key < 0) return this.odd.get(commit.slice(0, MIN_COMMIT_PREFIX));
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    const found: Deployment[] = [];
    for (let at = low; at < this.keys.length && this.keys[at] === key; at++) found.push(this.history[this.order[at]!]!);
    return found;
  }
}

/** Room for the history index beside a 28-bit key in a double's 53 bits. */
const INDEX_SPAN = 2 ** 24;

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
