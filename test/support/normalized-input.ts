// The generated world (generated-world.ts) in the normalized model: what the sources hand to the
// metrics (deployments and incidents with ISO instants and 40-hex SHAs, commit graphs as the
// columns the cache store loads them into).

import type { RepoCommit } from "../../src/model/commit.js";
import { CommitTableBuilder, type CommitGraphTable } from "../../src/model/commit-table.js";
import type { Deployment, DeploymentStep } from "../../src/model/deployment.js";
import type { Incident } from "../../src/model/incident.js";
import type { ServiceDefinition } from "../../src/model/service.js";
import type { MetricsInput, MetricsOptions, ReportScope } from "../../src/metrics/options.js";
import { DEFAULT_METRICS_OPTIONS } from "../../src/metrics/options.js";
import { generateWorld, SEVERITIES, type GeneratedWorld, type NormalizedSize } from "./generated-world.js";

export { FULL_SIZE, scaled, type NormalizedSize } from "./generated-world.js";

export interface NormalizedDataset {
  input: MetricsInput;
  scope: ReportScope;
  options: MetricsOptions;
}

const MINUTE = 60_000;
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
/** The SHA of commit `position` of a service, written into `into` (20 bytes). */
function writeShaOf(service: number, position: number, into: Buffer): Buffer {
  const seed = service * 0x10000 + position;
  for (let part = 0; part < 5; part++) into.writeUInt32BE(mix32(seed * 5 + part + 0x9e3779b9), part * 4);
  return into;
}
function shaOf(service: number, position: number): string {
  return writeShaOf(service, position, shaBytes).toString("hex");
}
function uidOf(service: number, index: number): string {
  const a = hex8(mix32(service * 7919 + index * 104729 + 1));
  const b = hex8(mix32(service * 15485863 + index + 2));
  return flat(`${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${hex8(mix32(index * 31 + service)).slice(0, 3)}-${hex8(mix32(index + service * 131 + 3))}${b.slice(0, 4)}`);
}

/** Deterministic for a seed and a size. `steps`: give each run its five Argo nodes (the backfill's spans). */
export function generateNormalizedInput(size: NormalizedSize, seed = 42, options: { steps?: boolean } = {}): NormalizedDataset {
  return normalizedInputOf(generateWorld(size, seed), options);
}

/** The world as the sources normalize it: deployments, commit graphs and incidents with ISO instants and SHAs. */
export function normalizedInputOf(world: GeneratedWorld, options: { steps?: boolean } = {}): NormalizedDataset {
  const { fromMs, toMs } = world;
  const services: ServiceDefinition[] = world.serviceNames.map((name) => ({ name, repo: `acme/${name}`, incidentLabels: { service: name } }));
  const deployments: Deployment[] = [];
  const graphs: CommitGraphTable[] = [];
  const parentBytes = Buffer.alloc(20);
  const commits: RepoCommit[] = [];
  const shas: string[] = new Array<string>(world.finishedMs.length);
  const NO_STEPS: never[] = [];

  for (let s = 0; s < services.length; s++) {
    const { name: service, repo } = services[s]!;
    // The commit graph the GitHub rounds would have fetched: the service's whole linear history.
    const from = world.commitStart[s]!;
    const count = world.commitStart[s + 1]! - from;
    const history = new CommitTableBuilder(count, count);
    for (let p = 0; p < count; p++) {
      if (p > 0) writeShaOf(s, p - 1, parentBytes);
      history.pushBytes(writeShaOf(s, p, shaBytes), 0, world.authoredMs[from + p]!, world.committedMs[from + p]!, parentBytes, 0, p === 0 ? 0 : 1);
    }
    graphs.push({ repo, root: shaOf(s, 0), commits: history.build() });
    const first = world.deploymentStart[s]!;
    for (let d = first; d < world.deploymentStart[s + 1]!; d++) {
      const i = d - first;
      const deployedMs = world.finishedMs[d]!;
      const position = world.position[d]!;
      const headSha = shaOf(s, position);
      shas[d] = headSha;
      const uid = uidOf(s, i);
      const name = flat(`deploy-${service}-${hex8(mix32(d * 2654435761)).slice(0, 5)}`);
      deployments.push({
        id: uid,
        name,
        namespace: "argo",
        service,
        repo,
        sha: headSha,
        environment: "production",
        status: "succeeded",
        startedMs: world.startedMs[d]!,
        finishedMs: deployedMs,
        // The metrics never read workflow nodes (the backfill does): left out to measure the metrics.
        steps: options.steps ? stepsOf(name, deployedMs) : NO_STEPS,
        url: flat(`https://argo.example.com/archived-workflows/argo/${uid}`),
      });
      if (i === 0) {
        const c = from + position;
        const parents = position === 0 ? [] : [shaOf(s, position - 1)];
        commits.push({ repo, sha: headSha, authoredAt: iso(world.authoredMs[c]!), committedAt: iso(world.committedMs[c]!), parents });
      }
    }
  }

  const generated = world.incidents;
  const incidents: Incident[] = [];
  for (let n = 0; n < generated.count; n++) {
    const service = services[generated.service[n]!]!;
    const labels: Record<string, string> = generated.unmatched[n] ? { service: "unknown" } : { service: service.name, team: `team-${generated.service[n]! % 40}` };
    if (generated.commitLabel[n]! >= 0) labels["commit"] = shas[generated.commitLabel[n]!]!.slice(0, 12);
    const active = generated.active[n] === 1;
    incidents.push({
      id: String(100_000 + n),
      title: `Elevated error rate on ${service.name}`,
      severity: SEVERITIES[generated.severity[n]!]!,
      status: active ? "active" : "resolved",
      isDrill: generated.drill[n] === 1,
      labels,
      startedMs: generated.startedMs[n]!,
      ...(active ? {} : { resolvedMs: generated.resolvedMs[n]! }),
    });
  }

  return {
    input: { deployments, comparisons: [], missingComparisons: [], commits, missingCommits: [], commitGraphs: graphs, incidents },
    scope: {
      window: { from: new Date(fromMs), to: new Date(toMs), timezone: world.timezone },
      now: new Date(world.nowMs),
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
    startedMs: fromMs,
    finishedMs: toMs,
  });
  return [
    { id: workflow, name: workflow, templateName: "main", type: "DAG", phase: "Succeeded", startedMs: start, finishedMs: productionEndMs + 20_000 },
    task("build", "build-image", "Pod", start, start + 8 * MINUTE),
    task("deploy-staging", "deploy", "Pod", start + 8 * MINUTE, start + 14 * MINUTE),
    task("approve", "approval", "Suspend", start + 14 * MINUTE, productionEndMs - 5 * MINUTE),
    task("deploy-production", "deploy", "Pod", productionEndMs - 5 * MINUTE, productionEndMs),
  ];
}
