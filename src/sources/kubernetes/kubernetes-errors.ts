import { SourceError } from "../../errors.js";
import { Redactor } from "../../util/redact.js";

const HINTS: Record<number, string> = {
  401: "the kubeconfig's credentials were refused: check KUBECONFIG / the current context, or the in-cluster service account token",
  403: "the service account or user needs list and get on workflows.argoproj.io in this namespace (a Role + RoleBinding)",
  404: "the Workflow CRD or the namespace was not found: check argo.namespace and that Argo Workflows is installed",
};

/** Maps an ApiException (or a network error) of @kubernetes/client-node to a SourceError. */
export function kubernetesSourceError(error: unknown, url: string): SourceError {
  const code = typeof (error as { code?: unknown })?.code === "number" ? ((error as { code: number }).code) : undefined;
  const reason = error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
  if (code !== undefined) {
    return new SourceError("kubernetes", `listing workflows failed with HTTP ${code}`, {
      url,
      status: code,
      hint: HINTS[code] ?? "check the cluster's API server and your kubeconfig",
    });
  }
  return new SourceError("kubernetes", `cannot reach the Kubernetes API: ${new Redactor().text(reason).slice(0, 200)}`, {
    url,
    hint: "check the current kubeconfig context (KUBECONFIG) and that the API server is reachable",
  });
}
