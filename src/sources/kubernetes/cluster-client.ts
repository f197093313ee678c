import type { CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import type { ServiceConfig } from "../../config/schema.js";
import type { Deployment } from "../../model/deployment.js";
import type { Warning } from "../../model/warning.js";
import { SourceError } from "../../errors.js";
import { normalizeWorkflow } from "../argo/normalize-workflow.js";
import type { DeploymentSource, FetchWindow, ProgressListener, SourceLogger, SourceResult } from "../types.js";
import { silentLogger } from "../types.js";
import { hydrateCompressedNodes } from "./compressed-nodes.js";
import { createWorkflowNodeReader, type ArgoServerAccess } from "./workflow-nodes.js";
import { kubernetesSourceError } from "./kubernetes-errors.js";
import { loadKubeConfig } from "./load-kube-config.js";

export interface KubernetesSourceOptions {
  namespace: string;
  /** Injected in tests; by default KUBECONFIG, ~/.kube/config or the in-cluster service account. */
  kubeConfig?: KubeConfig;
  /** The environment the default kubeconfig is looked up in (see loadKubeConfig). */
  env?: NodeJS.ProcessEnv;
  pageSize?: number;
  argoUiBase?: string;
  /** argo.server: reads offloaded (or undecodable) nodes through the Argo Server. */
  argoServer?: ArgoServerAccess;
  logger?: SourceLogger;
  onProgress?: ProgressListener;
}

const GROUP = { group: "argoproj.io", version: "v1alpha1", plural: "workflows" } as const;
// Continue tokens expire after minutes (410 Gone): the list restarts from scratch, a few times at most.
const MAX_RESTARTS = 3;
const MAX_PAGES = 10_000;

type WorkflowObject = Record<string, unknown> & { metadata?: { uid?: string; name?: string } };

/** A run that finished before lookbackFrom cannot be a deployment in range (nodes end before their workflow). */
function finishedBeforeRange(item: WorkflowObject, window: FetchWindow): boolean {
  const finishedAt = (item.status as { finishedAt?: unknown } | undefined)?.finishedAt;
  return typeof finishedAt === "string" && Date.parse(finishedAt) < window.lookbackFrom.getTime();
}

/** Live Workflow objects (argo.source: cluster) through @kubernetes/client-node. */
export function createKubernetesWorkflowSource(options: KubernetesSourceOptions): DeploymentSource {
  const logger = options.logger ?? silentLogger;
  // The client library is loaded, and the kubeconfig read, on the first list: not at start-up.
  let connection: Promise<{ api: CustomObjectsApi; server: string }> | undefined;
  const connect = () =>
    (connection ??= (async () => {
      const kubeConfig = options.kubeConfig ?? (await loadKubeConfig(options.env ?? process.env));
      const { CustomObjectsApi } = await import("@kubernetes/client-node");
      return { api: kubeConfig.makeApiClient(CustomObjectsApi), server: kubeConfig.getCurrentCluster()?.server ?? "(no cluster in kubeconfig)" };
    })());
  const withNodes = createWorkflowNodeReader(options.argoServer);

  async function listAll(labelSelector: string): Promise<WorkflowObject[]> {
    const { api, server } = await connect();
    const url = `${server}/apis/${GROUP.group}/${GROUP.version}/namespaces/${options.namespace}/${GROUP.plural}?labelSelector=${encodeURIComponent(labelSelector)}`;
    for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
      const byUid = new Map<string, WorkflowObject>();
      let token: string | undefined;
      let pages = 0;
      try {
        do {
          const started = Date.now();
          const page = (await api.listNamespacedCustomObject({
            ...GROUP,
            namespace: options.namespace,
            labelSelector,
            limit: options.pageSize ?? 100,
            _continue: token,
          })) as { items?: WorkflowObject[] | null; metadata?: { continue?: string } };
          logger.debug(`GET ${url}${token ? " (continue)" : ""} → 200 (${Date.now() - started} ms)`);
          for (const item of page.items ?? []) {
            const uid = item.metadata?.uid;
            if (uid) byUid.set(uid, item);
          }
          token = page.metadata?.continue || undefined;
          options.onProgress?.({ source: "kubernetes", kind: "pages", done: ++pages });
          if (pages >= MAX_PAGES) throw new SourceError("kubernetes", `listing workflows did not end after ${MAX_PAGES} pages`, { url });
        } while (token);
        return [...byUid.values()];
      } catch (error) {
        if ((error as { code?: number }).code === 410 && attempt < MAX_RESTARTS) {
          logger.debug(`GET ${url} → 410 Gone (continue token expired): restarting the list`);
          continue;
        }
        if (error instanceof SourceError) throw error;
        throw kubernetesSourceError(error, url);
      }
    }
    throw new SourceError("kubernetes", `the workflow list kept expiring (410 Gone ${MAX_RESTARTS + 1} times)`, {
      url,
      status: 410,
      hint: "the cluster is busy or the list is very long: retry, or use argo.source: archive",
    });
  }

  return {
    async fetchDeployments(window: FetchWindow, services: ServiceConfig[]): Promise<SourceResult<Deployment>> {
      const records: Deployment[] = [];
      const warnings: Warning[] = [];
      for (const service of services) {
        for (const item of await listAll(service.workflows.labelSelector)) {
          if (finishedBeforeRange(item, window)) continue;
          // Without a production step the nodes only describe the run (its steps): read them if they
          // are at hand, but the workflow's own phase and finish decide.
          const hydrated =
            service.workflows.productionStep === undefined ? (hydrateCompressedNodes(item) ?? item) : await withNodes(item, options.namespace);
          const result = normalizeWorkflow(hydrated, service, { argoUiBase: options.argoUiBase });
          warnings.push(...result.warnings);
          const finished = result.deployment ? result.deployment.finishedMs : NaN;
          if (result.deployment && finished >= window.lookbackFrom.getTime() && finished < window.to.getTime()) {
            records.push(result.deployment);
          }
        }
      }
      records.sort((a, b) => a.finishedMs - b.finishedMs || a.id.localeCompare(b.id));
      return { records, warnings };
    },
  };
}
