import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { loadRecording, startReplayServer, type ReplayServer } from "../../src/emulator/index.js";

export interface DemoApis {
  server: ReplayServer;
  /** A copy of the demo's config pointing at the local servers. */
  configPath: string;
  /** A fresh temporary directory for the test's files (cache, recordings). */
  work: string;
  /** Requests the servers received, per source, since the last reset of server.requests. */
  countBySource(): Record<string, number>;
}

/** The demo recording served over HTTP on 127.0.0.1, answering the real clients like the three APIs. */
export async function startDemoApis(prefix: string): Promise<DemoApis> {
  const server = await startReplayServer(await loadRecording("fixtures/demo"));
  const work = mkdtempSync(`/tmp/${prefix}-`);
  const config = YAML.parse(readFileSync("fixtures/demo/dora.config.yaml", "utf8"));
  config.argo.server = server.baseUrls.argo;
  config.github = { apiUrl: server.baseUrls.github };
  config.incidents.grafanaUrl = server.baseUrls.incident;
  const configPath = join(work, "dora.config.yaml");
  writeFileSync(configPath, YAML.stringify(config));
  const countBySource = () => {
    const counts: Record<string, number> = { argo: 0, github: 0, incident: 0 };
    for (const request of server.requests) counts[request.source] = (counts[request.source] ?? 0) + 1;
    return counts;
  };
  return { server, configPath, work, countBySource };
}
