import { setMaxListeners } from "node:events";
import type { DoraConfig } from "../config/schema.js";
import type { Credentials } from "../config/environment.js";
import type { KubeConfig } from "@kubernetes/client-node";
import { ConfigError } from "../errors.js";
import { parseDurationSeconds } from "../util/duration.js";
import { createKubernetesWorkflowSource } from "../sources/kubernetes/cluster-client.js";
import { mergeDeploymentSources } from "../sources/kubernetes/merged-source.js";
import { createArgoArchiveSource } from "../sources/argo/archive-client.js";
import { createGitHubSource } from "../sources/github/github-client.js";
import { createIncidentSource } from "../sources/incident/incident-client.js";
import { createReplayFetch, replayBaseUrl, type Recording, type ReplaySource } from "../emulator/index.js";
import type { IncidentSource, ProgressListener, SourceLogger } from "../sources/types.js";
import { incidentSourceKinds, serviceIncidentLabels } from "../config/incident-sources.js";
import { createPagerDutySource, pagerDutyApiUrl } from "../sources/pagerduty/pagerduty-client.js";
import { createFileRangeCache } from "../sources/pagerduty/resolved-range-cache.js";
import { createGitHubIssuesSource } from "../sources/github-issues/issues-client.js";
import { mergeIncidentSources } from "../sources/incident-sources/merged-incident-source.js";
import type { Sources } from "./collect-input.js";
import { createCachingFetch, type CacheStats } from "../sources/cache/caching-fetch.js";
import { createCommitGraphStore } from "../sources/cache/commit-graph-store.js";
import { partialCommitSource, partialDeploymentSource, partialIncidentSource } from "../sources/partial-sources.js";
import type { HttpPolicy } from "../sources/http/http-policy.js";
import { guardSources } from "./guard-sources.js";

export interface SourceSetup {
  config: DoraConfig;
  credentials: Credentials;
  /** Replay these recorded responses instead of the network (--demo, --fixtures). */
  recording?: Recording;
  concurrency?: number;
  /** Cache immutable responses here (see sources/cache); undefined = no cache. */
  cacheDir?: string;
  cacheStats?: CacheStats;
  /** Kubernetes credentials for argo.source cluster|both (default: KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeConfig?: KubeConfig;
  /** Wraps each source's transport last (dora record saves what the clients saw). */
  wrapFetch?: (source: ReplaySource, fetch: typeof globalThis.fetch, baseUrl: string) => typeof globalThis.fetch;
  logger: SourceLogger;
  onProgress?: ProgressListener;
  /** --allow-partial: a source failure becomes an `incomplete-…` warning instead of stopping the run. */
  allowPartial?: boolean;
  /** The process environment, for the hidden HTTP tuning knobs (see httpTuningFromEnv). */
  env?: NodeJS.ProcessEnv;
  /** Cancels the whole run (--timeout); the first fatal error cancels it too. */
  controller?: AbortController;
}

/** Retry, timeout and paging bounds of the HTTP clients; undefined = each client's default. */
export interface HttpTuning {
  /** Unit of every retry wait (backoff base, and ms per second of Retry-After). */
  retryBaseMs?: number;
  timeoutMs?: number;
  maxPages?: number;
  retryBudgetMs?: number;
  maxWaitSeconds?: number;
}

/**
 * Hidden knobs, for tests only (not documented for users): DORA_RETRY_BASE_MS shrinks every retry
 * wait and Retry-After so fault tests run in milliseconds, DORA_TIMEOUT_MS the per-attempt timeout,
 * DORA_MAX_PAGES the bound on list pages, DORA_RETRY_BUDGET_MS the time one request may spend
 * retrying, DORA_MAX_WAIT_SECONDS the longest wait a server may ask for. Read once here.
 */
export function httpTuningFromEnv(env: NodeJS.ProcessEnv = {}): HttpTuning {
  const read = (name: string, min: number): number | undefined => {
    const text = env[name]?.trim();
    if (!text) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} "${text}" is not a whole number ≥ ${min}`, name, `unset ${name}`);
    return value;
  };
  return {
    retryBaseMs: read("DORA_RETRY_BASE_MS", 0),
    timeoutMs: read("DORA_TIMEOUT_MS", 1),
    maxPages: read("DORA_MAX_PAGES", 1),
    retryBudgetMs: read("DORA_RETRY_BUDGET_MS", 0),
    maxWaitSeconds: read("DORA_MAX_WAIT_SECONDS", 0),
  };
}


function required(value: string | undefined, key: string, envName: string): string {
  if (value) return value;
  throw new ConfigError(`${key} is not set`, key, `set ${key} in dora.config.yaml or the ${envName} environment variable`);
}

/** Builds the live clients, or the same clients over a recording (so the demo runs the code of a live run). */
export function createSources(setup: SourceSetup): Sources {
  const { config, credentials, recording, logger, onProgress, concurrency } = setup;
  const tuning = httpTuningFromEnv(setup.env);
  const controller = setup.controller ?? new AbortController();
  // Every request and wait of the run listens to it: hundreds at once is expected, not a leak.
  setMaxListeners(0, controller.signal);
  const http: Partial<HttpPolicy> = {
    retryBaseMs: tuning.retryBaseMs,
    waitUnitMs: tuning.retryBaseMs,
    timeoutMs: tuning.timeoutMs,
    retryBudgetMs: tuning.retryBudgetMs,
    maxWaitSeconds: tuning.maxWaitSeconds,
    signal: controller.signal,
  };
  const transport = (source: ReplaySource, baseUrl: string): typeof fetch | undefined => {
    let chosen = recording ? createReplayFetch(recording, source) : undefined;
    // Incident lists change (new incidents, resolutions): only the immutable GitHub and Argo reads are cached.
    if (setup.cacheDir && (source === "argo" || source === "github")) chosen = createCachingFetch(chosen ?? globalThis.fetch, setup.cacheDir, setup.cacheStats, logger);
    return setup.wrapFetch ? setup.wrapFetch(source, chosen ?? globalThis.fetch, baseUrl) : chosen;
  };
  // A recording holds archive responses only, so a replay always reads the (replayed) archive.
  const argoSource = recording ? "archive" : config.argo.source;
  const argoServer = recording
    ? replayBaseUrl("argo")
    : argoSource === "cluster"
      ? (config.argo.server ?? "")
      : required(config.argo.server, "argo.server", "ARGO_SERVER");
  const githubUrl = recording ? replayBaseUrl("github") : (config.github.apiUrl ?? "https://api.github.com");
  const archive = () =>
    createArgoArchiveSource({
      server: argoServer,
      namespace: config.argo.namespace,
      maxRunSeconds: parseDurationSeconds(config.argo.maxRunDuration),
      token: recording ? undefined : credentials.argoToken,
      fetch: transport("argo", argoServer),
      argoUiBase: config.argo.server,
      concurrency,
      http,
      maxPages: tuning.maxPages,
      logger,
      onProgress,
    });
  const cluster = () =>
    createKubernetesWorkflowSource({
      namespace: config.argo.namespace,
      kubeConfig: setup.kubeConfig,
      env: setup.env,
      argoUiBase: config.argo.server,
      // Offloaded nodes are read through the Argo Server when there is one.
      ...(config.argo.server
        ? { argoServer: { server: config.argo.server, token: credentials.argoToken, retryBaseMs: tuning.retryBaseMs, timeoutMs: tuning.timeoutMs, logger } }
        : {}),
      logger,
      onProgress,
    });
  const sources: Sources = {
    deployments:
      argoSource === "archive" ? archive() : argoSource === "cluster" ? cluster() : mergeDeploymentSources(archive(), cluster()),
    commits: createGitHubSource({
      apiUrl: githubUrl,
      token: recording ? undefined : credentials.githubToken,
      fetch: transport("github", githubUrl),
      leadTimeStart: config.leadTime.start,
      concurrency,
      http,
      logger,
      onProgress,
    }),
    incidents: createIncidentSources(setup, tuning, transport, http),
  };
  // Keyed by the GitHub URL: a replayed recording never mixes with a live host.
  if (setup.cacheDir) sources.commitGraphs = createCommitGraphStore(setup.cacheDir, githubUrl);
  const allowPartial = setup.allowPartial === true;
  const tolerant: Sources = allowPartial
    ? {
        ...sources,
        deployments: partialDeploymentSource(sources.deployments),
        commits: partialCommitSource(sources.commits),
        incidents: partialIncidentSource(sources.incidents),
      }
    : sources;
  return guardSources(tolerant, controller, { allowPartial });
}

/** incidents.source: one adapter per source named, merged when there are several (docs/incident-sources.md). */
function createIncidentSources(
  setup: SourceSetup,
  tuning: HttpTuning,
  transport: (source: ReplaySource, baseUrl: string) => typeof fetch | undefined,
  policy: Partial<HttpPolicy>,
): IncidentSource {
  const { config, credentials, recording, logger, onProgress } = setup;
  const kinds = incidentSourceKinds(config);
  const serviceLabels = (service: DoraConfig["services"][number]) => serviceIncidentLabels(service, kinds);
  /** What the PagerDuty and GitHub issues adapters share: the run's HTTP policy, the services to map incidents to, and their labels. */
  const mapped = { services: config.services, serviceLabels, http: policy, maxPages: tuning.maxPages, logger, onProgress };
  const sources = kinds.map((kind): IncidentSource => {
    if (kind === "pagerduty") {
      const apiUrl = recording ? replayBaseUrl("pagerduty") : pagerDutyApiUrl(config.incidents.pagerduty);
      if (!recording && !credentials.pagerdutyToken) {
        throw new ConfigError("PAGERDUTY_TOKEN is not set", "PAGERDUTY_TOKEN", "set PAGERDUTY_TOKEN (or PAGERDUTY_TOKEN_FILE) to a PagerDuty REST API key; a read-only key is enough");
      }
      return createPagerDutySource({
        ...mapped,
        apiUrl,
        token: recording ? undefined : credentials.pagerdutyToken,
        urgencies: config.incidents.pagerduty.urgencies,
        attributionFromNotes: config.incidents.pagerduty.attributionFromNotes,
        attributionFromCustomFields: config.incidents.pagerduty.attributionFromCustomFields,
        fetch: transport("pagerduty", apiUrl),
        concurrency: setup.concurrency,
        ...(setup.cacheDir ? { rangeCache: createFileRangeCache(setup.cacheDir, setup.cacheStats) } : {}),
      });
    }
    if (kind === "github-issues") {
      const apiUrl = recording ? replayBaseUrl("github-issues") : (config.github.apiUrl ?? "https://api.github.com");
      return createGitHubIssuesSource({
        ...mapped,
        apiUrl,
        token: recording ? undefined : credentials.githubToken,
        label: config.incidents.githubIssues.label,
        repo: config.incidents.githubIssues.repo,
        includeDrills: config.incidents.includeDrills,
        fetch: transport("github-issues", apiUrl),
      });
    }
    const grafanaUrl = recording ? replayBaseUrl("incident") : required(config.incidents.grafanaUrl, "incidents.grafanaUrl", "GRAFANA_URL");
    return createIncidentSource({
      grafanaUrl,
      plugin: config.incidents.plugin,
      token: recording ? undefined : credentials.grafanaToken,
      includeDrills: config.incidents.includeDrills,
      fetch: transport("incident", grafanaUrl),
      http: policy,
      maxPages: tuning.maxPages,
      logger,
      onProgress,
    });
  });
  return mergeIncidentSources(sources);
}
