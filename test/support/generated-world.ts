// A seeded synthetic world as plain typed arrays (epoch milliseconds, commit positions, indices):
// many services deploying all day for a year, with linear commit histories, redeploys, rollbacks,
// and incidents (labelled, inferred, drills, active, unmatched). normalized-input.ts turns it into
// what the sources hand to dora's metrics; the bench's reference implementation reads it as it is,
// so both compute from the same facts.


export interface NormalizedSize {
  /** Successful deployments in the window (plus one lookback deployment per service). */
  deployments: number;
  /** Commits in the window's deployments (≈ changes: each counts once). */
  changes: number;
  incidents: number;
  services: number;
  days: number;
}

export const FULL_SIZE: NormalizedSize = { deployments: 1_000_000, changes: 5_000_000, incidents: 20_000, services: 500, days: 365 };

export function scaled(size: NormalizedSize, factor: number): NormalizedSize {
  return {
    ...size,
    deployments: Math.round(size.deployments * factor),
    changes: Math.round(size.changes * factor),
    incidents: Math.round(size.incidents * factor),
  };
}

export const SEVERITIES = ["critical", "major", "minor"] as const;

export interface GeneratedIncidents {
  count: number;
  /** The service it was drawn for (its title names it), even when its labels match no service. */
  service: Int32Array;
  /** 1: labelled `service: unknown` (matches no configured service). */
  unmatched: Uint8Array;
  /** Global index of the deployment whose SHA (12-character prefix) it is labelled with; −1: no commit label. */
  commitLabel: Int32Array;
  startedMs: Float64Array;
  /** NaN while active. */
  resolvedMs: Float64Array;
  active: Uint8Array;
  drill: Uint8Array;
  severity: Uint8Array;
}

/**
 * The world. Deployments are successful production runs; service s owns the global indices
 * [deploymentStart[s], deploymentStart[s + 1]), in ascending and distinct finish order, the first
 * one in the lookback. Each deploys one position of its service's linear history (position p is the
 * p-th commit, parent p − 1); commit p of service s is at index commitStart[s] + p.
 */
export interface GeneratedWorld {
  size: NormalizedSize;
  fromMs: number;
  toMs: number;
  /** "Now" of the report: the window's end (active incidents are open until then). */
  nowMs: number;
  timezone: string;
  serviceNames: string[];
  deploymentStart: Int32Array;
  startedMs: Float64Array;
  finishedMs: Float64Array;
  position: Int32Array;
  commitStart: Int32Array;
  authoredMs: Float64Array;
  committedMs: Float64Array;
  incidents: GeneratedIncidents;
}

export const WINDOW_FROM = Date.parse("2025-01-06T00:00:00Z");
export const WORLD_TIMEZONE = "Europe/Berlin";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A seeded uniform generator, mulberry32 (the demo's PRNG, the same sequence; tests may not import
 * tools/demo): next() in [0, 1), int() in [min, max], chance(p).
 */
class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(this.state ^ (this.state >>> 15), this.state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** A Float64Array that grows by doubling (millions of commits: no boxed numbers, no exact count up front). */
class GrowingFloat64 {
  values = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  trimmed(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/** Deterministic for a seed and a size. */
export function generateWorld(size: NormalizedSize, seed = 42): GeneratedWorld {
  const rng = new SeededRandom(seed);
  const fromMs = WINDOW_FROM;
  const toMs = fromMs + size.days * DAY;
  const serviceNames = Array.from({ length: size.services }, (_, index) => `svc-${String(index).padStart(3, "0")}`);
  const commitsPerDeployment = size.changes / Math.max(1, size.deployments);
  const total = size.deployments + size.services;

  const deploymentStart = new Int32Array(size.services + 1);
  const startedMs = new Float64Array(total);
  const finishedMs = new Float64Array(total);
  const position = new Int32Array(total);
  const commitStart = new Int32Array(size.services + 1);
  const authored = new GrowingFloat64();
  const committed = new GrowingFloat64();

  let next = 0;
  for (let s = 0; s < size.services; s++) {
    const count = Math.floor(size.deployments / size.services) + (s < size.deployments % size.services ? 1 : 0);
    deploymentStart[s] = next;
    commitStart[s] = authored.length;
    // Finish times: uniform over the window, to the second, ascending and distinct (no ties to
    // order by id); one lookback deployment first.
    const finished = finishedMs.subarray(next, next + count + 1);
    finished[0] = fromMs - rng.int(1, 7) * DAY;
    for (let i = 1; i <= count; i++) finished[i] = fromMs + Math.floor((rng.next() * (toMs - fromMs)) / 1000) * 1000;
    finished.subarray(1).sort();
    for (let i = 2; i <= count; i++) if (finished[i]! <= finished[i - 1]!) finished[i] = finished[i - 1]! + 1000;

    let commits = 0;
    const commitUpTo = (target: number, deployedMs: number) => {
      while (commits <= target) {
        // Authored between minutes and days before its deployment; a rare clock skew after it. To the
        // second, as git and GitHub date commits.
        const skew = rng.chance(0.001);
        const authoredMs = skew ? deployedMs + rng.int(1, 600) * 1000 : deployedMs - Math.floor((-Math.log(1 - rng.next()) * 20 * HOUR) / 1000) * 1000 - 5 * MINUTE;
        authored.push(authoredMs);
        committed.push(authoredMs + rng.int(0, 3600) * 1000);
        commits++;
      }
    };

    let highWater = 0;
    let previousKind: "new" | "redeploy" | "rollback" = "new";
    for (let i = 0; i <= count; i++) {
      const index = next + i;
      const deployedMs = finished[i]!;
      const roll = rng.next();
      let kind: "new" | "redeploy" | "rollback" = "new";
      let target = -1;
      if (i > 1 && previousKind !== "rollback" && roll < 0.005) {
        // Back to the last release before the high water (when there is one).
        for (let j = index - 1; j >= next; j--) {
          if (position[j]! < highWater) {
            target = position[j]!;
            break;
          }
        }
        if (target >= 0) kind = "rollback";
      }
      if (kind === "new" && i > 0 && previousKind !== "rollback" && roll < 0.025) kind = "redeploy";
      if (kind === "redeploy") target = position[index - 1]!;
      if (kind === "new") {
        // 1..2k−1 new commits (mean ≈ commitsPerDeployment).
        const added = i === 0 ? 1 : 1 + Math.floor(rng.next() * (2 * commitsPerDeployment - 1));
        target = highWater + added;
        commitUpTo(target, deployedMs);
        highWater = target;
      }
      position[index] = target;
      startedMs[index] = deployedMs - rng.int(10, 90) * MINUTE;
      previousKind = kind;
    }
    next += count + 1;
  }
  deploymentStart[size.services] = next;
  commitStart[size.services] = authored.length;

  const incidents: GeneratedIncidents = {
    count: size.incidents,
    service: new Int32Array(size.incidents),
    unmatched: new Uint8Array(size.incidents),
    commitLabel: new Int32Array(size.incidents).fill(-1),
    startedMs: new Float64Array(size.incidents),
    resolvedMs: new Float64Array(size.incidents).fill(NaN),
    active: new Uint8Array(size.incidents),
    drill: new Uint8Array(size.incidents),
    severity: new Uint8Array(size.incidents),
  };
  for (let n = 0; n < size.incidents; n++) {
    const s = rng.int(0, size.services - 1);
    const started = fromMs + Math.floor((rng.next() * (toMs - fromMs)) / 1000) * 1000;
    incidents.service[n] = s;
    incidents.startedMs[n] = started;
    incidents.severity[n] = rng.int(0, SEVERITIES.length - 1);
    incidents.unmatched[n] = rng.chance(0.01) ? 1 : 0;
    if (rng.chance(0.1)) {
      // Labelled with the SHA of the service's deployment just before the start (lookback's included).
      let low = deploymentStart[s]!;
      let high = deploymentStart[s + 1]! - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (finishedMs[middle]! <= started) low = middle;
        else high = middle - 1;
      }
      incidents.commitLabel[n] = low;
    }
    const active = rng.chance(0.005);
    incidents.active[n] = active ? 1 : 0;
    incidents.drill[n] = rng.chance(0.02) ? 1 : 0;
    if (!active) incidents.resolvedMs[n] = started + Math.floor(-Math.log(1 - rng.next()) * 3 * HOUR) + MINUTE;
  }

  return {
    size,
    fromMs,
    toMs,
    nowMs: toMs,
    timezone: WORLD_TIMEZONE,
    serviceNames,
    deploymentStart,
    startedMs,
    finishedMs,
    position,
    commitStart,
    authoredMs: authored.trimmed(),
    committedMs: committed.trimmed(),
    incidents,
  };
}
