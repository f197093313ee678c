// End to end over local HTTP: the built CLI (`dora report --format json -o FILE --no-cache`, a cold
// run) in its own process against the replay server of a generated year, in this process. The
// child's CPU (user + sys) and peak RSS are its own; the server's are not in them. Then the exact
// GitHub bodies that run received are fetched again and parsed here with JSON.parse and with
// Octokit's BigInt-safe parser (json-with-bigint, what @octokit/request parses JSON bodies with),
// interleaved: the parse time of those bodies without instrumenting dora.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JSONParse } from "json-with-bigint";
import { startReplayServer } from "../../src/emulator/replay-server.js";
import { BENCH_YEAR, generateYearRecording } from "../../test/support/recorded-year.js";

export interface HttpReportRun {
  deployments: number;
  services: number;
  requests: { argo: number; github: number; incident: number };
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  githubBodies: { count: number; bytes: number; jsonParseMs: number; octokitParseMs: number };
}

/** The child writes its resource usage (µs of CPU, KiB of peak RSS) on fd 3 as it exits: one tiny data: module, the same for every command measured. */
export const REPORT_USAGE = `data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>{const u=process.resourceUsage();writeSync(3,JSON.stringify({cpu:u.userCPUTime+u.systemCPUTime,rss:u.maxRSS}))})`;

/** Environment variables that would point the CLI elsewhere than the local servers. */
const OVERRIDES = /^(ARGO_|GITHUB_|GH_|GRAFANA_|DORA_|XDG_CACHE_HOME$)/;

export async function measureHttpReport(root: string, deployments: number, parseRounds = 3): Promise<HttpReportRun> {
  // At most 1,000 deployments per service (≈ 6,000 commits per history): one compare of a service's
  // whole history must stay under the 10,000 commits dora reads in one comparison.
  const services = Math.max(BENCH_YEAR.services, Math.ceil(deployments / 1000));
  const year = generateYearRecording({ ...BENCH_YEAR, deployments, services, incidents: Math.round(deployments / 20) });
  const server = await startReplayServer(year.recording);
  const dir = mkdtempSync(join(tmpdir(), "dora-bench-http-"));
  try {
    const config = join(dir, "dora.config.yaml");
    writeFileSync(config, year.configYaml(server.baseUrls));
    const output = join(dir, "report.json");
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !OVERRIDES.test(key)));
    Object.assign(env, { GITHUB_TOKEN: "bench-github-token", ARGO_TOKEN: "bench-argo-token", GRAFANA_TOKEN: "bench-grafana-token" });
    const args = ["--import", REPORT_USAGE, "bin/dora.js", "report", "-c", config, "--from", year.from.toISOString(), "--to", year.now.toISOString(), "--timezone", "UTC", "--format", "json", "-o", output, "--no-cache", "-q"];
    const started = performance.now();
    const usage = await new Promise<{ cpu: number; rss: number }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "inherit", "pipe"] });
      let text = "";
      (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(JSON.parse(text) as { cpu: number; rss: number }) : reject(new Error(`dora report exited with ${code}`))));
    });
    const wallMs = performance.now() - started;
    const report = JSON.parse(readFileSync(output, "utf8")) as { overall: { deploymentFrequency: { deployments: number } } };
    const requests = { argo: 0, github: 0, incident: 0 };
    const githubPaths: string[] = [];
    for (const request of server.requests) {
      if (request.source === "argo" || request.source === "github" || request.source === "incident") requests[request.source]++;
      if (request.source === "github") githubPaths.push(request.path);
    }
    const bodies: string[] = [];
    for (const path of githubPaths) bodies.push(await (await fetch(`${server.baseUrls.github}${path}`, { headers: { authorization: "token bench-github-token" } })).text());
    return {
      deployments: report.overall.deploymentFrequency.deployments,
      services,
      requests,
      wallMs,
      cpuMs: usage.cpu / 1000,
      peakRssBytes: usage.rss * 1024,
      githubBodies: { count: bodies.length, bytes: bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0), ...parseTimes(bodies, parseRounds) },
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Best of `rounds` of parsing every body, JSON.parse and Octokit's parser taking turns. */
function parseTimes(bodies: readonly string[], rounds: number): { jsonParseMs: number; octokitParseMs: number } {
  let jsonParseMs = Infinity;
  let octokitParseMs = Infinity;
  const time = (parse: (text: string) => unknown) => {
    const started = performance.now();
    for (const body of bodies) parse(body);
    return performance.now() - started;
  };
  for (let round = 0; round < rounds; round++) {
    jsonParseMs = Math.min(jsonParseMs, time(JSON.parse));
    octokitParseMs = Math.min(octokitParseMs, time(JSONParse));
  }
  return { jsonParseMs, octokitParseMs };
}
