// A seeded synthetic dataset in the normalized model (what the sources hand to the metrics): many
// services deploying all day for a year, with linear commit histories, redeploys, rollbacks and
// the compares they need, and incidents (labelled, inferred, drills, active, unmatched).

import type { Commit, CommitGraphRecord, RepoCommit } from "../../src/model/commit.js";
import type { Deployment, DeploymentStep } from "../../src/model/deployment.js";
import type { Incident } from "../../src/model/incident.js";
import type { ServiceDefinition } from "../../src/model/service.js";
import type { MetricsInput, MetricsOptions, ReportScope } from "../../src/metrics/options.js";
import { DEFAULT_METRICS_OPTIONS } from "../../src/metrics/options.js";
import { createRng } from "../../scripts/demo/prng.js";

export interface NormalizedSize {
  /** Successful deployments in the window (plus one lookback deployment per service). */
  deployments: number;
  /** Commits in the window's compares (≈ changes: each counts once). */
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

export interface NormalizedDataset {
  input: MetricsInput;
  scope: ReportScope;
  options: MetricsOptions;
}

const WINDOW_FROM = Date.parse("2025-01-06T00:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// As the sources normalize them: Date#toISOString.
const iso = (ms: number) => new Date(ms).toISOString();
/**
 * A flat copy of a string built by concatenation: V8 keeps `a + b` as a tree of parts (≈ 3× the
 * memory), while the sources' strings come flat out of JSON.parse.
 */
const flat = (text: string) => Buffer.from(text, "latin1").toString("latin1");

/** A cheap 32-bit integer hash (murmur3 finalizer): distinct SHAs and uids without a crypto call each. */
function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
const hex8 = (value: number) => value.toString(16).padStart(8, "0");
const shaBytes = Buffer.alloc(20);
function shaOf(service: number, position: number): string {
  const seed = service * 0x10000 + position;
  for (let part = 0; part < 5; part++) shaBytes.writeUInt32BE(mix32(seed * 5 + part + 0x9e3779b9), part * 4);
  return shaBytes.toString("hex");
}
function uidOf(service: number, index: number): string {
  const a = hex8(mix32(service * 7919 + index * 104729 + 1));
  const b = hex8(mix32(service * 15485863 + index + 2));
  return flat(`${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${hex8(mix32(index * 31 + service)).slice(0, 3)}-${hex8(mix32(index + service * 131 + 3))}${b.slice(0, 4)}`);
}

/** Deterministic for a seed and a size. `steps`: give each run its five Argo nodes (the backfill's spans). */
export function generateNormalizedInput(size: NormalizedSize, seed = 42, options: { steps?: boolean } = {}): NormalizedDataset {
  const rng = createRng(seed);
  const fromMs = WINDOW_FROM;
  const toMs = fromMs + size.days * DAY;
  const services: ServiceDefinition[] = Array.from({ length: size.services }, (_, index) => {
    const name = `svc-${String(index).padStart(3, "0")}`;
    return { name, repo: `acme/${name}`, incidentLabels: { service: name } };
  });
  const commitsPerDeployment = size.changes / Math.max(1, size.deployments);

  const deployments: Deployment[] = [];
  const graphs = new Map<string, CommitGraphRecord>();
  const commits: RepoCommit[] = [];
  const finishedByService: Float64Array[] = [];
  const shasByService: string[][] = [];
  const NO_STEPS: never[] = [];

  for (let s = 0; s < size.services; s++) {
    const { name: service, repo } = services[s]!;
    const count = Math.floor(size.deployments / size.services) + (s < size.deployments % size.services ? 1 : 0);
    // Finish times: uniform over the window, to the second, ascending; one lookback deployment first.
    const finished = new Float64Array(count + 1);
    finished[0] = fromMs - rng.int(1, 7) * DAY;
    for (let i = 1; i <= count; i++) finished[i] = fromMs + Math.floor(rng.next() * (toMs - fromMs) / 1000) * 1000;
    finished.subarray(1).sort();
    finishedByService.push(finished);

    // A linear history: position p is the p-th commit; a deployment deploys one position.
    const history: Commit[] = [];
    const commitAt = (position: number, deployedMs: number): Commit => {
      while (history.length <= position) {
        // Authored between minutes and days before its deployment; a rare clock skew after it.
        const skew = rng.chance(0.001);
        const authoredMs = skew ? deployedMs + rng.int(1, 600) * 1000 : deployedMs - Math.floor(-Math.log(1 - rng.next()) * 20 * HOUR) - 5 * MINUTE;
        const parents = history.length === 0 ? [] : [history[history.length - 1]!.sha];
        history.push({ sha: shaOf(s, history.length), authoredAt: iso(authoredMs), committedAt: iso(authoredMs + rng.int(0, 3600) * 1000), parents });
      }
      return history[position]!;
    };

    const positions: number[] = [];
    const shas: string[] = [];
    let highWater = 0;
    let previousKind: "new" | "redeploy" | "rollback" = "new";
    for (let i = 0; i <= count; i++) {
      const deployedMs = finished[i]!;
      let position: number;
      let kind: "new" | "redeploy" | "rollback" = "new";
      const roll = rng.next();
      // Back to the last release before the high water (when there is one).
      const rollbackTo = i > 1 && previousKind !== "rollback" && roll < 0.005 ? positions.findLast((p) => p < highWater) : undefined;
      if (rollbackTo !== undefined) kind = "rollback";
      else if (i > 0 && previousKind !== "rollback" && roll < 0.025) kind = "redeploy";
      if (kind === "redeploy") {
        position = positions[i - 1]!;
      } else if (rollbackTo !== undefined) {
        position = rollbackTo;
      } else {
        // 1..2k−1 new commits (mean ≈ commitsPerDeployment).
        const added = i === 0 ? 1 : 1 + Math.floor(rng.next() * (2 * commitsPerDeployment - 1));
        position = highWater + added;
      }
      const head = commitAt(position, deployedMs);
      const uid = uidOf(s, i);
      const name = flat(`deploy-${service}-${rng.suffix(5)}`);
      deployments.push({
        id: uid,
        name,
        namespace: "argo",
        service,
        repo,
        sha: head.sha,
        environment: "production",
        status: "succeeded",
        startedAt: iso(deployedMs - rng.int(10, 90) * MINUTE),
        finishedAt: iso(deployedMs),
        // The metrics never read workflow nodes (the backfill does): left out to measure the metrics.
        steps: options.steps ? stepsOf(name, deployedMs) : NO_STEPS,
        url: flat(`https://argo.example.com/archived-workflows/argo/${uid}`),
      });
      if (i === 0) commits.push({ ...head, repo });
      positions.push(position);
      shas.push(head.sha);
      if (kind === "new") highWater = position;
      previousKind = kind;
    }
    shasByService.push(shas);
    // The commit graph the GitHub rounds would have fetched: the service's whole linear history.
    const graph = graphs.get(repo);
    if (graph) graph.commits.push(...history);
    else graphs.set(repo, { repo, root: history[0]!.sha, commits: history });
  }

  const incidents: Incident[] = [];
  for (let n = 0; n < size.incidents; n++) {
    const s = rng.int(0, size.services - 1);
    const service = services[s]!;
    const startedMs = fromMs + Math.floor(rng.next() * (toMs - fromMs) / 1000) * 1000;
    const labels: Record<string, string> = rng.chance(0.01) ? { service: "unknown" } : { service: service.name, team: `team-${s % 40}` };
    if (rng.chance(0.1)) {
      // Labelled with the SHA of the service's deployment just before the start.
      const finished = finishedByService[s]!;
      let low = 0;
      let high = finished.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (finished[middle]! <= startedMs) low = middle;
        else high = middle - 1;
      }
      labels["commit"] = shasByService[s]![low]!.slice(0, 12);
    }
    const active = rng.chance(0.005);
    incidents.push({
      id: String(100_000 + n),
      title: `Elevated error rate on ${service.name}`,
      severity: rng.pick(["critical", "major", "minor"]),
      status: active ? "active" : "resolved",
      isDrill: rng.chance(0.02),
      labels,
      startedAt: iso(startedMs),
      ...(active ? {} : { resolvedAt: iso(startedMs + Math.floor(-Math.log(1 - rng.next()) * 3 * HOUR) + MINUTE) }),
    });
  }

  return {
    input: { deployments, comparisons: [], missingComparisons: [], commits, missingCommits: [], commitGraphs: [...graphs.values()], incidents },
    scope: {
      window: { from: new Date(fromMs), to: new Date(toMs), timezone: "Europe/Berlin" },
      now: new Date(toMs),
      generatedAt: new Date(toMs),
      services,
      bucket: "week",
    },
    options: DEFAULT_METRICS_OPTIONS,
  };
}

/** Argo's nodes of a run: the DAG node (id = the workflow name) and its four tasks, in real shapes. */
function stepsOf(workflow: string, productionEndMs: number): DeploymentStep[] {
  const start = productionEndMs - 40 * MINUTE;
  const task = (name: string, templateName: string, type: string, fromMs: number, toMs: number): DeploymentStep => ({
    id: `${workflow}-${mix32(fromMs / 1000 + name.length)}`,
    name,
    templateName,
    type,
    phase: "Succeeded",
    startedAt: iso(fromMs),
    finishedAt: iso(toMs),
  });
  return [
    { id: workflow, name: workflow, templateName: "main", type: "DAG", phase: "Succeeded", startedAt: iso(start), finishedAt: iso(productionEndMs + 20_000) },
    task("build", "build-image", "Pod", start, start + 8 * MINUTE),
    task("deploy-staging", "deploy", "Pod", start + 8 * MINUTE, start + 14 * MINUTE),
    task("approve", "approval", "Suspend", start + 14 * MINUTE, productionEndMs - 5 * MINUTE),
    task("deploy-production", "deploy", "Pod", productionEndMs - 5 * MINUTE, productionEndMs),
  ];
}
