import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { ConfigError } from "../../errors.js";

export const NO_KUBECONFIG = "no kubeconfig found (KUBECONFIG, ~/.kube/config, in-cluster)";
const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const FIX_NONE = "set KUBECONFIG to a kubeconfig file that reaches the cluster (or run dora in the cluster with a service account), or read the Argo archive instead: argo.source: archive with ARGO_SERVER and ARGO_TOKEN";

export type KubeConfigLocation = { kind: "file"; path: string } | { kind: "in-cluster" };

/**
 * Where kubectl would find its configuration, from the given environment (the CLI's, injectable in
 * tests): the first file of KUBECONFIG, else ~/.kube/config, else the in-cluster service account.
 * Undefined when there is none: the client library would then silently try http://localhost:8080.
 */
export function findKubeConfig(env: NodeJS.ProcessEnv, inClusterToken = IN_CLUSTER_TOKEN): KubeConfigLocation | undefined {
  const first = env.KUBECONFIG?.split(process.platform === "win32" ? ";" : ":").find((path) => path.trim() !== "");
  if (first) return { kind: "file", path: first };
  const home = join(env.HOME || homedir(), ".kube", "config");
  if (existsSync(home)) return { kind: "file", path: home };
  if (env.KUBERNETES_SERVICE_HOST && existsSync(inClusterToken)) return { kind: "in-cluster" };
  return undefined;
}

/** The kubeconfig with a current context and cluster, or a ConfigError naming the file and the fix. */
export async function loadKubeConfig(env: NodeJS.ProcessEnv): Promise<KubeConfig> {
  const location = findKubeConfig(env);
  if (!location) throw new ConfigError(NO_KUBECONFIG, "KUBECONFIG", FIX_NONE);
  const where = location.kind === "file" ? location.path : "the in-cluster service account";
  if (location.kind === "file" && !existsSync(location.path)) {
    throw new ConfigError(`the kubeconfig ${where} does not exist`, "KUBECONFIG", "point KUBECONFIG at an existing kubeconfig file");
  }
  // Loaded on first use: the client library alone costs more start-up than the rest of dora.
  const { KubeConfig } = await import("@kubernetes/client-node");
  const kubeConfig = new KubeConfig();
  try {
    if (location.kind === "file") kubeConfig.loadFromFile(location.path);
    else kubeConfig.loadFromCluster();
  } catch (error) {
    throw new ConfigError(`cannot read the kubeconfig ${where}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, "KUBECONFIG", "point KUBECONFIG at a valid kubeconfig file");
  }
  if (!kubeConfig.getCurrentContext() || !kubeConfig.getCurrentCluster()) {
    throw new ConfigError(
      `the kubeconfig ${where} has no current context with a cluster`,
      "KUBECONFIG",
      "select one with kubectl config use-context NAME (kubectl config get-contexts lists them), or set current-context in the file",
    );
  }
  return kubeConfig;
}
