// Argo Workflow JSON (archive GET, archive list item or live CRD) → Deployment. Pure: no I/O.
// A run is a deployment only when its production step ran (or, without a production step, when the
// whole workflow finished); runs stopped at the manual approval or failed in staging are normal and
// produce neither a deployment nor a warning.

import type { ServiceConfig } from "../../config/schema.js";
import type { Deployment, DeploymentStatus, DeploymentStep } from "../../model/deployment.js";
import type { Warning } from "../../model/warning.js";
import { resolveProductionStep } from "./production-step.js";
import { isRecord, nonEmptyText, record } from "../../util/json-guards.js";

export interface NormalizeWorkflowOptions {
  /** Argo UI base URL; gives each deployment its link. */
  argoUiBase?: string;
}

export interface NormalizedWorkflow {
  deployment?: Deployment;
  warnings: Warning[];
}

type Json = Record<string, unknown>;

const SHA_RE = /^[0-9a-f]{7,40}$/;
const RAN_PHASES: Record<string, DeploymentStatus> = { Succeeded: "succeeded", Failed: "failed", Error: "failed" };
const UNFINISHED_PHASES = new Set(["", "Pending", "Running"]);

/** RFC3339 (or null / "" for Go's zero time) → epoch ms; undefined when unset or unreadable. */
function instantMs(value: unknown): number | undefined {
  const raw = nonEmptyText(value);
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

interface ArgoNode {
  step: DeploymentStep;
  displayName?: string;
  templateName?: string;
  /** templateRef.template: the template's name when the node runs a WorkflowTemplate's template. */
  refTemplate?: string;
}

function readNodes(nodes: Json): ArgoNode[] {
  return Object.entries(nodes).map(([key, value]) => {
    const node = record(value);
    const templateName = nonEmptyText(node.templateName);
    const refTemplate = nonEmptyText(record(node.templateRef).template);
    const startedMs = instantMs(node.startedAt);
    const finishedMs = instantMs(node.finishedAt);
    const step: DeploymentStep = {
      id: nonEmptyText(node.id) ?? key,
      name: nonEmptyText(node.displayName) ?? nonEmptyText(node.name) ?? key,
      type: nonEmptyText(node.type) ?? "",
      phase: nonEmptyText(node.phase) ?? "",
      ...(templateName ?? refTemplate ? { templateName: templateName ?? refTemplate } : {}),
      ...(startedMs !== undefined ? { startedMs } : {}),
      ...(finishedMs !== undefined ? { finishedMs } : {}),
    };
    return { step, displayName: nonEmptyText(node.displayName), templateName, refTemplate };
  });
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Nodes by start time, then id; nodes that never started go last. */
function sortSteps(steps: DeploymentStep[]): DeploymentStep[] {
  return [...steps].sort((a, b) => {
    if (a.startedMs !== b.startedMs) {
      if (a.startedMs === undefined) return 1;
      if (b.startedMs === undefined) return -1;
      return a.startedMs - b.startedMs;
    }
    return byCodeUnits(a.id, b.id);
  });
}

function parameterValue(parameters: unknown, name: string): string | undefined {
  if (!Array.isArray(parameters)) return undefined;
  const parameter = parameters.map(record).find((p) => p.name === name);
  if (!parameter) return undefined;
  return typeof parameter.value === "string" ? parameter.value : typeof parameter.default === "string" ? parameter.default : undefined;
}

/** The raw commit value per `workflows.commit` (parameter:NAME, label:KEY, annotation:KEY). */
export function readCommitValue(workflow: unknown, commitSource: string): string | undefined {
  const doc = record(workflow);
  const separator = commitSource.indexOf(":");
  const kind = commitSource.slice(0, separator);
  const key = commitSource.slice(separator + 1);
  const metadata = record(doc.metadata);
  if (kind === "label" || kind === "annotation") {
    const value = record(kind === "label" ? metadata.labels : metadata.annotations)[key];
    return typeof value === "string" ? value : undefined;
  }
  if (kind === "parameter") {
    // Arguments given at submission win; a WorkflowTemplate's own arguments supply the defaults.
    return (
      parameterValue(record(record(doc.spec).arguments).parameters, key) ??
      parameterValue(record(record(record(doc.status).storedWorkflowTemplateSpec).arguments).parameters, key)
    );
  }
  return undefined;
}

/** Turns one Workflow document into a production Deployment of `service`, or explains why not. */
export function normalizeWorkflow(workflow: unknown, service: ServiceConfig, options: NormalizeWorkflowOptions = {}): NormalizedWorkflow {
  const warnings: Warning[] = [];
  const doc = record(workflow);
  const metadata = record(doc.metadata);
  const status = record(doc.status);
  const uid = nonEmptyText(metadata.uid);
  const name = nonEmptyText(metadata.name) ?? uid ?? "(unnamed workflow)";
  const namespace = nonEmptyText(metadata.namespace) ?? "";
  const phase = nonEmptyText(status.phase) ?? "";
  const productionStep = service.workflows.productionStep;
  const nodes = isRecord(status.nodes) ? readNodes(status.nodes) : [];

  let outcome: DeploymentStatus | undefined;
  let finishedMs: number | undefined;
  if (productionStep !== undefined) {
    if (nodes.length === 0) {
      if (!UNFINISHED_PHASES.has(phase)) {
        warnings.push({
          code: "workflow-without-nodes",
          message: `workflow ${name} has no status.nodes, so its production step "${productionStep}" cannot be found`,
          subject: name,
        });
      }
      return { warnings };
    }
    const step = resolveProductionStep(doc, record(status.nodes), name, {
      name: productionStep,
      ...(service.workflows.productionStepPath ? { path: service.workflows.productionStepPath } : {}),
    });
    warnings.push(...step.warnings);
    outcome = step.outcome;
    finishedMs = instantMs(step.finishedAt);
  } else {
    outcome = RAN_PHASES[phase];
    finishedMs = instantMs(status.finishedAt);
  }
  // Not reached production (approval pending or stopped, staging failed, still running): normal.
  if (outcome === undefined) return { warnings };

  if (finishedMs === undefined) {
    warnings.push({
      code: "workflow-without-finish",
      message: `workflow ${name} ${productionStep ? `ran its production step "${productionStep}"` : "finished"} but has no finishedAt; it is left out`,
      subject: name,
    });
    return { warnings };
  }
  if (uid === undefined) {
    warnings.push({ code: "workflow-without-uid", message: `workflow ${name} has no metadata.uid; it is left out`, subject: name });
    return { warnings };
  }

  const commitSource = service.workflows.commit;
  const rawCommit = readCommitValue(doc, commitSource)?.trim();
  if (rawCommit === undefined || rawCommit === "") {
    warnings.push({
      code: "missing-commit-sha",
      message: `workflow ${name} has no commit SHA in ${commitSource}; it is left out`,
      subject: name,
    });
    return { warnings };
  }
  const sha = rawCommit.toLowerCase();
  if (!SHA_RE.test(sha)) {
    const shown = rawCommit.length > 60 ? `${rawCommit.slice(0, 60)}…` : rawCommit;
    warnings.push({
      code: "invalid-commit-sha",
      message: `workflow ${name} has "${shown}" in ${commitSource}, which is not a commit SHA (7 to 40 hex digits); it is left out`,
      subject: name,
    });
    return { warnings };
  }

  const startedMs = instantMs(status.startedAt) ?? instantMs(metadata.creationTimestamp) ?? finishedMs;
  const uiBase = options.argoUiBase?.replace(/\/+$/, "");
  const deployment: Deployment = {
    id: uid,
    name,
    namespace,
    service: service.name,
    repo: service.repo,
    sha,
    environment: "production",
    status: outcome,
    startedMs,
    finishedMs,
    steps: sortSteps(nodes.map((node) => node.step)),
    ...(uiBase ? { url: `${uiBase}/archived-workflows/${namespace}/${uid}` } : {}),
  };
  return { deployment, warnings };
}
