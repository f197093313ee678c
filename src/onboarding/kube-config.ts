import { KubeConfig } from "@kubernetes/client-node";

/**
 * The kubeconfig the way kubectl finds it, but from the given environment (the CLI's, injectable in
 * tests): the first file of KUBECONFIG, else ~/.kube/config or the in-cluster service account.
 */
export function loadKubeConfig(env: NodeJS.ProcessEnv): KubeConfig {
  const kubeConfig = new KubeConfig();
  const first = env.KUBECONFIG?.split(process.platform === "win32" ? ";" : ":").find((path) => path.trim() !== "");
  if (first) kubeConfig.loadFromFile(first);
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}
