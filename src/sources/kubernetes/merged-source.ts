import type { ServiceConfig } from "../../config/schema.js";
import type { Deployment } from "../../model/deployment.js";
import type { DeploymentSource, FetchWindow, SourceResult } from "../types.js";

/**
 * argo.source: both — the archive keeps what the cluster garbage-collected, the cluster has what
 * is not archived yet. The same run appears in both with the same uid; the archive's copy wins
 * (it is hydrated and final).
 */
export function mergeDeploymentSources(archive: DeploymentSource, cluster: DeploymentSource): DeploymentSource {
  return {
    async fetchDeployments(window: FetchWindow, services: ServiceConfig[]): Promise<SourceResult<Deployment>> {
      const [fromArchive, fromCluster] = await Promise.all([
        archive.fetchDeployments(window, services),
        cluster.fetchDeployments(window, services),
      ]);
      const byId = new Map<string, Deployment>();
      for (const deployment of fromCluster.records) byId.set(deployment.id, deployment);
      for (const deployment of fromArchive.records) byId.set(deployment.id, deployment);
      const records = [...byId.values()].sort((a, b) => a.finishedMs - b.finishedMs || a.id.localeCompare(b.id));
      return { records, warnings: [...fromArchive.warnings, ...fromCluster.warnings] };
    },
  };
}
