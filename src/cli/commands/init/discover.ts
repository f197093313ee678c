// `dora init`'s discovery: from the workflow templates the archive (or cluster) knows and their
// recent runs, propose one service per template that deploys a commit — its selector, production
// step, commit source and repository (checked against GitHub) — and the incident labels that name it.
// No printing: the CLI shows the proposals, asks on a terminal, and writes the file.

import type { Incident } from "../../../model/incident.js";
import { getRepository, type GitHubAccessOptions } from "../../../sources/github/repository-access.js";
import { probe } from "../../workflow-discovery/probe.js";
import type { TemplateLabel, WorkflowCatalog } from "../../workflow-discovery/workflow-catalog.js";
import { labelPairs } from "../../../metrics/incident-labels.js";
import {
  commitCandidates,
  nodeNames,
  parameterNames,
  productionStepCandidates,
  repoCandidates,
  serviceNameFor,
  type Candidate,
} from "../../workflow-discovery/workflow-heuristics.js";

/** A proposed value and why (becomes a YAML comment). */
export interface Guess<T = string> {
  value: T;
  reason: string;
}

export type RepoCheck = "found" | "not-found" | "unchecked";

export interface ServiceProposal {
  name: string;
  template: TemplateLabel;
  labelSelector: string;
  /** Runs listed since the discovery start (at most the list limit). */
  runs: number;
  /** Finished runs read in full. */
  inspected: number;
  productionStep?: Guess;
  /** Every node name that looks like production (for prompts). */
  productionStepOptions: string[];
  /** Every node name seen. */
  nodeNames: string[];
  commit?: Guess;
  commitOptions: string[];
  parameterNames: string[];
  repo?: Guess & { check: RepoCheck };
  repoOptions: string[];
  incidentLabels?: Guess<Record<string, string>>;
}

export interface Discovery {
  services: ServiceProposal[];
  /** Templates that are not proposed, and why. */
  skipped: Array<{ template: TemplateLabel; reason: string }>;
  /** Incident label keys and their values seen on the incidents read. */
  incidentLabels: Array<{ key: string; values: string[] }>;
  /** How many incidents were read (undefined: Grafana not configured). */
  incidentsRead?: number;
}

export interface DiscoveryInput {
  catalog: WorkflowCatalog;
  github: GitHubAccessOptions;
  /** Recent incidents, when Grafana is configured. */
  incidents?: Incident[];
  /** Runs started at or after this instant are read. */
  since: Date;
  /** Runs listed per template (default 50) and read in full (default 5). */
  listLimit?: number;
  inspectLimit?: number;
  onProgress?: (message: string) => void;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const ratio = (candidate: Candidate) => `${candidate.runs} of ${candidate.of}`;

/** GitHub's answer on a repository name: its canonical spelling, not found, or unknown (token/network trouble). */
async function checkRepo(github: GitHubAccessOptions, repo: string): Promise<{ check: RepoCheck; fullName: string }> {
  const outcome = await probe(() => getRepository(github, repo));
  if (outcome.kind === "ok") return { check: "found", fullName: outcome.value.fullName };
  if (outcome.kind === "http" && outcome.status === 404) return { check: "not-found", fullName: repo };
  return { check: "unchecked", fullName: repo };
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}-${n}`;
  taken.add(candidate);
  return candidate;
}

export async function discoverSetup(input: DiscoveryInput): Promise<Discovery> {
  const listLimit = input.listLimit ?? 50;
  const inspectLimit = input.inspectLimit ?? 5;
  const services: ServiceProposal[] = [];
  const skipped: Discovery["skipped"] = [];
  const names = new Set<string>();

  const templates = await input.catalog.templates();
  for (const template of templates) {
    const labelSelector = `${template.key}=${template.value}`;
    input.onProgress?.(`reading runs of ${template.value}`);
    const listed = await input.catalog.listRuns(labelSelector, input.since, listLimit);
    const runs = await input.catalog.fullRuns(listed, inspectLimit);
    if (runs.length === 0) {
      skipped.push({ template, reason: listed.length === 0 ? `no run since ${day(input.since)}` : `no finished run since ${day(input.since)}` });
      continue;
    }
    const commits = commitCandidates(runs);
    const bestCommit = commits[0];
    if (!bestCommit) {
      skipped.push({ template, reason: `no parameter, label or annotation holds a 40-hex commit SHA in the ${runs.length} latest run(s) read` });
      continue;
    }
    const steps = productionStepCandidates(runs);
    const bestStep = steps.find((step) => step.runs > 0);
    const proposal: ServiceProposal = {
      name: uniqueName(serviceNameFor(template.value), names),
      template,
      labelSelector,
      runs: listed.length,
      inspected: runs.length,
      productionStepOptions: steps.map((step) => step.value),
      nodeNames: nodeNames(runs),
      commit: { value: bestCommit.value, reason: `a 40-hex SHA in ${ratio(bestCommit)} runs read` },
      commitOptions: commits.map((commit) => commit.value),
      parameterNames: parameterNames(runs),
      repoOptions: [],
      ...(bestStep ? { productionStep: { value: bestStep.value, reason: `ran in ${ratio(bestStep)} runs read` } } : {}),
    };

    input.onProgress?.(`checking the repository of ${proposal.name} on GitHub`);
    const repos = repoCandidates(runs);
    proposal.repoOptions = repos.map((repo) => repo.value);
    for (const candidate of repos) {
      const checked = await checkRepo(input.github, candidate.value);
      const verdict = checked.check === "found" ? "found on GitHub" : checked.check === "not-found" ? "NOT found on GitHub: check it" : "not checked on GitHub";
      const guess = { value: checked.fullName, reason: `from ${candidate.from} (${ratio(candidate)} runs), ${verdict}`, check: checked.check };
      if (checked.check === "found") {
        proposal.repo = guess;
        break;
      }
      proposal.repo ??= guess;
    }
    services.push(proposal);
  }

  await guessMissingRepos(services, input.github);
  const incidentLabels = input.incidents ? matchIncidentLabels(services, input.incidents) : [];
  return { services, skipped, incidentLabels, ...(input.incidents ? { incidentsRead: input.incidents.length } : {}) };
}

/** A service without a repository in its runs: try `<owner>/<name>` for the owners of the repositories found. */
async function guessMissingRepos(services: ServiceProposal[], github: GitHubAccessOptions): Promise<void> {
  const owners = [...new Set(services.filter((s) => s.repo?.check === "found").map((s) => s.repo!.value.split("/")[0]!))];
  for (const service of services) {
    if (service.repo) continue;
    for (const owner of owners) {
      for (const name of [...new Set([service.name, service.template.value])]) {
        const checked = await checkRepo(github, `${owner}/${name}`);
        if (checked.check === "found") {
          service.repo = { value: checked.fullName, reason: "no run names a repository: guessed from the service name and the owner of the others, found on GitHub", check: "found" };
          break;
        }
      }
      if (service.repo) break;
    }
  }
}

/**
 * Incident labels per service: a label whose value is the service's name, template or repository
 * name. When several keys match, the key that names the most services wins (one convention per
 * Grafana stack), then the most incidents. Returns every key and value seen.
 */
function matchIncidentLabels(services: ServiceProposal[], incidents: Incident[]): Discovery["incidentLabels"] {
  const seen = new Map<string, Set<string>>();
  for (const incident of incidents) {
    for (const [key, value] of labelPairs(incident.labels)) {
      const values = seen.get(key) ?? new Set<string>();
      values.add(value);
      seen.set(key, values);
    }
  }
  const matches = new Map<ServiceProposal, Map<string, { value: string; incidents: number }>>();
  const servicesPerKey = new Map<string, number>();
  for (const service of services) {
    const aliases = new Set([service.name, service.template.value, service.repo?.value.split("/")[1] ?? ""].filter(Boolean).map((a) => a.toLowerCase()));
    const byKey = new Map<string, { value: string; incidents: number }>();
    for (const incident of incidents) {
      for (const [key, value] of labelPairs(incident.labels)) {
        if (!aliases.has(value.toLowerCase())) continue;
        const entry = byKey.get(key) ?? { value, incidents: 0 };
        entry.incidents++;
        byKey.set(key, entry);
      }
    }
    matches.set(service, byKey);
    for (const key of byKey.keys()) servicesPerKey.set(key, (servicesPerKey.get(key) ?? 0) + 1);
  }
  for (const service of services) {
    const byKey = [...(matches.get(service) ?? new Map<string, { value: string; incidents: number }>())];
    byKey.sort((a, b) => (servicesPerKey.get(b[0]) ?? 0) - (servicesPerKey.get(a[0]) ?? 0) || b[1].incidents - a[1].incidents || a[0].localeCompare(b[0]));
    const best = byKey[0];
    if (best) {
      service.incidentLabels = { value: { [best[0]]: best[1].value }, reason: `label ${best[0]}=${best[1].value} on ${best[1].incidents} recent incident(s)` };
    }
  }
  return [...seen].map(([key, values]) => ({ key, values: [...values].sort() })).sort((a, b) => a.key.localeCompare(b.key));
}
