// Where `dora init` and `dora doctor` read workflow runs from: the Argo Server archive, or the live
// Workflow objects of the cluster (argo.source: cluster). Both answer the same three questions.

import type { KubeConfig } from "@kubernetes/client-node";
import type { ArchiveBrowser } from "../../sources/argo/archive-browse.js";
import { listWorkflowPage } from "../../sources/kubernetes/workflow-access.js";
import { isFinishedRun, runUid } from "./workflow-heuristics.js";

type Json = Record<string, unknown>;

/** A workflow template as the archive labels its runs. */
export interface TemplateLabel {
  key: string;
  value: string;
}

export interface WorkflowCatalog {
  /** Workflow templates that have runs, by label. */
  templates(): Promise<TemplateLabel[]>;
  /** Runs matching the selector started at or after `since`, newest first, at most `limit` (list items: maybe without nodes). */
  listRuns(labelSelector: string, since: Date, limit: number): Promise<Json[]>;
  /** The full documents (nodes, parameters) of the newest finished runs among `runs`, at most `limit`. */
  fullRuns(runs: readonly Json[], limit: number): Promise<Json[]>;
}

/** Labels the controller sets from the template a run was submitted from (docs/api-shapes.md), in order of preference. */
export const TEMPLATE_LABEL_KEYS = [
  "workflows.argoproj.io/workflow-template",
  "workflows.argoproj.io/cluster-workflow-template",
  "workflows.argoproj.io/cron-workflow",
] as const;

const startedMs = (run: Json): number => {
  const value = (run.status as Json | undefined)?.startedAt;
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
};
const newestFirst = (a: Json, b: Json) => startedMs(b) - startedMs(a);

/** Cron workflows usually run a template too: their label only counts when no template label exists. */
function preferredKeys(keys: readonly string[]): string[] {
  const present = TEMPLATE_LABEL_KEYS.filter((key) => keys.includes(key));
  const templates = present.filter((key) => !key.endsWith("/cron-workflow"));
  return templates.length > 0 ? templates : present;
}

export function createArchiveCatalog(browser: ArchiveBrowser): WorkflowCatalog {
  return {
    async templates() {
      const keys = preferredKeys(await browser.labelKeys());
      const out: TemplateLabel[] = [];
      for (const key of keys) {
        for (const value of (await browser.labelValues(key)).sort()) out.push({ key, value });
      }
      return out;
    },
    async listRuns(labelSelector, since, limit) {
      const runs = await browser.listRuns({ labelSelector, startedAfter: since, limit });
      return runs.filter((run) => startedMs(run) >= since.getTime()).sort(newestFirst);
    },
    async fullRuns(runs, limit) {
      const newest = runs.filter(isFinishedRun).sort(newestFirst).slice(0, limit);
      // List items carry no nodes: each is fetched by uid (a handful, one at a time).
      const documents: Json[] = [];
      for (const run of newest) {
        const uid = runUid(run);
        if (uid) documents.push(await browser.getRun(uid));
      }
      return documents;
    },
  };
}

/** Live Workflow objects hold everything (nodes decoded); only what the garbage collector kept. */
export function createClusterCatalog(kubeConfig: KubeConfig, namespace: string, pageSize = 500): WorkflowCatalog {
  return {
    async templates() {
      const runs = await listWorkflowPage({ kubeConfig, namespace, limit: pageSize });
      const labels = runs.map((run) => ((run.metadata as Json | undefined)?.labels ?? {}) as Record<string, unknown>);
      const keys = preferredKeys([...new Set(labels.flatMap((l) => Object.keys(l)))]);
      const out: TemplateLabel[] = [];
      for (const key of keys) {
        const values = new Set(labels.map((l) => l[key]).filter((v): v is string => typeof v === "string" && v !== ""));
        for (const value of [...values].sort()) out.push({ key, value });
      }
      return out;
    },
    async listRuns(labelSelector, since, limit) {
      const runs = await listWorkflowPage({ kubeConfig, namespace, labelSelector, limit: pageSize });
      return runs.filter((run) => startedMs(run) >= since.getTime()).sort(newestFirst).slice(0, limit);
    },
    async fullRuns(runs, limit) {
      return runs.filter(isFinishedRun).sort(newestFirst).slice(0, limit);
    },
  };
}
