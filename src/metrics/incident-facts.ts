import type { Incident } from "../model/incident.js";
import { toIso } from "../model/instant.js";
import type { ServiceDefinition } from "../model/service.js";
import { createAttributor } from "./attribution.js";
import type { Period } from "./buckets.js";
import type { Deployment } from "../model/deployment.js";
import { isInPeriod } from "./deployment-history.js";
import type { IncidentFact } from "./facts.js";
import { createIncidentServiceMatcher } from "./incident-services.js";
import type { MetricsOptions } from "./options.js";
import { openInterval, type OpenInterval } from "./rework-rate.js";
import { restoreTimeOf } from "./time-to-restore.js";
import type { WarningSink } from "./warnings.js";

export interface IncidentAnalysis {
  /** Incidents started in the window (drills and unmatched included), by startedAt then id. */
  inWindow: IncidentFact[];
  /** Counted incidents (not drills, of a service) started before the window, in input order. */
  beforeWindow: IncidentFact[];
  /** Non-drill incidents (lookback included) attributed to each deployment id. */
  /** By the attributed deployment (the object itself: a million lookups by id string cost a hash of each id). */
  attributedByDeployment: Map<Deployment, Incident[]>;
  /** When each service had a non-drill incident open (lookback included), for rework. */
  openIntervalsByService: Map<string, OpenInterval[]>;
}

/**
 * Maps every incident to a service (against all configured services), attributes the non-drill
 * ones to that service's successful deployments, and measures restore times.
 */
export function analyzeIncidents(
  incidents: readonly Incident[],
  services: readonly ServiceDefinition[],
  histories: ReadonlyMap<string, readonly Deployment[]>,
  window: Period,
  nowMs: number,
  options: MetricsOptions,
  warn: WarningSink,
): IncidentAnalysis {
  const attributors = new Map<string, ReturnType<typeof createAttributor>>();
  const attributorOf = (service: string) => {
    let attributor = attributors.get(service);
    if (!attributor) {
      attributor = createAttributor(histories.get(service) ?? [], options.attributionWindowSeconds);
      attributors.set(service, attributor);
    }
    return attributor;
  };

  const serviceOf = createIncidentServiceMatcher(services);
  const inWindow: IncidentFact[] = [];
  const beforeWindow: IncidentFact[] = [];
  const attributedByDeployment = new Map<Deployment, Incident[]>();
  const openIntervalsByService = new Map<string, OpenInterval[]>();
  let unmatched = 0;

  for (const incident of incidents) {
    const startedMs = incident.startedMs;
    const service = serviceOf(incident) ?? null;
    const counted = service !== null && !incident.isDrill;
    const attribution = counted ? attributorOf(service)(incident, startedMs) : { attribution: "none" as const };
    if (attribution.deployment) push(attributedByDeployment, attribution.deployment, incident);
    if (counted) push(openIntervalsByService, service, openInterval(incident, startedMs, nowMs, options.reworkGraceSeconds));
    if (!isInPeriod(startedMs, window)) {
      if (counted && startedMs < window.fromMs) beforeWindow.push({ incident, startedMs, service, counted, restore: restoreTimeOf(incident, startedMs), attribution });
      continue;
    }

    if (service === null) unmatched++;
    const restore = restoreTimeOf(incident, startedMs);
    if (restore.negative) {
      warn({
        code: "negative-restore-time",
        subject: incident.id,
        message: `incident ${incident.id} is resolved (${toIso(incident.resolvedMs!)}) before it started (${toIso(startedMs)}); its restore time is left out`,
      });
    }
    inWindow.push({ incident, startedMs, service, counted, restore, attribution });
  }

  if (unmatched > 0) {
    warn({
      code: "unmatched-incidents",
      message: `${unmatched} incident${unmatched === 1 ? "" : "s"} in the window match${unmatched === 1 ? "es" : ""} no configured service's incident labels and count${unmatched === 1 ? "s" : ""} nowhere`,
    });
  }
  inWindow.sort((a, b) => a.startedMs - b.startedMs || compareStrings(a.incident.id, b.incident.id));
  return { inWindow, beforeWindow, attributedByDeployment, openIntervalsByService };
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
