import { record, nonEmptyText } from "../../util/json-guards.js";
// Pure guesses over Workflow documents: which parameter, label or annotation holds the deployed
// commit, which node is the production step, which value names the repository, and a service name
// for a workflow template. Each guess counts the runs that support it, so a proposal can say why.



/** A guess and how many of the inspected runs support it. */
export interface Candidate {
  value: string;
  runs: number;
  of: number;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;
const COMMIT_NAME = /sha|commit|revision|rev\b|git/i;

/** `name → value` of the run's parameters (submitted arguments, then the template's defaults). */
export function runParameters(run: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const lists = [
    record(record(record(run).spec).arguments).parameters,
    record(record(record(record(run).status).storedWorkflowTemplateSpec).arguments).parameters,
  ];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const parameter of list.map(record)) {
      const name = nonEmptyText(parameter.name);
      const value = nonEmptyText(parameter.value) ?? nonEmptyText(parameter.default);
      if (name && value !== undefined && !out.has(name)) out.set(name, value);
    }
  }
  return out;
}

function stringMap(value: unknown): Map<string, string> {
  return new Map(Object.entries(record(value)).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** Every `parameter:NAME`, `label:KEY`, `annotation:KEY` whose value is a full 40-hex SHA, best first. */
export function commitCandidates(runs: readonly unknown[]): Candidate[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const metadata = record(record(run).metadata);
    const sources: Array<[string, Map<string, string>]> = [
      ["parameter", runParameters(run)],
      ["label", stringMap(metadata.labels)],
      ["annotation", stringMap(metadata.annotations)],
    ];
    const seen = new Set<string>();
    for (const [kind, values] of sources) {
      for (const [name, value] of values) {
        if (FULL_SHA.test(value.trim())) seen.add(`${kind}:${name}`);
      }
    }
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const kindRank = (key: string) => (key.startsWith("parameter:") ? 0 : key.startsWith("label:") ? 1 : 2);
  return [...counts]
    .map(([value, count]) => ({ value, runs: count, of: runs.length }))
    .sort(
      (a, b) =>
        b.runs - a.runs ||
        Number(COMMIT_NAME.test(b.value.slice(b.value.indexOf(":") + 1))) - Number(COMMIT_NAME.test(a.value.slice(a.value.indexOf(":") + 1))) ||
        kindRank(a.value) - kindRank(b.value) ||
        a.value.localeCompare(b.value),
    );
}

const PRODUCTION = /prod/i;
const NOT_PRODUCTION = /(pre|non)[-_.]?prod/i;
const DEPLOY_VERB = /deploy|release|rollout|promote|apply|sync|ship|publish/i;
/** Nodes that group or wait: never the step that deploys. */
const NOT_A_STEP = new Set(["StepGroup", "TaskGroup", "Suspend", "Skipped"]);
const RAN = new Set(["Succeeded", "Failed", "Error"]);

/** The names a run's nodes answer to (displayName, templateName, templateRef.template), with whether they ran. */
function nodeNamesOf(run: unknown): Map<string, boolean> {
  const names = new Map<string, boolean>();
  const workflowName = nonEmptyText(record(record(run).metadata).name);
  for (const [key, value] of Object.entries(record(record(record(run).status).nodes))) {
    const node = record(value);
    if ((nonEmptyText(node.id) ?? key) === workflowName) continue; // the root node is the whole run
    if (NOT_A_STEP.has(nonEmptyText(node.type) ?? "")) continue;
    const ran = RAN.has(nonEmptyText(node.phase) ?? "");
    for (const name of [nonEmptyText(node.displayName), nonEmptyText(node.templateName), nonEmptyText(record(node.templateRef).template)]) {
      // Retry and loop children ("deploy(0)", "deploy(1:x)") repeat their parent's name.
      if (name === undefined || name.includes("(")) continue;
      names.set(name, (names.get(name) ?? false) || ran);
    }
  }
  return names;
}

/** Every node name seen in the runs (for messages and prompts), sorted. */
export function nodeNames(runs: readonly unknown[]): string[] {
  return [...new Set(runs.flatMap((run) => [...nodeNamesOf(run).keys()]))].sort();
}

/** Node names that look like a production deployment step, best first: in most runs that ran it, deploy-like names first. */
export function productionStepCandidates(runs: readonly unknown[]): Candidate[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const [name, ran] of nodeNamesOf(run)) {
      if (!PRODUCTION.test(name) || NOT_PRODUCTION.test(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + (ran ? 1 : 0));
    }
  }
  return [...counts]
    .map(([value, count]) => ({ value, runs: count, of: runs.length }))
    .sort((a, b) => b.runs - a.runs || Number(DEPLOY_VERB.test(b.value)) - Number(DEPLOY_VERB.test(a.value)) || a.value.length - b.value.length || a.value.localeCompare(b.value));
}

const REPO_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const REPO_HINT = /repo|git|source|project|url/i;

/** `owner/name` from a GitHub-style URL (https, ssh, scp-like) or, when the key says repo, a bare owner/name. */
export function repoFromValue(key: string, value: string): string | undefined {
  const trimmed = value.trim();
  const scp = /^git@[^:]+:([^/]+\/[^/]+?)(\.git)?\/?$/.exec(trimmed);
  if (scp) return scp[1];
  if (/^(https?|ssh|git):\/\//.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      const parts = url.pathname.replace(/\.git\/?$/, "").split("/").filter(Boolean);
      const githubLike = url.hostname === "github.com" || url.hostname.startsWith("github.") || trimmed.endsWith(".git") || REPO_HINT.test(key);
      if (parts.length === 2 && githubLike) return `${parts[0]}/${parts[1]}`;
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (REPO_HINT.test(key) && REPO_NAME.test(trimmed) && !trimmed.includes("..")) return trimmed.replace(/\.git$/, "");
  return undefined;
}

/** Repositories named by the runs' parameters or annotations (label values cannot hold a '/'), most runs first. */
export function repoCandidates(runs: readonly unknown[]): Array<Candidate & { from: string }> {
  // Keyed case-insensitively (GitHub is); the first spelling and source seen are kept.
  const found = new Map<string, { value: string; runs: number; from: string }>();
  for (const run of runs) {
    const inRun = new Set<string>();
    const sources: Array<[string, Map<string, string>]> = [
      ["parameter", runParameters(run)],
      ["annotation", stringMap(record(record(run).metadata).annotations)],
    ];
    for (const [kind, values] of sources) {
      for (const [key, value] of values) {
        const repo = repoFromValue(key, value);
        if (!repo || inRun.has(repo.toLowerCase())) continue;
        inRun.add(repo.toLowerCase());
        const entry = found.get(repo.toLowerCase()) ?? { value: repo, runs: 0, from: `${kind}:${key}` };
        entry.runs++;
        found.set(repo.toLowerCase(), entry);
      }
    }
  }
  return [...found.values()]
    .map((entry) => ({ ...entry, of: runs.length }))
    .sort((a, b) => b.runs - a.runs || a.value.localeCompare(b.value));
}

const AFFIXES_BEFORE = /^(deploy|deployment|cd|release|pipeline|ci)[-_.]/i;
const AFFIXES_AFTER = /[-_.](deploy|deployment|cd|release|pipeline|workflow|production|prod)$/i;

/** A service name for a workflow template: `deploy-checkout` → `checkout`, `search-cd` → `search`. */
export function serviceNameFor(template: string): string {
  let name = template;
  for (let i = 0; i < 2; i++) {
    const shorter = name.replace(AFFIXES_BEFORE, "").replace(AFFIXES_AFTER, "");
    if (shorter === "" || shorter === name) break;
    name = shorter;
  }
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  return cleaned === "" ? "service" : cleaned;
}

/** Every parameter name seen (for messages), sorted. */
export function parameterNames(runs: readonly unknown[]): string[] {
  return [...new Set(runs.flatMap((run) => [...runParameters(run).keys()]))].sort();
}

const FINISHED = new Set(["Succeeded", "Failed", "Error"]);

/** Whether a (list or full) run has finished. */
export function isFinishedRun(run: unknown): boolean {
  return FINISHED.has(nonEmptyText(record(record(run).status).phase) ?? "");
}

export const runUid = (run: unknown): string | undefined => nonEmptyText(record(record(run).metadata).uid);
export const runName = (run: unknown): string => nonEmptyText(record(record(run).metadata).name) ?? runUid(run) ?? "(unnamed)";

/** Whether a run has a node answering to `step` the way the report finds the production step (displayName, templateName, templateRef.template). */
export function runHasNode(run: unknown, step: string): boolean {
  return Object.values(record(record(record(run).status).nodes)).some((value) => {
    const node = record(value);
    return node.displayName === step || node.templateName === step || record(node.templateRef).template === step;
  });
}
