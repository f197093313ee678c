// Kubernetes requests for `dora init` and `dora doctor`: one page of live Workflow objects, and
// whether the current credentials may list/get them (SelfSubjectAccessReview).

import type { KubeConfig } from "@kubernetes/client-node";
import { hydrateCompressedNodes } from "./compressed-nodes.js";
import { kubernetesSourceError } from "./kubernetes-errors.js";

const GROUP = { group: "argoproj.io", version: "v1alpha1", plural: "workflows" } as const;

type Json = Record<string, unknown>;

export interface WorkflowAccessOptions {
  kubeConfig: KubeConfig;
  namespace: string;
}

/** The API server of the current context, for messages. */
export function kubernetesServer(kubeConfig: KubeConfig): string {
  return kubeConfig.getCurrentCluster()?.server ?? "(no cluster in kubeconfig)";
}

/** One page of Workflow objects in the namespace, nodes decoded. Throws SourceError. */
export async function listWorkflowPage(options: WorkflowAccessOptions & { labelSelector?: string; limit: number }): Promise<Json[]> {
  const { CustomObjectsApi } = await import("@kubernetes/client-node");
  const api = options.kubeConfig.makeApiClient(CustomObjectsApi);
  const url = `${kubernetesServer(options.kubeConfig)}/apis/${GROUP.group}/${GROUP.version}/namespaces/${options.namespace}/${GROUP.plural}`;
  try {
    const page = (await api.listNamespacedCustomObject({
      ...GROUP,
      namespace: options.namespace,
      limit: options.limit,
      ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
    })) as { items?: Json[] | null };
    return (page.items ?? []).map((item) => hydrateCompressedNodes(item) ?? item);
  } catch (error) {
    throw kubernetesSourceError(error, url);
  }
}

/** Whether the current credentials may `verb` workflows.argoproj.io in the namespace. Throws SourceError. */
export async function canAccessWorkflows(options: WorkflowAccessOptions & { verb: "list" | "get" }): Promise<boolean> {
  const { AuthorizationV1Api } = await import("@kubernetes/client-node");
  const api = options.kubeConfig.makeApiClient(AuthorizationV1Api);
  const url = `${kubernetesServer(options.kubeConfig)}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`;
  try {
    const review = await api.createSelfSubjectAccessReview({
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { group: GROUP.group, resource: GROUP.plural, verb: options.verb, namespace: options.namespace } },
      },
    });
    return review.status?.allowed === true;
  } catch (error) {
    throw kubernetesSourceError(error, url);
  }
}
