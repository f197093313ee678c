// Which nodes of a workflow run are its production step, and what they say (docs/production-step.md).
// Pure: no I/O.
//
// Step names repeat: the same task name at several depths (Argo's nestedDAG: `A` and `D.A`), one
// template used by staging and production, one node per item of a fan-out, one per retry attempt.
// Nodes and the workflow's own template tree are read as logical *paths* (task names below the
// workflow, joined by "."; fan-out items and retry attempts share their step's path). The
// production step is the set of matching paths at the shallowest depth; it ran only if every one of
// them has nodes and all of those nodes ran.

import type { DeploymentStatus } from "../../model/deployment.js";
import type { Warning } from "../../model/warning.js";
import { record, nonEmptyText } from "../../util/json-guards.js";

type Json = Record<string, unknown>;

export interface ProductionStepRule {
  /** displayName (without fan-out / retry suffix), templateName or templateRef.template. */
  name: string;
  /** Pins the step: its path below the workflow, e.g. `release.deploy-production`. */
  path?: string;
}

export interface ProductionStepResult {
  /** Undefined: the production step did not run (completely): not a deployment. */
  outcome?: DeploymentStatus;
  /** Latest finish among the production step's nodes, as the node wrote it (RFC 3339 text). */
  finishedAt?: string;
  warnings: Warning[];
}

const RAN_PHASES: Record<string, DeploymentStatus> = { Succeeded: "succeeded", Failed: "failed", Error: "failed" };
// A task reached through templates deeper than this is not looked for in the spec (cycles, huge trees).
const MAX_SPEC_DEPTH = 12;
const MAX_SPEC_PATHS = 2_000;


/** Removes `(…)` (fan-out items, retry attempts) and `[…]` (step groups), minding nesting. */
function stripGroups(name: string): string {
  let out = "";
  let depth = 0;
  for (const char of name) {
    if (char === "(" || char === "[") depth++;
    else if ((char === ")" || char === "]") && depth > 0) depth--;
    else if (depth === 0) out += char;
  }
  return out;
}

/** A node's logical path below the workflow: `wf.D.A` → `D.A`, `wf[0].sleep(3:three)` → `sleep`. */
export function logicalPath(nodeName: string, workflowName: string): string {
  const relative = nodeName.startsWith(workflowName) ? nodeName.slice(workflowName.length) : nodeName;
  return stripGroups(relative)
    .split(".")
    .filter((segment) => segment !== "")
    .join(".");
}

const depthOf = (path: string) => (path === "" ? 0 : path.split(".").length);

/** Normalizes a configured path the way node names are read (tolerates a leading workflow-less "."). */
const normalizePath = (path: string) => logicalPath(path, "");

interface StepNode {
  path: string;
  phase: string;
  finishedAt?: string;
}

/**
 * Matching nodes of the run. Retry attempts are folded into their Retry node, which carries the
 * step's final phase (and, in newer Argo versions, no templateName: an attempt's match counts).
 */
function matchingNodes(nodes: Json, workflowName: string, rule: ProductionStepRule): StepNode[] {
  const byId = new Map<string, Json>();
  for (const [key, value] of Object.entries(nodes)) byId.set(nonEmptyText(record(value).id) ?? key, record(value));
  const attemptsOf = (node: Json): Json[] =>
    node.type === "Retry" && Array.isArray(node.children) ? node.children.flatMap((child): Json[] => { const attempt = byId.get(String(child)); return attempt ? [attempt] : []; }) : [];
  const attempts = new Set<Json>([...byId.values()].flatMap(attemptsOf));
  const wantedPath = rule.path === undefined ? undefined : normalizePath(rule.path);
  const matchesName = (node: Json): boolean => {
    const displayName = nonEmptyText(node.displayName) ?? "";
    return (
      displayName === rule.name ||
      stripGroups(displayName) === rule.name ||
      nonEmptyText(node.templateName) === rule.name ||
      nonEmptyText(record(node.templateRef).template) === rule.name
    );
  };
  const matches: StepNode[] = [];
  for (const [id, node] of byId) {
    if (attempts.has(node)) continue;
    const path = logicalPath(nonEmptyText(node.name) ?? id, workflowName);
    const matched = wantedPath !== undefined ? path === wantedPath : matchesName(node) || attemptsOf(node).some(matchesName);
    if (!matched) continue;
    const finishedAt = nonEmptyText(node.finishedAt);
    matches.push({ path, phase: nonEmptyText(node.phase) ?? "", ...(finishedAt ? { finishedAt } : {}) });
  }
  return matches;
}

interface SpecTask {
  name: string;
  template?: string;
  refTemplate?: string;
}

function tasksOf(template: Json): SpecTask[] {
  const raw: unknown[] = [];
  const dag = record(template.dag);
  if (Array.isArray(dag.tasks)) raw.push(...dag.tasks);
  if (Array.isArray(template.steps)) for (const group of template.steps) if (Array.isArray(group)) raw.push(...group);
  return raw.map(record).flatMap((task) => {
    const name = nonEmptyText(task.name);
    if (name === undefined) return [];
    const template = nonEmptyText(task.template);
    const refTemplate = nonEmptyText(record(task.templateRef).template);
    return [{ name, ...(template ? { template } : {}), ...(refTemplate ? { refTemplate } : {}) }];
  });
}

/**
 * The paths of the tasks and steps the workflow declares that match the rule, walking its own
 * templates from the entrypoint: a step that was never reached has no node, but it is in the spec.
 */
function declaredPaths(doc: Json, rule: ProductionStepRule): string[] {
  const spec = record(doc.spec);
  const stored = record(record(doc.status).storedWorkflowTemplateSpec);
  const templates = new Map<string, Json>();
  for (const source of [stored.templates, spec.templates]) {
    if (!Array.isArray(source)) continue;
    for (const template of source.map(record)) {
      const name = nonEmptyText(template.name);
      if (name !== undefined) templates.set(name, template);
    }
  }
  const entrypoint = nonEmptyText(spec.entrypoint) ?? nonEmptyText(stored.entrypoint);
  if (entrypoint === undefined || !templates.has(entrypoint)) return [];
  const found = new Set<string>();
  let visited = 0;
  const walk = (templateName: string, prefix: string, depth: number) => {
    const template = templates.get(templateName);
    if (template === undefined || depth > MAX_SPEC_DEPTH || ++visited > MAX_SPEC_PATHS) return;
    for (const task of tasksOf(template)) {
      const path = prefix === "" ? task.name : `${prefix}.${task.name}`;
      if (task.name === rule.name || task.template === rule.name || task.refTemplate === rule.name) found.add(path);
      if (task.template !== undefined) walk(task.template, path, depth + 1);
    }
  };
  walk(entrypoint, "", 1);
  return [...found];
}

/** The production step of one run: did it run, how did it end, when did it finish. */
export function resolveProductionStep(doc: Json, nodes: Json, workflowName: string, rule: ProductionStepRule): ProductionStepResult {
  const warnings: Warning[] = [];
  const observed = matchingNodes(nodes, workflowName, rule);
  const candidates = new Set(observed.map((node) => node.path));
  if (rule.path !== undefined) {
    // Pinned: exactly that path; the spec is not consulted.
    if (observed.length === 0) return { warnings };
  } else {
    for (const path of declaredPaths(doc, rule)) candidates.add(path);
    if (candidates.size > 1) {
      const listed = [...candidates].sort((a, b) => depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0));
      warnings.push({
        code: "production-step-ambiguous",
        message:
          `workflow ${workflowName}: productionStep "${rule.name}" matches ${listed.length} different steps (${listed.join(", ")}); ` +
          `the shallowest is used (${listed.filter((path) => depthOf(path) === depthOf(listed[0]!)).join(", ")}). ` +
          `Set workflows.productionStepPath to the production step's path to pin it`,
        subject: workflowName,
      });
    }
  }
  if (candidates.size === 0) return { warnings };
  const shallowest = Math.min(...[...candidates].map(depthOf));
  const level = [...candidates].filter((path) => depthOf(path) === shallowest);
  const levelNodes = observed.filter((node) => depthOf(node.path) === shallowest);

  // Every step of the level must have run (a node of it Succeeded, Failed or Error: an Omitted or
  // Skipped node, or none, means the run stopped before it). Then one failed node (a region of a
  // fan-out) makes a failed rollout.
  const reached = level.every((path) => levelNodes.some((node) => node.path === path && RAN_PHASES[node.phase] !== undefined));
  if (!reached) return { warnings };
  const finishedAt = levelNodes.reduce<string | undefined>((latest, node) => {
    if (node.finishedAt === undefined || RAN_PHASES[node.phase] === undefined) return latest;
    return latest === undefined || Date.parse(node.finishedAt) > Date.parse(latest) ? node.finishedAt : latest;
  }, undefined);
  const outcome = levelNodes.some((node) => RAN_PHASES[node.phase] === "failed") ? "failed" : "succeeded";
  return { outcome, ...(finishedAt ? { finishedAt } : {}), warnings };
}
