// The bench's reference: the report's summary (overall, per service, per bucket, per bucket ×
// service) computed over the generated world's typed arrays, written from docs/metric-definitions.md
// and independent of src/ (it imports nothing from it). The bench compares it with dora number by
// number. What it covers and what it does not: tools/bench/reference/README.md.

import type { GeneratedWorld } from "../../../test/support/generated-world.js";
import { referenceCalendar, weekOfDay, type Period, type ReferenceBucket } from "./calendar.js";
import { summarize, type Summary } from "./order-statistics.js";

/** The configuration the generated world is reported with (dora's defaults). */
const ATTRIBUTION_WINDOW_MS = 24 * 3_600_000;
const REWORK_GRACE_MS = 3_600_000;
const DAY_MS = 86_400_000;

type Tier = "elite" | "high" | "medium" | "low";

export interface ReferenceMetricSet {
  deploymentFrequency: { deployments: number; perDay: number; perWeek: number; deployDays: number; medianDeployDaysPerWeek: number | null; tier: Tier | null };
  leadTime: { changes: number } & Summary & { tier: Tier | null };
  changeFailureRate: { deployments: number; failedDeployments: number; rate: number | null; tier: Tier | null };
  timeToRestore: { incidents: number; resolved: number; active: number } & Summary & { tier: Tier | null };
  failedDeploymentRecoveryTime: { count: number } & Summary;
  reworkRate: { deployments: number; reworkDeployments: number; rate: number | null };
}

export interface ReferenceSummary {
  overall: ReferenceMetricSet;
  services: Record<string, ReferenceMetricSet>;
  buckets: { start: string; end: string; overall: ReferenceMetricSet; services: Record<string, ReferenceMetricSet> }[];
}

/** Values with the slot (service × bucket) they fall in, to be summarized per slot and per grouping of slots. */
class SlottedValues {
  values: Float64Array;
  slots: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
    this.slots = new Int32Array(capacity);
  }
  push(value: number, slot: number): void {
    this.values[this.length] = value;
    this.slots[this.length++] = slot;
  }
}

/**
 * Counting sort of the values by a key of their slot (the slot itself, or slot % modulo); returns
 * the values in key order and where each key's values start (offsets[key]..offsets[key + 1]).
 * With `alias`, values already in key order (lead times come service by service, in time order)
 * are not copied: the caller must be done reading `slotted` in its own order before it reorders them.
 */
function groupBy(slotted: SlottedValues, keys: number, modulo: number, alias: boolean): { values: Float64Array; offsets: Int32Array } {
  const { slots, length } = slotted;
  const offsets = new Int32Array(keys + 1);
  let ordered = true;
  for (let i = 0, previous = 0; i < length; i++) {
    const key = slots[i]! % modulo;
    offsets[key + 1]!++;
    if (key < previous) ordered = false;
    previous = key;
  }
  for (let key = 0; key < keys; key++) offsets[key + 1]! += offsets[key]!;
  if (ordered && alias) return { values: slotted.values.subarray(0, length), offsets };
  const cursor = offsets.slice(0, keys);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) values[cursor[slots[i]! % modulo]!++] = slotted.values[i]!;
  return { values, offsets };
}

/**
 * The summaries of each slot, each service (all its buckets), each bucket (all services) and
 * overall. Slots are service-major (slot = service × buckets + bucket), so a service's slots are
 * contiguous in slot order; a bucket's are contiguous in the bucket-major copy.
 */
function summariesOf(slotted: SlottedValues, services: number, buckets: number) {
  // Both groupings before any summary: a summary reorders its range, and a service's range spans its slots.
  const bySlot = groupBy(slotted, services * buckets, services * buckets, true);
  const byBucket = groupBy(slotted, buckets, buckets, false);
  const slot = Array.from({ length: services * buckets }, (_, key) => summarize(bySlot.values, bySlot.offsets[key]!, bySlot.offsets[key + 1]!));
  const service = Array.from({ length: services }, (_, s) => summarize(bySlot.values, bySlot.offsets[s * buckets]!, bySlot.offsets[(s + 1) * buckets]!));
  const bucket = Array.from({ length: buckets }, (_, b) => summarize(byBucket.values, byBucket.offsets[b]!, byBucket.offsets[b + 1]!));
  const overall = summarize(byBucket.values, 0, slotted.length);
  const count = (key: number, offsets: Int32Array, span = 1) => offsets[key + span]! - offsets[key]!;
  return {
    slot: (key: number) => ({ count: count(key, bySlot.offsets), ...slot[key]! }),
    service: (s: number) => ({ count: count(s * buckets, bySlot.offsets, buckets), ...service[s]! }),
    bucket: (b: number) => ({ count: count(b, byBucket.offsets), ...bucket[b]! }),
    overall: () => ({ count: slotted.length, ...overall }),
  };
}

export function referenceSummary(world: GeneratedWorld, bucketKind: ReferenceBucket): ReferenceSummary {
  const { fromMs, toMs, deploymentStart, finishedMs, position, commitStart, authoredMs, incidents } = world;
  const services = world.serviceNames.length;
  const calendar = referenceCalendar(world.timezone, fromMs, toMs, bucketKind);
  const buckets = calendar.periods.length;
  const slots = services * buckets;
  const total = finishedMs.length;
  const inWindow = (ms: number) => ms >= fromMs && ms < toMs;
  const serviceOfDeployment = new Int32Array(total);
  for (let s = 0; s < services; s++) serviceOfDeployment.fill(s, deploymentStart[s]!, deploymentStart[s + 1]!);

  // Incidents: a service's when they carry its labels; only non-drill ones of a service are
  // attributed, open (for rework) and counted in time to restore.
  const attributed = new Int32Array(total);
  const attributedActive = new Uint8Array(total);
  const latestResolvedMs = new Float64Array(total).fill(-Infinity);
  const rework = new Uint8Array(total);
  const counted = (n: number) => incidents.unmatched[n] === 0 && incidents.drill[n] === 0;
  for (let n = 0; n < incidents.count; n++) {
    if (!counted(n)) continue;
    const s = incidents.service[n]!;
    const first = deploymentStart[s]!;
    const end = deploymentStart[s + 1]!;
    const started = incidents.startedMs[n]!;
    // The latest deployment of the service finished at or before the start (binary search).
    let latest = first - 1;
    for (let low = first, high = end - 1; low <= high; ) {
      const middle = (low + high) >> 1;
      if (finishedMs[middle]! <= started) {
        latest = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    let deployment = -1;
    const label = incidents.commitLabel[n]!;
    if (label >= 0) {
      // A commit label names the deployments of that commit: the latest finished by the start, else the earliest.
      let earliest = -1;
      for (let d = first; d < end; d++) {
        if (position[d] !== position[label]) continue;
        if (earliest < 0) earliest = d;
        if (finishedMs[d]! <= started) deployment = d;
      }
      if (deployment < 0) deployment = earliest;
    }
    if (deployment < 0 && latest >= first && started - finishedMs[latest]! <= ATTRIBUTION_WINDOW_MS) deployment = latest;
    if (deployment >= 0) {
      attributed[deployment]!++;
      if (incidents.active[n]) attributedActive[deployment] = 1;
      else latestResolvedMs[deployment] = Math.max(latestResolvedMs[deployment]!, incidents.resolvedMs[n]!);
    }
    // Open from its start to its resolution + grace (until now while active): the deployments finished then are rework.
    const openUntil = incidents.active[n] ? world.nowMs : incidents.resolvedMs[n]! + REWORK_GRACE_MS;
    for (let d = latest >= first && finishedMs[latest] === started ? latest : latest + 1; d < end && finishedMs[d]! <= openUntil; d++) rework[d] = 1;
  }

  // Deployments: changes (commits first reached), facts per slot, local deploy days per service.
  const firstDay = calendar.dayOf(fromMs);
  const days = calendar.dayOf(toMs - 1) - firstDay + 1;
  const deployedOn = new Uint8Array(services * days);
  const deployments = new Int32Array(slots);
  const failed = new Int32Array(slots);
  const reworked = new Int32Array(slots);
  const leadTimes = new SlottedValues(authoredMs.length);
  const recoveries = new SlottedValues(incidents.count);
  for (let s = 0; s < services; s++) {
    let reached = -1;
    for (let d = deploymentStart[s]!; d < deploymentStart[s + 1]!; d++) {
      // Linear history: the commits reachable from position p are 0..p, so the commits no earlier
      // deployment reached are (reached, p]; none when p ≤ reached (a redeploy, a rollback, an
      // already deployed commit). Without a previous deployment, only the head commit counts.
      const p = position[d]!;
      const isFirst = d === deploymentStart[s];
      const firstNew = isFirst ? p : reached + 1;
      const rollback = !isFirst && p < position[d - 1]!;
      const finished = finishedMs[d]!;
      const window = inWindow(finished);
      const slot = s * buckets + (window ? calendar.periodOf(finished) : 0);
      if (window) {
        for (let c = firstNew; c <= p; c++) {
          const seconds = (finished - authoredMs[commitStart[s]! + c]!) / 1000;
          if (seconds > 0) leadTimes.push(seconds, slot);
        }
      }
      reached = Math.max(reached, p);
      if (!window) continue;
      deployments[slot]!++;
      deployedOn[s * days + calendar.dayOf(finished) - firstDay] = 1;
      if (rollback || rework[d]) reworked[slot]!++;
      if (attributed[d]! > 0) {
        failed[slot]!++;
        const seconds = (latestResolvedMs[d]! - finished) / 1000;
        if (!attributedActive[d] && seconds >= 0) recoveries.push(seconds, slot);
      }
    }
  }

  // Time to restore: incidents of a service started in the window.
  const incidentCount = new Int32Array(slots);
  const activeCount = new Int32Array(slots);
  const restores = new SlottedValues(incidents.count);
  for (let n = 0; n < incidents.count; n++) {
    const started = incidents.startedMs[n]!;
    if (!counted(n) || !inWindow(started)) continue;
    const slot = incidents.service[n]! * buckets + calendar.periodOf(started);
    incidentCount[slot]!++;
    if (incidents.active[n]) activeCount[slot]!++;
    else if (incidents.resolvedMs[n]! >= started) restores.push((incidents.resolvedMs[n]! - started) / 1000, slot);
  }

  const lead = summariesOf(leadTimes, services, buckets);
  const recovery = summariesOf(recoveries, services, buckets);
  const restore = summariesOf(restores, services, buckets);

  /** The figures of the slots of some services and some buckets, over a period. */
  const metricSet = (serviceRange: [number, number], bucketRange: [number, number], period: Period, statistics: (of: ReturnType<typeof summariesOf>) => { count: number } & Summary): ReferenceMetricSet => {
    let deployed = 0;
    let failedCount = 0;
    let reworkCount = 0;
    let incidentsIn = 0;
    let active = 0;
    for (let s = serviceRange[0]; s < serviceRange[1]; s++) {
      for (let b = bucketRange[0]; b < bucketRange[1]; b++) {
        const slot = s * buckets + b;
        deployed += deployments[slot]!;
        failedCount += failed[slot]!;
        reworkCount += reworked[slot]!;
        incidentsIn += incidentCount[slot]!;
        active += activeCount[slot]!;
      }
    }
    const lastDay = calendar.dayOf(period.toMs - 1);
    const periodFirstDay = calendar.dayOf(period.fromMs);
    const firstWeek = weekOfDay(periodFirstDay);
    const perWeek = new Array<number>(weekOfDay(lastDay) - firstWeek + 1).fill(0);
    let deployDays = 0;
    for (let day = periodFirstDay; day <= lastDay; day++) {
      let any = false;
      for (let s = serviceRange[0]; s < serviceRange[1] && !any; s++) any = deployedOn[s * days + day - firstDay] === 1;
      if (!any) continue;
      deployDays++;
      perWeek[weekOfDay(day) - firstWeek]!++;
    }
    const periodDays = (period.toMs - period.fromMs) / DAY_MS;
    const weekly = Float64Array.from(perWeek);
    const medianDeployDaysPerWeek = periodDays > 0 ? summarize(weekly, 0, weekly.length).medianSeconds : null;
    const perDay = periodDays > 0 ? deployed / periodDays : 0;
    const leadTime = statistics(lead);
    const cfr = deployed > 0 ? failedCount / deployed : null;
    const { count: restored, ...restoreSummary } = statistics(restore);
    void restored;
    const { count: recovered, ...recoverySummary } = statistics(recovery);
    return {
      deploymentFrequency: {
        deployments: deployed,
        perDay,
        perWeek: periodDays > 0 ? deployed / (periodDays / 7) : 0,
        deployDays,
        medianDeployDaysPerWeek,
        tier: medianDeployDaysPerWeek === null ? null : medianDeployDaysPerWeek >= 5 ? "elite" : medianDeployDaysPerWeek >= 1 ? "high" : perDay * 30 >= 1 ? "medium" : "low",
      },
      leadTime: { changes: leadTime.count, meanSeconds: leadTime.meanSeconds, medianSeconds: leadTime.medianSeconds, p90Seconds: leadTime.p90Seconds, tier: durationTier(leadTime.medianSeconds, [DAY_MS / 1000, (7 * DAY_MS) / 1000, (30 * DAY_MS) / 1000]) },
      changeFailureRate: { deployments: deployed, failedDeployments: failedCount, rate: cfr, tier: cfr === null ? null : cfr <= 0.05 ? "elite" : cfr <= 0.1 ? "high" : cfr <= 0.15 ? "medium" : "low" },
      timeToRestore: { incidents: incidentsIn, resolved: incidentsIn - active, active, ...restoreSummary, tier: durationTier(restoreSummary.medianSeconds, [3600, DAY_MS / 1000, (7 * DAY_MS) / 1000]) },
      failedDeploymentRecoveryTime: { count: recovered, ...recoverySummary },
      reworkRate: { deployments: deployed, reworkDeployments: reworkCount, rate: deployed > 0 ? reworkCount / deployed : null },
    };
  };

  const window: Period = { fromMs, toMs };
  const allServices: [number, number] = [0, services];
  const allBuckets: [number, number] = [0, buckets];
  const byService = (bucketRange: [number, number], period: Period, statistics: (s: number) => (of: ReturnType<typeof summariesOf>) => { count: number } & Summary) => {
    const sets: Record<string, ReferenceMetricSet> = {};
    world.serviceNames.forEach((name, s) => (sets[name] = metricSet([s, s + 1], bucketRange, period, statistics(s))));
    return sets;
  };
  return {
    overall: metricSet(allServices, allBuckets, window, (of) => of.overall()),
    services: byService(allBuckets, window, (s) => (of) => of.service(s)),
    buckets:
      bucketKind === "none"
        ? []
        : calendar.periods.map((period, b) => ({
            start: new Date(period.fromMs).toISOString(),
            end: new Date(period.toMs).toISOString(),
            overall: metricSet(allServices, [b, b + 1], period, (of) => of.bucket(b)),
            services: byService([b, b + 1], period, (s) => (of) => of.slot(s * buckets + b)),
          })),
  };
}

/** Tier of a median duration in seconds against the elite / high / medium bounds (strictly below). */
function durationTier(median: number | null, [elite, high, medium]: [number, number, number]): Tier | null {
  if (median === null) return null;
  return median < elite ? "elite" : median < high ? "high" : median < medium ? "medium" : "low";
}
