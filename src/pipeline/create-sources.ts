import type { DoraConfig } from "../config/schema.js";
import type { Credentials } from "../config/environment.js";
import { ConfigError } from "../errors.js";
import { createArgoArchiveSource } from "../sources/argo/archive-client.js";
import { createGitHubSource } from "../sources/github/github-client.js";
import { createIncidentSource } from "../sources/incident/incident-client.js";
import { createReplayFetch, type Recording } from "../sources/replay/index.js";
import type { ProgressListener, SourceLogger } from "../sources/types.js";
import type { Sources } from "./collect-input.js";

export interface SourceSetup {
  config: DoraConfig;
  credentials: Credentials;
  /** Replay these recorded responses instead of the network (--demo, --fixtures). */
  recording?: Recording;
  concurrency?: number;
  logger: SourceLogger;
  onProgress?: ProgressListener;
}

const REPLAY_BASE = "http://replay.invalid";

function required(value: string | undefined, key: string, envName: string): string {
  if (value) return value;
  throw new ConfigError(`${key} is not set`, key, `set ${key} in dora.config.yaml or the ${envName} environment variable`);
}

/** Builds the live clients, or the same clients over a recording (so the demo runs the code of a live run). */
export function createSources(setup: SourceSetup): Sources {
  const { config, credentials, recording, logger, onProgress, concurrency } = setup;
  if (config.argo.source !== "archive" && !recording) {
    throw new ConfigError(
      `argo.source "${config.argo.source}" is not supported yet`,
      "argo.source",
      'use "archive" (the Argo Server workflow archive)',
    );
  }
  const argoServer = recording ? `${REPLAY_BASE}/argo` : required(config.argo.server, "argo.server", "ARGO_SERVER");
  const githubUrl = recording ? `${REPLAY_BASE}/github` : (config.github.apiUrl ?? "https://api.github.com");
  const grafanaUrl = recording ? `${REPLAY_BASE}/incident` : required(config.incidents.grafanaUrl, "incidents.grafanaUrl", "GRAFANA_URL");
  return {
    deployments: createArgoArchiveSource({
      server: argoServer,
      namespace: config.argo.namespace,
      token: recording ? undefined : credentials.argoToken,
      fetch: recording ? createReplayFetch(recording, "argo") : undefined,
      argoUiBase: config.argo.server,
      concurrency,
      logger,
      onProgress,
    }),
    commits: createGitHubSource({
      apiUrl: githubUrl,
      token: recording ? undefined : credentials.githubToken,
      fetch: recording ? createReplayFetch(recording, "github") : undefined,
      leadTimeStart: config.leadTime.start,
      concurrency,
      logger,
      onProgress,
    }),
    incidents: createIncidentSource({
      grafanaUrl,
      plugin: config.incidents.plugin,
      token: recording ? undefined : credentials.grafanaToken,
      includeDrills: config.incidents.includeDrills,
      fetch: recording ? createReplayFetch(recording, "incident") : undefined,
      logger,
      onProgress,
    }),
  };
}
