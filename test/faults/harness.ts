// The demo recording served over HTTP, a fault proxy in front of it, and a config pointing the real
// clients at the proxy: every fault test compares its run with the clean run of the same command.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { loadRecording, startReplayServer, type ReplayServer } from "../../src/emulator/index.js";
import { runCli, type CliRun } from "../cli/run-cli.js";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";

export const NOW = new Date("2026-11-16T00:00:00Z");
export const TOKENS = { GITHUB_TOKEN: "ghp_fault_test_token_4242", ARGO_TOKEN: "argo-fault-token-4343", GRAFANA_TOKEN: "glsa_fault_token_4444" };
/**
 * Retry waits of 1 ms (Retry-After: 1 → 1 ms too), a 2 s attempt timeout and 3 s of retrying per
 * request keep each run fast (and leave a retry to an attempt that a busy machine made time out).
 */
export const FAST = { DORA_RETRY_BASE_MS: "1", DORA_TIMEOUT_MS: "2000", DORA_RETRY_BUDGET_MS: "3000" };

export interface FaultBench {
  server: ReplayServer;
  proxy: FaultProxy;
  work: string;
  configPath: string;
  /** `dora report --format json` over the proxy (no cache, pinned clock), with extra flags and env. */
  report(extra?: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
  close(): Promise<void>;
}

export async function startFaultBench(
  configure?: (config: Record<string, any>) => void,
  tls?: { key: string; cert: string },
): Promise<FaultBench> {
  const server = await startReplayServer(await loadRecording("fixtures/demo"));
  const upstream = new URL(server.baseUrls.argo).origin;
  const proxy = await startFaultProxy(upstream, tls);
  const work = mkdtempSync("/tmp/dora-faults-");
  const config = YAML.parse(readFileSync("fixtures/demo/dora.config.yaml", "utf8")) as Record<string, any>;
  config.argo.server = proxy.baseUrls.argo;
  config.github = { apiUrl: proxy.baseUrls.github };
  config.incidents.grafanaUrl = proxy.baseUrls.incident;
  configure?.(config);
  const configPath = join(work, "dora.config.yaml");
  writeFileSync(configPath, YAML.stringify(config));
  return {
    server,
    proxy,
    work,
    configPath,
    report: (extra = [], env = {}) =>
      runCli(["report", "--config", configPath, "--since", "90d", "--format", "json", "--no-cache", ...extra], {
        env: { ...TOKENS, ...FAST, ...env },
        now: NOW,
      }),
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}
