// Runs `dora report` (the real clients via createSources/runReport) against a local replay server,
// counts the HTTP requests per source, and derives the lower bound from the recording itself.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config/load-config.js";
import type { DoraConfig } from "../../src/config/schema.js";
import { parseDurationSeconds } from "../../src/util/duration.js";
import type { MetricsInput } from "../../src/metrics/options.js";
import type { Report } from "../../src/model/report.js";
import { createSources } from "../../src/pipeline/create-sources.js";
import { analyzeRun, collectRunInput } from "../../src/pipeline/run-report.js";
import { reportOf } from "../../src/metrics/report-view.js";
import { createApiEmulator } from "../../src/emulator/api-emulator.js";
import { CommitDag } from "../../src/emulator/commit-dag.js";
import { startReplayServer, type ReplayServer } from "../../src/emulator/replay-server.js";
import type { CoreReplaySource, Recording } from "../../src/emulator/recording.js";
import { silentLogger } from "../../src/sources/types.js";

export type Counts = Record<CoreReplaySource, number>;

export interface Scenario {
  recording: Recording;
  configYaml: (urls: Record<CoreReplaySource, string>) => string;
  now: Date;
  from: Date;
}

export interface ApiRun {
  counts: Counts;
  wallMs: number;
  report: Report;
  input: MetricsInput;
  config: DoraConfig;
  /** Paths of the Argo list requests, in order. */
  listPaths: string[];
}

const countBySource = (requests: ReplayServer["requests"]): Counts => {
  const counts: Counts = { argo: 0, github: 0, incident: 0 };
  for (const request of requests) counts[request.source as CoreReplaySource]++;
  return counts;
};

/** One report run over the server; `delayMs` is added before every response reaches the client. */
export async function runOnce(server: ReplayServer, scenario: Scenario, options: { cacheDir?: string; delayMs?: number; concurrency?: number }): Promise<ApiRun> {
  const config = parseConfig(scenario.configYaml(server.baseUrls), "dora.config.yaml");
  const delay = options.delayMs ?? 0;
  const sources = createSources({
    config,
    credentials: { githubToken: "bench-github-token", argoToken: "bench-argo-token", grafanaToken: "bench-grafana-token" },
    cacheDir: options.cacheDir,
    concurrency: options.concurrency,
    logger: silentLogger,
    wrapFetch:
      delay > 0
        ? (_source, fetch) =>
            async (...args: Parameters<typeof fetch>) => {
              const response = await fetch(...args);
              await new Promise((resolve) => setTimeout(resolve, delay));
              return response;
            }
        : undefined,
  });
  server.requests.length = 0;
  const started = performance.now();
  const request = { config, window: { from: scenario.from, to: scenario.now, timezone: "UTC" }, now: scenario.now, generatedAt: scenario.now };
  const { input, warnings } = await collectRunInput(sources, request);
  const report = reportOf(analyzeRun(input, warnings, request));
  const wallMs = performance.now() - started;
  const listPaths = server.requests.filter((request) => request.source === "argo" && request.path.startsWith("/api/v1/archived-workflows?")).map((request) => request.path);
  return { counts: countBySource(server.requests), wallMs, report, input, config, listPaths };
}

export interface LowerBound {
  cold: Counts;
  warm: Counts;
  parts: {
    listPages: number;
    uidGets: number;
    /** GitHub requests of the commit graphs: pages of oldest...newest + compares of deployed SHAs outside it. */
    compares: number;
    headCommits: number;
    incidentPages: number;
    /** What one compare per deployment with a new SHA (before the commit graph) needed. */
    perDeploymentCompares: number;
  };
}

const PAGE = 100;

/**
 * The fewest requests that can produce the report: per service ⌈runs in the listed range / 100⌉ list
 * pages and one GET per finished run (the production step's node is needed); per repository the
 * pages of the commit graph (⌈commits of oldest...newest deployed SHA / 100⌉, computed on the
 * recorded commit DAG) + one compare per deployed SHA outside it + the head commit of a first
 * deployment the graph does not hold; ⌈incidents since the lookback / 100⌉ incident pages (+1 to see
 * the first older one). Warm: list pages and incident pages only.
 */
export function lowerBound(scenario: Scenario, run: ApiRun): LowerBound {
  const emulator = createApiEmulator(scenario.recording);
  let listPages = 0;
  let uidGets = 0;
  for (const path of run.listPaths.filter((listed) => !listed.includes("listOptions.continue"))) {
    const all = path.replace(/listOptions\.limit=\d+/, "listOptions.limit=1000000");
    const items = (emulator.handle("argo", { method: "GET", path: all }).body as { items?: Array<{ status?: { phase?: string } }> | null }).items ?? [];
    listPages += Math.max(1, Math.ceil(items.length / PAGE));
    uidGets += items.filter((item) => item.status?.phase !== "Running" && item.status?.phase !== "Pending").length;
  }

  let perDeploymentCompares = 0;
  const rollbacks = new Set(run.report.deployments.filter((row) => row.rollback).map((row) => row.id));
  const windowFrom = scenario.from.getTime();
  const byService = new Map<string, MetricsInput["deployments"]>();
  for (const deployment of run.input.deployments) {
    if (deployment.status !== "succeeded") continue;
    byService.set(deployment.service, [...(byService.get(deployment.service) ?? []), deployment]);
  }
  for (const history of byService.values()) {
    history.sort((a, b) => a.finishedMs - b.finishedMs);
    history.forEach((deployment, index) => {
      if (deployment.finishedMs < windowFrom) return;
      const previous = history[index - 1];
      if (previous && previous.sha !== deployment.sha) perDeploymentCompares += rollbacks.has(previous.id) && !rollbacks.has(deployment.id) ? 2 : 1;
    });
  }
  const { compares, headCommits } = graphBound(scenario.recording, run.input.deployments);
  const lookbackFrom = windowFrom - parseDurationSeconds(run.config.lookback)! * 1000;
  const previews = new Map<string, { createdTime: string; isDrill: boolean }>();
  for (const exchange of scenario.recording.exchanges) {
    if (exchange.source !== "incident") continue;
    for (const preview of (exchange.response.body as { incidentPreviews?: Array<{ incidentID: string; createdTime: string; isDrill: boolean }> }).incidentPreviews ?? []) {
      previews.set(preview.incidentID, preview);
    }
  }
  const listed = [...previews.values()].filter((preview) => run.config.incidents.includeDrills || !preview.isDrill);
  const recent = listed.filter((preview) => Date.parse(preview.createdTime) >= lookbackFrom).length;
  const incidentPages = recent < listed.length ? Math.floor(recent / PAGE) + 1 : Math.max(1, Math.ceil(recent / PAGE));

  return {
    cold: { argo: listPages + uidGets, github: compares + headCommits, incident: incidentPages },
    warm: { argo: listPages, github: 0, incident: incidentPages },
    parts: { listPages, uidGets, compares, headCommits, incidentPages, perDeploymentCompares },
  };
}

/** GitHub's part of the lower bound, on the commit DAG the recording holds (see lowerBound). */
function graphBound(recording: Recording, deployments: MetricsInput["deployments"]): { compares: number; headCommits: number } {
  const dags = new Map<string, CommitDag>();
  for (const exchange of recording.exchanges) {
    if (exchange.source !== "github" || exchange.response.status !== 200) continue;
    const repo = /^\/repos\/([^/]+\/[^/]+)\//.exec(exchange.request.path)?.[1]?.toLowerCase();
    if (!repo) continue;
    const dag = dags.get(repo) ?? new CommitDag();
    dags.set(repo, dag);
    const body = exchange.response.body as { commits?: unknown[]; merge_base_commit?: unknown; base_commit?: unknown };
    for (const commit of [body, body.merge_base_commit, body.base_commit, ...(body.commits ?? [])]) dag.add(commit);
  }
  let compares = 0;
  let headCommits = 0;
  const byRepo = new Map<string, MetricsInput["deployments"]>();
  for (const deployment of deployments) {
    if (deployment.status === "succeeded") byRepo.set(deployment.repo, [...(byRepo.get(deployment.repo) ?? []), deployment]);
  }
  const pages = (listed: number) => Math.max(1, Math.ceil(listed / PAGE));
  for (const [repo, deployed] of byRepo) {
    const dag = dags.get(repo.toLowerCase());
    const shas = deployed.sort((a, b) => a.finishedMs - b.finishedMs).map((deployment) => deployment.sha);
    const first = shas[0]!;
    const last = shas.findLast((sha) => sha !== first);
    if (!dag || last === undefined) {
      headCommits++;
      continue;
    }
    const graph = dag.compare(first, last);
    if (graph.kind !== "compared") continue;
    compares += pages(graph.commits.length);
    const held = new Set([...graph.commits, graph.body.merge_base_commit].map((commit) => String((commit as { sha: string }).sha).toLowerCase()));
    for (const sha of new Set(shas)) {
      if (held.has(sha.toLowerCase())) continue;
      const outside = dag.compare(last, sha);
      compares += outside.kind === "compared" ? pages(outside.commits.length) : 1;
    }
  }
  return { compares, headCommits };
}

export interface ApiCost {
  cold: ApiRun;
  warm: ApiRun;
  bound: LowerBound;
  /** The run of the night before (cold), then this window on its cache: the next night. */
  nextNight: ApiRun;
  /** Repositories with a successful deployment on the day of the latest one (the next night's news). */
  reposWithNewDeployments: number;
}

/** A cold run (empty cache) and a warm run (same cache) of the scenario, and its lower bound. */
export async function measureApiCost(scenario: Scenario): Promise<ApiCost> {
  const server = await startReplayServer(scenario.recording);
  const cacheDir = mkdtempSync(join(tmpdir(), "dora-bench-cache-"));
  try {
    const cold = await runOnce(server, scenario, { cacheDir });
    const warm = await runOnce(server, scenario, { cacheDir });
    // The night before: the same run ending at the start of the day of the latest deployment (so
    // the next night has new deployments to fetch), on a fresh cache; then this run on that cache.
    const DAY_MS = 86_400_000;
    const latest = Math.max(...cold.input.deployments.filter((deployment) => deployment.status === "succeeded").map((deployment) => deployment.finishedMs));
    const lastDay = Math.floor(latest / DAY_MS) * DAY_MS;
    const shift = scenario.now.getTime() - lastDay;
    const nightCache = mkdtempSync(join(tmpdir(), "dora-bench-night-"));
    await runOnce(server, { ...scenario, now: new Date(lastDay), from: new Date(scenario.from.getTime() - shift) }, { cacheDir: nightCache });
    const nextNight = await runOnce(server, scenario, { cacheDir: nightCache });
    rmSync(nightCache, { recursive: true, force: true });
    const reposWithNewDeployments = new Set(
      cold.input.deployments.filter((deployment) => deployment.status === "succeeded" && deployment.finishedMs >= lastDay).map((deployment) => deployment.repo),
    ).size;
    return { cold, warm, bound: lowerBound(scenario, cold), nextNight, reposWithNewDeployments };
  } finally {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

export interface LatencyRun {
  requests: number;
  wallMs: number;
  idealMs: number;
  concurrency: number;
  /** The same run without the added latency. */
  baselineMs: number;
}

/** The cold run again, every response 100 ms late: how much of the latency the clients overlap. */
export async function measureLatency(scenario: Scenario, delayMs = 100, concurrency = 8): Promise<LatencyRun> {
  const server = await startReplayServer(scenario.recording);
  try {
    const baseline = await runOnce(server, scenario, { concurrency });
    const slow = await runOnce(server, scenario, { delayMs, concurrency });
    const requests = slow.counts.argo + slow.counts.github + slow.counts.incident;
    return { requests, wallMs: slow.wallMs, idealMs: (requests * delayMs) / concurrency, concurrency, baselineMs: baseline.wallMs };
  } finally {
    await server.close();
  }
}
